/** Small helpers of the violation scenarios. */
import type { CalendarDate } from '../dates';
import type { ResidenceStatus } from '../../../subgraphs/law/vocabulary';
import { addDays } from '../dates';
import type { PermitSpec, WorkerBuilder } from '../builder';
import { years } from '../people';
import type { DemoAssessment } from '../types';

/** Resident tax of the latest fiscal year already due on `ref`, paid only in part (or not at all). */
export function overdueTax(
  ref: CalendarDate,
  collection: 'SPECIAL' | 'ORDINARY',
  employer: string | null,
  amount: number,
  paid = 0,
): DemoAssessment {
  const due = (fy: number) => (collection === 'SPECIAL' ? `${fy}-07-10` : `${fy}-06-30`);
  let fy = Number(ref.slice(0, 4));
  if (due(fy) >= ref) fy -= 1;
  return {
    kind: 'RESIDENT_TAX',
    fiscalYear: fy,
    amount,
    dueDate: due(fy),
    collection,
    collectingEmployer: collection === 'SPECIAL' ? employer : null,
    payments: paid > 0 ? [{ paidOn: addDays(due(fy), -3), amount: paid }] : [],
  };
}

/** A permit of `term` years that expires on `expiresOn`. */
export function expiring(
  b: WorkerBuilder,
  status: ResidenceStatus,
  expiresOn: CalendarDate,
  term: number,
  extra: Partial<PermitSpec> = {},
): WorkerBuilder {
  return b.grant({ status, grantedOn: years(expiresOn, -term), expiresOn, ...extra });
}
