/**
 * The population views over the real stack, on the demo data after a sweep: riskOverview equals
 * counting every worker's Worker.consistency; the findings queue's order and pages; what a
 * statistics:read caller sees; the monitor's access log of the personal lists.
 */
import { buildDataset } from '../../tools/demo/dataset';
import { seedDataset } from '../../tools/demo/seed';
import { GATEWAY_AUDIENCE } from '../../subgraphs/kit/auth';
import { todayInTokyo, addDays } from '../../subgraphs/kit/dates';
import { sweep } from '../../subgraphs/monitor/evaluate';
import { MAX_SUPPRESSED } from '../../subgraphs/monitor/views/suppression';
import { RISK_DIMENSIONS, type RiskDimension } from '../../subgraphs/monitor/views/overview';
import { testToken, withAuth } from '../support/auth';
import { testEvaluator } from '../support/monitor';
import { startStack, type Stack } from '../support/stack';

const REF = todayInTokyo();
const STATUSES = ['CONSISTENT', 'AT_RISK', 'VIOLATION', 'INCOMPLETE'];
const DIMENSIONS = RISK_DIMENSIONS;
type Dimension = RiskDimension;

interface SeenFinding {
  ruleId: string;
  severity: string;
  responsibleParty: string;
  dueBy: string | null;
  employer: { id: string } | null;
}
interface SeenWorker {
  id: string;
  nationality: string | null;
  residence: { status: string } | null;
  employments: { jobField: string; employer: { id: string } | null }[];
  consistency: { status: string; findings: SeenFinding[] };
}

let stack: Stack;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Response = Awaited<ReturnType<Stack['query']>> & { data?: any };
let population: SeenWorker[];
let sweepStarted: string;

beforeAll(async () => {
  stack = await startStack();
  const dataset = buildDataset(REF);
  await seedDataset(stack.gateway.url, dataset, {
    headers: await withAuth(stack.gateway.url, {}),
  });
  sweepStarted = new Date(Date.now() - 1000).toISOString();
  await sweep(testEvaluator(stack), { asOf: REF });
  const res = await stack.query(
    `query($asOf: Date) { workers(first: 500) { edges { node { id nationality
       residence(asOf: $asOf) { status } employments(activeOn: $asOf) { jobField employer { id } }
       consistency(asOf: $asOf) { status findings {
         ruleId severity responsibleParty dueBy employer { id } } } } } } }`,
    { asOf: REF },
  );
  expect(res.errors).toBeUndefined();
  population = res.data!.workers.edges.map((e: { node: SeenWorker }) => e.node);
}, 900_000);
afterAll(() => stack?.stop());

const token = (scope: string, purpose: string | null = 'population view test') =>
  testToken(GATEWAY_AUDIENCE, { scope, purpose: purpose ?? '' });
const as = async (t: string) => ({ authorization: `Bearer ${t}` });

// ---- the expected overview, counted from Worker.consistency ----------------------------------

const unique = (v: string[]) => [...new Set(v)];
function keysOf(w: SeenWorker, d: Dimension): string[] {
  const or = (v: string[]) => (v.length ? v : ['NONE']);
  switch (d) {
    case 'STATUS_OF_RESIDENCE':
      return [w.residence?.status ?? 'UNKNOWN'];
    case 'NATIONALITY':
      return [w.nationality ?? 'UNKNOWN'];
    case 'MUNICIPALITY':
      return ['UNKNOWN']; // not read by the monitor yet
    case 'EMPLOYER':
      return or(unique(w.employments.flatMap((e) => (e.employer ? [e.employer.id] : []))));
    case 'JOB_FIELD':
      return or(unique(w.employments.map((e) => e.jobField)));
    case 'RESPONSIBLE_PARTY':
      return or(unique(w.consistency.findings.map((f) => f.responsibleParty)));
  }
}

type Table = { byStatus: Record<string, number>; byRule: Record<string, number> };
function tally(workers: SeenWorker[], findingsOf: (w: SeenWorker) => SeenFinding[]): Table {
  const t: Table = { byStatus: Object.fromEntries(STATUSES.map((s) => [s, 0])), byRule: {} };
  for (const w of workers) {
    t.byStatus[w.consistency.status]++;
    for (const f of findingsOf(w)) t.byRule[f.ruleId] = (t.byRule[f.ruleId] ?? 0) + 1;
  }
  return t;
}

