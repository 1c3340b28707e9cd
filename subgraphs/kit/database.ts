import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import 'reflect-metadata';
import { DataSource, type Logger, type MixedList, type EntitySchema } from 'typeorm';
import { gaugeFrom } from './metrics';
import { grantServiceRole } from './privileges';

// Calendar dates stay `YYYY-MM-DD` strings end to end: never let pg build a local-time Date.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

/**
 * Where a subgraph's data lives: a PostgreSQL server, or an embedded PGlite directory. On
 * PostgreSQL, `url` is the service role requests run as; `migrationUrl`, when set, the owner role
 * that creates the database, runs the migrations and grants the service role its privileges
 * (kit/privileges.ts). Without it the service role migrates and owns the tables itself.
 */
export type DatabaseTarget =
  | { kind: 'postgres'; url: string; migrationUrl?: string }
  | { kind: 'pglite'; dataDir: string | null };

/**
 * Counts the SQL statements a data source sends, so tests and the benchmark can prove batching.
 * Attached as TypeORM's logger only when the database is opened with `countStatements`: production
 * pays no logger call per query.
 */
class StatementCounter implements Logger {
  count = 0;
  readonly recent: string[] = [];
  capture = false;

  logQuery(query: string): void {
    this.count += 1;
    if (this.capture) this.recent.push(query);
  }
  reset(): void {
    this.count = 0;
    this.recent.length = 0;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export interface Database {
  dataSource: DataSource;
  /** The roles that migrated (owns the tables) and that serves requests; the same without separation. */
  roles: { owner: string; service: string };
  /** Stays at 0 unless opened with `countStatements`. */
  statements: StatementCounter;
  /** True when the database answers and every migration has been applied. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  name: string;
  target: DatabaseTarget;
  // TypeORM's own option types.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Count the statements sent (`Database.statements`): tests and the benchmark only. */
  countStatements?: boolean;
}

export async function createDatabaseIfMissing(url: string): Promise<void> {
  const target = new URL(url);
  const dbName = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!dbName) throw new Error(`Database URL ${redactUrl(url)} names no database`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (found.rowCount === 0) {
      await client
        .query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`)
        .catch((e: { code?: string }) => {
          if (e.code !== '42P04') throw e; // created concurrently
        });
    }
  } finally {
    await client.end();
  }
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<invalid url>';
  }
}

export async function startEmbedded(
  dataDir: string | null,
): Promise<{ url: string; stop(): Promise<void> }> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
  // PGlite is a single session: one connection, so no two clients' protocol messages interleave.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

/**
 * A pool in front of pglite-socket's one connection: never closes it when idle. pg's default (10 s)
 * ends the idle connection, and the next query's new connection can reach the socket server before
 * it has seen the old one close: refused ("Too many connections"), the query fails with
 * "Connection terminated unexpectedly" (a CI failure on a loaded machine).
 */
export const EMBEDDED_POOL = { max: 1, idleTimeoutMillis: 0 } as const;

type Options = ConstructorParameters<typeof DataSource>[0];

async function currentUser(ds: DataSource): Promise<string> {
  return ((await ds.query('SELECT current_user AS u')) as { u: string }[])[0].u;
}

/**
 * Migrates as the owner role on its own connection, then grants the service role exactly what it
 * needs; returns the owner's name. When both URLs name the same role, nothing is granted.
 */
async function migrateAsOwner(options: Options, service: string): Promise<string> {
  const owner = new DataSource({ ...options, logging: false, logger: undefined } as Options);
  await owner.initialize();
  try {
    await owner.runMigrations({ transaction: 'each' });
    const name = await currentUser(owner);
    if (name !== service)
      await owner.transaction((m) => grantServiceRole((sql, p) => m.query(sql, p), service));
    return name;
  } finally {
    await owner.destroy();
  }
}

/**
 * A connection checked out of the pool (a transaction waiting on a reference check, a query runner
 * between statements) has no 'error' listener: pg's pool listens only to idle ones, so a backend
 * terminated or a server gone then emitted an unhandled 'error' and ended the process. The query
 * in flight fails on its own, the pool drops the broken connection on release, and the next
 * request opens a new one; here the event is only taken.
 */
function survivesLostConnections(dataSource: DataSource): void {
  const pool = (dataSource.driver as unknown as { master?: pg.Pool }).master;
  const guarded = new WeakSet<pg.PoolClient>();
  pool?.on('acquire', (client) => {
    if (guarded.has(client)) return;
    guarded.add(client);
    client.on('error', () => undefined);
  });
}

/**
 * PGlite is one backend session behind every connection its socket server accepts: statements a
 * previous connection prepared (kit/selects.ts names its own) are still there, while pg, which
 * knows what each connection prepared, would prepare them again and fail ("already exists"). Each
 * new connection starts by forgetting them, as a new PostgreSQL session starts without any.
 */
function forgetsPreparedStatements(dataSource: DataSource): void {
  const pool = (dataSource.driver as unknown as { master?: pg.Pool }).master;
  pool?.on('connect', (client) => {
    client.query('DEALLOCATE ALL').catch(() => undefined);
  });
}

/** The pg pool behind TypeORM's driver: connections open, idle, and requests waiting for one. */
function poolMetrics(service: string, dataSource: DataSource): void {
  const pool = () => (dataSource.driver as unknown as { master?: Partial<pg.Pool> }).master ?? {};
  const gauge = (state: 'total' | 'idle' | 'waiting', help: string) =>
    gaugeFrom(service, `kyosei_db_pool_${state}`, help, () => pool()[`${state}Count`] ?? 0);
  gauge('total', 'Database connections open in the pool');
  gauge('idle', 'Database connections open and idle');
  gauge('waiting', 'Queries waiting for a database connection');
}

/** Opens a subgraph's own database (creating it when missing) and applies its migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const target = options.target;
  const embedded = target.kind === 'pglite' ? await startEmbedded(target.dataDir) : null;
  const url = embedded ? embedded.url : (target as { url: string }).url;
  const migrationUrl = target.kind === 'postgres' ? target.migrationUrl : undefined;
  if (!embedded) await createDatabaseIfMissing(migrationUrl ?? url);
  const statements = new StatementCounter();
  const common = {
    type: 'postgres',
    entities: options.entities,
    migrations: options.migrations,
    migrationsRun: false,
    synchronize: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    applicationName: `kyosei-${options.name}`,
  } as const;
  const dataSource = new DataSource({
    ...common,
    url,
    ...(options.countStatements ? { logging: ['query'] as const, logger: statements } : {}),
    // PGlite serves one connection; the pool queues requests in front of it.
    extra: embedded ? EMBEDDED_POOL : { max: 10 },
  });
  let roles: Database['roles'];
  try {
    await dataSource.initialize();
    const service = await currentUser(dataSource);
    if (migrationUrl) {
      const owner = await migrateAsOwner(
        { ...common, url: migrationUrl, extra: { max: 1 } },
        service,
      );
      roles = { owner, service };
    } else {
      await dataSource.runMigrations({ transaction: 'each' });
      roles = { owner: service, service };
    }
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  survivesLostConnections(dataSource);
  if (embedded) forgetsPreparedStatements(dataSource);
  poolMetrics(options.name, dataSource);
  return {
    dataSource,
    roles,
    statements,
    async ready() {
      try {
        await dataSource.query('SELECT 1');
        return !(await dataSource.showMigrations());
      } catch {
        return false;
      }
    },
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
