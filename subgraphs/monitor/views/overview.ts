import type { DataSource } from 'typeorm';
import { todayInTokyo } from '../../kit/dates';
import { cell, published, suppress, type Cell, type Line } from './suppression';
import { storeFilter, tallyFilter, type RiskFilter } from './filter';

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

/**
 * Workers by status and findings by rule, per group key of `dim` ('' for the whole population,
 * key ''): from monitor_tally when it holds the filter's counts, else two aggregates over the
 * stored rows. Under RESPONSIBLE_PARTY a group counts the findings that party must cure.
 */
async function count(ds: DataSource, filter: RiskFilter, dim: RiskDimension | '') {
  const tally = tallyFilter(filter);
  if (tally)
    return (await ds.query(
      `SELECT CASE WHEN rule_id = '' THEN 'status' ELSE 'rule' END AS kind, key,
              CASE WHEN rule_id = '' THEN status ELSE rule_id END AS name, sum(n)::int AS n
         FROM monitor_tally
        WHERE fdim = $1 AND fkey = $2 AND dim = $3
          AND ($4::text[] IS NULL OR status = ANY($4::text[]))
        GROUP BY 1, 2, 3 HAVING sum(n) <> 0`,
      [tally.fdim, tally.fkey, dim, filter.statuses?.length ? filter.statuses : null],
    )) as CountRow[];
  const { ctes, params } = storeFilter(filter);
  return (await ds.query(
    `WITH ${ctes}, g (worker_id, key) AS (${GROUPS[dim]})
     SELECT 'status' AS kind, g.key, w.status AS name, count(*)::int AS n
       FROM g JOIN sel w ON w.worker_id = g.worker_id GROUP BY g.key, w.status
     UNION ALL
     SELECT 'rule', g.key, f.rule_id, count(*)::int
       FROM g JOIN f ON f.worker_id = g.worker_id
            ${dim === 'RESPONSIBLE_PARTY' ? 'AND f.party = g.key' : ''}
      GROUP BY g.key, f.rule_id`,
    params,
  )) as CountRow[];
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

/** Rows by group key, keys in order. */
function index(rows: CountRow[]): Map<string, CountRow[]> {
  const byKey = new Map<string, CountRow[]>();
  for (const r of [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
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
 * The population overview from the monitor's store. `exact` false (statistics:read only): counts
 * from 1 to 9 withheld, with complementary suppression over every line the answer publishes.
 */
export async function riskOverview(
  ds: DataSource,
  args: { groupBy?: RiskDimension | null; filter?: RiskFilter | null },
  exact: boolean,
) {
  const filter = args.filter ?? {};
  // The whole population, the groups and the date: three queries at once.
  const [rows, groupRows, [{ asOf }]] = await Promise.all([
    count(ds, filter, ''),
    args.groupBy ? count(ds, filter, args.groupBy) : [],
    ds.query(`SELECT to_char(max(as_of), 'YYYY-MM-DD') AS "asOf" FROM monitored_worker`) as Promise<
      { asOf: string | null }[]
    >,
  ]);
  const rules = [...new Set(rows.filter((r) => r.kind === 'rule').map((r) => r.name))].sort();
  const total = table(index(rows), '', rules);
  const workers = cell([...total.byStatus.values()].reduce((s, c) => s + c.value, 0));
  const lines: Line[] = [{ parts: [...total.byStatus.values()], total: workers }];
  let groups: { key: string; counts: Counts }[] = [];
  if (args.groupBy) {
    const grouped = index(groupRows);
    groups = [...grouped.keys()].map((key) => ({ key, counts: table(grouped, key, rules) }));
    const line = (pick: (c: Counts) => Map<string, Cell>) => (name: string, t: Cell) =>
      lines.push({ parts: groups.map((g) => pick(g.counts).get(name) as Cell), total: t });
    total.byStatus.forEach((t, s) => line((c) => c.byStatus)(s, t));
    total.byRule.forEach((t, r) => line((c) => c.byRule)(r, t));
  }
  if (!exact) suppress([workers, ...[total, ...groups.map((g) => g.counts)].flatMap(cells)], lines);
  return {
    asOf: asOf ?? todayInTokyo(),
    workers: workers.suppressed ? null : workers.value,
    workersSuppressed: workers.suppressed,
    ...shape(total),
    groups: groups.map((g) => ({ key: g.key, label: g.key, ...shape(g.counts) })),
  };
}