interface Count {
  count: number | null;
  suppressed: boolean;
}
type Shown = {
  byStatus: (Count & { status: string })[];
  byRule: (Count & { ruleId: string })[];
};
const OVERVIEW = `query($groupBy: RiskDimension, $filter: RiskFilter, $groupsFirst: Int,
    $groupsAfter: String) {
  riskOverview(groupBy: $groupBy, filter: $filter, groupsFirst: $groupsFirst,
      groupsAfter: $groupsAfter) {
    asOf workers workersSuppressed
    byStatus { status count suppressed } byRule { ruleId count suppressed }
    groups { key label byStatus { status count suppressed } byRule { ruleId count suppressed } }
    groupCount groupsPageInfo { hasNextPage endCursor }
  } }`;

/** The workers a group shows: the sum of its published status counts (what orders the groups). */
const showing = (g: Shown) => g.byStatus.reduce((n, c) => n + (c.count ?? 0), 0);

/**
 * An overview with every one of its groups, read `groupsFirst` at a time: each page in order (the
 * workers a group shows, descending, then key), no group twice, as many as groupCount; the groups
 * returned by key.
 */
async function overview(
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
  groupsFirst = 7,
) {
  type Group = Shown & { key: string };
  type Page = Shown & {
    asOf: string;
    workers: number | null;
    workersSuppressed: boolean;
    groups: Group[];
    groupCount: number;
  };
  const pages: Page[] = [];
  let groupsAfter: string | null = null;
  do {
    const res: Response = await stack.query(
      OVERVIEW,
      { ...variables, groupsFirst, groupsAfter },
      headers,
    );
    expect(res.errors).toBeUndefined();
    const page = res.data!.riskOverview;
    expect(page.groups.length).toBeLessThanOrEqual(groupsFirst);
    pages.push(page);
    groupsAfter = page.groupsPageInfo.hasNextPage ? page.groupsPageInfo.endCursor : null;
  } while (groupsAfter);
  const groups = pages.flatMap((p) => p.groups);
  const order = groups.map((g) => [showing(g), g.key] as const);
  expect(order).toEqual([...order].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1)));
  expect(new Set(groups.map((g) => g.key)).size).toBe(groups.length);
  for (const p of pages) expect(p.groupCount).toBe(groups.length);
  return { ...pages[0], groups: groups.sort((a, b) => (a.key < b.key ? -1 : 1)) };
}

/** A shown table with its zero rule counts dropped (the overview lists every rule found). */
const exact = (t: Shown): Table => ({
  byStatus: Object.fromEntries(t.byStatus.map((c) => [c.status, c.count as number])),
  byRule: Object.fromEntries(
    t.byRule.filter((c) => c.count !== 0).map((c) => [c.ruleId, c.count as number]),
  ),
});

