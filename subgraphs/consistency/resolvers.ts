import { isActiveOn, todayInTokyo, type CalendarDate } from '../kit/dates';
import { CATALOGUE, RULE_ORDER } from './engine/catalogue';
import { evaluate } from './engine/evaluate';
import type { ConsistencyStatus, Finding } from './engine/report';
import type { Identity } from '../kit/auth';
import type { AccessRecordView } from '../kit/audit';
import { forbidden } from '../kit/guard';
import { redactFinding, requireConsistencyScope } from './redaction';
import { toFacts, type WorkerRepresentation } from './representation';
import type { EmployerRepresentation, RepresentationReader } from './reading';

type WorkerFinding = Finding & { workerId: string };

const STATUSES: ConsistencyStatus[] = ['CONSISTENT', 'AT_RISK', 'VIOLATION', 'INCOMPLETE'];

type AccessLogs = Partial<
  Record<
    `${'residence' | 'employment' | 'insurance' | 'tax' | 'monitor'}AccessLog`,
    AccessRecordView[] | null
  >
>;

/** The four registries' and the monitor's logs of reads of this worker, newest first; the worker and audit:read only. */
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
  return [
    ...(worker.residenceAccessLog ?? []),
    ...(worker.employmentAccessLog ?? []),
    ...(worker.insuranceAccessLog ?? []),
    ...(worker.taxAccessLog ?? []),
    ...(worker.monitorAccessLog ?? []),
  ].sort((a, b) => b.at.localeCompare(a.at) || a.source.localeCompare(b.source));
}

/** What the resolvers need from the request: the verified caller. */
export interface ConsistencyContext {
  identity?: Identity;
}

function reportOf(worker: WorkerRepresentation, asOf: CalendarDate, identity: Identity) {
  const report = evaluate(toFacts(worker), asOf);
  return {
    ...report,
    findings: report.findings.map((f) => redactFinding({ ...f, workerId: worker.id }, identity)),
  };
}

/** Among the employer's employees active on `asOf`: statuses, findings per rule, its own findings. */
function workforce(
  employer: EmployerRepresentation,
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
export const consistencyResolvers = (read: RepresentationReader) => ({
  Query: {
    consistencyRules: () => CATALOGUE,
  },
  Worker: {
    __resolveReference: (representation: { id: string }) => representation,
    consistency: (worker: unknown, args: { asOf?: CalendarDate | null }, ctx: ConsistencyContext) =>
      reportOf(
        read.worker(worker),
        args.asOf ?? todayInTokyo(),
        requireConsistencyScope(ctx.identity),
      ),
    accessLog: (worker: { id: string } & AccessLogs, _: unknown, ctx: ConsistencyContext) =>
      mergedAccessLog(worker, ctx.identity),
  },
  Employer: {
    __resolveReference: (representation: { id: string }) => representation,
    workforceConsistency: (
      employer: unknown,
      args: { asOf?: CalendarDate | null },
      ctx: ConsistencyContext,
    ) =>
      workforce(
        read.employer(employer),
        args.asOf ?? todayInTokyo(),
        requireConsistencyScope(ctx.identity),
        read,
      ),
  },
  Finding: {
    worker: (f: WorkerFinding) => ({ __typename: 'Worker', id: f.workerId }),
    employer: (f: WorkerFinding) =>
      f.employerId ? { __typename: 'Employer', id: f.employerId } : null,
  },
});
