/**
 * upcomingRisks over the real stack, on the demo data after a sweep: the list equals, for every
 * worker, the first day in the window on which Worker.consistency(asOf: day) is worse than today
 * (its status, the rules new that day), found by asking for every day; pages, bad input, access
 * and the monitor's access log; the outlook refreshed by the calendar's re-evaluation.
 */
import { buildDataset } from '../../tools/demo/dataset';
import { seedDataset } from '../../tools/demo/seed';
import { GATEWAY_AUDIENCE } from '../../subgraphs/kit/auth';
import { addDays, todayInTokyo } from '../../subgraphs/kit/dates';
import { isWorse } from '../../subgraphs/consistency/engine/outlook';
import type { ConsistencyStatus } from '../../subgraphs/consistency/engine/report';
import { evaluateBatch, sweep } from '../../subgraphs/monitor/evaluate';
import { testToken } from '../support/auth';
import { testEvaluator } from '../support/monitor';
import { startStack, type Stack } from '../support/stack';

const REF = todayInTokyo();
/** The window checked day by day. */
const WITHIN = 45;

interface Upcoming {
  on: string;
  status: string;
  ruleIds: string[];
  worker: { id: string };
}
interface DayReport {
  id: string;
  consistency: { status: ConsistencyStatus; findings: { ruleId: string }[] };
}

let stack: Stack;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Response = Awaited<ReturnType<Stack['query']>> & { data?: any };

beforeAll(async () => {
  stack = await startStack();
  // A token that outlives a slow seeding on a loaded machine.
  await seedDataset(stack.gateway.url, buildDataset(REF), {
    headers: { authorization: `Bearer ${await testToken(GATEWAY_AUDIENCE, {}, '60m')}` },
  });
  await sweep(testEvaluator(stack), { asOf: REF });
}, 900_000);
afterAll(() => stack?.stop());

const as = async (scope: string, purpose = 'upcoming risks test') => ({
  authorization: `Bearer ${await testToken(GATEWAY_AUDIENCE, { scope, purpose })}`,
});

const UPCOMING = `query($within: Int!, $first: Int, $after: String) {
  upcomingRisks(within: $within, first: $first, after: $after) {
    edges { node { on status ruleIds worker { id } } } pageInfo { hasNextPage endCursor } } }`;

