import { createHash } from 'node:crypto';
import type { CalendarDate } from '../../kit/dates';
import type { Source } from './facts';

export const SEVERITIES = ['VIOLATION', 'WARNING', 'INFO'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const PARTIES = ['WORKER', 'EMPLOYER', 'SUPPORT_ORGANIZATION', 'AGENCY'] as const;
export type Party = (typeof PARTIES)[number];
export const CONSISTENCY_STATUSES = ['CONSISTENT', 'AT_RISK', 'VIOLATION', 'INCOMPLETE'] as const;
export type ConsistencyStatus = (typeof CONSISTENCY_STATUSES)[number];

/** One fact a finding rests on. */
export interface Evidence {
  /** Identifies this item: {@link evidenceId} of the other five fields. */
  id: string;
  source: Source;
  entity: string;
  /** The source record's id. */
  recordId: string;
  field: string;
  value: string | null;
}

type EvidenceFact = Omit<Evidence, 'id'>;

/** A short, stable hash (128 bits, base64url) of JSON-serializable parts. */
export const digest = (parts: readonly unknown[]): string =>
  createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);

/**
 * The evidence item's identity: a hash (128 bits, base64url) of source, entity, record, field and
 * value, so the same fact with the same value has the same id in every report and process, and
 * two facts that differ in any of them never share one.
 */
export function evidenceId(fact: EvidenceFact): string {
  const { source, entity, recordId, field, value } = fact;
  const key = [source, entity, recordId, field, value === null ? '\u0001' : `=${value}`].join(
    '\u0000',
  );
  let id = recentIds.get(key);
  if (id === undefined) {
    id = `ev_${digest(['fact', source, entity, recordId, field, value])}`;
    if (recentIds.size >= RECENT_IDS) recentIds.clear();
    recentIds.set(key, id);
  }
  return id;
}

/**
 * Evidence ids already hashed, by their parts (NUL-separated; ids and values hold no NUL): the engine evaluates each worker on many
 * days (review.ts), mostly over the same facts. Bounded; cleared when full.
 */
const RECENT_IDS = 50_000;
const recentIds = new Map<string, string>();

/**
 * The identity of a fact whose value is withheld: a hash of source, entity, record and field only,
 * so it is stable and reveals nothing of the value (a hash over it could be matched against
 * guessed values); it never equals the id of the same fact shown with its value.
 */
export function withheldEvidenceId(fact: EvidenceFact): string {
  return `ev_${digest(['withheld', fact.source, fact.entity, fact.recordId, fact.field])}`;
}

/** An evidence item with its id. */
export function evidenceItem(fact: EvidenceFact): Evidence {
  return { id: evidenceId(fact), ...fact };
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
  return (row: { id: string }, field: string, value: unknown): Evidence =>
    evidenceItem({ source, entity, recordId: row.id, field, value: show(value) });
}

/** Evidence constructors, one per entity, so every finding names its facts the same way. */
export const evidence = {
  worker: about('RESIDENCE', 'Worker'),
  permit: about('RESIDENCE', 'ResidencePermit'),
  application: about('RESIDENCE', 'ResidenceApplication'),
  permission: about('RESIDENCE', 'WorkPermission'),
  employer: about('EMPLOYMENT', 'Employer'),
  employment: about('EMPLOYMENT', 'Employment'),
  /** A scheme the employment lacks: an insurance fact recorded against the employment. */
  missingEnrollment: about('INSURANCE', 'Employment'),
  notification: about('EMPLOYMENT', 'EmploymentNotification'),
  enrollment: about('INSURANCE', 'InsuranceEnrollment'),
  contributionArrears: about('INSURANCE', 'ContributionArrears'),
  assessment: about('TAX', 'TaxAssessment'),
  withholding: about('TAX', 'WithholdingReport'),
  employerTaxArrears: about('TAX', 'EmployerTaxArrears'),
  addressRegistration: about('MUNICIPALITY', 'AddressRegistration'),
  /** A fact about the worker's whole resident record (e.g. no registration notified). */
  residentRecord: about('MUNICIPALITY', 'Worker'),
};
