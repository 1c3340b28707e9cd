import { isActiveOn } from '../subgraphs/kit/dates';
import { openDatabase, type Database } from '../subgraphs/kit/database';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/kit/config';
import { seqPage, type Connection } from '../subgraphs/kit/pagination';
import { RULE_ORDER } from '../subgraphs/consistency/engine/catalogue';
import { evaluate } from '../subgraphs/consistency/engine/evaluate';
import { outlook } from '../subgraphs/consistency/engine/outlook';
import { nextReviewOn, reviewCandidates } from '../subgraphs/consistency/engine/review';
import type { EmployerFact, WorkerFacts } from '../subgraphs/consistency/engine/facts';
import type { ConsistencyStatus } from '../subgraphs/consistency/engine/report';
import { createLoaders as residenceLoaders } from '../subgraphs/residence/loaders';
import { createLoaders as employmentLoaders } from '../subgraphs/employment/loaders';
import { createLoaders as insuranceLoaders } from '../subgraphs/insurance/loaders';
import { createLoaders as taxLoaders } from '../subgraphs/tax/loaders';
import { createLoaders as municipalityLoaders } from '../subgraphs/municipality/loaders';
import { WorkerEntity } from '../subgraphs/residence/entities';
import type { EmployerEntity } from '../subgraphs/employment/entities';
import { MODULES } from '../tools/demo/population';
import type { GraphQLRequest, WorkloadName } from './workloads';

/**
 * The limit: the same reads the subgraphs make — their own DataLoaders, so the same SQL
 * (`= ANY($1)` per batch) — from the four databases in one process, no GraphQL and no HTTP, then
 * the same rule engine (`evaluate`). Writes are the same INSERTs, without reference checks.
 */
export class Direct {
  private constructor(readonly dbs: Record<SubgraphName, Database>) {}

  static async open(urls: Record<SubgraphName, string>): Promise<Direct> {
    const dbs = {} as Record<SubgraphName, Database>;
    for (const n of SUBGRAPH_NAMES) {
      dbs[n] = await openDatabase({
        name: n,
        target: { kind: 'postgres', url: urls[n] },
        entities: MODULES[n].entities,
        migrations: MODULES[n].migrations,
        countStatements: true,
      });
    }
    return new Direct(dbs);
  }

  statements(): number {
    return SUBGRAPH_NAMES.reduce((sum, n) => sum + this.dbs[n].statements.count, 0);
  }

  async close(): Promise<void> {
    await Promise.all(SUBGRAPH_NAMES.map((n) => this.dbs[n].close()));
  }

  /** Fresh DataLoaders, one request's worth (bench/reference.ts answers through them too). */
  loaders() {
    return {
      r: residenceLoaders(this.dbs.residence.dataSource),
      e: employmentLoaders(this.dbs.employment.dataSource),
      i: insuranceLoaders(this.dbs.insurance.dataSource),
      t: taxLoaders(this.dbs.tax.dataSource),
      m: municipalityLoaders(this.dbs.municipality.dataSource),
    };
  }

