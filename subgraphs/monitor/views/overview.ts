import type { DataSource } from 'typeorm';
import { todayInTokyo } from '../../kit/dates';
import { cell, published, suppress, type Cell, type Line } from './suppression';
import { storeFilter, tallyFilter, type RiskFilter } from './filter';
import {
  groupPage,
  pageKeys,
  pageOf,
  type GroupPageArgs,
  type GroupPosition,
  type Paged,
} from './groups';
import { encodeCursor } from './page';

/** The groupings of riskOverview (the schema's RiskDimension), in the schema's order. */
export const RISK_DIMENSIONS = [
  'STATUS_OF_RESIDENCE',
  'NATIONALITY',
  'EMPLOYER',
  'RESPONSIBLE_PARTY',
  'JOB_FIELD',
  'MUNICIPALITY',
] as const;
export type RiskDimension = (typeof RISK_DIMENSIONS)[number];

export const STATUSES = ['CONSISTENT', 'AT_RISK', 'VIOLATION', 'INCOMPLETE'] as const;

const list = (column: string) =>
  `SELECT DISTINCT unnest(CASE WHEN cardinality(w.${column}) = 0 THEN ARRAY['NONE'] ELSE w.${column} END)`;

/**
 * The (worker, group key) pairs of the selected workers `sel` (a worker may be in several groups,
 * or 'NONE'/'UNKNOWN'), as monitor_contributions() keys them for the tally.
 */
const each = (keys: string) =>
  `SELECT w.worker_id, k.key FROM sel w CROSS JOIN LATERAL (${keys}) AS k(key)`;
const GROUPS: Record<RiskDimension | '', string> = {
  '': each(`SELECT ''`),
  STATUS_OF_RESIDENCE: each(`SELECT coalesce(w.residence_status, 'UNKNOWN')`),
  NATIONALITY: each(`SELECT coalesce(w.nationality, 'UNKNOWN')`),
  MUNICIPALITY: each(`SELECT coalesce(w.municipality_code, 'UNKNOWN')`),
  EMPLOYER: each(list('employer_ids')),
  JOB_FIELD: each(list('job_fields')),
  RESPONSIBLE_PARTY: `SELECT DISTINCT f.worker_id, f.party FROM f JOIN sel USING (worker_id)
    UNION ALL SELECT w.worker_id, 'NONE' FROM sel w
               WHERE NOT EXISTS (SELECT 1 FROM f WHERE f.worker_id = w.worker_id)`,
};

interface CountRow {
  kind: 'status' | 'rule';
  key: string;
  name: string;
  n: number;
}

const statusesOf = (filter: RiskFilter) => (filter.statuses?.length ? filter.statuses : null);

/**
 * Workers by status and findings by rule, per group key of `dim` ('' for the whole population,
 * key ''), of the groups `keys` (all when null): from monitor_tally when it holds the filter's
 * counts, else two aggregates over the stored rows. Under RESPONSIBLE_PARTY a group counts the
 * findings that party must cure.
 */
async function count(
  ds: DataSource,
  filter: RiskFilter,
  dim: RiskDimension | '',
  keys: string[] | null = null,
) {
  const tally = tallyFilter(filter);
  if (tally)
    return (await ds.query(
      `SELECT CASE WHEN rule_id = '' THEN 'status' ELSE 'rule' END AS kind, key,
              CASE WHEN rule_id = '' THEN status ELSE rule_id END AS name, sum(n)::int AS n
         FROM monitor_tally
        WHERE fdim = $1 AND fkey = $2 AND dim = $3
          AND ($4::text[] IS NULL OR status = ANY($4::text[]))
          AND ($5::text[] IS NULL OR key = ANY($5::text[]))
        GROUP BY 1, 2, 3 HAVING sum(n) <> 0`,
      [tally.fdim, tally.fkey, dim, statusesOf(filter), keys],
    )) as CountRow[];
  const { ctes, params } = storeFilter(filter);
  return (await ds.query(
    `WITH ${ctes}, g (worker_id, key) AS (
       SELECT * FROM (${GROUPS[dim]}) a (worker_id, key) WHERE $5::text[] IS NULL OR a.key = ANY($5::text[]))
     SELECT 'status' AS kind, g.key, w.status AS name, count(*)::int AS n
       FROM g JOIN sel w ON w.worker_id = g.worker_id GROUP BY g.key, w.status
     UNION ALL
     SELECT 'rule', g.key, f.rule_id, count(*)::int
       FROM g JOIN f ON f.worker_id = g.worker_id
            ${dim === 'RESPONSIBLE_PARTY' ? 'AND f.party = g.key' : ''}
      GROUP BY g.key, f.rule_id`,
    [...params, keys],
  )) as CountRow[];
}

/**
 * The CTE `sizes` (key, n: the group's selected workers) of every group of `dim`, in SQL: from
 * the tally's worker rows when it holds the filter's counts, else from the stored rows.
 */
function sizes(filter: RiskFilter, dim: RiskDimension): { ctes: string; params: unknown[] } {
  const tally = tallyFilter(filter);
  if (tally)
    return {
      ctes: `sizes AS (SELECT key, sum(n)::int AS n FROM monitor_tally
                        WHERE fdim = $1 AND fkey = $2 AND dim = $3 AND rule_id = ''
                          AND ($4::text[] IS NULL OR status = ANY($4::text[]))
                        GROUP BY key HAVING sum(n) <> 0)`,
      params: [tally.fdim, tally.fkey, dim, statusesOf(filter)],
    };
  const { ctes, params } = storeFilter(filter);
  return {
    ctes: `${ctes}, g (worker_id, key) AS (${GROUPS[dim]}),
       sizes AS (SELECT key, count(*)::int AS n FROM g GROUP BY key)`,
    params,
  };
}

