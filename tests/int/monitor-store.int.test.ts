/**
 * The monitor store's derived tables (migration PopulationStore): monitor_finding (one row per
 * current finding) and monitor_tally (riskOverview's counts) agree with the stored reports after
 * first evaluations, updates, unreadable workers, removals, direct SQL writes and, on PostgreSQL,
 * concurrent batches; riskOverview and the findings queue answer what counting the stored
 * reports gives.
 */
import { openDatabase, type Database } from '../../subgraphs/kit/database';
import { monitor } from '../../subgraphs/monitor';
import { contributions } from '../../subgraphs/monitor/migrations/1766100000000-PopulationStore';
import { TABLES as STORE_TABLES } from '../../subgraphs/monitor/migrations/1766600000000-StoreMaintenance';
import type { Evaluation, StoredFinding, StoredReport } from '../../subgraphs/monitor/report';
import { MonitorStore, type Outcome } from '../../subgraphs/monitor/store';
import { findings } from '../../subgraphs/monitor/views/findings';
import {
  riskOverview,
  RISK_DIMENSIONS as DIMENSIONS,
  STATUSES,
  type RiskDimension,
} from '../../subgraphs/monitor/views/overview';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../support/databases';
import { migratedTemplate } from '../support/pglite-template';

const uuid = (prefix: string, n: number) =>
  `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const worker = (n: number) => uuid('00000000', n);
const employer = (n: number) => uuid('10000000', n);
const RULES = [
  ['RESIDENCE_EXPIRING', 'WARNING', 'WORKER'],
  ['SOCIAL_INSURANCE_NOT_ENROLLED', 'VIOLATION', 'EMPLOYER'],
  ['NO_STATUS_ON_RECORD', 'WARNING', 'AGENCY'],
  ['PERMANENT_RESIDENCE_REVIEW', 'INFO', 'WORKER'],
  ['UNAUTHORIZED_WORK', 'VIOLATION', 'EMPLOYER'],
];

/** A small deterministic hash of the inputs, in [0, n). */
const pick = (n: number, ...xs: number[]) =>
  xs.reduce((h, x) => (Math.imul(h ^ x, 2654435761) >>> 0) % 1_000_003, 17) % n;

function finding(i: number, version: number, j: number, employers: string[]): StoredFinding {
  const [ruleId, severity, party] = RULES[pick(RULES.length, i, version, j)];
  const due = pick(4, i, j, version);
  return {
    ruleId,
    severity,
    title: ruleId,
    explanation: `finding ${j} of ${i}`,
    responsibleParty: party,
    affectedParty: 'WORKER',
    legalBasis: 'test',
    recommendedAction: 'test',
    dueBy: due === 0 ? null : `2026-0${due}-1${j}`,
    employerId: party === 'EMPLOYER' ? (employers[0] ?? null) : null,
    evidence: [],
  };
}

/** Worker `i`'s report in `version`: its status, findings and profile vary with both. */
function evaluation(i: number, version: number): Evaluation {
  const employers = [employer(pick(3, i, version)), employer(3 + pick(2, i))].slice(
    0,
    pick(3, i, version, 7),
  );
  const count = pick(4, i, version, 1);
  const report: StoredReport = {
    findings: Array.from({ length: count }, (_, j) => finding(i, version, j, employers)),
    missingSources: [],
    unevaluatedRules: [],
  };
  const severities = report.findings.map((f) => f.severity);
  return {
    workerId: worker(i),
    status: severities.includes('VIOLATION')
      ? 'VIOLATION'
      : severities.length
        ? 'AT_RISK'
        : 'CONSISTENT',
    asOf: '2026-06-01',
    nextReviewOn: null,
    report,
    profile: {
      residenceStatus: ['STUDENT', 'TECHNICAL_INTERN_TRAINING', null][pick(3, i, version, 2)],
      nationality: ['VN', 'PH', null][pick(3, i, 3)],
      employerIds: employers,
      jobFields: employers.length ? [['FOOD_SERVICE', 'OTHER'][pick(2, i, version)]] : [],
      municipalityCode: pick(2, i) ? '13101' : null,
    },
  };
}

const evaluated = (i: number, version: number): Outcome => ({
  kind: 'evaluated',
  evaluation: evaluation(i, version),
});

let database: TestDatabase;
let db: Database;
let store: MonitorStore;
const query = <T>(sql: string, params?: unknown[]) =>
  db.dataSource.query(sql, params) as Promise<T[]>;

beforeAll(async () => {
  database = await createTestDatabase('monitorstore', () => migratedTemplate(monitor));
  db = await openDatabase({
    name: 'monitor',
    target: database.target,
    entities: monitor.entities,
    migrations: monitor.migrations,
  });
  store = new MonitorStore(db.dataSource);
}, 120_000);
afterAll(async () => {
  await db?.close();
  await database?.drop();
});

interface Stored {
  worker_id: string;
  status: string;
  report: StoredReport;
  residence_status: string | null;
  nationality: string | null;
  municipality_code: string | null;
  employer_ids: string[];
  job_fields: string[];
}

const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();

/** Every derived row equals what the stored reports give. */
async function expectAgreement(): Promise<Stored[]> {
  const stored = await query<Stored>(
    `SELECT worker_id::text AS worker_id, status, report, residence_status, nationality,
            municipality_code, employer_ids, job_fields FROM monitored_worker`,
  );
  const flattened = await query(
    `SELECT worker_id::text AS worker, ord, to_char(due, 'YYYY-MM-DD') AS due, sev_rank AS rank,
            rule_id AS rule, severity, responsible_party AS party, employer_id AS employer, finding
       FROM monitor_finding`,
  );
  const rank: Record<string, number> = { VIOLATION: 0, WARNING: 1, INFO: 2 };
  expect(sorted(flattened)).toEqual(
    sorted(
      stored.flatMap((w) =>
        w.report.findings.map((f, j) => ({
          worker: w.worker_id,
          ord: j + 1,
          due: f.dueBy ?? '9999-12-31',
          rank: rank[f.severity],
          rule: f.ruleId,
          severity: f.severity,
          party: f.responsibleParty,
          employer: f.employerId,
          finding: f,
        })),
      ),
    ),
  );
  const tally = await query(
    `SELECT fdim, fkey, dim, key, status, rule_id, n::int AS n FROM monitor_tally WHERE n <> 0`,
  );
  const recount = await query(
    `SELECT fdim, fkey, dim, key, status, rule_id, n::int AS n
       FROM (${contributions('monitored_worker', 1)}) c`,
  );
  expect(sorted(tally)).toEqual(sorted(recount));
  expect(tally.length).toBeGreaterThan(0);
  return stored;
}

// ---- riskOverview and the queue, counted from the stored rows ---------------------------------

interface Filter {
  ruleIds?: string[];
  statuses?: string[];
  responsibleParty?: string;
  employerId?: string;
}

function keysOf(w: Stored, d: RiskDimension, f: StoredFinding[]): string[] {
  const or = (v: string[]) => (v.length ? [...new Set(v)] : ['NONE']);
  switch (d) {
    case 'STATUS_OF_RESIDENCE':
      return [w.residence_status ?? 'UNKNOWN'];
    case 'NATIONALITY':
      return [w.nationality ?? 'UNKNOWN'];
    case 'MUNICIPALITY':
      return [w.municipality_code ?? 'UNKNOWN'];
    case 'EMPLOYER':
      return or(w.employer_ids);
    case 'JOB_FIELD':
      return or(w.job_fields);
    case 'RESPONSIBLE_PARTY':
      return or(f.map((x) => x.responsibleParty));
  }
}

function expectedOverview(stored: Stored[], groupBy: RiskDimension | null, filter: Filter) {
  const byFinding = !!(filter.ruleIds?.length || filter.responsibleParty);
  const of = (w: Stored) =>
    w.report.findings.filter(
      (f) =>
        (!filter.ruleIds?.length || filter.ruleIds.includes(f.ruleId)) &&
        (!filter.responsibleParty || f.responsibleParty === filter.responsibleParty),
    );
  const sel = stored.filter(
    (w) =>
      (!filter.statuses?.length || filter.statuses.includes(w.status)) &&
      (!filter.employerId || w.employer_ids.includes(filter.employerId)) &&
      (!byFinding || of(w).length > 0),
  );
  const table = (ws: Stored[], fs: (w: Stored) => StoredFinding[]) => {
    const byRule: Record<string, number> = {};
    for (const f of ws.flatMap(fs)) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    return {
      byStatus: Object.fromEntries(
        STATUSES.map((s) => [s, ws.filter((w) => w.status === s).length]),
      ),
      byRule,
    };
  };
  const keys = groupBy ? [...new Set(sel.flatMap((w) => keysOf(w, groupBy, of(w))))].sort() : [];
  return {
    workers: sel.length,
    ...table(sel, of),
    groups: keys.map((key) => ({
      key,
      ...table(
        sel.filter((w) => keysOf(w, groupBy!, of(w)).includes(key)),
        (w) => of(w).filter((f) => groupBy !== 'RESPONSIBLE_PARTY' || f.responsibleParty === key),
      ),
    })),
  };
}

type Shown = {
  byStatus: { status: string; count: number | null }[];
  byRule: { ruleId: string; count: number | null }[];
};
const plain = (t: Shown) => ({
  byStatus: Object.fromEntries(t.byStatus.map((c) => [c.status, c.count])),
  byRule: Object.fromEntries(t.byRule.filter((c) => c.count !== 0).map((c) => [c.ruleId, c.count])),
});

type Overview = Awaited<ReturnType<typeof riskOverview>>;

/**
 * Every group of an overview, page after page: in order (selected workers descending, then key),
 * each once, as many as groupCount says.
 */
async function allGroups(first: Overview, next: (after: string) => Promise<Overview>) {
  const groups = [...first.groups];
  let page = first;
  while (page.groupsPageInfo.hasNextPage) {
    page = await next(page.groupsPageInfo.endCursor as string);
    expect(page.groupCount).toBe(first.groupCount);
    groups.push(...page.groups);
  }
  const size = (g: Overview['groups'][number]) =>
    g.byStatus.reduce((s, c) => s + (c.count as number), 0);
  const order = groups.map((g) => [size(g), g.key] as const);
  const sorted = [...order].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1));
  expect(order).toEqual(sorted);
  expect(groups.length).toBe(first.groupCount);
  return groups;
}

async function expectViews(stored: Stored[]): Promise<void> {
  const filters: Filter[] = [
    {},
    { statuses: ['AT_RISK', 'VIOLATION'] },
    { ruleIds: [RULES[0][0]] },
    { ruleIds: [RULES[1][0]], statuses: ['VIOLATION'] },
    { responsibleParty: 'EMPLOYER' },
    { employerId: employer(1) },
    { ruleIds: [RULES[0][0], RULES[1][0]] },
    { ruleIds: [RULES[1][0]], responsibleParty: 'EMPLOYER' },
  ];
  for (const filter of filters)
    for (const groupBy of [null, ...DIMENSIONS]) {
      const o = await riskOverview(db.dataSource, { groupBy, filter, groupsFirst: 2 }, true);
      const groups = await allGroups(o, (groupsAfter) =>
        riskOverview(db.dataSource, { groupBy, filter, groupsFirst: 2, groupsAfter }, true),
      );
      expect({
        filter,
        groupBy,
        workers: o.workers,
        ...plain(o),
        groups: groups
          .map((g) => ({ key: g.key, ...plain(g) }))
          .sort((a, b) => (a.key < b.key ? -1 : 1)),
      }).toEqual({
        filter,
        groupBy,
        ...expectedOverview(stored, groupBy, filter),
      });
    }
  const rank: Record<string, number> = { VIOLATION: 0, WARNING: 1, INFO: 2 };
  const queue = stored
    .flatMap((w) => w.report.findings.map((f, ord) => ({ ...f, worker: w.worker_id, ord })))
    .sort(
      (a, b) =>
        (a.dueBy ?? '9999-12-31').localeCompare(b.dueBy ?? '9999-12-31') ||
        rank[a.severity] - rank[b.severity] ||
        a.worker.localeCompare(b.worker) ||
        a.ord - b.ord,
    )
    .map((f) => `${f.worker} ${f.ord} ${f.ruleId}`);
  const paged: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await findings(db.dataSource, { first: 7, after });
    paged.push(
      ...page.edges.map((e) => `${e.node.workerId} ${e.node.ord - 1} ${e.node.finding.ruleId}`),
    );
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(paged).toEqual(queue);
}

describe(`the monitor store's derived tables (${TEST_SERVER_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  const ids = Array.from({ length: 40 }, (_, i) => i + 1);

  it('agree with the reports after first evaluations', async () => {
    for (let b = 0; b < ids.length; b += 10)
      await store.save(
        ids.slice(b, b + 10).map((i) => evaluated(i, 0)),
        { cause: 'DATA_CHANGE' },
      );
    const stored = await expectAgreement();
    expect(stored.length).toBe(40);
    expect(stored.some((w) => w.report.findings.length > 1)).toBe(true);
    await expectViews(stored);
  }, 120_000);

  it('agree after updates, unreadable workers and removals', async () => {
    const outcomes: Outcome[] = ids.map((i): Outcome => {
      if (i % 7 === 0) return { kind: 'removed', workerId: worker(i) };
      if (i % 5 === 0)
        return {
          kind: 'unavailable',
          workerId: worker(i),
          asOf: '2026-06-01',
          missingSources: ['TAX'],
        };
      return evaluated(i, i % 3 === 0 ? 0 : 1);
    });
    await store.save([...outcomes, evaluated(41, 1)], { cause: 'CALENDAR' });
    const stored = await expectAgreement();
    expect(stored.length).toBe(41 - 5);
    expect(stored.filter((w) => w.status === 'INCOMPLETE').length).toBeGreaterThan(0);
    await expectViews(stored);
  }, 120_000);

  it('agree after writes straight in SQL and a sweep’s removal', async () => {
    await query(
      `UPDATE monitored_worker SET nationality = 'NP', employer_ids = '{}'
                  WHERE worker_id IN ($1, $2)`,
      [worker(1), worker(2)],
    );
    await query(`UPDATE monitored_worker SET next_review_on = '2026-07-01'`);
    await query(
      `INSERT INTO monitored_worker (worker_id, status, report, as_of, evaluated_at, cause)
       VALUES ($1, 'CONSISTENT', '{"findings":[],"missingSources":[],"unevaluatedRules":[]}',
               '2026-06-01', now() - interval '1 hour', 'CALENDAR')`,
      [worker(99)],
    );
    await expectAgreement();
    const sweep = await store.sweepStarted();
    expect(await store.removeUnseen(ids.map(worker), sweep)).toBe(2); // 41 and 99
    await expectViews(await expectAgreement());
  }, 120_000);

  it('are settled when a sweep ends: the tally vacuumed and the rest analyzed by an owner, autovacuum at 2 % for any role', async () => {
    await store.settle(); // skipped with a warning, no error, by a service role owning nothing
    const after = await query<{
      relname: string;
      relallvisible: number;
      reltuples: number;
      options: string;
    }>(
      `SELECT relname, relallvisible, reltuples, array_to_string(reloptions, ',') AS options
         FROM pg_class WHERE relname = ANY($1) ORDER BY relname`,
      [STORE_TABLES],
    );
    expect(after.map((t) => t.relname).sort()).toEqual([...STORE_TABLES].sort());
    for (const t of after)
      expect(t.options.split(',').sort()).toEqual([
        'autovacuum_analyze_scale_factor=0.02',
        'autovacuum_vacuum_insert_scale_factor=0.02',
        'autovacuum_vacuum_scale_factor=0.02',
      ]);
    if (db.roles.owner !== db.roles.service) return; // PostgreSQL with separate roles: autovacuum's
    const tally = after.find((t) => t.relname === 'monitor_tally')!;
    expect(tally.relallvisible).toBeGreaterThan(0); // vacuumed: its pages marked all-visible
    for (const t of after) expect(Number(t.reltuples)).toBeGreaterThan(0); // analyzed
  }, 120_000);

  (TEST_SERVER_URL ? it : it.skip)(
    'agree after concurrent batches of the same workers',
    async () => {
      const batches = Array.from({ length: 8 }, (_, b) =>
        ids.filter((i) => pick(3, i, b) > 0).map((i) => evaluated(i, 2 + b)),
      );
      await Promise.all(batches.map((batch) => store.save(batch, { cause: 'DATA_CHANGE' })));
      await Promise.all(
        batches.map((batch, b) =>
          store.save(
            b % 2
              ? batch.slice(0, 5).map((o) => ({
                  kind: 'removed',
                  workerId: (o as { evaluation: Evaluation }).evaluation.workerId,
                }))
              : batch,
            { cause: 'DATA_CHANGE' },
          ),
        ),
      );
      await expectViews(await expectAgreement());
    },
    120_000,
  );
});
