import type { DataSource } from 'typeorm';
import { todayInTokyo } from '../../kit/dates';
import { cell, published, suppress, type Cell, type Line } from './suppression';
import { storeFilter, type RiskFilter } from './filter';

export type RiskDimension =
  | 'STATUS_OF_RESIDENCE'
  | 'NATIONALITY'
  | 'EMPLOYER'
  | 'RESPONSIBLE_PARTY'
  | 'JOB_FIELD'
  | 'MUNICIPALITY';

export const STATUSES = ['CONSISTENT', 'AT_RISK', 'VIOLATION', 'INCOMPLETE'] as const;

const list = (column: string) =>
  `SELECT unnest(CASE WHEN cardinality(w.${column}) = 0 THEN ARRAY['NONE'] ELSE w.${column} END)`;

/** The group keys of one worker `w` (a worker may be in several groups, or 'NONE'/'UNKNOWN'). */
const KEYS: Record<RiskDimension, string> = {
  STATUS_OF_RESIDENCE: `SELECT coalesce(w.residence_status, 'UNKNOWN')`,
  NATIONALITY: `SELECT coalesce(w.nationality, 'UNKNOWN')`,
  MUNICIPALITY: `SELECT coalesce(w.municipality_code, 'UNKNOWN')`,
  EMPLOYER: list('employer_ids'),
  JOB_FIELD: list('job_fields'),
  RESPONSIBLE_PARTY: `SELECT DISTINCT f.party FROM f WHERE f.worker_id = w.worker_id
    UNION SELECT 'NONE' WHERE NOT EXISTS (SELECT 1 FROM f WHERE f.worker_id = w.worker_id)`,
};

interface CountRow {
  kind: 'status' | 'rule';
  key: string;
  name: string;
  n: number;
}

/**
 * Workers by status and findings by rule, per group key: two aggregates over the stored reports
 * (`keys` '' for the whole population). Under RESPONSIBLE_PARTY a group counts the findings that
 * party must cure.
 */
async function count(ds: DataSource, filter: RiskFilter, keys: string, byParty: boolean) {
  const { ctes, params } = storeFilter(filter);
  return (await ds.query(
    `WITH ${ctes},
       g AS (SELECT w.worker_id, k.key FROM sel w CROSS JOIN LATERAL (${keys}) AS k(key))
     SELECT 'status' AS kind, g.key, w.status AS name, count(*)::int AS n
       FROM g JOIN sel w ON w.worker_id = g.worker_id GROUP BY g.key, w.status
     UNION ALL
     SELECT 'rule', g.key, f.rule_id, count(*)::int
       FROM g JOIN f ON f.worker_id = g.worker_id ${byParty ? 'AND f.party = g.key' : ''}
      GROUP BY g.key, f.rule_id`,
    params,
  )) as CountRow[];
}

interface Counts {
  byStatus: Map<string, Cell>;
  byRule: Map<string, Cell>;
}

function table(rows: CountRow[], key: string, rules: string[]): Counts {
  const of = (kind: CountRow['kind'], name: string) =>
    cell(rows.find((r) => r.kind === kind && r.key === key && r.name === name)?.n ?? 0);
  return {
    byStatus: new Map(STATUSES.map((s) => [s, of('status', s)])),
    byRule: new Map(rules.map((r) => [r, of('rule', r)])),
  };
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
  const rows = await count(ds, filter, `SELECT ''`, false);
  const rules = [...new Set(rows.filter((r) => r.kind === 'rule').map((r) => r.name))].sort();
  const total = table(rows, '', rules);
  const workers = cell([...total.byStatus.values()].reduce((s, c) => s + c.value, 0));
  const lines: Line[] = [{ parts: [...total.byStatus.values()], total: workers }];
  let groups: { key: string; counts: Counts }[] = [];
  if (args.groupBy) {
    const grouped = await count(
      ds,
      filter,
      KEYS[args.groupBy],
      args.groupBy === 'RESPONSIBLE_PARTY',
    );
    groups = [...new Set(grouped.map((r) => r.key))]
      .sort()
      .map((key) => ({ key, counts: table(grouped, key, rules) }));
    const line = (pick: (c: Counts) => Map<string, Cell>) => (name: string, t: Cell) =>
      lines.push({ parts: groups.map((g) => pick(g.counts).get(name) as Cell), total: t });
    total.byStatus.forEach((t, s) => line((c) => c.byStatus)(s, t));
    total.byRule.forEach((t, r) => line((c) => c.byRule)(r, t));
  }
  if (!exact) suppress([workers, ...[total, ...groups.map((g) => g.counts)].flatMap(cells)], lines);
  const [{ asOf }] = (await ds.query(
    `SELECT to_char(max(as_of), 'YYYY-MM-DD') AS "asOf" FROM monitored_worker`,
  )) as { asOf: string | null }[];
  return {
    asOf: asOf ?? todayInTokyo(),
    workers: workers.suppressed ? null : workers.value,
    workersSuppressed: workers.suppressed,
    ...shape(total),
    groups: groups.map((g) => ({ key: g.key, label: g.key, ...shape(g.counts) })),
  };
}
