import type { DataSource } from 'typeorm';
import { badInput } from '../../kit/errors';
import { isUuid } from '../../kit/validation';
import type { TransitionRow } from '../loaders';
import type { RiskFilter } from './filter';
import { connection, decodeCursor, pageSize } from './page';

const orNull = <T>(v: T[] | null | undefined) => (v && v.length ? v : null);

/**
 * Query.riskTransitions: the transitions recorded since `since`, oldest first. The filter keeps
 * transitions to one of `statuses`, of workers employed by `employerId`, adding or resolving a
 * finding of `ruleIds` / `responsibleParty`.
 */
export async function riskTransitions(
  ds: DataSource,
  args: { since: string; filter?: RiskFilter | null; first?: number | null; after?: string | null },
) {
  const size = pageSize(args.first);
  const f = args.filter ?? {};
  if (f.employerId && !isUuid(f.employerId))
    throw badInput('filter.employerId', 'Expected an employer id (UUID)');
  const [after] = args.after ? decodeCursor<[string]>(args.after, 1) : [null];
  if (after !== null && !/^\d+$/.test(after)) throw badInput('after', 'Not a cursor of this list');
  const rows = (await ds.query(
    `SELECT t.id::text AS id, t.worker_id::text AS "workerId", t.at, t.from_status AS "from",
            t.to_status AS "to", t.cause, t.source, t.findings_added AS "findingsAdded",
            t.findings_resolved AS "findingsResolved"
       FROM risk_transition t
      WHERE t.at >= $1::timestamptz
        AND ($2::text[] IS NULL OR t.to_status = ANY($2::text[]))
        AND ${
          // Written out only when asked: a sub-select under OR would be tried on every row.
          f.employerId
            ? `t.worker_id IN (SELECT m.worker_id FROM monitored_worker m
                WHERE m.employer_ids @> ARRAY[$3::text])`
            : '$3::text IS NULL'
        }
        AND (($4::text[] IS NULL AND $5::text IS NULL) OR EXISTS (
              SELECT 1 FROM jsonb_array_elements(t.findings_added || t.findings_resolved) x
               WHERE ($4::text[] IS NULL OR x->>'ruleId' = ANY($4::text[]))
                 AND ($5::text IS NULL OR x->>'responsibleParty' = $5::text)))
        AND ($6::bigint IS NULL OR (t.at, t.id) >
              (SELECT c.at, c.id FROM risk_transition c WHERE c.id = $6::bigint))
      ORDER BY t.at, t.id LIMIT ${size + 1}`,
    [
      args.since,
      orNull(f.statuses),
      f.employerId ?? null,
      orNull(f.ruleIds),
      f.responsibleParty ?? null,
      after,
    ],
  )) as TransitionRow[];
  return connection(
    rows,
    size,
    (r) => [r.id],
    (r) => r,
  );
}
