import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { conflict } from './errors';

/** SQL for the table every subgraph keeps for idempotent mutations (used by its first migration). */
export const IDEMPOTENCY_TABLE_SQL = `
  CREATE TABLE idempotency_keys (
    key          text PRIMARY KEY,
    operation    text NOT NULL,
    request_hash text NOT NULL,
    result_id    uuid NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
  )`;

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k, v]) => k !== 'idempotencyKey' && v !== undefined && v !== null)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, stable(v)]),
    );
  }
  return value;
}

function requestHash(operation: string, input: object): string {
  return createHash('sha256')
    .update(operation)
    .update(JSON.stringify(stable(input)))
    .digest('hex');
}

interface MutationSpec<T extends { id: string }> {
  operation: string;
  input: { idempotencyKey?: string | null };
  /** Performs the change inside the transaction and returns the created or changed row. */
  execute(manager: EntityManager): Promise<T>;
  /** Loads the row a replayed key points to. */
  load(manager: EntityManager, id: string): Promise<T | null>;
}

/**
 * Runs a mutation as one transaction. With an idempotency key, a retry with the same input returns
 * the first result and writes nothing; the same key with other input is a CONFLICT.
 *
 * Requests with the same key take turns: a transaction-scoped advisory lock on the key is taken
 * before the key is looked up, so a concurrent retry waits for the first to commit and then finds
 * its result — it never runs the mutation itself and trips over the first one's rows (a unique
 * index turning into CONFLICT, a state check failing). Different keys never wait for each other
 * (short of a 64-bit hash collision, which only serialises them).
 */
export async function runMutation<T extends { id: string }>(
  ds: DataSource,
  spec: MutationSpec<T>,
): Promise<T> {
  const key = spec.input.idempotencyKey ?? null;
  const hash = requestHash(spec.operation, spec.input);
  return ds.transaction(async (manager) => {
    if (key) {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
      const rows: { request_hash: string; result_id: string }[] = await manager.query(
        'SELECT request_hash, result_id FROM idempotency_keys WHERE key = $1',
        [key],
      );
      if (rows.length > 0) {
        if (rows[0].request_hash !== hash) {
          throw conflict(
            `idempotencyKey ${key} was already used with other input`,
            'idempotencyKey',
          );
        }
        const previous = await spec.load(manager, rows[0].result_id);
        if (previous) return previous;
      }
    }
    const result = await spec.execute(manager);
    if (key) {
      await manager.query(
        'INSERT INTO idempotency_keys (key, operation, request_hash, result_id) VALUES ($1, $2, $3, $4)',
        [key, spec.operation, hash, result.id],
      );
    }
    return result;
  });
}
