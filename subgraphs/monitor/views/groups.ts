import type { DataSource } from 'typeorm';
import { badInput } from '../../kit/errors';
import { encodeCursor } from './page';

/** riskOverview's groups per answer: `groupsFirst` defaults to this… */
export const DEFAULT_GROUPS = 100;
/** …and is at most this. */
export const MAX_GROUPS = 1000;

/** A group's place in the order of groups: its selected workers (descending), then its key. */
export type GroupPosition = [number, string];

export interface GroupPageArgs {
  groupsFirst?: number | null;
  groupsAfter?: string | null;
}

/** `groupsFirst` and `groupsAfter` checked: BAD_USER_INPUT naming the argument. */
export function groupPage(args: GroupPageArgs): { size: number; from: GroupPosition | null } {
  const size = args.groupsFirst ?? DEFAULT_GROUPS;
  if (!Number.isInteger(size) || size < 1 || size > MAX_GROUPS)
    throw badInput('groupsFirst', `groupsFirst must be between 1 and ${MAX_GROUPS}`);
  if (args.groupsAfter == null) return { size, from: null };
  let from: unknown;
  try {
    from = JSON.parse(Buffer.from(args.groupsAfter, 'base64url').toString());
  } catch {
    // falls through
  }
  const ok =
    Array.isArray(from) &&
    from.length === 2 &&
    Number.isInteger(from[0]) &&
    (from[0] as number) >= 0 &&
    typeof from[1] === 'string';
  if (!ok) throw badInput('groupsAfter', 'Not a cursor of these groups');
  return { size, from: from as GroupPosition };
}

/** Is `p` after `from` in the order of groups? */
const isAfter = (p: GroupPosition, from: GroupPosition | null) =>
  !from || p[0] < from[0] || (p[0] === from[0] && p[1] > from[1]);

export interface Paged<G> {
  groups: G[];
  groupCount: number;
  groupsPageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** A page of `all` (every group with its position), ordered, after `from`. */
export function pageOf<G>(
  all: { group: G; position: GroupPosition }[],
  page: { size: number; from: GroupPosition | null },
): Paged<G> {
  const ordered = all
    .filter((g) => isAfter(g.position, page.from))
    .sort((a, b) => b.position[0] - a.position[0] || (a.position[1] < b.position[1] ? -1 : 1));
  const shown = ordered.slice(0, page.size);
  return {
    groups: shown.map((g) => g.group),
    groupCount: all.length,
    groupsPageInfo: {
      hasNextPage: ordered.length > page.size,
      endCursor: shown.length ? encodeCursor(shown.at(-1)!.position) : null,
    },
  };
}

/**
 * The keys of one page of groups and how many groups there are, in SQL: `sizes` (key, n: the
 * group's selected workers) is a CTE of `ctes`; ordered by n descending then key, after `from`,
 * `size + 1` read (the last one tells whether a page follows). Parameters from `$${next}`.
 */
export async function pageKeys(
  ds: DataSource,
  ctes: string,
  params: unknown[],
  page: { size: number; from: GroupPosition | null },
): Promise<{ keys: GroupPosition[]; groupCount: number; more: boolean }> {
  const p = params.length;
  const rows = (await ds.query(
    `WITH ${ctes}
     SELECT t.total, k.key, k.n
       FROM (SELECT count(*)::int AS total FROM sizes) t
       LEFT JOIN LATERAL (
         SELECT key, n FROM sizes
          WHERE $${p + 1}::int IS NULL OR n < $${p + 1}::int OR (n = $${p + 1}::int AND key > $${p + 2}::text)
          ORDER BY n DESC, key LIMIT ${page.size + 1}) k ON true`,
    [...params, ...(page.from ?? [null, null])],
  )) as { total: number; key: string | null; n: number | null }[];
  const keys = rows
    .filter((r) => r.key !== null)
    .map((r): GroupPosition => [Number(r.n), r.key as string]);
  return {
    keys: keys.slice(0, page.size),
    groupCount: rows[0].total,
    more: keys.length > page.size,
  };
}
