/**
 * The monitor's pipeline over the real stack: change feeds read on each registry, jobs on the
 * queue, consumers evaluating through the gateway, the calendar. On PostgreSQL two pipelines (two
 * pools each, one database) run side by side and each change is evaluated once.
 */
import { addDays, todayInTokyo } from '../../subgraphs/kit/dates';
import { subgraphAudience } from '../../subgraphs/kit/auth';
import { createLogger } from '../../subgraphs/kit/logger';
import { openDatabase, startEmbedded, type Database } from '../../subgraphs/kit/database';
import { monitor } from '../../subgraphs/monitor';
import { MonitorStore } from '../../subgraphs/monitor/store';
import { openEvaluationQueue, type EvaluationJob } from '../../subgraphs/kit/queue';
import { evaluateBatch } from '../../subgraphs/monitor/evaluate';
import { monitorToken } from '../../subgraphs/monitor/gateway';
import { startOfTokyoDay } from '../../subgraphs/monitor/calendar';
import { startPipeline, type Pipeline } from '../../subgraphs/monitor/service';
import { TEST_AUTH } from '../support/auth';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../support/databases';
import { testEvaluator } from '../support/monitor';
import { mutate } from '../support/mutations';
import { startStack, type Stack } from '../support/stack';
import { SUBGRAPH_NAMES } from '../../subgraphs/kit/config';

const REF = todayInTokyo();
let today = REF;
let stack: Stack;
let queueDb: TestDatabase;
let embedded: { url: string; stop(): Promise<void> } | null = null;
const pipelines: Pipeline[] = [];
/** Every first attempt of a job evaluated, by any pipeline: `${workerId} ${cause}`. */
const evaluated: string[] = [];
let workerId: string;
let second: Database | null = null;
let employerId: string;

const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 30_000) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

const stored = async () =>
  (
    (await stack.monitor.db.dataSource.query(
      `SELECT status, report, cause, source, to_char(next_review_on, 'YYYY-MM-DD') AS review
         FROM monitored_worker WHERE worker_id = $1`,
      [workerId],
    )) as {
      status: string;
      report: { missingSources: string[] };
      cause: string;
      source: string | null;
      review: string | null;
    }[]
  )[0];

const count = (key: string) => evaluated.filter((e) => e === `${workerId} ${key}`).length;

async function openPipeline(db: Database = stack.monitor.db): Promise<Pipeline> {
  const target = queueDb.target;
  const queue = await openEvaluationQueue(
    target.kind === 'pglite'
      ? { url: embedded!.url, singleConnection: true, pollIntervalMs: 200 }
      : { url: target.migrationUrl ?? target.url },
  );
  return startPipeline({
    ds: db.dataSource,
    queue,
    evaluator: { ...testEvaluator(stack), store: new MonitorStore(db.dataSource) },
    batchSize: 20,
    registryUrls: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, stack.subgraphs[n].url])),
    tokenFor: (registry) =>
      monitorToken(
        { secret: TEST_AUTH.secret as string, lifetimeSeconds: 3600 },
        subgraphAudience(registry),
      ),
    intervalMs: 200,
    today: () => today,
    logger: createLogger('monitor', 'error'),
    onEvaluated: (jobs: EvaluationJob[]) =>
      evaluated.push(...jobs.filter((j) => j.attempt <= 1).map((j) => `${j.workerId} ${j.cause}`)),
  });
}

beforeAll(async () => {
  stack = await startStack();
  queueDb = await createTestDatabase('pipeline-queue');
  if (queueDb.target.kind === 'pglite') embedded = await startEmbedded(queueDb.target.dataDir);
  const employer = await mutate(stack, 'registerEmployer', 'RegisterEmployerInput', {
    name: 'Pipeline Foods',
    legalForm: 'CORPORATION',
    employeeCount: 60,
    insuredHeadcount: 55,
  });
  employerId = employer.id;
  workerId = (
    await mutate(stack, 'registerWorker', 'RegisterWorkerInput', {
      fullName: 'Nguyen Pipeline',
      nationality: 'VN',
      dateOfBirth: '2003-05-05',
    })
  ).id;
  await mutate(stack, 'grantResidencePermit', 'GrantResidencePermitInput', {
    workerId,
    status: 'STUDENT',
    grantedOn: addDays(REF, -200),
    expiresOn: addDays(REF, 60),
    enrolledUntil: addDays(REF, 50),
  });
  await mutate(stack, 'grantWorkPermission', 'GrantWorkPermissionInput', {
    workerId,
    grantedOn: addDays(REF, -200),
  });
  await mutate(stack, 'startEmployment', 'StartEmploymentInput', {
    workerId,
    employerId,
    jobField: 'OTHER',
    monthlyWage: 90000,
    startDate: addDays(REF, -100),
    weeklyHours: 15,
  });
  // What the first sweep does: the store holds the worker, its employer among its columns.
  await evaluateBatch(testEvaluator(stack), [workerId], { asOf: REF, cause: 'CALENDAR' });
  pipelines.push(await openPipeline());
  if (TEST_SERVER_URL) {
    // A second monitor on the same databases, with pools of its own (a second process would).
    second = await openDatabase({
      name: 'monitor',
      target: stack.monitor.database.target,
      entities: monitor.entities,
      migrations: monitor.migrations,
    });
    pipelines.push(await openPipeline(second));
  }
}, 600_000);

