import type { DataSource, EntityManager } from 'typeorm';
import type { Identity } from './auth';
import { badInput, forbidden } from './errors';

/** Whom a change concerns (the `ChangeKind` enum of schema/shared/changes.graphql). */
export const CHANGE_KINDS = ['WORKER', 'EMPLOYER'] as const;

/** The workers and employers a mutation changed: whose findings may now differ. */
export interface Changes {
  workers: string[];
  employers: string[];
}

/**
 * Migration SQL for the transactional outbox every registry keeps: one row per worker or employer a
 * committed mutation changed. An identity column rather than `bigserial`: the service role may
 * insert without any privilege on the sequence (kit/privileges.ts revokes those), and it may only
 * INSERT and SELECT here (CHANGE_OUTBOX_TABLE is append-only there).
 */
export const CHANGE_OUTBOX_TABLE = 'change_outbox';
export const CHANGE_OUTBOX_SQL = [
  `CREATE TABLE change_outbox (
     seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     committed_at timestamptz NOT NULL DEFAULT now(),
     operation    text NOT NULL,
     kind         text NOT NULL CHECK (kind IN ('WORKER', 'EMPLOYER')),
     entity_id    text NOT NULL
   )`,
];
export const DROP_CHANGE_OUTBOX_SQL = ['DROP TABLE change_outbox'];

/**
 * The outbox's advisory lock, in the two-integer key space: the single-bigint keys of the
 * idempotency locks (kit/idempotency.ts) and of the access log's chain never collide with it.
 */
const OUTBOX_LOCK = '4715172, 2';

/**
 * Writes what a mutation changed into the outbox, inside the mutation's transaction (so the rows
 * commit with the change or not at all), once per executed mutation: a replayed idempotency key
 * never reaches here.
 *
 * Order: a follower reads `seq > cursor` and must never miss a row that commits later with a
 * smaller seq. The rows are inserted at the end of the transaction under a transaction-level
 * advisory lock, and their seq is drawn only once the lock is held; the lock is released after the
 * commit is visible. So a transaction holding seq n has committed (or rolled back, leaving a gap)
 * before any other draws a seq above n: seq order is commit order, and once a reader sees seq n,
 * every smaller seq is already visible. The lock is held only from this insert to the commit; what
 * follows it (the idempotency key's row, kit/idempotency.ts) never waits, its key being locked
 * already, so no deadlock. The price: a registry's changing commits take turns (200 concurrent
 * registrations on PostgreSQL took 2.2-3.8 s with the lock, 2.1-3.3 s without: within the noise).
 */
export async function recordChanges(
  m: EntityManager,
  operation: string,
  changes: Changes,
): Promise<void> {
  const ids = [...changes.workers, ...changes.employers];
  if (ids.length === 0) return;
  const [worker, employer] = CHANGE_KINDS;
  const kinds = [...changes.workers.map(() => worker), ...changes.employers.map(() => employer)];
  await m.query(`SELECT pg_advisory_xact_lock(${OUTBOX_LOCK})`);
  // clock_timestamp(), not the transaction's start: taken under the lock, `at` rises with seq.
  await m.query(
    `INSERT INTO change_outbox (committed_at, operation, kind, entity_id)
     SELECT clock_timestamp(), $1, kind, id
       FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(kind, id, n) ORDER BY n`,
    [operation, kinds, ids],
  );
}

/** The scope that reads a registry's change feed, and the one field it opens. */
export const CHANGES_SCOPE = 'changes:read';
export const CHANGES_FIELD = 'Query.changes';
/** Reached only through `Query.changes`, which guards them (kit/guard.ts). */
export const CHANGE_FEED_TYPES = ['ChangeConnection', 'ChangeEdge', 'Change'];

/** `changes:read`, and not a worker: the feed names other workers. No purpose (no personal values). */
export function assertMayReadChanges(identity: Identity): void {
  if (!identity.scopes.has(CHANGES_SCOPE)) {
    throw forbidden(`${CHANGES_FIELD} requires the scope ${CHANGES_SCOPE}`, {
      scope: CHANGES_SCOPE,
    });
  }
  if (identity.agency === 'WORKER')
    throw forbidden(`${CHANGES_FIELD} is not available to a worker`);
}

export const DEFAULT_CHANGES_PAGE = 100;
export const MAX_CHANGES_PAGE = 1000;

export interface ChangeView {
  seq: string;
  at: string;
  kind: (typeof CHANGE_KINDS)[number];
  id: string;
  operation: string;
}

export interface ChangeConnectionView {
  edges: { cursor: string; node: ChangeView }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

interface OutboxRow {
  seq: string;
  committed_at: Date;
  kind: ChangeView['kind'];
  entity_id: string;
  operation: string;
}

/** A cursor is a seq as decimal text (the feed's position), as `endCursor` returns it. */
function seqOf(after: string | null | undefined): string {
  if (after === null || after === undefined) return '0';
  if (!/^(0|[1-9]\d{0,17})$/.test(after))
    throw badInput('after', 'after: is not a cursor returned by changes');
  return after;
}

/**
 * `Query.changes` of every registry: its outbox after `after`, in seq (commit) order. A follower
 * stores `endCursor` and asks again from it; an empty page has `endCursor: null` (keep the cursor).
 */
export async function changeFeed(
  _: unknown,
  args: { after?: string | null; first?: number | null },
  ctx: { db: DataSource },
): Promise<ChangeConnectionView> {
  const first = args.first ?? DEFAULT_CHANGES_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_CHANGES_PAGE)
    throw badInput('first', `first: must be between 0 and ${MAX_CHANGES_PAGE}`);
  const rows: OutboxRow[] = await ctx.db.query(
    `SELECT o.seq::text AS seq, o.committed_at, o.kind, o.entity_id, o.operation
       FROM change_outbox o WHERE o.seq > $1::bigint ORDER BY o.seq LIMIT $2`,
    [seqOf(args.after), first + 1],
  );
  const edges = rows.slice(0, first).map((r) => ({
    cursor: r.seq,
    node: {
      seq: r.seq,
      at: new Date(r.committed_at).toISOString(),
      kind: r.kind,
      id: r.entity_id,
      operation: r.operation,
    },
  }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
