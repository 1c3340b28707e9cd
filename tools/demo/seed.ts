/**
 * Loads a demo dataset through the gateway with the public mutations, many aliased mutations per
 * HTTP request. Every mutation carries an idempotency key derived from the reference date and the
 * record's stable id, so a re-run the same day after a crash completes the data without duplicates.
 */
import type { DemoDataset } from './types';

export interface SeedOptions {
  /** Extra request headers (e.g. Authorization once the gateway requires a token). */
  headers?: Record<string, string>;
  /** Mutations per HTTP request (run serially inside it). */
  batchSize?: number;
  /** Requests in flight at once within one phase. */
  concurrency?: number;
  /** Give up on a request after this long. */
  requestTimeoutMs?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  mutations: number;
  requests: number;
  ms: number;
}

interface Op {
  mutation: string;
  /** Stable id: names the record in the idempotency key and in error messages. */
  ref: string;
  input: Record<string, unknown>;
  onId?: (id: string) => void;
}

interface GraphQLReply {
  data?: Record<string, { id: string } | null> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export class SeedError extends Error {}

const inputType = (mutation: string) => `${mutation[0].toUpperCase()}${mutation.slice(1)}Input`;

/** The document of one request: the mutations aliased m0, m1, … each taking its input as $i<n>. */
export function seedDocument(mutations: string[]): string {
  const vars = mutations.map((m, i) => `$i${i}: ${inputType(m)}!`).join(', ');
  const fields = mutations.map((m, i) => `m${i}: ${m}(input: $i${i}) { id }`).join('\n  ');
  return `mutation DemoSeed(${vars}) {\n  ${fields}\n}`;
}

/** Drops null/undefined fields so optional inputs are simply absent. */
function clean(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));
}

class Batcher {
  requests = 0;
  done = 0;

  constructor(
    private readonly url: string,
    private readonly keyPrefix: string,
    private readonly options: Required<Omit<SeedOptions, 'onProgress' | 'headers'>> & SeedOptions,
    private readonly total: number,
  ) {}

  async post(ops: Op[]): Promise<void> {
    const variables = Object.fromEntries(
      ops.map((op, i) => [
        `i${i}`,
        { ...clean(op.input), idempotencyKey: `${this.keyPrefix}${op.ref}` },
      ]),
    );
    let reply: GraphQLReply;
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.options.headers },
        body: JSON.stringify({ query: seedDocument(ops.map((op) => op.mutation)), variables }),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      reply = (await res.json()) as GraphQLReply;
      if (!res.ok && !reply.errors) throw new Error(`HTTP ${res.status}`);
    } catch (error) {
      throw new SeedError(
        `Seeding failed: the gateway at ${this.url} did not answer (${(error as Error).message})`,
      );
    }
    this.requests += 1;
    if (reply.errors?.length) {
      const lines = reply.errors.slice(0, 5).map((e) => {
        const alias = typeof e.path?.[0] === 'string' ? e.path[0] : '';
        const op = alias.startsWith('m') ? ops[Number(alias.slice(1))] : undefined;
        const where = op ? `${op.mutation} ${op.ref}` : 'request';
        const ext = e.extensions ?? {};
        const code = [ext.code, ext.field].filter(Boolean).join(' ');
        return `${where}: ${e.message}${code ? ` (${code})` : ''}`;
      });
      throw new SeedError(
        `Seeding failed (${reply.errors.length} error(s)):\n  ${lines.join('\n  ')}`,
      );
    }
    ops.forEach((op, i) => {
      const row = reply.data?.[`m${i}`];
      if (!row?.id) throw new SeedError(`Seeding failed: ${op.mutation} ${op.ref} returned no id`);
      op.onId?.(row.id);
    });
    this.done += ops.length;
    this.options.onProgress?.(this.done, this.total);
  }

  /** Sends one phase: independent mutations, grouped by subgraph, several requests at once. */
  async phase(ops: Op[]): Promise<void> {
    const sorted = [...ops].sort((a, b) => a.mutation.localeCompare(b.mutation));
    const chunks: Op[][] = [];
    for (let i = 0; i < sorted.length; i += this.options.batchSize) {
      chunks.push(sorted.slice(i, i + this.options.batchSize));
    }
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) await this.post(chunks[next++]);
    };
    await Promise.all(
      Array.from({ length: Math.min(this.options.concurrency, chunks.length) }, worker),
    );
  }
}

