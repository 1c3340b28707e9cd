import type { DataSource } from 'typeorm';
import { CATALOGUE } from '../consistency/engine/catalogue';
import { bulkSql, type Population } from '../../tools/demo/bulk';
import { planSql } from '../../tools/demo/population';

/** As the residence registry's generator picks them (subgraphs/residence/population.ts). */
const NATIONALITIES = [
  'VN',
  'VN',
  'VN',
  'CN',
  'CN',
  'PH',
  'PH',
  'NP',
  'ID',
  'MM',
  'BR',
  'KR',
  'LK',
];

/**
 * A synthetic monitor store for population `p` (tools/demo/population.ts: the same worker and
 * employer ids, residence statuses, nationalities, job fields and employers as the registries'
 * bulk generator), shaped as real stored reports: ~70 % CONSISTENT, ~15 % AT_RISK (warnings only),
 * ~12 % VIOLATION (one violation at least), ~3 % INCOMPLETE, one to three findings of the catalogue's rules (with their
 * severity, responsible party, a due date for most, the employer for the employer's, evidence),
 * one FIRST_EVALUATION transition each three days ago, and a change in the last day for ~3 %.
 * INSERT … SELECT generate_series in chunks; the store's triggers fill monitor_finding and
 * monitor_tally as for any write; then VACUUM ANALYZE. For measuring the population views (a
 * scratch database).
 */
