import DataLoader from 'dataloader';
import type {
  DataSource,
  EntityManager,
  EntityTarget,
  FindOptionsWhere,
  ObjectLiteral,
} from 'typeorm';
import { isUuid } from './validation';

/**
 * Rows by primary key: one statement per batch (`id = ANY($1)`), results in key order.
 * Keys that cannot be ids resolve to null without a query.
 */
export function byIdLoader<T extends ObjectLiteral & { id: string }>(
  ds: DataSource,
  entity: EntityTarget<T>,
): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const valid = ids.filter(isUuid);
    const rows = valid.length
      ? await ds
          .getRepository(entity)
          .createQueryBuilder('e')
          .where('e.id = ANY(:ids)', { ids: valid })
          .getMany()
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/**
 * Rows grouped by a foreign key (`column = ANY($1)`), one statement per batch, each group in
 * `orderBy` order.
 */
export function groupLoader<T extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
  property: keyof T & string,
  orderBy: (keyof T & string)[] = [],
): DataLoader<string, T[]> {
  return new DataLoader(async (keys) => {
    const valid = keys.filter(isUuid);
    let qb = ds
      .getRepository(entity)
      .createQueryBuilder('e')
      .where(`e.${property} = ANY(:keys)`, { keys: valid });
    for (const column of [...orderBy, 'id']) qb = qb.addOrderBy(`e.${column}`, 'ASC');
    const rows = valid.length ? await qb.getMany() : [];
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
