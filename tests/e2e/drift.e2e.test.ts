/**
 * Drift: the monitor's stored reports against fresh evaluations. A whole stack with the monitor's
 * pipeline following the registries' change feeds; seeded random mutations through the gateway
 * (workers, permits, hires and separations, insurance, arrears and settlements, tax, addresses),
 * the monitor's clock moved forward, and once the monitor is idle every stored report (status,
 * findings' ids and evidence, missingSources, nextReviewOn) must equal `Worker.consistency(asOf:
 * today)` read through the gateway (for a report stored on an earlier day, findings compared with
 * the wording that only counts days masked, as nextReviewOn itself compares reports). Then a
 * registry goes down: the reports re-evaluated meanwhile are stored without it (never CONSISTENT),
 * and the true ones once it is back. Last, a failure injected between a feed page's jobs and its
 * cursor leaves neither (PostgreSQL; on PGlite, where the queue is a second database, the jobs).
 *
 * KYOSEI_DRIFT_SEED (default 12) picks the sequence; KYOSEI_DRIFT_ROUNDS (default 5) and
 * KYOSEI_DRIFT_MUTATIONS (per round, default 12) enlarge it.
 */
import { addDays, todayInTokyo, type CalendarDate } from '../../subgraphs/kit/dates';
import { INSURANCE_SCHEMES } from '../../subgraphs/law/vocabulary';
import { mulberry32 } from '../../tools/demo/random';
import type { SubgraphName } from '../../subgraphs/kit/config';
import { findingId } from '../../subgraphs/consistency/identity';
import { maskDays } from '../../subgraphs/consistency/engine/review';
import type { StoredFinding, StoredReport } from '../../subgraphs/monitor/report';
import { sweepIfEmpty } from '../../subgraphs/monitor/service';
import { startTestPipeline, testEvaluator } from '../support/monitor';
import type { GraphQLResponse } from '../support/graphql';
import { startStack, type Stack } from '../support/stack';

const SEED = Number(process.env.KYOSEI_DRIFT_SEED ?? 12);
const ROUNDS = Number(process.env.KYOSEI_DRIFT_ROUNDS ?? 5);
const PER_ROUND = Number(process.env.KYOSEI_DRIFT_MUTATIONS ?? 12);

const rng = mulberry32(SEED);
let today: CalendarDate = todayInTokyo();
let stack: Stack;
let pipeline: Awaited<ReturnType<typeof startTestPipeline>>;

/** What the sequence has created, to pick targets from. */
const world = {
  employers: [] as string[],
  workers: [] as string[],
  employments: [] as { id: string; workerId: string; employerId: string; start: string }[],
  enrollments: [] as { id: string; start: string }[],
  arrears: [] as string[],
  assessments: [] as string[],
  taxArrears: [] as string[],
  applications: [] as string[],
  registrations: [] as { id: string; movedIn: string }[],
};
const size = { applied: 0, rejected: 0, notFound: 0, daysMoved: 0, checks: 0, workersChecked: 0 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 60_000) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
};

/**
 * One mutation through the gateway; its object, or null when the registry refused it (a random
 * input may break a rule of the registry: BAD_USER_INPUT or CONFLICT, counted apart).
 */
async function run(name: string, input: Record<string, unknown>): Promise<{ id: string } | null> {
  const type = `${name[0].toUpperCase()}${name.slice(1)}Input`;
  const res = await stack.query(
    `mutation M($input: ${type}!) { m: ${name}(input: $input) { id } }`,
    {
      input,
    },
  );
  const code = res.errors?.[0]?.extensions?.code;
  if (code === 'BAD_USER_INPUT' || code === 'CONFLICT') {
    size.rejected += 1;
    return null;
  }
  // Seen on a loaded PostgreSQL server ("too many clients"): a registry's reference check said an
  // existing worker does not exist. Counted and printed, not this test's subject (the monitor).
  if (code === 'NOT_FOUND') {
    size.notFound += 1;
    return null;
  }
  if (res.errors?.length) throw new Error(`${name}: ${JSON.stringify(res.errors[0])}`);
  size.applied += 1;
  return (res.data as { m: { id: string } }).m;
}

