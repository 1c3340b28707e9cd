/**
 * What the monitor stores of a report, and how it reads one from the gateway's answer: the same
 * selection (WORKER_SELECTION) for a batch of workers by id and for a sweep's pages.
 */
export type Status = 'CONSISTENT' | 'AT_RISK' | 'VIOLATION' | 'INCOMPLETE';
export type Cause =
  'DATA_CHANGE' | 'CALENDAR' | 'SOURCE_UNAVAILABLE' | 'SOURCE_RESTORED' | 'FIRST_EVALUATION';

export interface StoredEvidence {
  id: string;
  source: string;
  entity: string;
  recordId: string;
  field: string;
  value: string | null;
  /** True when the monitor itself could not read the value (its token lacked the source's scope). */
  redacted: boolean;
}

export interface StoredFinding {
  ruleId: string;
  severity: string;
  title: string;
  explanation: string;
  responsibleParty: string;
  affectedParty: string;
  legalBasis: string;
  recommendedAction: string;
  dueBy: string | null;
  employerId: string | null;
  evidence: StoredEvidence[];
}

export interface StoredReport {
  findings: StoredFinding[];
  missingSources: string[];
  unevaluatedRules: string[];
}

/** The facts the population views group by, read in the same request as the report. */
export interface WorkerProfile {
  residenceStatus: string | null;
  nationality: string | null;
  employerIds: string[];
  jobFields: string[];
  municipalityCode: string | null;
}

/** A profile as read: null where the field did not arrive (its registry down, or not readable). */
export type ReadProfile = { [K in keyof WorkerProfile]: WorkerProfile[K] | null };

/**
 * ConsistencyReport.outlook as read: the first day within 366 days the status worsens if no fact
 * changes, that day's status and the rules firing then and not on the report's day.
 */
export interface StoredOutlook {
  on: string;
  status: Status;
  ruleIds: string[];
}

/** One worker's report as the monitor stores it. */
export interface Evaluation {
  workerId: string;
  status: Status;
  asOf: string;
  report: StoredReport;
  nextReviewOn: string | null;
  /** Null when the status does not worsen within the horizon; absent when nothing was read. */
  outlook?: StoredOutlook | null;
  profile: ReadProfile;
}

/**
 * Everything the monitor reads of one worker. `$asOf` is the evaluation date; `nextReviewOn` the
 * next date the report may change with no new fact (the calendar); `outlook` the first day its
 * status worsens (upcomingRisks).
 */
export const WORKER_SELECTION = `
fragment MonitoredWorker on Worker {
  id
  nationality
  residence(asOf: $asOf) { status }
  employments(activeOn: $asOf) { jobField employer { id } }
  consistency(asOf: $asOf) {
    status
    nextReviewOn
    outlook { on status ruleIds }
    missingSources
    unevaluatedRules
    findings {
      ruleId severity title explanation responsibleParty affectedParty legalBasis
      recommendedAction dueBy employer { id }
      evidence { id source entity recordId field value redacted }
    }
  }
}`;

/** A worker node as the gateway returns it for WORKER_SELECTION (any field may be null). */
export interface WorkerNode {
  id: string;
  nationality?: string | null;
  residence?: { status: string } | null;
  employments?: { jobField: string; employer: { id: string } | null }[] | null;
  consistency?: {
    status: Status;
    nextReviewOn?: string | null;
    outlook?: StoredOutlook | null;
    missingSources: string[];
    unevaluatedRules: string[];
    findings: (Omit<StoredFinding, 'employerId'> & { employer: { id: string } | null })[];
  } | null;
}

const unique = (values: string[]) => [...new Set(values)].sort();

/** The stored form of a worker node; null when its report did not arrive. */
export function toEvaluation(node: WorkerNode, asOf: string): Evaluation | null {
  const c = node.consistency;
  if (!c) return null;
  const employments = node.employments;
  return {
    workerId: node.id,
    status: c.status,
    asOf,
    nextReviewOn: c.nextReviewOn ?? null,
    outlook: c.outlook ?? null,
    report: {
      findings: c.findings.map(({ employer, ...f }) => ({
        ...f,
        employerId: employer?.id ?? null,
      })),
      missingSources: c.missingSources,
      unevaluatedRules: c.unevaluatedRules,
    },
    profile: {
      residenceStatus: node.residence?.status ?? null,
      nationality: node.nationality ?? null,
      employerIds: employments
        ? unique(employments.flatMap((e) => (e.employer ? [e.employer.id] : [])))
        : null,
      jobFields: employments ? unique(employments.map((e) => e.jobField)) : null,
      municipalityCode: null,
    },
  };
}

/**
 * A finding's identity across evaluations: its rule, employer and the records and fields it rests
 * on (not their values or wording, which may change while the finding stays the same).
 */
export function findingKey(f: StoredFinding): string {
  const facts = f.evidence.map((e) => `${e.source}/${e.entity}/${e.recordId}/${e.field}`).sort();
  return JSON.stringify([f.ruleId, f.employerId, facts]);
}
