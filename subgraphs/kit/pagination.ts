import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { badInput } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 500;

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Counted only when the client asks for it (GraphQL calls the function). */
  totalCount: () => Promise<number>;
}

export function encodeCursor(seq: string): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const m = /^seq:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw badInput('after', 'after: is not a cursor returned by this connection');
  return m[1];
}

/**
 * A Relay page over a table with an identity column `seq` (registration order): one statement for
 * the rows whatever the page size, and one for the total only when `totalCount` is selected.
 */
export async function seqPage<T extends ObjectLiteral & { seq: string }>(
  ds: DataSource,
  entity: EntityTarget<T>,
  args: { first?: number | null; after?: string | null },
): Promise<Connection<T>> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput('first', `first: must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  const repo = ds.getRepository(entity);
  const qb = repo
    .createQueryBuilder('e')
    .orderBy('e.seq', 'ASC')
    .limit(first + 1);
  if (args.after) qb.where('e.seq > :after', { after: decodeCursor(args.after) });
  const rows = await qb.getMany();
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(node.seq), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: () => repo.count(),
  };
}