const day = (from: number, to: number) => addDays(today, rng.int(from, to));
const NATIONALITIES = ['VN', 'NP', 'PH', 'ID', 'MM', 'CN', 'LK'];
const STATUSES = [
  'STUDENT',
  'STUDENT',
  'SPECIFIED_SKILLED_WORKER_I',
  'TECHNICAL_INTERN_TRAINING',
  'ENGINEER_SPECIALIST_INTL_SERVICES',
  'DEPENDENT',
  'PERMANENT_RESIDENT',
];
const FIELDS = ['FOOD_SERVICE', 'NURSING_CARE', 'CONSTRUCTION', 'AGRICULTURE', 'ENGINEERING'];
const SCHEMES = INSURANCE_SCHEMES;
const MUNICIPALITIES = ['131016', '271004', '141003'];

async function registerEmployer(): Promise<void> {
  const employees = rng.int(1, 80);
  const e = await run('registerEmployer', {
    name: `Drift Works ${world.employers.length + 1}`,
    legalForm: rng.pick(['CORPORATION', 'SOLE_PROPRIETOR']),
    employeeCount: employees,
    insuredHeadcount: rng.int(0, employees),
  });
  if (e) world.employers.push(e.id);
}

async function grantPermit(workerId: string): Promise<void> {
  const status = rng.pick(STATUSES);
  const expiresOn = status === 'PERMANENT_RESIDENT' ? undefined : day(-10, 200);
  await run('grantResidencePermit', {
    workerId,
    status,
    grantedOn: day(-500, -1),
    ...(expiresOn ? { expiresOn } : {}),
    ...(status === 'STUDENT' ? { enrolledUntil: addDays(expiresOn!, -rng.int(0, 60)) } : {}),
  });
}

async function startEmployment(workerId: string): Promise<void> {
  const employerId = rng.pick(world.employers);
  const start = day(-300, 20);
  const e = await run('startEmployment', {
    workerId,
    employerId,
    startDate: start,
    jobField: rng.pick(FIELDS),
    weeklyHours: rng.pick([8, 14, 20, 28, 32, 40]),
    monthlyWage: rng.int(6, 30) * 10000,
  });
  if (e) world.employments.push({ id: e.id, workerId, employerId, start });
}

