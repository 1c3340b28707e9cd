import type pg from 'pg';
import type { DataSource, EntityMetadata, ObjectLiteral } from 'typeorm';
import { bulkSql } from '../../tools/demo/bulk';
import { planSql, population, POPULATIONS } from '../../tools/demo/population';
import { openDatabase, type Database } from '../../subgraphs/kit/database';
import { keySelect } from '../../subgraphs/kit/selects';
import { residence } from '../../subgraphs/residence';
import { WorkerEntity } from '../../subgraphs/residence/entities';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { migratedTemplate } from '../support/pglite-template';

/**
 * The hot loaders' own SQL (subgraphs/kit/selects.ts) against TypeORM's query builder, which they
 * replace: on the bulk generator's rows, every registry entity, by its id and by each of its uuid
 * columns, ordered by each date column then id, must come back as the same objects (class, property
 * names, values and their types, nulls) in the same order.
 */
const p = population(600, 'key-selects');

/** What the generator never writes: a null or a value where every generated row has the other. */
const COMPLEMENTS: Record<string, string[]> = {
  residence: [
    `UPDATE work_permissions SET expires_on = NULL
     WHERE id = (SELECT id FROM work_permissions ORDER BY id LIMIT 1)`,
  ],
  tax: [
    `INSERT INTO employer_tax_arrears (id, employer_id, since, amount, settled_on)
     SELECT md5('settled')::uuid, employer_id, since, amount, since + 30
     FROM employer_tax_arrears ORDER BY id LIMIT 1`,
  ],
};

/** The query builder's answer: what the loaders sent before kit/selects.ts. */
function reference<T extends ObjectLiteral>(
  ds: DataSource,
  metadata: EntityMetadata,
  property: string,
  keys: string[],
  orderBy: string[],
): Promise<T[]> {
  let qb = ds
    .getRepository<T>(metadata.target)
    .createQueryBuilder('e')
    .where(`e.${property} = ANY(:keys)`, { keys });
  for (const column of orderBy) qb = qb.addOrderBy(`e.${column}`, 'ASC');
  return qb.getMany();
}

describe.each(POPULATIONS.map((r) => [r.registry.name, r] as const))(
  'the %s registry: hot loaders hydrate as TypeORM does',
  (name, registry) => {
    let database: TestDatabase;
    let db: Database;
    beforeAll(async () => {
      database = await createTestDatabase(`selects_${name}`, () =>
        migratedTemplate({ ...registry.registry, name }),
      );
      const target = database.target;
      db = await openDatabase({
        name,
        // As the owner, who may create the generator's temporary plan table and fill every table.
        target:
          target.kind === 'postgres'
            ? { kind: 'postgres', url: target.migrationUrl ?? target.url }
            : target,
        entities: registry.registry.entities,
        migrations: registry.registry.migrations,
        countStatements: true,
      });
      await db.dataSource.transaction(async (m) => {
        await m.query(planSql(p));
        for (const statement of registry.statements(p, bulkSql(p.seed))) await m.query(statement);
        for (const statement of COMPLEMENTS[name] ?? []) await m.query(statement);
      });
    }, 180_000);
    afterAll(async () => {
      await db?.close();
      await database?.drop();
    });

    const tables = () =>
      db.dataSource.entityMetadatas.filter((m) => registry.tables.includes(m.tableName));

    it('fills every table the generator knows, every column with a value and a null where nullable', async () => {
      expect(
        tables()
          .map((m) => m.tableName)
          .sort(),
      ).toEqual([...registry.tables].sort());
      for (const metadata of tables()) {
        const rows = await reference(db.dataSource, metadata, 'id', await ids(metadata), ['id']);
        for (const column of metadata.columns) {
          const values = rows.map((r) => (r as Record<string, unknown>)[column.propertyName]);
          expect([metadata.tableName, column.propertyName, values.some((v) => v !== null)]).toEqual(
            [metadata.tableName, column.propertyName, true],
          );
          if (column.isNullable)
            expect([metadata.tableName, column.propertyName, values.includes(null)]).toEqual([
              metadata.tableName,
              column.propertyName,
              true,
            ]);
        }
      }
    });

    async function ids(metadata: EntityMetadata): Promise<string[]> {
      const rows = (await db.dataSource.query(`SELECT id FROM ${metadata.tableName}`)) as {
        id: string;
      }[];
      return rows.map((r) => r.id);
    }

    it('answers with the same objects, in the same order, in one statement each', async () => {
      for (const metadata of tables()) {
        const ds = db.dataSource;
        const keyed = metadata.columns.filter((c) => c.type === 'uuid');
        const dated = metadata.columns.filter((c) => c.type === 'date');
        for (const key of keyed) {
          const all = (await ds.query(
            `SELECT DISTINCT ${key.databaseName} AS k FROM ${metadata.tableName} WHERE ${key.databaseName} IS NOT NULL`,
          )) as { k: string }[];
          const keys = all.map((r) => r.k);
          expect(keys.length).toBeGreaterThan(0);
          for (const order of [[], ...dated.map((d) => [d.propertyName])]) {
            const orderBy = [...order, 'id'];
            const expected = await reference(ds, metadata, key.propertyName, keys, orderBy);
            db.statements.reset();
            const actual = await keySelect(ds, metadata.target, key.propertyName, orderBy).run(
              keys,
            );
            expect(db.statements.count).toBe(1);
            expect(actual.length).toBeGreaterThan(0);
            expect(actual).toStrictEqual(expected);
          }
        }
      }
    }, 120_000);
  },
);

describe('the hot loaders’ prepared statements', () => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase('selects_sessions', () => migratedTemplate(residence));
    db = await openDatabase({
      name: 'residence',
      target: database.target,
      entities: residence.entities,
      migrations: residence.migrations,
    });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('are prepared again on a new connection (a PGlite session outlives its connections)', async () => {
    const ds = db.dataSource;
    const [{ id }] = (await ds.query(
      `INSERT INTO workers (full_name, nationality, date_of_birth)
       VALUES ('Tran Van Minh', 'VN', '1990-02-03') RETURNING id`,
    )) as { id: string }[];
    const select = keySelect(ds, WorkerEntity, 'id', []);
    const pool = (ds.driver as unknown as { master: pg.Pool }).master;
    for (let round = 0; round < 3; round++) {
      const rows = await select.run([id]);
      expect(rows).toEqual([expect.objectContaining({ id, dateOfBirth: '1990-02-03' })]);
      // The open connection closed (PGlite serves one): the next statement runs on a new one.
      const client = await pool.connect();
      const ended = new Promise((resolve) => client.once('end', resolve));
      client.release(true);
      await ended;
    }
  });
});