  /** Facts (and the 360 view's extra rows) of many workers, every batch one statement per loader. */
  async facts(workerIds: string[]) {
    const L = this.loaders();
    const [
      workers,
      permits,
      applications,
      permissions,
      employments,
      notifications,
      enrollments,
      arrears,
      assessments,
      reports,
      registrations,
    ] = await Promise.all([
      L.r.worker.loadMany(workerIds),
      L.r.permitsByWorker.loadMany(workerIds),
      L.r.applicationsByWorker.loadMany(workerIds),
      L.r.permissionsByWorker.loadMany(workerIds),
      L.e.employmentsByWorker.loadMany(workerIds),
      L.e.notificationsByWorker.loadMany(workerIds),
      L.i.enrollmentsByWorker.loadMany(workerIds),
      L.i.arrearsByWorker.loadMany(workerIds),
      L.t.assessmentsByWorker.loadMany(workerIds),
      L.t.reportsByWorker.loadMany(workerIds),
      L.m.registrationsByWorker.loadMany(workerIds),
    ]);
    const ok = <T>(v: T | Error): T => {
      if (v instanceof Error) throw v;
      return v;
    };
    const emps = employments.map(ok).flat();
    const employerIds = [
      ...new Set([
        ...emps.map((e) => e.employerId),
        ...permits
          .map(ok)
          .flat()
          .flatMap((p) => (p.designatedEmployerId ? [p.designatedEmployerId] : [])),
        ...enrollments
          .map(ok)
          .flat()
          .flatMap((e) => (e.employerId ? [e.employerId] : [])),
        ...reports
          .map(ok)
          .flat()
          .map((r) => r.employerId),
      ]),
    ];
    const assessmentIds = assessments
      .map(ok)
      .flat()
      .map((a) => a.id);
    const [employers, empNotifications, employerArrears, employerTaxArrears, payments] =
      await Promise.all([
        L.e.employer.loadMany(employerIds),
        L.e.notificationsByEmployment.loadMany(emps.map((e) => e.id)),
        L.i.arrearsByEmployer.loadMany(employerIds),
        L.t.arrearsByEmployer.loadMany(employerIds),
        L.t.paymentsByAssessment.loadMany(assessmentIds),
      ]);
    const employerById = new Map<string, EmployerFact & { entity: EmployerEntity }>();
    employerIds.forEach((id, k) => {
      const e = ok(employers[k]);
      if (!e) return;
      employerById.set(id, {
        id,
        name: e.name,
        legalForm: e.legalForm,
        employeeCount: e.employeeCount,
        insuredHeadcount: e.insuredHeadcount,
        contributionArrears: ok(employerArrears[k]),
        taxArrears: ok(employerTaxArrears[k]),
        entity: e,
      });
    });
    const notificationsByEmployment = new Map(emps.map((e, k) => [e.id, ok(empNotifications[k])]));
    const paymentsByAssessment = new Map(assessmentIds.map((id, k) => [id, ok(payments[k])]));
    return workerIds.map((id, k) => {
      const worker = ok(workers[k]);
      const facts: WorkerFacts = {
        id,
        residence: worker
          ? {
              dateOfBirth: worker.dateOfBirth,
              permits: ok(permits[k]),
              applications: ok(applications[k]),
              permissions: ok(permissions[k]),
            }
          : null,
        employment: {
          employments: ok(employments[k]).flatMap((e) => {
            const employer = employerById.get(e.employerId);
            if (!employer) return [];
            return [
              {
                ...e,
                employer,
                supportPlan: e.supportPlanProvider
                  ? {
                      provider: e.supportPlanProvider,
                      organizationName: e.supportPlanOrganizationName,
                    }
                  : null,
                notifications: notificationsByEmployment.get(e.id) ?? [],
              },
            ];
          }),
        },
        insurance: { enrollments: ok(enrollments[k]), contributionArrears: ok(arrears[k]) },
        tax: {
          assessments: ok(assessments[k]).map((a) => ({
            ...a,
            payments: paymentsByAssessment.get(a.id) ?? [],
          })),
          withholdingReports: ok(reports[k]),
        },
        municipality: { addressRegistrations: ok(registrations[k]) },
      };
      return {
        worker,
        facts,
        notifications: ok(notifications[k]),
        registrations: ok(registrations[k]),
        employerById,
      };
    });
  }

  async worker360(id: string, asOf: string): Promise<string> {
    const [w] = await this.facts([id]);
    const report = evaluate(w.facts, asOf);
    return JSON.stringify({
      worker: w.worker,
      facts: w.facts,
      notifications: w.notifications,
      registrations: w.registrations,
      consistency: report,
    });
  }

  async page(first: number, after: string | null, asOf: string): Promise<string> {
    const page = await seqPage(this.dbs.residence.dataSource, WorkerEntity, { first, after });
    const ids = page.edges.map((e) => e.node.id);
    const all = await this.facts(ids);
    return JSON.stringify(
      all.map((w) => ({
        worker: w.worker,
        employments: w.facts.employment?.employments.filter((e) =>
          isActiveOn(e.startDate, e.endDate, asOf),
        ),
        consistency: evaluate(w.facts, asOf),
      })),
    );
  }

  /**
   * The monitor sweep's limit: every worker, page by page (`first` per page, as the sweep pages),
   * facts read and evaluated with what the monitor stores of each report (nextReviewOn and the
   * outlook, the review candidates listed once for both, as the consistency resolvers do), each
   * page serialised once. Returns the workers evaluated.
   */
  async sweep(first: number, asOf: string): Promise<number> {
    let after: string | null = null;
    let workers = 0;
    for (;;) {
      const page: Connection<WorkerEntity> = await seqPage(
        this.dbs.residence.dataSource,
        WorkerEntity,
        { first, after },
      );
      const all = await this.facts(page.edges.map((e) => e.node.id));
      JSON.stringify(
        all.map(({ facts }) => {
          const report = evaluate(facts, asOf);
          const candidates = reviewCandidates(facts, asOf);
          const next = nextReviewOn(facts, asOf, report, candidates);
          const ahead = outlook(facts, asOf, { report, next, candidates });
          return { id: facts.id, report, nextReviewOn: next, outlook: ahead };
        }),
      );
      workers += all.length;
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return workers;
      after = page.pageInfo.endCursor;
    }
  }

