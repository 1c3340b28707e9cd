import DataLoader from 'dataloader';
import type {
  DataSource,
  EntityManager,
  EntityTarget,
  FindOptionsWhere,
  ObjectLiteral,
} from 'typeorm';
import { keySelect } from './selects';
import { isUuid } from './validation';

/**
 * Rows by primary key: one statement per batch (`id = ANY($1)`, kit/selects.ts), results in key
 * order.
 * Keys that cannot be ids resolve to null without a query.
 */
export function byIdLoader<T extends ObjectLiteral & { id: string }>(
  ds: DataSource,
  entity: EntityTarget<T>,
): DataLoader<string, T | null> {
  const select = keySelect(ds, entity, 'id', []);
  return new DataLoader(async (ids) => {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await select.run(valid) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/**
 * Rows grouped by a foreign key (`column = ANY($1)`, kit/selects.ts), one statement per batch,
 * each group in `orderBy` order (then by id).
 */
export function groupLoader<T extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
  property: keyof T & string,
  orderBy: (keyof T & string)[] = [],
): DataLoader<string, T[]> {
  const select = keySelect(ds, entity, property, [...orderBy, 'id']);
  return new DataLoader(async (keys) => {
    const valid = keys.filter(isUuid);
    const rows = valid.length ? await select.run(valid) : [];
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const key = String(row[property]);
      const list = groups.get(key) ?? [];
      list.push(row);
      groups.set(key, list);
    }
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/**
 * One row by id inside a transaction (locked for update when it is about to change); null for ids
 * that cannot exist, checked before the query so a bad id never aborts the transaction.
 */
export async function findById<T extends ObjectLiteral & { id: string }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<T | null> {
  if (!isUuid(id)) return null;
  return manager.getRepository(entity).findOne({
    where: { id } as FindOptionsWhere<T>,
    ...(options.forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
}

/**
 * The row another row refers to by foreign key: it always exists, so its absence is a broken
 * invariant (an internal error), never null on a non-null field.
 */
export async function loadReferenced<T>(
  loader: DataLoader<string, T | null>,
  id: string,
): Promise<T> {
  const row = await loader.load(id);
  if (row === null) throw new Error(`A foreign key points to a missing row (${id})`);
  return row;
}
