import { composeServices } from '@apollo/composition';
import DataLoader from 'dataloader';
import {
  defaultFieldResolver,
  execute,
  parse,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { SCOPES, type Identity } from '../subgraphs/kit/auth';
import { GRAPH_NAMES } from '../subgraphs/kit/config';
import { isActiveOn, type CalendarDate } from '../subgraphs/kit/dates';
import { permitInForce, statusValidity } from '../subgraphs/law/status';
import { workCategory } from '../subgraphs/law/vocabulary';
import { seqPage } from '../subgraphs/kit/pagination';
import { loadSchema } from '../subgraphs/kit/schema';
import { RULE_ORDER } from '../subgraphs/consistency/engine/catalogue';
import { evaluate } from '../subgraphs/consistency/engine/evaluate';
import type { WorkerFacts } from '../subgraphs/consistency/engine/facts';
import type { ConsistencyStatus, Finding } from '../subgraphs/consistency/engine/report';
import { redactFinding } from '../subgraphs/consistency/redaction';
import { WorkerEntity } from '../subgraphs/residence/entities';
import type {
  EmployerEntity,
  EmploymentEntity,
  EmploymentNotificationEntity,
} from '../subgraphs/employment/entities';
import type { Direct } from './direct';
import type { GraphQLRequest } from './workloads';

/**
 * The direct baseline's answers as GraphQL responses, for the benchmark's answer check: the
 * workload's own document executed against the API schema (what a client of the supergraph sees)
 * over plain objects read straight from the four databases with the registries' DataLoaders, and
 * consistency computed by `evaluate` on facts assembled here (bench/direct.ts), not from
 * representations a gateway sent. No federation, no HTTP: what any gateway must agree with.
 */

/** The API schema of the supergraph, composed from schema/*.graphql. */
export function apiSchema(): GraphQLSchema {
  const result = composeServices(
    GRAPH_NAMES.map((name) => ({
      name,
      url: `http://${name}.invalid/graphql`,
      typeDefs: loadSchema(name),
    })),
  );
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.schema.toAPISchema().toGraphQLJSSchema();
}

type Args = Record<string, unknown>;
type Resolver = (source: never, args: Args, ctx: Context, info: never) => unknown;
interface Context {
  identity: Identity;
}

/** The bench's caller (bench/headers.ts): an analyst with every scope, so nothing is redacted. */
const IDENTITY: Identity = {
  sub: 'kyosei-bench',
  agency: 'ANALYST',
  scopes: new Set(SCOPES),
  purpose: 'benchmark',
  operation: null,
  viaGateway: true,
};
type WithWorker = Finding & { workerId: string };

const STATUSES: ConsistencyStatus[] = ['CONSISTENT', 'AT_RISK', 'VIOLATION', 'INCOMPLETE'];

/**
 * Resolvers of one request, per type and field; a field not listed reads the property. Findings
 * go through the consistency subgraph's own redaction (with the bench's caller), so they are
 * presented as it presents them; the facts under them are this module's.
 */
function resolvers(direct: Direct): Record<string, Record<string, Resolver>> {
  const L = direct.loaders();
  const facts = new DataLoader<string, WorkerFacts>(async (ids) =>
    (await direct.facts([...ids])).map((w) => w.facts),
  );
  const worker = (id: string) => L.r.worker.load(id);
  const employer = (id: string | null) => (id ? L.e.employer.load(id) : null);
  const asOf = (args: Args) => args.asOf as CalendarDate;
  const activeOn = <T extends { startDate: string; endDate: string | null }>(
    rows: T[],
    on: unknown,
  ) => (on ? rows.filter((r) => isActiveOn(r.startDate, r.endDate, on as CalendarDate)) : rows);
  const report = async (id: string, on: CalendarDate) => {
    const r = evaluate(await facts.load(id), on);
    return {
      ...r,
      findings: r.findings.map((f) => redactFinding({ ...f, workerId: id }, IDENTITY)),
    };
  };
  return {
    Query: {
      worker: (_, a) => worker(a.id as string),
      workers: (_, a) => seqPage(direct.dbs.residence.dataSource, WorkerEntity, a),
      employer: (_, a) => employer(a.id as string),
    },
    Worker: {
      residencePermits: (w: WorkerEntity) => L.r.permitsByWorker.load(w.id),
      applications: (w: WorkerEntity) => L.r.applicationsByWorker.load(w.id),
      workPermissions: (w: WorkerEntity) => L.r.permissionsByWorker.load(w.id),
      residence: async (w: WorkerEntity, a) => {
        const on = asOf(a);
        const [permits, applications] = await Promise.all([
          L.r.permitsByWorker.load(w.id),
          L.r.applicationsByWorker.load(w.id),
        ]);
        const permit = permitInForce(permits, on);
        if (!permit) return null;
        const { validity, validUntil, category } = statusValidity(permit, applications, on);
        return { ...permit, asOf: on, permit, validity, validUntil, workCategory: category };
      },
      employments: async (w: WorkerEntity, a) =>
        activeOn(await L.e.employmentsByWorker.load(w.id), a.activeOn),
      employmentNotifications: (w: WorkerEntity) => L.e.notificationsByWorker.load(w.id),
      insuranceEnrollments: async (w: WorkerEntity, a) =>
        activeOn(await L.i.enrollmentsByWorker.load(w.id), a.activeOn),
      contributionArrears: (w: WorkerEntity) => L.i.arrearsByWorker.load(w.id),
      taxAssessments: (w: WorkerEntity) => L.t.assessmentsByWorker.load(w.id),
      withholdingReports: (w: WorkerEntity) => L.t.reportsByWorker.load(w.id),
      addressRegistrations: (w: WorkerEntity) => L.m.registrationsByWorker.load(w.id),
      consistency: (w: WorkerEntity, a) => report(w.id, asOf(a)),
    },
    ResidencePermit: {
      worker: (p: { workerId: string }) => worker(p.workerId),
      designatedEmployer: (p: { designatedEmployerId: string | null }) =>
        employer(p.designatedEmployerId),
      workCategory: (p: { status: never }) => workCategory(p.status),
    },
    Employment: {
      worker: (e: EmploymentEntity) => worker(e.workerId),
      employer: (e: EmploymentEntity) => employer(e.employerId),
      supportPlan: (e: EmploymentEntity) =>
        e.supportPlanProvider
          ? { provider: e.supportPlanProvider, organizationName: e.supportPlanOrganizationName }
          : null,
      notifications: (e: EmploymentEntity) => L.e.notificationsByEmployment.load(e.id),
    },
    EmploymentNotification: {
      employment: (n: EmploymentNotificationEntity) => L.e.employment.load(n.employmentId),
    },
    InsuranceEnrollment: {
      employer: (e: { employerId: string | null }) => employer(e.employerId),
    },
    TaxAssessment: {
      collectingEmployer: (t: { collectingEmployerId: string | null }) =>
        employer(t.collectingEmployerId),
      payments: (t: { id: string }) => L.t.paymentsByAssessment.load(t.id),
      paidAmount: async (t: { id: string }) =>
        (await L.t.paymentsByAssessment.load(t.id)).reduce((s, p) => s + p.amount, 0),
      outstandingAmount: async (t: { id: string; amount: number }) =>
        Math.max(
          0,
          t.amount - (await L.t.paymentsByAssessment.load(t.id)).reduce((s, p) => s + p.amount, 0),
        ),
    },
    WithholdingReport: {
      employer: (r: { employerId: string }) => employer(r.employerId),
    },
    Employer: {
      contributionArrears: (e: EmployerEntity) => L.i.arrearsByEmployer.load(e.id),
      taxArrears: (e: EmployerEntity) => L.t.arrearsByEmployer.load(e.id),
      employments: async (e: EmployerEntity, a) =>
        activeOn(await L.e.employmentsByEmployer.load(e.id), a.activeOn),
      workforceConsistency: async (e: EmployerEntity, a) => {
        const on = asOf(a);
        const active = activeOn(await L.e.employmentsByEmployer.load(e.id), on);
        const reports = await Promise.all(
          [...new Set(active.map((x) => x.workerId))].map((id) => report(id, on)),
        );
        const findings = reports.flatMap((r) => r.findings);
        return {
          asOf: on,
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
            (f) => f.responsibleParty === 'EMPLOYER' && f.employerId === e.id,
          ),
        };
      },
    },
    Finding: {
      worker: (f: WithWorker) => worker(f.workerId),
      employer: (f: WithWorker) => employer(f.employerId),
    },
    Mutation: Object.fromEntries(
      ['registerWorker', 'startEmployment', 'enrollInsurance', 'assessTax', 'recordTaxPayment'].map(
        (field) => [
          field,
          async (_: never, a: Args) =>
            (JSON.parse(await direct.write({ query: field, variables: a })) as { id: string }[])[0],
        ],
      ),
    ),
  };
}

/** The direct baseline's answer to one request, as a GraphQL response. */
export async function referenceAnswer(
  direct: Direct,
  schema: GraphQLSchema,
  request: GraphQLRequest,
): Promise<ExecutionResult> {
  const byType = resolvers(direct);
  const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, ctx, info) => {
    const own = byType[info.parentType.name]?.[info.fieldName];
    return own
      ? own(source as never, args, ctx as Context, info as never)
      : defaultFieldResolver(source, args, ctx, info);
  };
  const result = await execute({
    schema,
    document: parse(request.query),
    variableValues: request.variables,
    contextValue: { identity: IDENTITY } satisfies Context,
    fieldResolver,
  });
  return JSON.parse(JSON.stringify(result)) as ExecutionResult;
}
