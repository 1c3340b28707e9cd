import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The advisory lock (one key) the tally's writers take, so they never deadlock on its rows. */
export const TALLY_LOCK = 1766100000;

/** The columns of monitored_worker a worker's counts are derived from. */
const COUNTED = [
  'status',
  'residence_status',
  'nationality',
  'municipality_code',
  'employer_ids',
  'job_fields',
  "report->'findings'",
];
const counted = (alias: string) => COUNTED.map((c) => `${alias}.${c}`).join(', ');
const keys = (column: string) =>
  `unnest(CASE WHEN cardinality(r.${column}) = 0 THEN ARRAY['NONE'] ELSE r.${column} END)`;

/**
 * What the workers of relation `rows` add to monitor_tally (each count signed `sign`, 1 or -1),
 * set-based: per finding filter `v` (none; each rule, each party of the worker's findings) and
 * group key `k`, the worker in its status, and its findings of that filter by rule (under
 * RESPONSIBLE_PARTY only those of the group's party; a worker with none is in group NONE). The
 * keys are those of views/overview.ts (GROUPS).
 */
export const contributions = (rows: string, sign: number) => `
  WITH r AS (SELECT worker_id, status, residence_status, nationality, municipality_code,
                    employer_ids, job_fields, report->'findings' AS findings FROM ${rows} AS src),
    f AS (SELECT r.worker_id, x->>'ruleId' AS rule_id, x->>'responsibleParty' AS party
            FROM r, jsonb_array_elements(r.findings) x),
    v AS (SELECT worker_id, '' AS fdim, '' AS fkey FROM r
          UNION SELECT worker_id, 'RULE', rule_id FROM f
          UNION SELECT worker_id, 'PARTY', party FROM f),
    vf AS (SELECT v.worker_id, v.fdim, v.fkey, f.rule_id, f.party
             FROM v JOIN f ON f.worker_id = v.worker_id AND (v.fdim = ''
                  OR (v.fdim = 'RULE' AND f.rule_id = v.fkey)
                  OR (v.fdim = 'PARTY' AND f.party = v.fkey))),
    k AS (SELECT worker_id, '' AS dim, '' AS key FROM r
          UNION ALL SELECT worker_id, 'STATUS_OF_RESIDENCE', coalesce(residence_status, 'UNKNOWN')
                      FROM r
          UNION ALL SELECT worker_id, 'NATIONALITY', coalesce(nationality, 'UNKNOWN') FROM r
          UNION ALL SELECT worker_id, 'MUNICIPALITY', coalesce(municipality_code, 'UNKNOWN') FROM r
          UNION ALL SELECT DISTINCT worker_id, 'EMPLOYER', ${keys('employer_ids')} FROM r
          UNION ALL SELECT DISTINCT worker_id, 'JOB_FIELD', ${keys('job_fields')} FROM r),
    c AS (SELECT v.worker_id, v.fdim, v.fkey, k.dim, k.key, '' AS rule_id
            FROM v JOIN k ON k.worker_id = v.worker_id
          UNION ALL SELECT DISTINCT worker_id, fdim, fkey, 'RESPONSIBLE_PARTY', party, '' FROM vf
          UNION ALL SELECT worker_id, '', '', 'RESPONSIBLE_PARTY', 'NONE', '' FROM r
                     WHERE jsonb_array_length(r.findings) = 0
          UNION ALL SELECT vf.worker_id, vf.fdim, vf.fkey, k.dim, k.key, vf.rule_id
                      FROM vf JOIN k ON k.worker_id = vf.worker_id
          UNION ALL SELECT worker_id, fdim, fkey, 'RESPONSIBLE_PARTY', party, rule_id FROM vf)
  SELECT c.fdim, c.fkey, c.dim, c.key, r.status, c.rule_id, ${sign} * count(*) AS n
    FROM c JOIN r ON r.worker_id = c.worker_id
   GROUP BY c.fdim, c.fkey, c.dim, c.key, r.status, c.rule_id`;

