import { badInput, forbidden } from '../../kit/errors';
import type { Identity } from '../../kit/auth';

export const MAX_PAGE = 500;

/** `first` checked (1–500, default 100). */
export function pageSize(first: number | null | undefined): number {
  const n = first ?? 100;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE)
    throw badInput('first', `first must be between 1 and ${MAX_PAGE}`);
  return n;
}

export const encodeCursor = (position: unknown[]) =>
  Buffer.from(JSON.stringify(position)).toString('base64url');

/** A cursor's position, or BAD_USER_INPUT on `after` when it is not one of ours. */
export function decodeCursor<T extends unknown[]>(after: string, length: number): T {
  try {
    const position = JSON.parse(Buffer.from(after, 'base64url').toString()) as unknown;
    if (Array.isArray(position) && position.length === length) return position as T;
  } catch {
    // falls through
  }
  throw badInput('after', 'Not a cursor of this list');
}

/** A Relay connection from up to `size + 1` rows read. */
export function connection<R, N>(
  rows: R[],
  size: number,
  position: (row: R) => unknown[],
  node: (row: R) => N,
) {
  const edges = rows
    .slice(0, size)
    .map((r) => ({ cursor: encodeCursor(position(r)), node: node(r) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/** Lists of personal data state a purpose even when they come back empty. */
export function requirePurpose(identity: Identity): void {
  if (!identity.purpose)
    throw forbidden('Reading personal data requires a purpose: send X-Purpose or a purpose claim', {
      reason: 'PURPOSE_REQUIRED',
    });
}