async function registerWorker(): Promise<string | null> {
  const w = await run('registerWorker', {
    fullName: `Drift Person ${world.workers.length + 1}`,
    nationality: rng.pick(NATIONALITIES),
    dateOfBirth: `${rng.int(1975, 2006)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
  });
  if (!w) return null;
  world.workers.push(w.id);
  return w.id;
}

const take = <T>(items: T[]): T | undefined =>
  items.length ? items.splice(Math.floor(rng.next() * items.length), 1)[0] : undefined;

/** One random mutation of registry `on` (any when omitted) concerning one worker or employer. */
type Step = { registry: SubgraphName; apply(): Promise<void> };
const STEPS: Step[] = [
  { registry: 'residence', apply: async () => void (await registerWorker()) },
  { registry: 'residence', apply: () => grantPermit(rng.pick(world.workers)) },
  {
    registry: 'residence',
    apply: async () =>
      void (await run('grantWorkPermission', {
        workerId: rng.pick(world.workers),
        grantedOn: day(-200, 0),
        ...(rng.chance(0.5) ? { expiresOn: day(1, 200) } : {}),
      })),
  },
  {
    registry: 'residence',
    apply: async () => {
      const a = await run('fileResidenceApplication', {
        workerId: rng.pick(world.workers),
        kind: rng.pick(['RENEWAL', 'CHANGE_OF_STATUS']),
        filedOn: day(-30, 0),
      });
      if (a) world.applications.push(a.id);
    },
  },
  {
    registry: 'residence',
    apply: async () => {
      const applicationId = take(world.applications);
      if (applicationId)
        await run('decideResidenceApplication', {
          applicationId,
          decidedOn: today,
          outcome: rng.pick(['GRANTED', 'DENIED']),
        });
    },
  },
  { registry: 'employment', apply: () => startEmployment(rng.pick(world.workers)) },
  {
    registry: 'employment',
    apply: async () => {
      const e = take(world.employments);
      if (!e) return;
      const end = day(-20, 40);
      await run('endEmployment', { employmentId: e.id, endDate: end < e.start ? e.start : end });
    },
  },
  {
    registry: 'employment',
    apply: async () => {
      const e = rng.pick(world.employments);
      if (e)
        await run('fileEmploymentNotification', {
          employmentId: e.id,
          kind: rng.pick(['HIRE', 'SEPARATION']),
          filedOn: day(-20, 0),
        });
    },
  },
  {
    registry: 'insurance',
    apply: async () => {
      const scheme = rng.pick(SCHEMES);
      const employment = scheme.startsWith('EMPLOY') ? rng.pick(world.employments) : undefined;
      const start = day(-200, 0);
      const e = await run('enrollInsurance', {
        workerId: employment?.workerId ?? rng.pick(world.workers),
        scheme,
        ...(employment ? { employerId: employment.employerId } : {}),
        startDate: start,
      });
      if (e) world.enrollments.push({ id: e.id, start });
    },
  },
  {
    registry: 'insurance',
    apply: async () => {
      const e = take(world.enrollments);
      if (!e) return;
      const end = day(-10, 30);
      await run('endInsuranceEnrollment', {
        enrollmentId: e.id,
        endDate: end < e.start ? e.start : end,
      });
    },
  },
  {
    registry: 'insurance',
    apply: async () => {
      const a = await run('recordContributionArrears', {
        ...(rng.chance(0.6)
          ? { workerId: rng.pick(world.workers) }
          : { employerId: rng.pick(world.employers) }),
        scheme: rng.pick(SCHEMES),
        since: day(-200, -1),
        amount: rng.int(1, 50) * 1000,
      });
      if (a) world.arrears.push(a.id);
    },
  },
  {
    registry: 'insurance',
    apply: async () => {
      const arrearsId = take(world.arrears);
      if (arrearsId) await run('settleContributionArrears', { arrearsId, settledOn: today });
    },
  },
  {
    registry: 'tax',
    apply: async () => {
      const special = rng.chance(0.4) && world.employments.length > 0;
      const employment = special ? rng.pick(world.employments) : undefined;
      const a = await run('assessTax', {
        workerId: employment?.workerId ?? rng.pick(world.workers),
        kind: rng.pick(['RESIDENT_TAX', 'INCOME_TAX']),
        fiscalYear: Number(today.slice(0, 4)) - rng.int(0, 1),
        amount: rng.int(1, 30) * 1000,
        dueDate: day(-60, 60),
        collection: special ? 'SPECIAL' : 'ORDINARY',
        ...(employment ? { collectingEmployerId: employment.employerId } : {}),
      });
      if (a) world.assessments.push(a.id);
    },
  },
  {
    registry: 'tax',
    apply: async () => {
      const assessmentId = rng.pick(world.assessments);
      if (assessmentId)
        await run('recordTaxPayment', {
          assessmentId,
          paidOn: today,
          amount: rng.int(1, 30) * 1000,
        });
    },
  },
  {
    registry: 'tax',
    apply: async () => {
      const a = await run('recordEmployerTaxArrears', {
        employerId: rng.pick(world.employers),
        since: day(-120, -1),
        amount: rng.int(1, 90) * 1000,
      });
      if (a) world.taxArrears.push(a.id);
    },
  },
  {
    registry: 'tax',
    apply: async () => {
      const arrearsId = take(world.taxArrears);
      if (arrearsId) await run('settleEmployerTaxArrears', { arrearsId, settledOn: today });
    },
  },
  {
    registry: 'municipality',
    apply: async () => {
      const movedIn = day(-90, 0);
      const r = await run('notifyAddress', {
        workerId: rng.pick(world.workers),
        municipalityCode: rng.pick(MUNICIPALITIES),
        movedInOn: movedIn,
        notifiedOn: addDays(movedIn, rng.int(0, 30)),
      });
      if (r) world.registrations.push({ id: r.id, movedIn });
    },
  },
  {
    registry: 'municipality',
    apply: async () => {
      const r = take(world.registrations);
      if (!r) return;
      const out = day(-10, 10);
      await run('notifyMoveOut', {
        registrationId: r.id,
        movedOutOn: out < r.movedIn ? r.movedIn : out,
      });
    },
  },
];

async function mutations(n: number, except?: SubgraphName): Promise<void> {
  const steps = STEPS.filter((s) => s.registry !== except);
  for (let k = 0; k < n; k++) await rng.pick(steps).apply();
}

const STATUS = `{ monitorStatus { pendingJobs oldestPendingAt lagSeconds } }`;

/**
 * The monitor is idle: every feed read to its end (one round of the pipeline run here), and no
 * job due (lagSeconds 0; what waits is a review at a later day's start, or a retry's backoff).
 * Twice in a row, so a job taken between two reads is not missed.
 */
async function idle(every = true): Promise<void> {
  await pipeline.tick();
  let quiet = 0;
  await until(
    'the monitor to be idle',
    async () => {
      // With every registry up, a report stored without a source is a retry still to come.
      if (every && [...(await stored()).values()].some((r) => r.missingSources.length))
        return false;
      const res = await stack.query(STATUS);
      expect(res.errors).toBeUndefined();
      const s = res.data!.monitorStatus as { oldestPendingAt: string | null; lagSeconds: number };
      const due = s.oldestPendingAt !== null && Date.parse(s.oldestPendingAt) <= Date.now();
      quiet = !due && s.lagSeconds === 0 ? quiet + 1 : 0;
      return quiet >= 3;
    },
    180_000,
  );
}

const FRESH = `query Fresh($asOf: Date!, $after: String) {
  workers(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id consistency(asOf: $asOf) {
      status nextReviewOn missingSources
      findings {
        id ruleId severity title explanation responsibleParty affectedParty legalBasis
        recommendedAction dueBy employer { id } evidence { id source entity recordId field value }
      }
    } } }
  }
}`;

type Fact = { id: string; source: string; entity: string; recordId: string; field: string };
type Shown = Omit<StoredFinding, 'employerId' | 'evidence'> & {
  evidence: (Fact & { value: string | null })[];
};
type FreshFinding = Shown & { id: string; employer: { id: string } | null };

/** A report as compared: its findings by id, each with its evidence ids. */
interface Compared {
  status: string;
  nextReviewOn: string | null;
  missingSources: string[];
  findings: { id: string; ruleId: string; evidence: string[] }[];
}

interface FreshPage {
  workers: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: {
      node: {
        id: string;
        consistency: Omit<Compared, 'findings'> & { findings: FreshFinding[] };
      };
    }[];
  };
}

/**
 * A finding's id as Worker.consistency computes it. For a report stored on an earlier day than
 * `today`, both sides' ids are computed with the two days and the day counts of the explanations
 * masked: the wording that only counts days changes daily without a review (nextReviewOn's own
 * definition of "the report could change", engine/review.ts), everything else must be equal.
 */
function compared(
  workerId: string,
  report: Omit<Compared, 'findings'> & { findings: (Shown & { employerId: string | null })[] },
  days: CalendarDate[] | null,
): Compared {
  return {
    status: report.status,
    nextReviewOn: report.nextReviewOn,
    missingSources: [...report.missingSources].sort(),
    findings: report.findings
      .map((f) => ({
        id: findingId({
          ...f,
          workerId,
          explanation: days ? maskDays(f.explanation, days) : f.explanation,
        }),
        ruleId: f.ruleId,
        evidence: f.evidence.map((e) => e.id).sort(),
      }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

interface StoredRow {
  id: string;
  cause: string;
  source: string | null;
  status: string;
  asOf: string;
  report: StoredReport;
  review: string | null;
}

/** Every stored report. */
async function storedRows(): Promise<Map<string, StoredRow>> {
  const rows = (await stack.monitor.db.dataSource.query(
    `SELECT worker_id::text AS id, status, report, to_char(as_of, 'YYYY-MM-DD') AS "asOf",
            to_char(next_review_on, 'YYYY-MM-DD') AS review, cause, source FROM monitored_worker`,
  )) as StoredRow[];
  return new Map(rows.map((r) => [r.id, r]));
}

const storedForm = (r: StoredRow, days: CalendarDate[] | null) =>
  compared(r.id, { ...r.report, status: r.status, nextReviewOn: r.review }, days);

/** Every stored report in the compared form, as of the day it was stored. */
async function stored(): Promise<Map<string, Compared>> {
  const rows = await storedRows();
  return new Map([...rows].map(([id, r]) => [id, storedForm(r, null)]));
}

/**
 * The workers whose stored report differs from Worker.consistency(asOf: today) through the gateway
 * (or exists on one side only), among `only` when given.
 */
async function drift(
  only?: Set<string>,
): Promise<{ worker: string; stored?: Compared; fresh?: Compared }[]> {
  const rows = await storedRows();
  const out: { worker: string; stored?: Compared; fresh?: Compared }[] = [];
  const seen = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const res: GraphQLResponse<FreshPage> = await stack.query<FreshPage>(FRESH, {
      asOf: today,
      after,
    });
    if (!only) expect(res.errors).toBeUndefined();
    const page = res.data!.workers;
    for (const { node } of page.edges) {
      seen.add(node.id);
      if (only && !only.has(node.id)) continue;
      const c = node.consistency;
      const findings = c.findings.map((f) => ({ ...f, employerId: f.employer?.id ?? null }));
      // The ids computed here are the ids the gateway answered.
      expect(compared(node.id, { ...c, findings }, null).findings.map((f) => f.id)).toEqual(
        c.findings.map((f) => f.id).sort(),
      );
      const row = rows.get(node.id);
      const days = row && row.asOf !== today ? [row.asOf, today] : null;
      const mine = row ? storedForm(row, days) : undefined;
      const theirs = compared(node.id, { ...c, findings }, days);
      size.workersChecked += 1;
      if (JSON.stringify(mine) !== JSON.stringify(theirs)) {
        // What differs, to find the cause: the evidence on one side only, and how it was stored.
        const facts = (fs: Shown[]) =>
          fs.flatMap((f) => f.evidence.map((e) => `${f.ruleId} ${e.entity}.${e.field}=${e.value}`));
        const a = facts(row?.report.findings ?? []);
        const b = facts(c.findings);
        out.push({
          worker: node.id,
          stored: mine,
          fresh: theirs,
          detail: {
            asOf: row?.asOf,
            cause: row?.cause,
            source: row?.source,
            onlyStored: a.filter((x) => !b.includes(x)),
            onlyFresh: b.filter((x) => !a.includes(x)),
          },
        } as never);
      }
    }
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  for (const id of rows.keys())
    if (!seen.has(id) && (!only || only.has(id))) out.push({ worker: id, fresh: undefined });
  size.checks += 1;
  return out;
}

beforeAll(async () => {
  stack = await startStack();
  // The registries as the monitor finds them at its first start.
  for (let k = 0; k < 3; k++) await registerEmployer();
  for (let k = 0; k < 12; k++) {
    const w = await registerWorker();
    if (!w) continue;
    await grantPermit(w);
    if (rng.chance(0.7)) await startEmployment(w);
  }
  pipeline = await startTestPipeline(stack, { today: () => today });
  await sweepIfEmpty(testEvaluator(stack), { asOf: today });
}, 600_000);

afterAll(async () => {
  await pipeline?.stop();
  await stack?.stop();
  process.stdout.write(
    `drift (seed ${SEED}): ${size.applied} mutations applied (${size.rejected} refused by a ` +
      `registry, ${size.notFound} NOT_FOUND), ${size.daysMoved} days moved, ${size.workersChecked} reports checked in ` +
      `${size.checks} checks, ${world.workers.length} workers\n`,
  );
}, 60_000);

it('keeps every stored report equal to a fresh evaluation through changes and days', async () => {
  expect(await drift()).toEqual([]);
  for (let round = 0; round < ROUNDS; round++) {
    await mutations(PER_ROUND);
    const days = rng.pick([0, 1, 3, 14, 30, 61]);
    today = addDays(today, days);
    size.daysMoved += days;
    await idle();
    expect({ round, today, drift: await drift() }).toEqual({ round, today, drift: [] });
  }
  expect(size.applied).toBeGreaterThan(ROUNDS * PER_ROUND * 0.6);
}, 600_000);

it('stores a registry down as missing (never CONSISTENT), the true report once it is back', async () => {
  const down = rng.pick(['insurance', 'tax', 'municipality'] as const);
  await stack.stopSubgraph(down);
  let restarted = false;
  try {
    // Changes the monitor must evaluate without `down`: worker-level ones on the other registries.
    const touched = new Set<string>();
    for (let k = 0; k < 6; k++) {
      const workerId = rng.pick(world.workers);
      const done =
        down !== 'municipality'
          ? await run('notifyAddress', {
              workerId,
              municipalityCode: rng.pick(MUNICIPALITIES),
              movedInOn: today,
              notifiedOn: today,
            })
          : await run('grantWorkPermission', { workerId, grantedOn: today });
      if (done) touched.add(workerId);
    }
    expect(touched.size).toBeGreaterThan(0);
    const source = down.toUpperCase();
    await pipeline.tick();
    await until(`${touched.size} reports stored without ${source}`, async () => {
      const now = await stored();
      return [...touched].every((id) => now.get(id)?.missingSources.includes(source));
    });
    const now = await stored();
    for (const id of touched) expect(['INCOMPLETE', 'VIOLATION']).toContain(now.get(id)!.status);
    // Nothing stored anywhere claims CONSISTENT or AT_RISK without every source.
    for (const report of now.values())
      if (report.missingSources.length)
        expect(['INCOMPLETE', 'VIOLATION']).toContain(report.status);
    // And what is stored for those workers is what the gateway answers without `down`.
    expect(await drift(touched)).toEqual([]);
    await stack.startSubgraph(down);
    restarted = true;
    // The failed batches are retried with backoff (about 3 s, 7 s, 20 s) until the source answers.
    await until(
      'every report complete again',
      async () => [...(await stored()).values()].every((r) => r.missingSources.length === 0),
      180_000,
    );
    await idle();
    expect(await drift()).toEqual([]);
  } finally {
    if (!restarted) await stack.startSubgraph(down);
  }
}, 300_000);

it("writes a feed page's jobs and its cursor together: a failure between them leaves neither (PostgreSQL)", async () => {
  const ds = stack.monitor.db.dataSource;
  const cursor = async () =>
    (
      (await ds.query(`SELECT cursor FROM monitor_feed_cursor WHERE registry = 'tax'`)) as {
        cursor: string | null;
      }[]
    )[0].cursor;
  const evaluatedAt = async (id: string) =>
    (
      (await ds.query(
        `SELECT evaluated_at::text AS at FROM monitored_worker WHERE worker_id = $1`,
        [id],
      )) as { at: string }[]
    )[0].at;
  // The queue's tables are the owner's (row-level security without a policy for anyone else).
  const jobs = async (id: string) =>
    (
      (await stack.monitor.asOwner(
        `SELECT count(*)::int AS n FROM graphile_worker._private_jobs
          WHERE key = $1 AND payload->>'cause' = 'DATA_CHANGE:TAX'`,
        [`evaluate:${id}`],
      )) as { n: number }[]
    )[0].n;
  await idle();
  const workerId = rng.pick(world.workers);
  const [before, at] = [await cursor(), await evaluatedAt(workerId)];
  // A failure injected at the cursor's write, after the page's jobs were enqueued.
  await stack.monitor.asOwner(`
    CREATE FUNCTION drift_refuse_tax_cursor() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.registry = 'tax' THEN RAISE EXCEPTION 'injected failure'; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER drift_refuse_tax_cursor BEFORE INSERT OR UPDATE ON monitor_feed_cursor
      FOR EACH ROW EXECUTE FUNCTION drift_refuse_tax_cursor();`);
  try {
    expect(
      await run('assessTax', {
        workerId,
        kind: 'RESIDENT_TAX',
        fiscalYear: Number(today.slice(0, 4)),
        amount: 12000,
        dueDate: addDays(today, 30),
        collection: 'ORDINARY',
      }),
    ).not.toBeNull();
    const tax = pipeline.followers.find((f) => f.registry === 'tax')!;
    await expect(tax.poll()).rejects.toThrow('injected failure');
    await sleep(1500); // what a job enqueued by the failed round would take to run
    expect(await cursor()).toBe(before);
    if (pipeline.queue.transactional) {
      expect(await jobs(workerId)).toBe(0);
      expect(await evaluatedAt(workerId)).toBe(at);
    } else {
      // PGlite: the queue is a second database, enqueued first (at least once): the job ran.
      expect(await evaluatedAt(workerId)).not.toBe(at);
    }
  } finally {
    await stack.monitor.asOwner(`DROP TRIGGER drift_refuse_tax_cursor ON monitor_feed_cursor;
      DROP FUNCTION drift_refuse_tax_cursor();`);
  }
  // Without the failure, the next round takes the page: the cursor moves, the worker is evaluated.
  await idle();
  expect(await cursor()).not.toBe(before);
  expect(await evaluatedAt(workerId)).not.toBe(at);
  expect(await drift()).toEqual([]);
}, 300_000);
