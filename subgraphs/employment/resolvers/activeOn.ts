import { isActiveOn, type CalendarDate } from '../../kit/dates';
import type { EmploymentEntity } from '../entities';

/** Everything without `activeOn`; else the employments active that day (start and end included). */
export function activeOn(
  employments: EmploymentEntity[],
  on: CalendarDate | null | undefined,
): EmploymentEntity[] {
  if (!on) return employments;
  return employments.filter((e) => isActiveOn(e.startDate, e.endDate, on));
}
