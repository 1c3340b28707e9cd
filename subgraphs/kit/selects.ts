import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * `SELECT <every column> FROM <table> WHERE <column> = ANY($1) ORDER BY …`: the hot loaders' one
 * statement shape, written once per (data source, entity, column, order) from TypeORM's entity
 * metadata and then only executed; rows become entities the way TypeORM's query builder makes them
 * (the entity's prototype, its property names, the driver's per-type conversion and the column's
 * transformers), without building, escaping and aliasing the SQL again for every batch. It is a
 * named prepared statement: each connection parses and plans it once, then only binds the keys
 * (a PGlite session outlives its connections: kit/database.ts forgets its statements on connect).
 */
export interface KeySelect<T> {
  /** The statement, `$1` being the keys (an array). */
  readonly sql: string;
  /** Rows whose `property` is one of `keys`, in the statement's order. */
  run(keys: readonly string[]): Promise<T[]>;
  /** One raw row (column name → value as pg parsed it) as the entity TypeORM would build. */
  hydrate(raw: Record<string, unknown>): T;
}

const built = new WeakMap<DataSource, Map<unknown, Map<string, KeySelect<never>>>>();

/**
 * The select of `entity` by `property`, ordered by the `orderBy` properties (ascending; none: the
 * order PostgreSQL returns), built on first use.
 */
export function keySelect<T extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
  property: string,
  orderBy: readonly string[],
): KeySelect<T> {
  let byEntity = built.get(ds);
  if (!byEntity) built.set(ds, (byEntity = new Map()));
  let byShape = byEntity.get(entity);
  if (!byShape) byEntity.set(entity, (byShape = new Map()));
  const shape = `${property} ${orderBy.join(',')}`;
  let select = byShape.get(shape) as KeySelect<T> | undefined;
  if (!select) {
    select = buildSelect<T>(ds, ds.getMetadata(entity), property, orderBy);
    byShape.set(shape, select as KeySelect<never>);
  }
  return select;
}

/** Only plain tables: what TypeORM would add for anything else (joins, embeddeds, …) is not here. */
function checkPlain(metadata: EntityMetadata): void {
  const unsupported =
    metadata.tableType !== 'regular' ||
    metadata.relations.length > 0 ||
    metadata.embeddeds.length > 0 ||
    metadata.discriminatorColumn !== undefined ||
    metadata.childEntityMetadatas.length > 0 ||
    metadata.afterLoadListeners.length > 0 ||
    metadata.columns.some((c) => c.isVirtual || c.isVirtualProperty || !c.isSelect);
  if (unsupported)
    throw new Error(`${metadata.name} is not a plain table: load it with TypeORM's query builder`);
}

function buildSelect<T extends ObjectLiteral>(
  ds: DataSource,
  metadata: EntityMetadata,
  property: string,
  orderBy: readonly string[],
): KeySelect<T> {
  checkPlain(metadata);
  const driver = ds.driver;
  const column = (name: string) => {
    const found = metadata.findColumnWithPropertyPath(name);
    if (!found) throw new Error(`${metadata.name} has no column ${name}`);
    return driver.escape(found.databaseName);
  };
  const columns = metadata.columns;
  const table = [metadata.schema, metadata.tableName].filter(Boolean) as string[];
  const sql =
    `SELECT ${columns.map((c) => driver.escape(c.databaseName)).join(', ')}` +
    ` FROM ${table.map((name) => driver.escape(name)).join('.')}` +
    ` WHERE ${column(property)} = ANY($1)` +
    (orderBy.length ? ` ORDER BY ${orderBy.map((p) => `${column(p)} ASC`).join(', ')}` : '');
  const hydrate = (raw: Record<string, unknown>): T => {
    const entity = metadata.create(undefined, { fromDeserializer: true }) as Record<
      string,
      unknown
    >;
    for (const c of columns) {
      const value = raw[c.databaseName];
      if (value !== undefined) entity[c.propertyName] = driver.prepareHydratedValue(value, c);
    }
    return entity as T;
  };
  const name = `kyosei_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
  return {
    sql,
    hydrate,
    async run(keys) {
      // TypeORM's own path (ds.query) sends a query's text only: the connection is taken from the
      // same pool, and the statement reported to the same logger (the statement counter).
      const runner = ds.createQueryRunner();
      try {
        const client = (await runner.connect()) as pg.PoolClient;
        ds.logger.logQuery(sql, [keys], runner);
        const result = await client.query<Record<string, unknown>>({
          name,
          text: sql,
          values: [keys],
        });
        return result.rows.map(hydrate);
      } finally {
        await runner.release();
      }
    },
  };
}
