import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../../subgraphs/kit/database';

/** A PostgreSQL server URL for tests, or undefined to use embedded PGlite. */
export const TEST_SERVER_URL = process.env.KYOSEI_TEST_DATABASE_URL || undefined;

export interface TestDatabase {
  target: DatabaseTarget;
  /** Drops the database (PostgreSQL) — PGlite's in-memory database goes with its process. */
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(TEST_SERVER_URL as string);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database for one subgraph in one test file. */
export async function createTestDatabase(name: string): Promise<TestDatabase> {
  if (!TEST_SERVER_URL) {
    // On disk, so a subgraph can be stopped and started again over the same data.
    const dataDir = mkdtempSync(path.join(tmpdir(), `kyosei-test-${name}-`));
    return {
      target: { kind: 'pglite', dataDir },
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const dbName = `kyosei_test_${name}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${dbName}`;
  return {
    target: { kind: 'postgres', url: url.toString() },
    drop: () =>
      admin((c) =>
        c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).then(() => undefined),
      ),
  };
}

/** Empties every table except TypeORM's migration history and the append-only access log. */
export async function truncateAll(query: (sql: string) => Promise<unknown>): Promise<void> {
  const rows = (await query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('migrations', 'access_log')`,
  )) as { tablename: string }[];
  if (rows.length)
    await query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} CASCADE`);
}