/** One page of the groups of `dim` (exact counts): its keys in SQL, then their counts. */
async function exactGroups(
  ds: DataSource,
  filter: RiskFilter,
  dim: RiskDimension,
  page: ReturnType<typeof groupPage>,
) {
  const { ctes, params } = sizes(filter, dim);
  const keys = await pageKeys(ds, ctes, params, page);
  const rows = keys.keys.length
    ? await count(
        ds,
        filter,
        dim,
        keys.keys.map(([, key]) => key),
      )
    : [];
  return { rows, page: keys };
}

interface Counts {
  byStatus: Map<string, Cell>;
  byRule: Map<string, Cell>;
}

/** The counts of group `key` (`byKey` from `index`). */
function table(byKey: Map<string, CountRow[]>, key: string, rules: string[]): Counts {
  const rows = new Map((byKey.get(key) ?? []).map((r) => [`${r.kind} ${r.name}`, r.n]));
  const of = (kind: CountRow['kind'], name: string) => cell(rows.get(`${kind} ${name}`) ?? 0);
  return {
    byStatus: new Map(STATUSES.map((s) => [s, of('status', s)])),
    byRule: new Map(rules.map((r) => [r, of('rule', r)])),
  };
}

/** Rows by group key (the order of the groups is the page's: groups.ts). */
function index(rows: CountRow[]): Map<string, CountRow[]> {
  const byKey = new Map<string, CountRow[]>();
  for (const r of rows) {
    const of = byKey.get(r.key);
    if (of) of.push(r);
    else byKey.set(r.key, [r]);
  }
  return byKey;
}

const cells = (c: Counts) => [...c.byStatus.values(), ...c.byRule.values()];

const shape = (c: Counts) => ({
  byStatus: [...c.byStatus].map(([status, v]) => ({ status, ...published(v) })),
  byRule: [...c.byRule].map(([ruleId, v]) => ({ ruleId, ...published(v) })),
});

/**
 * The population overview from the monitor's store, with one page of its groups (selected workers
 * descending, then key; groups.ts). `exact` false (statistics:read only): counts from 1 to 9
 * withheld, with complementary suppression over every line the answer publishes, every group
 * included whatever the page; the groups are then ordered by the workers they show (the sum of
 * their published statuses), so that their order reveals no withheld count.
 */
export async function riskOverview(
  ds: DataSource,
  args: { groupBy?: RiskDimension | null; filter?: RiskFilter | null } & GroupPageArgs,
  exact: boolean,
) {
  const filter = args.filter ?? {};
  const page = groupPage(args);
  const dim = args.groupBy ?? null;
  // The whole population, the groups (one page of them, or all to suppress) and the date at once.
  const [rows, grouped, [{ asOf }]] = await Promise.all([
    count(ds, filter, ''),
    !dim
      ? null
      : exact
        ? exactGroups(ds, filter, dim, page)
        : count(ds, filter, dim).then((all) => ({ rows: all, page: null })),
    ds.query(`SELECT to_char(max(as_of), 'YYYY-MM-DD') AS "asOf" FROM monitored_worker`) as Promise<
      { asOf: string | null }[]
    >,
  ]);
  const rules = [...new Set(rows.filter((r) => r.kind === 'rule').map((r) => r.name))].sort();
  const total = table(index(rows), '', rules);
  const workers = cell([...total.byStatus.values()].reduce((s, c) => s + c.value, 0));
  const lines: Line[] = [{ parts: [...total.byStatus.values()], total: workers }];
  const page1 = grouped?.page ?? null;
  const byKey = index(grouped?.rows ?? []);
  const groups = [...byKey.keys()].map((key) => ({ key, counts: table(byKey, key, rules) }));
  if (dim) {
    const line = (pick: (c: Counts) => Map<string, Cell>) => (name: string, t: Cell) =>
      lines.push({ parts: groups.map((g) => pick(g.counts).get(name) as Cell), total: t });
    total.byStatus.forEach((t, s) => line((c) => c.byStatus)(s, t));
    total.byRule.forEach((t, r) => line((c) => c.byRule)(r, t));
  }
  if (!exact) suppress([workers, ...[total, ...groups.map((g) => g.counts)].flatMap(cells)], lines);
  const shown = (g: { key: string; counts: Counts }) => ({
    key: g.key,
    label: g.key,
    ...shape(g.counts),
  });
  // Exact: the page read in SQL, in its order. Else every group, ordered by what it shows.
  const showing = (c: Counts) =>
    [...c.byStatus.values()].reduce((s, v) => s + (v.suppressed ? 0 : v.value), 0);
  let paged: Paged<ReturnType<typeof shown>>;
  if (page1)
    paged = {
      groups: page1.keys.map(([, key]) => shown({ key, counts: table(byKey, key, rules) })),
      groupCount: page1.groupCount,
      groupsPageInfo: {
        hasNextPage: page1.more,
        endCursor: page1.keys.length ? encodeCursor(page1.keys.at(-1)!) : null,
      },
    };
  else {
    // Only the page's groups are shaped for the answer.
    const all = pageOf(
      groups.map((g) => ({ group: g, position: [showing(g.counts), g.key] as GroupPosition })),
      page,
    );
    paged = { ...all, groups: all.groups.map(shown) };
  }
  return {
    asOf: asOf ?? todayInTokyo(),
    workers: workers.suppressed ? null : workers.value,
    workersSuppressed: workers.suppressed,
    ...shape(total),
    ...paged,
  };
}
