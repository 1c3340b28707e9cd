import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../../subgraphs/kit/database';

/** A PostgreSQL server URL for tests, or undefined to use embedded PGlite. */
export const TEST_SERVER_URL = process.env.KYOSEI_TEST_DATABASE_URL || undefined;

export interface TestDatabase {
  /** On PostgreSQL: the service role (`url`) and the owner role (`migrationUrl`) when roles exist. */
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

/**
 * The two roles of a deployment (README, "Audit log"), shared by every test file: the owner migrates
 * (CREATEDB, no superuser), the service serves. Created once per server, safely when test files race.
 */
export const TEST_ROLES = { owner: 'kyosei_test_owner', service: 'kyosei_test_service' };
const TEST_ROLE_PASSWORD = 'kyosei-test-role';
let testRoles: Promise<boolean> | null = null;

/** Creates the test roles when missing; false when the test server's user may not create roles. */
function ensureTestRoles(): Promise<boolean> {
  testRoles ??= admin(async (client) => {
    for (const [name, options] of [
      [TEST_ROLES.owner, 'LOGIN CREATEDB'],
      [TEST_ROLES.service, 'LOGIN'],
    ]) {
      try {
        await client.query(`CREATE ROLE ${name} ${options} PASSWORD '${TEST_ROLE_PASSWORD}'`);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === '42501') return false; // not allowed to create roles: one role for all
        if (code !== '42710' && code !== '23505') throw error; // exists, or created concurrently
      }
    }
    return true;
  });
  return testRoles;
}

/** `url` with the user and password of one of the test roles. */
function asRole(url: string, role: string): string {
  const u = new URL(url);
  u.username = role;
  u.password = TEST_ROLE_PASSWORD;
  return u.toString();
}

/**
 * A fresh, empty database for one subgraph in one test file. On PGlite, `template` (a migrated
 * data directory, tests/support/pglite-template.ts) is copied in, so only its check of the
 * migrations remains to run.
 */
export async function createTestDatabase(
  name: string,
  template?: () => Promise<string>,
): Promise<TestDatabase> {
  if (!TEST_SERVER_URL) {
    // On disk, so a subgraph can be stopped and started again over the same data.
    const dataDir = mkdtempSync(path.join(tmpdir(), `kyosei-test-${name}-`));
    if (template) cpSync(await template(), dataDir, { recursive: true });
    return {
      target: { kind: 'pglite', dataDir },
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const dbName = `kyosei_test_${name}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${dbName}`;
  const target: DatabaseTarget = (await ensureTestRoles())
    ? {
        kind: 'postgres',
        url: asRole(url.toString(), TEST_ROLES.service),
        migrationUrl: asRole(url.toString(), TEST_ROLES.owner),
      }
    : { kind: 'postgres', url: url.toString() };
  return {
    target,
    drop: () =>
      admin((c) =>
        c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).then(() => undefined),
      ),
  };
}

/**
 * Runs SQL as the role that owns the tables: the migration role on PostgreSQL (a connection of its
 * own), else `fallback` (PGlite's one embedded user, or one role for everything).
 */
export async function asOwner<T = Record<string, unknown>[]>(
  target: DatabaseTarget,
  fallback: (sql: string, params?: unknown[]) => Promise<unknown>,
  sql: string,
  params?: unknown[],
): Promise<T> {
  if (target.kind !== 'postgres' || !target.migrationUrl) return (await fallback(sql, params)) as T;
  const client = new pg.Client({ connectionString: target.migrationUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T;
  } finally {
    await client.end();
  }
}

/** Empties every table except TypeORM's migration history and the append-only access log. */
export async function truncateAll(query: (sql: string) => Promise<unknown>): Promise<void> {
  const rows = (await query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public'
        AND tablename NOT IN ('migrations', 'access_log', 'access_log_checkpoint')`,
  )) as { tablename: string }[];
  if (rows.length)
    await query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} CASCADE`);
}
