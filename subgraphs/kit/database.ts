import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import 'reflect-metadata';
import { DataSource, type Logger, type MixedList, type EntitySchema } from 'typeorm';

// Calendar dates stay `YYYY-MM-DD` strings end to end: never let pg build a local-time Date.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

/** Where a subgraph's data lives: a PostgreSQL server, or an embedded PGlite directory. */
export type DatabaseTarget =
  { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | null };

/** Counts the SQL statements a data source sends, so tests can prove batching. */
export class StatementCounter implements Logger {
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
}

async function createDatabaseIfMissing(url: string): Promise<void> {
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

async function startEmbedded(
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

/** Opens a subgraph's own database (creating it when missing) and applies its migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const embedded =
    options.target.kind === 'pglite' ? await startEmbedded(options.target.dataDir) : null;
  const url = embedded ? embedded.url : (options.target as { url: string }).url;
  if (!embedded) await createDatabaseIfMissing(url);
  const statements = new StatementCounter();
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsRun: false,
    synchronize: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    logging: ['query'],
    logger: statements,
    applicationName: `kyosei-${options.name}`,
    // PGlite serves one connection; the pool queues requests in front of it.
    extra: { max: embedded ? 1 : 10 },
  });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
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
