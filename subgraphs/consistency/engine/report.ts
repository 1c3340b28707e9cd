import type { CalendarDate } from '../../kit/dates';
import type { Source } from './facts';

export type Severity = 'VIOLATION' | 'WARNING' | 'INFO';
export type Party = 'WORKER' | 'EMPLOYER' | 'SUPPORT_ORGANIZATION' | 'AGENCY';
export type ConsistencyStatus = 'CONSISTENT' | 'AT_RISK' | 'VIOLATION' | 'INCOMPLETE';

/** One fact a finding rests on. */
export interface Evidence {
  source: Source;
  entity: string;
  id: string;
  field: string;
  value: string | null;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  title: string;
  explanation: string;
  responsibleParty: Party;
  affectedParty: Party;
  legalBasis: string;
  recommendedAction: string;
  dueBy: CalendarDate | null;
  /** The employer concerned, when there is one. */
  employerId: string | null;
  evidence: Evidence[];
}

export interface Report {
  asOf: CalendarDate;
  status: ConsistencyStatus;
  findings: Finding[];
  missingSources: Source[];
  unevaluatedRules: string[];
}

/** VIOLATION > INCOMPLETE > AT_RISK > CONSISTENT; INFO findings never change the status. */
export function reportStatus(findings: Finding[], missing: Source[]): ConsistencyStatus {
  if (findings.some((f) => f.severity === 'VIOLATION')) return 'VIOLATION';
  if (missing.length > 0) return 'INCOMPLETE';
  if (findings.some((f) => f.severity === 'WARNING')) return 'AT_RISK';
  return 'CONSISTENT';
}

const show = (value: unknown): string | null =>
  value === null || value === undefined
    ? null
    : Array.isArray(value)
      ? value.join(',')
      : String(value);

function about(source: Source, entity: string) {
  return (row: { id: string }, field: string, value: unknown): Evidence => ({
    source,
    entity,
    id: row.id,
    field,
    value: show(value),
  });
}

/** Evidence constructors, one per entity, so every finding names its facts the same way. */
export const evidence = {
  worker: about('RESIDENCE', 'Worker'),
  permit: about('RESIDENCE', 'ResidencePermit'),
  application: about('RESIDENCE', 'ResidenceApplication'),
  permission: about('RESIDENCE', 'WorkPermission'),
  employer: about('EMPLOYMENT', 'Employer'),
  employment: about('EMPLOYMENT', 'Employment'),
  notification: about('EMPLOYMENT', 'EmploymentNotification'),
  enrollment: about('INSURANCE', 'InsuranceEnrollment'),
  contributionArrears: about('INSURANCE', 'ContributionArrears'),
  assessment: about('TAX', 'TaxAssessment'),
  withholding: about('TAX', 'WithholdingReport'),
  employerTaxArrears: about('TAX', 'EmployerTaxArrears'),
};