describe('riskOverview (consistency:read: exact counts)', () => {
  it('counts the whole population as Worker.consistency does', async () => {
    const o = await overview({});
    expect(o.asOf).toBe(REF);
    expect(o.workers).toBe(population.length);
    expect(exact(o)).toEqual(tally(population, (w) => w.consistency.findings));
    expect(o.groups).toEqual([]);
    expect(o.groupCount).toBe(0);
  }, 120_000);

  it.each(DIMENSIONS)(
    'counts each group of %s as Worker.consistency does',
    async (d) => {
      const keys = unique(population.flatMap((w) => keysOf(w, d))).sort();
      const { groups } = await overview({ groupBy: d });
      expect(groups.map((g) => g.key)).toEqual(keys);
      for (const g of groups) {
        const members = population.filter((w) => keysOf(w, d).includes(g.key));
        const expected = tally(members, (w) =>
          w.consistency.findings.filter(
            (f) => d !== 'RESPONSIBLE_PARTY' || f.responsibleParty === g.key,
          ),
        );
        expect({ key: g.key, ...exact(g) }).toEqual({ key: g.key, ...expected });
      }
    },
    120_000,
  );

  it('filters by status, rule and responsible party', async () => {
    const rule = population.flatMap((w) => w.consistency.findings)[0].ruleId;
    const res = await stack.query(OVERVIEW, {
      filter: { statuses: ['VIOLATION', 'AT_RISK'], ruleIds: [rule] },
    });
    expect(res.errors).toBeUndefined();
    const members = population.filter(
      (w) =>
        ['VIOLATION', 'AT_RISK'].includes(w.consistency.status) &&
        w.consistency.findings.some((f) => f.ruleId === rule),
    );
    expect(res.data!.riskOverview.workers).toBe(members.length);
    expect(exact(res.data!.riskOverview)).toEqual(
      tally(members, (w) => w.consistency.findings.filter((f) => f.ruleId === rule)),
    );
    const bad = await stack.query(OVERVIEW, { filter: { employerId: 'nope' } });
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'filter.employerId',
    });
  }, 120_000);

  it('pages the groups: groupsFirst 1 to 1000 (100 by default), groupsAfter a cursor of them', async () => {
    const all = await overview({ groupBy: 'NATIONALITY' }, {}, 1);
    const res = await stack.query(OVERVIEW, { groupBy: 'NATIONALITY' });
    expect(res.errors).toBeUndefined();
    const first = res.data!.riskOverview;
    expect(first.groupCount).toBe(all.groups.length);
    expect(first.groups.length).toBe(Math.min(100, all.groups.length));
    for (const [variables, field] of [
      [{ groupsFirst: 0 }, 'groupsFirst'],
      [{ groupsFirst: 1001 }, 'groupsFirst'],
      [{ groupsAfter: 'not-a-cursor' }, 'groupsAfter'],
    ] as const) {
      const bad = await stack.query(OVERVIEW, { groupBy: 'NATIONALITY', ...variables });
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  }, 120_000);
});

