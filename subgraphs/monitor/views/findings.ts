import type { DataSource } from 'typeorm';
import { isCalendarDate } from '../../kit/dates';
import { badInput } from '../../kit/errors';
import { isUuid } from '../../kit/validation';
import type { StoredFinding } from '../report';
import { connection, decodeCursor, pageSize } from './page';

export interface FindingFilter {
  ruleIds?: string[] | null;
  severities?: string[] | null;
  responsibleParty?: string | null;
  employerId?: string | null;
  dueBefore?: string | null;
}

export interface FindingRow {
  workerId: string;
  ord: number;
  due: string;
  rank: number;
  finding: StoredFinding;
}

type Position = [string, number, string, number];
const position = (r: FindingRow): Position => [r.due, r.rank, r.workerId, r.ord];
const orNull = <T>(v: T[] | null | undefined) => (v && v.length ? v : null);

/**
 * Current findings of the stored reports in queue order: dueBy (nulls last), severity (VIOLATION,
 * WARNING, INFO), worker, then their order in the report; after `from` when given.
 */
export async function findingRows(
  ds: DataSource,
  filter: FindingFilter,
  page?: { limit: number; from: Position | null },
): Promise<FindingRow[]> {
  if (filter.employerId && !isUuid(filter.employerId))
    throw badInput('filter.employerId', 'Expected an employer id (UUID)');
  if (filter.dueBefore && !isCalendarDate(filter.dueBefore))
    throw badInput('filter.dueBefore', 'Expected a date YYYY-MM-DD');
  const from = page?.from ?? null;
  return (await ds.query(
    `SELECT * FROM (
       SELECT m.worker_id::text AS "workerId", x.ord::int AS ord, x.finding,
              coalesce(x.finding->>'dueBy', '9999-12-31') AS due,
              CASE x.finding->>'severity' WHEN 'VIOLATION' THEN 0 WHEN 'WARNING' THEN 1 ELSE 2 END
                AS rank
         FROM monitored_worker m
              CROSS JOIN LATERAL jsonb_array_elements(m.report->'findings')
              WITH ORDINALITY AS x(finding, ord)
        WHERE ($1::text[] IS NULL OR x.finding->>'ruleId' = ANY($1::text[]))
          AND ($2::text[] IS NULL OR x.finding->>'severity' = ANY($2::text[]))
          AND ($3::text IS NULL OR x.finding->>'responsibleParty' = $3::text)
          AND ($4::text IS NULL OR x.finding->>'employerId' = $4::text)
          AND ($5::text IS NULL OR x.finding->>'dueBy' <= $5::text)) q
      WHERE $6::text IS NULL OR (due, rank, "workerId", ord) > ($6::text, $7::int, $8::text, $9::int)
      ORDER BY due, rank, "workerId", ord
      ${page ? `LIMIT ${page.limit + 1}` : ''}`,
    [
      orNull(filter.ruleIds),
      orNull(filter.severities),
      filter.responsibleParty ?? null,
      filter.employerId ?? null,
      filter.dueBefore ?? null,
      ...(from ?? [null, null, null, null]),
    ],
  )) as FindingRow[];
}

/** Query.findings: a page of the queue; nodes are (stored finding, worker) to show. */
export async function findings(
  ds: DataSource,
  args: { filter?: FindingFilter | null; first?: number | null; after?: string | null },
) {
  const size = pageSize(args.first);
  const from = args.after ? decodeCursor<Position>(args.after, 4) : null;
  const rows = await findingRows(ds, args.filter ?? {}, { limit: size, from });
  return connection(rows, size, position, (r) => r);
}