export function storeStatements(p: Population, asOf: string, chunk = 100_000): string[] {
  const { R, UID, PICK, lit } = bulkSql(p.seed);
  const rules = CATALOGUE.map(
    (r) =>
      `(${lit(r.id)}, ${lit(r.severity)}, ${lit(r.responsibleParty)}, ${lit(r.affectedParty)}, ${lit(r.title)}, ${lit(r.legalBasis)})`,
  ).join(',\n');
  const n = CATALOGUE.length;
  const nv = CATALOGUE.filter((r) => r.severity === 'VIOLATION').length;
  const statements = [
    planSql(p),
    // k: among all rules; kv among the violations, kw among the others.
    `CREATE TEMP TABLE rules (k int, kv int, kw int, rule_id text, severity text, party text,
       affected text, title text, basis text)`,
    `INSERT INTO rules SELECT row_number() OVER () - 1,
       CASE WHEN severity = 'VIOLATION' THEN row_number() OVER (PARTITION BY severity = 'VIOLATION') - 1 END,
       CASE WHEN severity <> 'VIOLATION' THEN row_number() OVER (PARTITION BY severity = 'VIOLATION') - 1 END, *
       FROM (VALUES ${rules}) v (rule_id, severity, party, affected, title, basis)`,
  ];
  for (let from = 1; from <= p.workers; from += chunk) {
    const to = Math.min(p.workers, from + chunk - 1);
    statements.push(`
    INSERT INTO monitored_worker (worker_id, status, report, next_review_on, as_of, evaluated_at,
      cause, source, residence_status, nationality, employer_ids, job_fields)
    SELECT wid, st, jsonb_build_object('findings', coalesce(fs.findings, '[]'::jsonb),
             'missingSources', CASE WHEN st = 'INCOMPLETE' THEN '["TAX"]'::jsonb ELSE '[]' END,
             'unevaluatedRules', '[]'::jsonb),
           CASE WHEN ${R('review', 'i')} < 0.6 THEN date ${lit(asOf)} + 1 + floor(${R('rv', 'i')} * 365)::int END,
           date ${lit(asOf)}, now() - interval '3 days', 'FIRST_EVALUATION', NULL, status,
           ${PICK(NATIONALITIES, R('nat', 'i'))},
           CASE WHEN NOT employed THEN '{}'::text[]
                WHEN has_second THEN ARRAY[${UID('er', 'emp_idx')}::text, ${UID('er', 'emp2_idx')}::text]
                ELSE ARRAY[${UID('er', 'emp_idx')}::text] END,
           CASE WHEN employed THEN ARRAY[job_field] ELSE '{}'::text[] END
      FROM (SELECT plan.*, ${R('mst', 'i')} AS m,
                   CASE WHEN ${R('mst', 'i')} < 0.70 THEN 'CONSISTENT' WHEN ${R('mst', 'i')} < 0.85 THEN 'AT_RISK'
                        WHEN ${R('mst', 'i')} < 0.97 THEN 'VIOLATION' ELSE 'INCOMPLETE' END AS st
              FROM plan WHERE i BETWEEN ${from} AND ${to}) w
      LEFT JOIN LATERAL (
        SELECT jsonb_agg(jsonb_build_object('ruleId', r.rule_id, 'severity', r.severity,
                 'title', r.title, 'explanation', 'Synthetic finding ' || j || ' of worker ' || w.i,
                 'responsibleParty', r.party, 'affectedParty', r.affected, 'legalBasis', r.basis,
                 'recommendedAction', 'Review the records.',
                 'dueBy', CASE WHEN ${R({ sql: `'due' || j` }, 'w.i')} < 0.8
                   THEN to_char(date ${lit(asOf)} + floor(${R({ sql: `'dd' || j` }, 'w.i')} * 120)::int - 30, 'YYYY-MM-DD') END,
                 'employerId', CASE WHEN r.party = 'EMPLOYER' AND w.employed THEN ${UID('er', 'w.emp_idx')}::text END,
                 'evidence', jsonb_build_array(jsonb_build_object('id', md5(w.wid::text || j),
                   'source', 'RESIDENCE', 'entity', 'ResidencePermit', 'recordId', w.wid::text,
                   'field', 'expiresOn', 'value', ${lit(asOf)}, 'redacted', false)))
                 ORDER BY j) AS findings
          FROM generate_series(1, CASE WHEN w.st = 'CONSISTENT' THEN 0 WHEN w.st = 'INCOMPLETE' THEN 1
                 ELSE 1 + floor(${R('nf', 'w.i')} * 3)::int END) j
          JOIN rules r ON CASE
            WHEN w.st = 'VIOLATION' AND j = 1 THEN r.kv = floor(${R({ sql: `'rule' || j` }, 'w.i')} * ${nv})::int
            WHEN w.st = 'AT_RISK' THEN r.kw = floor(${R({ sql: `'rule' || j` }, 'w.i')} * ${n - nv})::int
            ELSE r.k = floor(${R({ sql: `'rule' || j` }, 'w.i')} * ${n})::int END
      ) fs ON true`);
  }
  statements.push(
    `INSERT INTO risk_transition (worker_id, at, from_status, to_status, cause, source,
       findings_added, findings_resolved)
     SELECT worker_id, evaluated_at, NULL, status, 'FIRST_EVALUATION', NULL, report->'findings', '[]'
       FROM monitored_worker ORDER BY evaluated_at, worker_id`,
    `INSERT INTO risk_transition (worker_id, at, from_status, to_status, cause, source,
       findings_added, findings_resolved)
     SELECT worker_id, now() - interval '20 hours' + (row_number() OVER (ORDER BY worker_id))
              * interval '1 second', 'CONSISTENT', status, 'DATA_CHANGE', 'EMPLOYMENT',
            report->'findings', '[]'
       FROM monitored_worker
      WHERE status <> 'CONSISTENT' AND ${R('moved', 'worker_id::text')} < 0.1`,
    // What autovacuum does to a store soon after a sweep: the chunks' upserts of the tally leave
    // dead rows, and an unvacuumed table has no all-visible pages for index-only scans.
    'VACUUM ANALYZE',
    'DROP TABLE plan',
    'DROP TABLE rules',
  );
  return statements;
}

/** Fills an empty monitor store (migrated) with `storeStatements`, on one connection. */
export async function fillStore(ds: DataSource, p: Population, asOf: string): Promise<void> {
  const runner = ds.createQueryRunner();
  try {
    for (const sql of storeStatements(p, asOf)) await runner.query(sql);
  } finally {
    await runner.release();
  }
}