afterAll(async () => {
  for (const p of pipelines) await p.stop();
  await second?.close();
  await embedded?.stop();
  await stack?.stop();
  await queueDb?.drop();
}, 60_000);

const RISK_HISTORY = `query History($id: ID!) { worker(id: $id) { riskHistory { to cause source } } }`;

it('shows a mutation through the gateway in Worker.riskHistory within seconds', async () => {
  const started = Date.now();
  await mutate(stack, 'startEmployment', 'StartEmploymentInput', {
    workerId,
    employerId,
    jobField: 'OTHER',
    monthlyWage: 80000,
    startDate: addDays(REF, -30),
    weeklyHours: 14, // 15 + 14 = 29 hours, above the 28 of the permission
  });
  const history = async () => {
    const res = await stack.query(RISK_HISTORY, { id: workerId });
    expect(res.errors).toBeUndefined();
    return res.data!.worker.riskHistory as { to: string; cause: string; source: string }[];
  };
  await until(async () => (await history()).some((t) => t.cause === 'DATA_CHANGE'), 15_000);
  expect((await history()).at(-1)).toEqual({
    to: 'VIOLATION',
    cause: 'DATA_CHANGE',
    source: 'EMPLOYMENT',
  });
  process.stdout.write(`monitor pipeline: change to riskHistory in ${Date.now() - started} ms\n`);
  await new Promise((r) => setTimeout(r, 1500)); // a second pipeline would have evaluated by now
  expect(count('DATA_CHANGE:EMPLOYMENT')).toBe(1);
  // What waits now is the worker's next review, scheduled at the start of that day in Tokyo.
  const review = (await stored()).review;
  expect(review).not.toBeNull();
  const status = await stack.query('{ monitorStatus { pendingJobs oldestPendingAt lagSeconds } }');
  expect(status.errors).toBeUndefined();
  expect(status.data!.monitorStatus).toEqual({
    pendingJobs: 1,
    oldestPendingAt: startOfTokyoDay(review!).toISOString(),
    lagSeconds: 0,
  });
}, 60_000);

it("re-evaluates an employer's employees after an employer-level change", async () => {
  await mutate(stack, 'recordEmployerTaxArrears', 'RecordEmployerTaxArrearsInput', {
    employerId,
    since: addDays(REF, -90),
    amount: 120000,
  });
  await until(() => count('DATA_CHANGE:TAX') > 0, 15_000);
  await new Promise((r) => setTimeout(r, 1500));
  expect(count('DATA_CHANGE:TAX')).toBe(1);
}, 60_000);

it('stores INCOMPLETE while a registry is down, then the true status once it is back', async () => {
  const before = (await stored()).status;
  // The registry of identity: with it down the worker cannot be read at all.
  await stack.stopSubgraph('residence');
  try {
    // An employer-level change (the tax registry) that reaches the worker through its employer.
    await mutate(stack, 'recordEmployerTaxArrears', 'RecordEmployerTaxArrearsInput', {
      employerId,
      since: addDays(REF, -30),
      amount: 5000,
    });
    await until(async () => (await stored()).status === 'INCOMPLETE', 15_000);
    expect((await stored()).report.missingSources).toContain('RESIDENCE');
  } finally {
    await stack.startSubgraph('residence');
  }
  // The job was failed after storing INCOMPLETE and is retried with backoff until residence answers.
  await until(async () => (await stored()).status !== 'INCOMPLETE', 40_000);
  expect((await stored()).status).toBe(before);
  const res = await stack.query(RISK_HISTORY, { id: workerId });
  expect(res.data!.worker.riskHistory.slice(-2).map((t: { cause: string }) => t.cause)).toEqual([
    'SOURCE_UNAVAILABLE',
    'SOURCE_RESTORED',
  ]);
}, 90_000);

it('re-evaluates on the calendar once the clock passes nextReviewOn', async () => {
  const review = (await stored()).review;
  expect(review).not.toBeNull();
  expect(count('CALENDAR:calendar')).toBe(0);
  today = review!;
  await until(() => count('CALENDAR:calendar') > 0, 15_000);
  await until(async () => (await stored()).review !== review, 15_000);
  await new Promise((r) => setTimeout(r, 1000));
  expect(count('CALENDAR:calendar')).toBe(1);
}, 60_000);