export async function seedDataset(
  gatewayUrl: string,
  dataset: DemoDataset,
  options: SeedOptions = {},
): Promise<SeedResult> {
  const started = Date.now();
  const phases = planPhases(dataset);
  const total = phases.reduce((sum, build) => sum + build.count, 0);
  const batcher = new Batcher(
    gatewayUrl,
    `demo:${dataset.referenceDate}:`,
    { batchSize: 50, concurrency: 1, requestTimeoutMs: 120_000, ...options },
    total,
  );
  for (const phase of phases) await batcher.phase(phase.ops());
  return { mutations: batcher.done, requests: batcher.requests, ms: Date.now() - started };
}

interface Phase {
  count: number;
  /** Built when the phase runs, so it can use the ids the earlier phases returned. */
  ops(): Op[];
}

/** The mutations in dependency order: ids created by one phase feed the next. */
export function planPhases(dataset: DemoDataset): Phase[] {
  const ids = new Map<string, string>();
  const id = (ref: string) => {
    const value = ids.get(ref);
    if (!value)
      throw new SeedError(`Seeding failed: no id for ${ref} (an earlier step did not run)`);
    return value;
  };
  const keep = (ref: string) => (value: string) => ids.set(ref, value);
  const { employers, workers } = dataset;
  // Counting builds a phase with placeholder ids; nothing is sent.
  let counting = false;
  const ref = (r: string) => (counting ? r : id(r));
  const phase = (make: () => Op[]): Phase => {
    counting = true;
    try {
      return { count: make().length, ops: make };
    } finally {
      counting = false;
    }
  };
  return [
    phase(() => [
      ...employers.map((e) => ({
        mutation: 'registerEmployer',
        ref: `employer:${e.key}`,
        input: {
          name: e.name,
          legalForm: e.legalForm,
          employeeCount: e.employeeCount,
          insuredHeadcount: e.insuredHeadcount,
          corporateNumber: e.corporateNumber,
        },
        onId: keep(e.key),
      })),
      ...workers.map((w) => ({
        mutation: 'registerWorker',
        ref: `worker:${w.key}`,
        input: { fullName: w.fullName, nationality: w.nationality, dateOfBirth: w.dateOfBirth },
        onId: keep(w.key),
      })),
    ]),
    phase(() => [
      ...workers.flatMap((w) => [
        ...w.permits.map((p, i) => ({
          mutation: 'grantResidencePermit',
          ref: `permit:${w.key}:${i}`,
          input: {
            workerId: ref(w.key),
            status: p.status,
            grantedOn: p.grantedOn,
            expiresOn: p.expiresOn,
            designatedFields: p.designatedFields.length > 0 ? p.designatedFields : null,
            designatedEmployerId: p.designatedEmployer && ref(p.designatedEmployer),
            enrolledUntil: p.enrolledUntil,
          },
        })),
        ...w.applications.map((a, i) => ({
          mutation: 'fileResidenceApplication',
          ref: `application:${w.key}:${i}`,
          input: { workerId: ref(w.key), kind: a.kind, filedOn: a.filedOn },
          onId: keep(`${w.key}:application:${i}`),
        })),
        ...w.employments.map((e) => ({
          mutation: 'startEmployment',
          ref: `employment:${e.key}`,
          input: {
            workerId: ref(w.key),
            employerId: ref(e.employer),
            startDate: e.startDate,
            endDate: e.endDate,
            jobField: e.jobField,
            weeklyHours: e.weeklyHours,
            monthlyWage: e.monthlyWage,
            supportPlan: e.supportPlan && clean(e.supportPlan),
          },
          onId: keep(e.key),
        })),
        ...w.enrollments.map((n, i) => ({
          mutation: 'enrollInsurance',
          ref: `enrollment:${w.key}:${i}`,
          input: {
            workerId: ref(w.key),
            scheme: n.scheme,
            employerId: n.employer && ref(n.employer),
            startDate: n.startDate,
            endDate: n.endDate,
          },
        })),
        ...w.arrears.map((a, i) => ({
          mutation: 'recordContributionArrears',
          ref: `arrears:${w.key}:${i}`,
          input: { workerId: ref(w.key), scheme: a.scheme, since: a.since, amount: a.amount },
          onId: keep(`${w.key}:arrears:${i}`),
        })),
        ...w.assessments.map((a, i) => ({
          mutation: 'assessTax',
          ref: `assessment:${w.key}:${i}`,
          input: {
            workerId: ref(w.key),
            kind: a.kind,
            fiscalYear: a.fiscalYear,
            amount: a.amount,
            dueDate: a.dueDate,
            collection: a.collection,
            collectingEmployerId: a.collectingEmployer && ref(a.collectingEmployer),
          },
          onId: keep(`${w.key}:assessment:${i}`),
        })),
        ...w.withholdingReports.map((r, i) => ({
          mutation: 'fileWithholdingReport',
          ref: `withholding:${w.key}:${i}`,
          input: {
            employerId: ref(r.employer),
            workerId: ref(w.key),
            year: r.year,
            grossPay: r.grossPay,
            taxWithheld: r.taxWithheld,
          },
        })),
      ]),
      ...employers.flatMap((e) => [
        ...e.contributionArrears.map((a, i) => ({
          mutation: 'recordContributionArrears',
          ref: `employer-arrears:${e.key}:${i}`,
          input: { employerId: ref(e.key), scheme: a.scheme, since: a.since, amount: a.amount },
          onId: keep(`${e.key}:arrears:${i}`),
        })),
        ...e.taxArrears.map((a, i) => ({
          mutation: 'recordEmployerTaxArrears',
          ref: `employer-tax-arrears:${e.key}:${i}`,
          input: { employerId: ref(e.key), since: a.since, amount: a.amount },
          onId: keep(`${e.key}:tax-arrears:${i}`),
        })),
      ]),
    ]),
    phase(() => [
      ...workers.flatMap((w) => [
        // Work permissions need the permits (status in force) from the previous phase.
        ...w.permissions.map((p, i) => ({
          mutation: 'grantWorkPermission',
          ref: `permission:${w.key}:${i}`,
          input: {
            workerId: ref(w.key),
            grantedOn: p.grantedOn,
            expiresOn: p.expiresOn,
            maxWeeklyHours: p.maxWeeklyHours,
          },
        })),
        ...w.applications.flatMap((a, i) =>
          a.decision
            ? [
                {
                  mutation: 'decideResidenceApplication',
                  ref: `decision:${w.key}:${i}`,
                  input: { applicationId: ref(`${w.key}:application:${i}`), ...a.decision },
                },
              ]
            : [],
        ),
        ...w.employments.flatMap((e) =>
          e.endedOn
            ? [
                {
                  mutation: 'endEmployment',
                  ref: `end:${e.key}`,
                  input: { employmentId: ref(e.key), endDate: e.endedOn },
                },
              ]
            : [],
        ),
        ...w.arrears.flatMap((a, i) =>
          a.settledOn
            ? [
                {
                  mutation: 'settleContributionArrears',
                  ref: `settle:${w.key}:${i}`,
                  input: { arrearsId: ref(`${w.key}:arrears:${i}`), settledOn: a.settledOn },
                },
              ]
            : [],
        ),
        ...w.assessments.flatMap((a, i) =>
          a.payments.map((p, j) => ({
            mutation: 'recordTaxPayment',
            ref: `payment:${w.key}:${i}:${j}`,
            input: {
              assessmentId: ref(`${w.key}:assessment:${i}`),
              paidOn: p.paidOn,
              amount: p.amount,
            },
          })),
        ),
      ]),
      ...employers.flatMap((e) => [
        ...e.contributionArrears.flatMap((a, i) =>
          a.settledOn
            ? [
                {
                  mutation: 'settleContributionArrears',
                  ref: `employer-settle:${e.key}:${i}`,
                  input: { arrearsId: ref(`${e.key}:arrears:${i}`), settledOn: a.settledOn },
                },
              ]
            : [],
        ),
        ...e.taxArrears.flatMap((a, i) =>
          a.settledOn
            ? [
                {
                  mutation: 'settleEmployerTaxArrears',
                  ref: `employer-tax-settle:${e.key}:${i}`,
                  input: { arrearsId: ref(`${e.key}:tax-arrears:${i}`), settledOn: a.settledOn },
                },
              ]
            : [],
        ),
      ]),
    ]),
    // Notifications after endEmployment, so a separation notice finds the employment ended.
    phase(() =>
      workers.flatMap((w) =>
        w.employments.flatMap((e) =>
          e.notifications.map((n, i) => ({
            mutation: 'fileEmploymentNotification',
            ref: `notice:${e.key}:${i}`,
            input: {
              employmentId: ref(e.key),
              kind: n.kind,
              filedOn: n.filedOn,
              reportedStatus: n.reportedStatus,
              reportedExpiresOn: n.reportedExpiresOn,
            },
          })),
        ),
      ),
    ),
  ];
}
