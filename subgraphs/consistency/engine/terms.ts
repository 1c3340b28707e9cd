import { addDays, addMonths, daysBetween, type CalendarDate } from '../../kit/dates';
import type { ApplicationFact, InsuranceScheme } from './facts';

/** The 10th of the month after `date`. */
export function tenthOfNextMonth(date: CalendarDate): CalendarDate {
  return `${addMonths(`${date.slice(0, 7)}-01`, 1).slice(0, 7)}-10`;
}

/** The last day of the month after `date`. */
export function endOfNextMonth(date: CalendarDate): CalendarDate {
  return addDays(addMonths(`${date.slice(0, 7)}-01`, 2), -1);
}

export function yearOf(date: CalendarDate): number {
  return Number(date.slice(0, 4));
}

/** RENEWAL and CHANGE_OF_STATUS extend a stay; PERMANENT_RESIDENCE does not. */
export function extendsStay(a: ApplicationFact): boolean {
  return a.kind === 'RENEWAL' || a.kind === 'CHANGE_OF_STATUS';
}

/**
 * Age in whole years on `on`, reckoned as the Act on Calculation of Age (1902) does: a person
 * reaches age N on the day before the N-th birthday (born 29 February: on 28 February).
 */
export function ageOn(dateOfBirth: CalendarDate, on: CalendarDate): number {
  const next = addDays(on, 1);
  let age = yearOf(next) - yearOf(dateOfBirth);
  if (next.slice(5) < dateOfBirth.slice(5)) age -= 1;
  return age;
}

/**
 * Contribution arrears of EMPLOYEES_HEALTH, EMPLOYEES_PENSION and EMPLOYMENT_INSURANCE are
 * collected and paid by the employer; NATIONAL_HEALTH and NATIONAL_PENSION are the worker's own.
 */
export function employerCollected(scheme: InsuranceScheme): boolean {
  return (
    scheme === 'EMPLOYEES_HEALTH' ||
    scheme === 'EMPLOYEES_PENSION' ||
    scheme === 'EMPLOYMENT_INSURANCE'
  );
}

export const yen = (amount: number): string => `${amount.toLocaleString('en-US')} yen`;

export function humanList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export { addDays, addMonths, daysBetween };
