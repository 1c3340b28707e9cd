import { isActiveOn, todayInTokyo, type CalendarDate } from '../kit/dates';
import { CATALOGUE, RULE_ORDER } from './engine/catalogue';
import { evaluate } from './engine/evaluate';
import type { ConsistencyStatus, Finding, Report } from './engine/report';
import { toFacts, type WorkerRepresentation } from './representation';

type WorkerFinding = Finding & { workerId: string };
type WorkerReport = Omit<Report, 'findings'> & { findings: WorkerFinding[] };

interface EmployerRepresentation {
  id: string;
  employments: {
    id: string;
    startDate: string;
    endDate: string | null;
    worker: WorkerRepresentation;
  }[];
}

const STATUSES: ConsistencyStatus[] = ['CONSISTENT', 'AT_RISK', 'VIOLATION', 'INCOMPLETE'];

function reportOf(worker: WorkerRepresentation, asOf: CalendarDate): WorkerReport {
  const report = evaluate(toFacts(worker), asOf);
  return { ...report, findings: report.findings.map((f) => ({ ...f, workerId: worker.id })) };
}

/** Among the employer's employees active on `asOf`: statuses, findings per rule, its own findings. */
function workforce(employer: EmployerRepresentation, asOf: CalendarDate) {
  const workers = new Map<string, WorkerRepresentation>();
  for (const e of employer.employments) {
    if (isActiveOn(e.startDate, e.endDate, asOf)) workers.set(e.worker.id, e.worker);
  }
  const reports = [...workers.values()].map((w) => reportOf(w, asOf));
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

export const resolvers = {
  Query: {
    consistencyRules: () => CATALOGUE,
  },
  Worker: {
    __resolveReference: (representation: WorkerRepresentation) => representation,
    consistency: (worker: WorkerRepresentation, args: { asOf?: CalendarDate | null }) =>
      reportOf(worker, args.asOf ?? todayInTokyo()),
  },
  Employer: {
    __resolveReference: (representation: EmployerRepresentation) => representation,
    workforceConsistency: (
      employer: EmployerRepresentation,
      args: { asOf?: CalendarDate | null },
    ) => workforce(employer, args.asOf ?? todayInTokyo()),
  },
  Finding: {
    worker: (f: WorkerFinding) => ({ __typename: 'Worker', id: f.workerId }),
    employer: (f: WorkerFinding) =>
      f.employerId ? { __typename: 'Employer', id: f.employerId } : null,
  },
};