describe('riskOverview for statistics:read', () => {
  /** Checks one overview as statistics:read sees it; how many counts 10+ it withheld. */
  async function checkSuppressed(
    groupBy: Dimension | null,
    filter: Record<string, unknown> = {},
  ): Promise<number> {
    const headers = await as(await token('statistics:read', null));
    const [s, t] = await Promise.all([
      overview({ groupBy, filter }, headers),
      overview({ groupBy, filter }),
    ]);
    expect(s.groups.map((g) => g.key)).toEqual(t.groups.map((g) => g.key));
    const pairs: [Count, Count][] = [
      [
        { count: s.workers, suppressed: s.workersSuppressed },
        { count: t.workers, suppressed: false },
      ],
    ];
    const tables = (o: typeof s): Shown[] => [o, ...o.groups];
    tables(s).forEach((st, i) => {
      const tt = tables(t)[i];
      st.byStatus.forEach((c, j) => pairs.push([c, tt.byStatus[j]]));
      st.byRule.forEach((c, j) => pairs.push([c, tt.byRule[j]]));
    });
    let complementary = 0;
    for (const [c, real] of pairs) {
      expect(real.suppressed).toBe(false);
      const small = (real.count as number) >= 1 && (real.count as number) <= MAX_SUPPRESSED;
      if (small) expect(c).toMatchObject({ count: null, suppressed: true });
      else if (c.suppressed) {
        expect(c.count).toBeNull();
        complementary++;
      } else expect(c.count).toBe(real.count);
    }
    // No line (the statuses and the workers; a status or rule across the groups and its total)
    // has exactly one withheld member.
    const lines: Count[][] = [
      [...s.byStatus, { count: s.workers, suppressed: s.workersSuppressed }],
    ];
    if (groupBy) {
      s.byStatus.forEach((c: Count, j: number) =>
        lines.push([c, ...s.groups.map((g: Shown) => g.byStatus[j])]),
      );
      s.byRule.forEach((c: Count, j: number) =>
        lines.push([c, ...s.groups.map((g: Shown) => g.byRule[j])]),
      );
    }
    for (const line of lines) expect(line.filter((c) => c.suppressed).length).not.toBe(1);
    return complementary;
  }

  it('withholds every count from 1 to 9 and enough others that none can be subtracted', async () => {
    const complementary: Record<string, number> = {};
    for (const d of [null, ...DIMENSIONS]) complementary[d ?? 'none'] = await checkSuppressed(d);
    process.stdout.write(`complementary suppressions: ${JSON.stringify(complementary)}\n`);
  }, 300_000);

  it('withholds a large count when it would give a single small one away', async () => {
    // Filters whose status line (the four statuses and the workers) has exactly one count from 1
    // to 9: without complementary suppression it would be the total minus the others.
    const isSmall = (n: number) => n >= 1 && n <= MAX_SUPPRESSED;
    const employers = unique(population.flatMap((w) => keysOf(w, 'EMPLOYER'))).filter(
      (e) => e !== 'NONE',
    );
    const rules = unique(population.flatMap((w) => w.consistency.findings.map((f) => f.ruleId)));
    type Candidate = [Record<string, unknown>, SeenWorker[]];
    const bases: Candidate[] = [
      [{}, population],
      ...employers.map((e): Candidate => [
        { employerId: e },
        population.filter((w) => keysOf(w, 'EMPLOYER').includes(e)),
      ]),
      ...rules.map((r): Candidate => [
        { ruleIds: [r] },
        population.filter((w) => w.consistency.findings.some((f) => f.ruleId === r)),
      ]),
    ];
    const pairs = STATUSES.flatMap((a, i) => STATUSES.slice(i + 1).map((b) => [a, b]));
    const filters: Candidate[] = bases.flatMap(([filter, members]) => [
      [filter, members] as Candidate,
      ...pairs.map((statuses): Candidate => [
        { ...filter, statuses },
        members.filter((w) => statuses.includes(w.consistency.status)),
      ]),
    ]);
    const singles = filters.filter(([, members]) => {
      const line = [...Object.values(tally(members, () => []).byStatus), members.length];
      return line.filter(isSmall).length === 1;
    });
    expect(singles.length).toBeGreaterThan(0);
    for (const [filter] of singles.slice(0, 3))
      expect({ filter, withheld: await checkSuppressed(null, filter) }).toEqual({
        filter,
        withheld: 1,
      });
  }, 300_000);

  it('refuses the personal lists and the monitor status to statistics:read', async () => {
    const headers = await as(await token('statistics:read'));
    for (const q of [
      '{ findings(first: 1) { edges { node { ruleId } } } }',
      `{ riskTransitions(since: "${sweepStarted}") { edges { node { to } } } }`,
      '{ upcomingRisks(within: 30) { edges { node { on } } } }',
      '{ monitorStatus { evaluatedWorkers } }',
    ]) {
      const res = await stack.query(q, {}, headers);
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  }, 120_000);
});

// ---- the personal lists -----------------------------------------------------------------------

const FINDINGS = `query($filter: FindingFilter, $first: Int, $after: String) {
  findings(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id ruleId severity dueBy worker { id } evidence { value redacted } } }
    pageInfo { hasNextPage endCursor } } }`;
interface Node {
  ruleId: string;
  severity: string;
  dueBy: string | null;
  worker: { id: string };
  evidence: { value: string | null; redacted: boolean }[];
}

async function allFindings(filter: Record<string, unknown>, first: number, headers = {}) {
  const nodes: Node[] = [];
  let after: string | null = null;
  for (;;) {
    const res: Response = await stack.query(FINDINGS, { filter, first, after }, headers);
    expect(res.errors).toBeUndefined();
    const page = res.data!.findings;
    expect(page.edges.length).toBeLessThanOrEqual(first);
    nodes.push(...page.edges.map((e: { node: Node }) => e.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

const RANK: Record<string, number> = { VIOLATION: 0, WARNING: 1, INFO: 2 };
const queueOrder = (fs: (SeenFinding & { workerId: string; ord: number })[]) =>
  [...fs].sort(
    (a, b) =>
      (a.dueBy ?? '9999-12-31').localeCompare(b.dueBy ?? '9999-12-31') ||
      RANK[a.severity] - RANK[b.severity] ||
      a.workerId.localeCompare(b.workerId) ||
      a.ord - b.ord,
  );
const everyFinding = () =>
  population.flatMap((w) =>
    w.consistency.findings.map((f, ord) => ({ ...f, workerId: w.id, ord })),
  );
const brief = (f: {
  ruleId: string;
  dueBy: string | null;
  workerId?: string;
  worker?: { id: string };
}) => `${f.dueBy ?? '-'} ${f.ruleId} ${f.workerId ?? f.worker?.id}`;

describe('findings', () => {
  it('lists every current finding by dueBy, severity, worker, page after page', async () => {
    const expected = queueOrder(everyFinding()).map(brief);
    expect(expected.length).toBeGreaterThan(10);
    const paged = await allFindings({}, 7);
    expect(paged.map(brief)).toEqual(expected);
    expect((await allFindings({}, 500)).map(brief)).toEqual(expected);
  }, 300_000);

  it('filters by severity and due date', async () => {
    const due = addDays(REF, 60);
    const expected = queueOrder(
      everyFinding().filter(
        (f) => f.severity === 'VIOLATION' && f.dueBy !== null && f.dueBy <= due,
      ),
    ).map(brief);
    const got = await allFindings({ severities: ['VIOLATION'], dueBefore: due }, 50);
    expect(got.map(brief)).toEqual(expected);
  }, 120_000);

  it('redacts evidence by the caller’s source scopes and logs each worker returned', async () => {
    const purpose = `queue review ${Date.now()}`;
    const headers = await as(await token('consistency:read', purpose));
    const nodes = await allFindings({}, 100, headers);
    expect(nodes.length).toBe(everyFinding().length);
    for (const n of nodes)
      for (const e of n.evidence) expect(e).toEqual({ value: null, redacted: true });
    const logged = (await stack.monitor.db.dataSource.query(
      'SELECT DISTINCT worker_id::text AS id FROM access_log WHERE purpose = $1',
      [purpose],
    )) as { id: string }[];
    expect(logged.map((r) => r.id).sort()).toEqual(unique(nodes.map((n) => n.worker.id)).sort());
    const none = await stack.query(
      FINDINGS,
      { first: 1 },
      await as(await token('consistency:read', null)),
    );
    expect(none.errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'PURPOSE_REQUIRED',
    });
    const bad = await stack.query(FINDINGS, { first: 0 });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  }, 300_000);

  it('Employer.findingsToCure: the findings that employer must cure', async () => {
    const ofEmployer = everyFinding().filter(
      (f) => f.responsibleParty === 'EMPLOYER' && f.employer,
    );
    expect(ofEmployer.length).toBeGreaterThan(0);
    const employerId = ofEmployer[0].employer!.id;
    const res = await stack.query(
      'query($id: ID!) { employer(id: $id) { findingsToCure { ruleId dueBy worker { id } } } }',
      { id: employerId },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.employer.findingsToCure.map(brief)).toEqual(
      queueOrder(ofEmployer.filter((f) => f.employer!.id === employerId)).map(brief),
    );
  }, 120_000);
});

// upcomingRisks: tests/e2e/upcoming-risks.e2e.test.ts
describe('riskTransitions', () => {
  it('feeds the sweep’s first evaluations oldest first, page after page', async () => {
    const seen: { at: string; cause: string; worker: { id: string } }[] = [];
    let after: string | null = null;
    for (;;) {
      const res: Response = await stack.query(
        `query($since: DateTime!, $after: String) { riskTransitions(since: $since, first: 40, after: $after) {
           edges { node { at cause from to worker { id } } } pageInfo { hasNextPage endCursor } } }`,
        { since: sweepStarted, after },
      );
      expect(res.errors).toBeUndefined();
      seen.push(...res.data!.riskTransitions.edges.map((e: { node: (typeof seen)[0] }) => e.node));
      if (!res.data!.riskTransitions.pageInfo.hasNextPage) break;
      after = res.data!.riskTransitions.pageInfo.endCursor;
    }
    expect(seen.map((t) => t.worker.id).sort()).toEqual(population.map((w) => w.id).sort());
    expect(seen.every((t) => t.cause === 'FIRST_EVALUATION')).toBe(true);
    const times = seen.map((t) => Date.parse(t.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const violations = await stack.query(
      `query($since: DateTime!) { riskTransitions(since: $since, first: 500, filter: { statuses: [VIOLATION] }) { edges { node { to } } } }`,
      { since: sweepStarted },
    );
    expect(violations.data!.riskTransitions.edges.length).toBe(
      population.filter((w) => w.consistency.status === 'VIOLATION').length,
    );
  }, 300_000);
});