async function allUpcoming(within: number, first: number, headers = {}): Promise<Upcoming[]> {
  const nodes: Upcoming[] = [];
  let after: string | null = null;
  for (;;) {
    const res: Response = await stack.query(UPCOMING, { within, first, after }, headers);
    expect(res.errors).toBeUndefined();
    const page = res.data!.upcomingRisks;
    expect(page.edges.length).toBeLessThanOrEqual(first);
    nodes.push(...page.edges.map((e: { node: Upcoming }) => e.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

/**
 * Days per request and workers per page: aliases of Worker.consistency, the facts read once per
 * page for all of them; as many as the gateway's cost limit lets one request ask.
 */
const DAYS_PER_REQUEST = 6;
const PAGE = 100;

/**
 * Every worker's report on each of `days`, as Worker.consistency gives it: one alias per day on
 * each worker, so each page's facts are read once and evaluated for each of its days.
 */
async function reportsOn(days: string[]): Promise<Map<string, DayReport['consistency']>[]> {
  const out = days.map(() => new Map<string, DayReport['consistency']>());
  for (let k = 0; k < days.length; k += DAYS_PER_REQUEST) {
    const chunk = days.slice(k, k + DAYS_PER_REQUEST);
    const query = `query($after: String, ${chunk.map((_, j) => `$d${j}: Date`).join(', ')}) {
      workers(first: ${PAGE}, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id
        ${chunk.map((_, j) => `d${j}: consistency(asOf: $d${j}) { status findings { ruleId } }`).join(' ')}
      } } } }`;
    let after: string | null = null;
    for (;;) {
      const res: Response = await stack.query(query, {
        after,
        ...Object.fromEntries(chunk.map((day, j) => [`d${j}`, day])),
      });
      expect(res.errors).toBeUndefined();
      for (const { node } of res.data!.workers.edges as { node: Record<string, never> }[])
        chunk.forEach((_, j) => out[k + j].set(node.id, node[`d${j}`]));
      if (!res.data!.workers.pageInfo.hasNextPage) break;
      after = res.data!.workers.pageInfo.endCursor;
    }
  }
  return out;
}

let expected: Upcoming[];

describe('upcomingRisks', () => {
  it('equals the first day in the window Worker.consistency is worse, day by day', async () => {
    const days = Array.from({ length: WITHIN + 1 }, (_, k) => addDays(REF, k));
    const [today, ...later] = await reportsOn(days);
    const found = new Map<string, Upcoming>();
    for (let k = 1; k <= WITHIN; k++) {
      const day = days[k];
      for (const [id, report] of later[k - 1]) {
        const base = today.get(id)!;
        if (found.has(id) || !isWorse(report.status, base.status)) continue;
        const before = new Set(base.findings.map((f) => f.ruleId));
        const ruleIds = [...new Set(report.findings.map((f) => f.ruleId))];
        found.set(id, {
          on: day,
          status: report.status,
          ruleIds: ruleIds.filter((r) => !before.has(r)),
          worker: { id },
        });
      }
    }
    expected = [...found.values()].sort((a, b) =>
      a.on !== b.on ? (a.on < b.on ? -1 : 1) : a.worker.id < b.worker.id ? -1 : 1,
    );
    // The demo data has workers whose status worsens within the window, on several days.
    expect(expected.length).toBeGreaterThan(2);
    expect(new Set(expected.map((u) => u.on)).size).toBeGreaterThan(1);
    expect(await allUpcoming(WITHIN, 7)).toEqual(expected);
    // A shorter window: a prefix of the same list.
    const within = Math.round(WITHIN / 3);
    expect(await allUpcoming(within, 500)).toEqual(
      expected.filter((u) => u.on <= addDays(REF, within)),
    );
    process.stdout.write(
      `upcomingRisks: ${expected.length} workers worsen within ${WITHIN} days of ${today.size}\n`,
    );
  }, 600_000);

  it('refuses a window outside 0–366 days and a cursor not of this list', async () => {
    for (const within of [-1, 367]) {
      const res = await stack.query(UPCOMING, { within });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'within' });
    }
    expect((await stack.query(UPCOMING, { within: 366, first: 1 })).errors).toBeUndefined();
    const cursor = Buffer.from(JSON.stringify(['2026-01-01', 'x'])).toString('base64url');
    const res = await stack.query(UPCOMING, { within: 10, after: cursor });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  }, 120_000);

  it('asks consistency:read and a purpose, and logs each worker returned', async () => {
    const purpose = `upcoming review ${Date.now()}`;
    const nodes = await allUpcoming(WITHIN, 500, await as('consistency:read', purpose));
    expect(nodes).toEqual(expected);
    const logged = (await stack.monitor.db.dataSource.query(
      'SELECT DISTINCT worker_id::text AS id FROM access_log WHERE purpose = $1',
      [purpose],
    )) as { id: string }[];
    expect(logged.map((r) => r.id).sort()).toEqual(nodes.map((n) => n.worker.id).sort());
    const noPurpose = await stack.query(UPCOMING, { within: 5 }, await as('consistency:read', ''));
    expect(noPurpose.errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'PURPOSE_REQUIRED',
    });
    const stats = await stack.query(UPCOMING, { within: 5 }, await as('statistics:read'));
    expect(stats.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  }, 120_000);

  it('shows ConsistencyReport.outlook only to a caller who may read every registry', async () => {
    const first = expected[0];
    const OUTLOOK = `query($id: ID!, $asOf: Date) { worker(id: $id) {
      consistency(asOf: $asOf) { outlook { on status ruleIds } } } }`;
    const full = await stack.query(OUTLOOK, { id: first.worker.id, asOf: REF });
    expect(full.errors).toBeUndefined();
    expect(full.data!.worker.consistency.outlook).toEqual({
      on: first.on,
      status: first.status,
      ruleIds: first.ruleIds,
    });
    const partial = await stack.query(
      OUTLOOK,
      { id: first.worker.id, asOf: REF },
      await as('consistency:read residence:read'),
    );
    expect(partial.errors).toBeUndefined();
    expect(partial.data!.worker.consistency.outlook).toBeNull();
  }, 120_000);

  it('is refreshed by the calendar: re-evaluated on nextReviewOn, never after the day', async () => {
    const ds = stack.monitor.db.dataSource;
    // Every stored outlook's day comes on or after the day the calendar re-evaluates the worker.
    const [late] = (await ds.query(
      `SELECT count(*)::int AS n FROM monitored_worker WHERE outlook_on IS NOT NULL
          AND (next_review_on IS NULL OR next_review_on > outlook_on)`,
    )) as { n: number }[];
    expect(late.n).toBe(0);
    // What the calendar's job does at the start of the first worker's forecast day.
    const first = expected[0];
    await evaluateBatch(testEvaluator(stack), [first.worker.id], {
      asOf: first.on,
      cause: 'CALENDAR',
      source: 'calendar',
    });
    const [row] = (await ds.query(
      `SELECT status, to_char(outlook_on, 'YYYY-MM-DD') AS "on", outlook_status AS "outlookStatus",
              outlook_rule_ids AS "ruleIds" FROM monitored_worker WHERE worker_id = $1`,
      [first.worker.id],
    )) as { status: string; on: string | null; outlookStatus: string | null; ruleIds: string[] }[];
    expect(row.status).toBe(first.status);
    const res = await stack.query(
      `query($id: ID!, $asOf: Date) { worker(id: $id) {
        consistency(asOf: $asOf) { outlook { on status ruleIds } } } }`,
      { id: first.worker.id, asOf: first.on },
    );
    const now = res.data!.worker.consistency.outlook;
    expect({ on: row.on, status: row.outlookStatus, ruleIds: row.ruleIds }).toEqual(
      now ?? { on: null, status: null, ruleIds: null },
    );
    if (now) expect(now.on > first.on).toBe(true);
    const left = await allUpcoming(WITHIN, 500);
    expect(left.find((u) => u.worker.id === first.worker.id && u.on === first.on)).toBeUndefined();
  }, 120_000);
});