  async employer(id: string, asOf: string): Promise<string> {
    const L = this.loaders();
    const [employer, employments] = await Promise.all([
      L.e.employer.load(id),
      L.e.employmentsByEmployer.load(id),
    ]);
    const active = employments.filter((e) => isActiveOn(e.startDate, e.endDate, asOf));
    const workerIds = [...new Set(active.map((e) => e.workerId))];
    const all = await this.facts(workerIds);
    const reports = all.map((w) => ({ id: w.facts.id, report: evaluate(w.facts, asOf) }));
    const findings = reports.flatMap((r) =>
      r.report.findings.map((f) => ({ ...f, workerId: r.id })),
    );
    const statuses: ConsistencyStatus[] = ['CONSISTENT', 'AT_RISK', 'VIOLATION', 'INCOMPLETE'];
    return JSON.stringify({
      employer,
      employments: active,
      workforce: {
        activeEmployees: reports.length,
        workersByStatus: statuses.map((s) => ({
          s,
          count: reports.filter((r) => r.report.status === s).length,
        })),
        findingsByRule: RULE_ORDER.map((ruleId) => ({
          ruleId,
          count: findings.filter((f) => f.ruleId === ruleId).length,
        })),
        findings: findings.filter((f) => f.responsibleParty === 'EMPLOYER' && f.employerId === id),
      },
    });
  }

  async write(request: GraphQLRequest): Promise<string> {
    const input = request.variables.input as Record<string, unknown>;
    const q = (n: SubgraphName, sql: string, params: unknown[]) =>
      this.dbs[n].dataSource.query(sql, params);
    if (request.query.includes('registerWorker')) {
      return JSON.stringify(
        await q(
          'residence',
          'INSERT INTO workers (full_name, nationality, date_of_birth) VALUES ($1, $2, $3) RETURNING id',
          [input.fullName, input.nationality, input.dateOfBirth],
        ),
      );
    }
    if (request.query.includes('startEmployment')) {
      return JSON.stringify(
        await q(
          'employment',
          'INSERT INTO employments (worker_id, employer_id, start_date, job_field, weekly_hours, monthly_wage) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
          [
            input.workerId,
            input.employerId,
            input.startDate,
            input.jobField,
            input.weeklyHours,
            input.monthlyWage,
          ],
        ),
      );
    }
    if (request.query.includes('enrollInsurance')) {
      return JSON.stringify(
        await q(
          'insurance',
          'INSERT INTO insurance_enrollments (worker_id, scheme, employer_id, start_date) VALUES ($1, $2, $3, $4) RETURNING id',
          [input.workerId, input.scheme, input.employerId, input.startDate],
        ),
      );
    }
    if (request.query.includes('assessTax')) {
      return JSON.stringify(
        await q(
          'tax',
          'INSERT INTO tax_assessments (worker_id, kind, fiscal_year, amount, due_date, collection) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
          [
            input.workerId,
            input.kind,
            input.fiscalYear,
            input.amount,
            input.dueDate,
            input.collection,
          ],
        ),
      );
    }
    return JSON.stringify(
      await q(
        'tax',
        'INSERT INTO tax_payments (assessment_id, paid_on, amount) VALUES ($1, $2, $3) RETURNING id',
        [input.assessmentId, input.paidOn, input.amount],
      ),
    );
  }

  /** Runs the request a workload would send to a gateway. */
  run(workload: WorkloadName, request: GraphQLRequest): Promise<string> {
    const v = request.variables as {
      id: string;
      asOf: string;
      first: number;
      after: string | null;
    };
    switch (workload) {
      case 'worker360':
        return this.worker360(v.id, v.asOf);
      case 'page100':
        return this.page(v.first, v.after, v.asOf);
      case 'employer500':
        return this.employer(v.id, v.asOf);
      case 'writes':
        return this.write(request);
    }
  }
}