/** The rows of `side` (new_rows, old_rows) of an update whose counted columns changed. */
const changed = (side: 'new_rows' | 'old_rows') =>
  `(SELECT s.* FROM ${side} s JOIN ${side === 'new_rows' ? 'old_rows' : 'new_rows'} o
     USING (worker_id) WHERE (${counted('s')}) IS DISTINCT FROM (${counted('o')}))`;

/**
 * Adds the (signed) tally rows of `source` to monitor_tally, one writer at a time, when relation
 * `rows` has any (a statement trigger fires for no row too: an upsert that only updated). `ordered`
 * (as first written) sorts the rows upserted; the lock alone keeps writers from deadlocking.
 */
const applyTally = (rows: string, source: string, ordered: boolean) => `
  IF EXISTS (SELECT FROM ${rows} AS any_row) THEN
  PERFORM pg_advisory_xact_lock(${TALLY_LOCK});
  INSERT INTO monitor_tally AS t (fdim, fkey, dim, key, status, rule_id, n)
  SELECT fdim, fkey, dim, key, status, rule_id, sum(n) FROM (${source}) d
   GROUP BY fdim, fkey, dim, key, status, rule_id HAVING sum(n) <> 0
   ${ordered ? 'ORDER BY fdim, fkey, dim, key, status, rule_id' : ''}
  ON CONFLICT (fdim, fkey, dim, key, status, rule_id) DO UPDATE SET n = t.n + EXCLUDED.n;
  END IF;`;

/** The current findings of the workers in relation `rows`, one row each (monitor_finding). */
const findingRows = (rows: string) => `
  INSERT INTO monitor_finding (worker_id, ord, due, sev_rank, rule_id, severity,
    responsible_party, employer_id, finding)
  SELECT r.worker_id, x.ord, coalesce((x.f->>'dueBy')::date, '9999-12-31'),
         CASE x.f->>'severity' WHEN 'VIOLATION' THEN 0 WHEN 'WARNING' THEN 1 ELSE 2 END,
         x.f->>'ruleId', x.f->>'severity', x.f->>'responsibleParty', x.f->>'employerId', x.f
    FROM ${rows} r
         CROSS JOIN LATERAL jsonb_array_elements(r.report->'findings') WITH ORDINALITY AS x(f, ord)`;

/**
 * The triggers' functions. `hashed` (migration TallyHashed): the tally's rows are upserted in no
 * particular order and the planner may not sort — it cannot estimate the transition tables (it
 * takes a page of 500 workers for 17 million rows) and chose a sort of every contribution row (an
 * external merge at 500 workers) where hash aggregation is 2× cheaper for the whole statement.
 */
export function storeFunctions(hashed: boolean): string[] {
  const settings = hashed ? 'SET jit = off SET enable_sort = off' : 'SET jit = off';
  const head = (name: string) =>
    `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql ${settings} AS $$`;
  return [
    `${head('monitor_store_inserted')}
      BEGIN
        ${findingRows('new_rows')};
        ${applyTally('new_rows', contributions('new_rows', 1), !hashed)}
        RETURN NULL;
      END $$`,
    `${head('monitor_store_updated')}
      BEGIN
        DELETE FROM monitor_finding m USING old_rows o, new_rows n
         WHERE m.worker_id = o.worker_id AND n.worker_id = o.worker_id
           AND n.report->'findings' IS DISTINCT FROM o.report->'findings';
        ${findingRows(`(SELECT n.* FROM new_rows n JOIN old_rows o USING (worker_id)
                          WHERE n.report->'findings' IS DISTINCT FROM o.report->'findings')`)};
        ${applyTally(
          changed('new_rows'),
          `(${contributions(changed('new_rows'), 1)}) UNION ALL (${contributions(changed('old_rows'), -1)})`,
          !hashed,
        )}
        RETURN NULL;
      END $$`,
    `${head('monitor_store_deleted')}
      BEGIN
        DELETE FROM monitor_finding m USING old_rows o WHERE m.worker_id = o.worker_id;
        ${applyTally('old_rows', contributions('old_rows', -1), !hashed)}
        RETURN NULL;
      END $$`,
  ];
}

