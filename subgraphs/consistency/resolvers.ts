import { isActiveOn, todayInTokyo, type CalendarDate } from '../kit/dates';
import { CATALOGUE, RULE_ORDER } from './engine/catalogue';
import { evaluate } from './engine/evaluate';
import { SOURCES } from './engine/facts';
import { outlook, type Outlook } from './engine/outlook';
import { nextReviewOn, reviewCandidates } from './engine/review';
import type { ConsistencyStatus, Finding } from './engine/report';
import type { Identity } from '../kit/auth';
import { SUBGRAPH_NAMES } from '../kit/config';
import { forbidden } from '../kit/errors';
import { redactFinding, requireConsistencyScope, type ShownFinding } from './redaction';
import { toFacts, type WorkerRepresentation } from './representation';
import type { ReadEmployer, RepresentationReader } from './reading';
import type { AccessRecord, Resolvers } from './generated/resolvers';

/** A finding about one worker, as redacted for the caller. */
export type WorkerFinding = ShownFinding<Finding & { workerId: string }>;
/** A worker's report before its id (identity.ts). */
export type ReportView = ReturnType<typeof reportOf>;
/** An employer's workforce view before its id (identity.ts). */
export type WorkforceView = ReturnType<typeof workforce>;

const STATUSES: ConsistencyStatus[] = ['CONSISTENT', 'AT_RISK', 'VIOLATION', 'INCOMPLETE'];

/** Whose access logs Worker.accessLog merges: every registry and the monitor. */
export const ACCESS_LOG_SOURCES = [...SUBGRAPH_NAMES, 'monitor'] as const;

type AccessLogs = Partial<
  Record<`${(typeof ACCESS_LOG_SOURCES)[number]}AccessLog`, AccessRecord[] | null>
>;

/** A Worker or an Employer here: a reference, with the fields its `@requires` bring. */
export interface EntityReference {
  id: string;
}

/** Every registry's and the monitor's logs of reads of this worker, newest first; the worker and audit:read only. */
function mergedAccessLog(worker: { id: string } & AccessLogs, identity: Identity | undefined) {
  if (!identity) throw forbidden('Authentication required');
  if (
    !identity.scopes.has('audit:read') &&
    !(identity.agency === 'WORKER' && identity.sub === worker.id)
  ) {
    throw forbidden('The access log is shown only to the worker concerned and to audit:read', {
      scope: 'audit:read',
    });
  }
  return ACCESS_LOG_SOURCES.flatMap((name) => worker[`${name}AccessLog`] ?? []).sort(
    (a, b) => b.at.localeCompare(a.at) || a.source.localeCompare(b.source),
  );
}

/** What the resolvers need from the request: the verified caller. */
export interface ConsistencyContext {
  identity?: Identity;
}

/**
 * The report as this caller may see it. `review` adds `nextReviewOn` and `outlook` (only the
 * worker's own report has them), which rest on every fact: shown only to a caller who may read
 * every registry, like a withheld finding's due date, otherwise null.
 */
function reportOf(
  worker: WorkerRepresentation,
  asOf: CalendarDate,
  identity: Identity,
  review = false,
) {
  const facts = toFacts(worker);
  const report = evaluate(facts, asOf);
  const readsAll = SOURCES.every((s) => identity.scopes.has(`${s.toLowerCase()}:read`));
  let next: CalendarDate | null | undefined;
  let ahead: Outlook | null | undefined;
  let days: CalendarDate[] | undefined;
  const candidates = () => (days ??= reviewCandidates(facts, asOf));
  return {
    ...report,
    findings: report.findings.map((f) => redactFinding({ ...f, workerId: worker.id }, identity)),
    /** Computed when a query selects it (or the report's id), once. */
    get nextReviewOn(): CalendarDate | null {
      if (next === undefined)
        next = review && readsAll ? nextReviewOn(facts, asOf, report, candidates()) : null;
      return next;
    },
    /** The same: computed once, from nextReviewOn on. */
    get outlook(): Outlook | null {
      if (ahead === undefined)
        ahead =
          review && readsAll
            ? outlook(facts, asOf, { report, next: this.nextReviewOn, candidates: candidates() })
            : null;
      return ahead;
    },
  };
}

/** Among the employer's employees active on `asOf`: statuses, findings per rule, its own findings. */
function workforce(
  employer: ReadEmployer,
  asOf: CalendarDate,
  identity: Identity,
  read: RepresentationReader,
) {
  const employees = new Map(employer.employees.map((w) => [w.id, w]));
  const workers = new Map<string, unknown>();
  for (const e of employer.employmentRecords) {
    // An employee whose facts did not arrive is read from its id alone: every source missing.
    const facts = employees.get(e.worker.id) ?? { id: e.worker.id };
    if (isActiveOn(e.startDate, e.endDate, asOf)) workers.set(e.worker.id, facts);
  }
  const reports = [...workers.values()].map((w) => reportOf(read.employee(w), asOf, identity));
  const findings = reports.flatMap((r) => r.findings);
  return {
    asOf,
    activeEmployees: reports.length,
    workersByStatus: STATUSES.map((status) => ({
      status,
      count: reports.filter((r) => r.status === status).length,
    })),
    findingsByRule: RULE_ORDER.map((ruleId) => ({
      ruleId,
      count: findings.filter((f) => f.ruleId === ruleId).length,
    })).filter((c) => c.count > 0),
    findings: findings.filter(
      (f) => f.responsibleParty === 'EMPLOYER' && f.employerId === employer.id,
    ),
  };
}

/** The consistency subgraph's resolvers; every representation is read by `read` (fail-closed). */
export const consistencyResolvers = (read: RepresentationReader): Resolvers => ({
  Query: {
    consistencyRules: () => [...CATALOGUE],
  },
  Worker: {
    __resolveReference: (representation) => representation,
    consistency: (worker, args, ctx) =>
      reportOf(
        read.worker(worker),
        args.asOf ?? todayInTokyo(),
        requireConsistencyScope(ctx.identity),
        true,
      ),
    accessLog: (worker, _, ctx) => mergedAccessLog(worker, ctx.identity),
  },
  Employer: {
    __resolveReference: (representation) => representation,
    workforceConsistency: (employer, args, ctx) =>
      workforce(
        read.employer(employer),
        args.asOf ?? todayInTokyo(),
        requireConsistencyScope(ctx.identity),
        read,
      ),
  },
  Finding: {
    worker: (f) => ({ __typename: 'Worker', id: f.workerId }),
    employer: (f) => (f.employerId ? { __typename: 'Employer', id: f.employerId } : null),
  },
  // A workforce's counts are exact: only the monitor's riskOverview withholds any.
  StatusCount: { suppressed: () => false },
  RuleCount: { suppressed: () => false },
});
