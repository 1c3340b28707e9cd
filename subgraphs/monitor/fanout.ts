/**
 * Which EMPLOYER changes of a registry's feed reach that employer's other workers.
 *
 * A worker's report reads, of an employer, only the employer's own facts (legal form, employee
 * count, insured headcount, its arrears as an employer: RULES.md) and the worker's own records that
 * name it. The mutations below record one worker's own fact that names an employer (a hire, an
 * enrolment, a special-collection assessment…): the feed names the employer too (its employments,
 * enrolments or withholding changed), but no other worker's report can change, and the worker
 * concerned is in the same change. Every other operation with an EMPLOYER change (registering an
 * employer, its arrears recorded or settled, and any operation not listed here, so a new one fails
 * safe) is re-evaluated for every worker whose report or employments name the employer.
 * tests/unit/monitor-fanout.test.ts checks that every mutation whose input names an employer is
 * classified here.
 */
export const WORKER_RECORD_OPERATIONS: ReadonlySet<string> = new Set([
  'grantResidencePermit',
  'startEmployment',
  'endEmployment',
  'fileEmploymentNotification',
  'enrollInsurance',
  'endInsuranceEnrollment',
  'assessTax',
  'recordTaxPayment',
  'fileWithholdingReport',
]);

/** The operations whose EMPLOYER changes fan out (the rest of tests/unit/monitor-fanout.test.ts). */
export const EMPLOYER_FACT_OPERATIONS: ReadonlySet<string> = new Set([
  'registerEmployer',
  'recordContributionArrears',
  'settleContributionArrears',
  'recordEmployerTaxArrears',
  'settleEmployerTaxArrears',
]);

export interface FeedChange {
  kind: 'WORKER' | 'EMPLOYER';
  id: string;
  operation: string;
}

/** The workers a page of changes names, and the employers whose workers it reaches. */
export function changedParties(changes: readonly FeedChange[]): {
  workers: string[];
  employers: string[];
} {
  const workers = changes.filter((c) => c.kind === 'WORKER').map((c) => c.id);
  const employers = changes
    .filter((c) => c.kind === 'EMPLOYER' && !WORKER_RECORD_OPERATIONS.has(c.operation))
    .map((c) => c.id);
  return { workers: [...new Set(workers)], employers: [...new Set(employers)] };
}