/**
 * What the population views read at a million workers, kept by triggers on monitored_worker in
 * the statement that writes the reports (so in the same transaction, whoever writes):
 * - monitor_finding: one row per current finding (the reports' findings flattened), with the
 *   keyset indexes of the findings queue (dueBy nulls last, severity, worker, order in the report)
 *   for each filter;
 * - monitor_tally: riskOverview's exact counts — per finding filter (fdim '' none, RULE one rule,
 *   PARTY one responsible party: fkey), group dimension and key ('' '' the whole population),
 *   worker status and rule ('' counts workers, a rule id counts its findings). What one worker
 *   adds is `contributions`; a write adds the new rows' and subtracts the old rows'.
 * Plus the indexes riskTransitions (`since`) and asOf (max) need.
 */
export class PopulationStore1766100000000 implements MigrationInterface {
  name = 'PopulationStore1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE monitor_finding (
      worker_id         uuid NOT NULL,
      ord               int NOT NULL,
      due               date NOT NULL,
      sev_rank          smallint NOT NULL,
      rule_id           text NOT NULL,
      severity          text NOT NULL,
      responsible_party text,
      employer_id       text,
      finding           jsonb NOT NULL,
      PRIMARY KEY (worker_id, ord)
    )`);
    const order = 'due, sev_rank, worker_id, ord';
    await q.query(`CREATE INDEX monitor_finding_queue ON monitor_finding (${order})`);
    await q.query(`CREATE INDEX monitor_finding_rule ON monitor_finding (rule_id, ${order})`);
    await q.query(
      `CREATE INDEX monitor_finding_severity ON monitor_finding (sev_rank, due, worker_id, ord)`,
    );
    await q.query(
      `CREATE INDEX monitor_finding_party ON monitor_finding (responsible_party, ${order})`,
    );
    await q.query(`CREATE INDEX monitor_finding_employer ON monitor_finding (employer_id, ${order})
                    WHERE employer_id IS NOT NULL`);
    await q.query(`CREATE TABLE monitor_tally (
      fdim    text NOT NULL,
      fkey    text NOT NULL,
      dim     text NOT NULL,
      key     text NOT NULL,
      status  text NOT NULL,
      rule_id text NOT NULL,
      n       bigint NOT NULL,
      PRIMARY KEY (fdim, fkey, dim, key, status, rule_id)
    )`);
    for (const sql of storeFunctions(false)) await q.query(sql);
    await q.query(`CREATE TRIGGER monitor_store_inserted AFTER INSERT ON monitored_worker
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION monitor_store_inserted()`);
    await q.query(`CREATE TRIGGER monitor_store_updated AFTER UPDATE ON monitored_worker
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION monitor_store_updated()`);
    await q.query(`CREATE TRIGGER monitor_store_deleted AFTER DELETE ON monitored_worker
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION monitor_store_deleted()`);
    // What is stored already.
    await q.query(`${findingRows('monitored_worker')}`);
    await q.query('SET LOCAL jit = off');
    await q.query(`INSERT INTO monitor_tally (fdim, fkey, dim, key, status, rule_id, n)
      ${contributions('monitored_worker', 1)}`);
    await q.query(`CREATE INDEX monitored_worker_as_of ON monitored_worker (as_of)`);
    await q.query(`CREATE INDEX risk_transition_at ON risk_transition (at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX risk_transition_at');
    await q.query('DROP INDEX monitored_worker_as_of');
    await q.query('DROP TRIGGER monitor_store_deleted ON monitored_worker');
    await q.query('DROP TRIGGER monitor_store_updated ON monitored_worker');
    await q.query('DROP TRIGGER monitor_store_inserted ON monitored_worker');
    await q.query('DROP FUNCTION monitor_store_deleted()');
    await q.query('DROP FUNCTION monitor_store_updated()');
    await q.query('DROP FUNCTION monitor_store_inserted()');
    await q.query('DROP TABLE monitor_tally');
    await q.query('DROP TABLE monitor_finding');
  }
}
