import { openDatabase, type DatabaseTarget } from '../../subgraphs/kit/database';
import { residence } from '../../subgraphs/residence';
import { createTestDatabase, type TestDatabase } from '../support/databases';

const open = (target: DatabaseTarget, countStatements?: boolean) =>
  openDatabase({
    name: 'residence',
    target,
    entities: residence.entities,
    migrations: residence.migrations,
    ...(countStatements === undefined ? {} : { countStatements }),
  });

describe('the SQL statement counter', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('residence');
  }, 60_000);
  afterAll(() => database.drop());

  it('is off unless asked for: no TypeORM query logger in production', async () => {
    const db = await open(database.target);
    try {
      expect(db.dataSource.options.logging ?? false).toBe(false);
      expect(db.dataSource.logger).not.toBe(db.statements);
      await db.dataSource.query('SELECT 1');
      expect(db.statements.count).toBe(0);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('counts every statement when opened with countStatements (tests, bench)', async () => {
    const db = await open(database.target, true);
    try {
      db.statements.reset();
      await db.dataSource.query('SELECT 1');
      await db.dataSource.query('SELECT 2');
      expect(db.statements.count).toBe(2);
    } finally {
      await db.close();
    }
  }, 60_000);
});
