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
/**
 * `column` among the values of array parameter `param`: an equality when there is one value, so
 * the planner reads that value's index in queue order; always true when there are none.
 */
function oneOf(column: string, param: string, values: unknown[] | null | undefined): string {
  if (!values?.length) return `${param} IS NULL`;
  return values.length === 1 ? `${column} = (${param})[1]` : `${column} = ANY(${param})`;
}

/** Severity's place in the queue (monitor_finding.sev_rank). */
const RANK: Record<string, number> = { VIOLATION: 0, WARNING: 1, INFO: 2 };
const orNull = <T>(v: T[] | null | undefined) => (v && v.length ? v : null);

/**
 * Current findings of the stored reports (monitor_finding, one row each) in queue order: dueBy
 * (nulls last), severity (VIOLATION, WARNING, INFO), worker, then their order in the report; after
 * `from` when given. Each filter has an index in that order (migration PopulationStore).
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
  const [due, rank, worker, ord] = from ?? [];
  const valid = isCalendarDate(due) && isUuid(worker ?? '') && [rank, ord].every(Number.isInteger);
  if (from && !valid) throw badInput('after', 'Not a cursor of this list');
  return (await ds.query(
    `SELECT m.worker_id::text AS "workerId", m.ord, m.finding,
            to_char(m.due, 'YYYY-MM-DD') AS due, m.sev_rank::int AS rank
       FROM monitor_finding m
      WHERE ${oneOf('rule_id', '$1::text[]', filter.ruleIds)}
        AND ${oneOf('sev_rank', '$2::int[]', filter.severities)}
        AND ($3::text IS NULL OR responsible_party = $3::text)
        AND ($4::text IS NULL OR employer_id = $4::text)
        AND ($5::date IS NULL OR m.due <= $5::date)
        AND ($6::date IS NULL OR (m.due, m.sev_rank, m.worker_id, m.ord) > ($6::date, $7::int, $8::uuid, $9::int))
      ORDER BY m.due, m.sev_rank, m.worker_id, m.ord -- the columns, not the outputs named so
      ${page ? `LIMIT ${page.limit + 1}` : ''}`,
    [
      orNull(filter.ruleIds),
      orNull(filter.severities)?.map((v) => RANK[v] ?? 2),
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
