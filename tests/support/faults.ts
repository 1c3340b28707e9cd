import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { SubgraphName } from '../../subgraphs/kit/config';
import { TEST_SERVER_URL } from './databases';
import type { Stack } from './stack';

/** A registry's database going away and coming back, with the registry itself left running. */
interface DatabaseFault {
  /** Drops every connection the registry holds to its database and refuses new ones. */
  cut(): Promise<void>;
  /** Lets the registry connect again. */
  restore(): Promise<void>;
  /**
   * PostgreSQL only: runs `request` while `table` is locked, terminates the registry's connection
   * once it waits on that lock (mid-request), then unlocks; returns the request's answer.
   */
  terminateMidRequest<T>(table: string, request: () => Promise<T>): Promise<T>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(ds: DataSource): string {
  return (ds.options as { url: string }).url;
}

/**
 * On PostgreSQL: `pg_terminate_backend` for the registry's connections and `ALLOW_CONNECTIONS
 * false` on its database, the way an operator or a failover takes it away.
 */
function postgresFault(ds: DataSource, application: string): DatabaseFault {
  const dbName = new URL(databaseUrl(ds)).pathname.slice(1);
  const adminUrl = new URL(TEST_SERVER_URL as string);
  adminUrl.pathname = '/postgres';
  const admin = <T>(fn: (client: pg.Client) => Promise<T>) => withClient(adminUrl.toString(), fn);
  const terminate = (client: pg.Client, where = '') =>
    client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = $1 AND application_name = $2 ${where}`,
      [dbName, application],
    );
  return {
    cut: () =>
      admin(async (c) => {
        await c.query(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS false`);
        await terminate(c);
      }),
    restore: () =>
      admin(async (c) => {
        await c.query(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS true`);
      }),
    terminateMidRequest: (table, request) =>
      withClient(databaseUrl(ds), async (locker) => {
        await locker.query('BEGIN');
        await locker.query(`LOCK TABLE "${table}" IN ACCESS EXCLUSIVE MODE`);
        const answer = request();
        try {
          return await admin(async (c) => {
            for (let i = 0; i < 500; i++) {
              const { rowCount } = await terminate(c, `AND wait_event_type = 'Lock'`);
              if (rowCount) return answer;
              await sleep(10);
            }
            throw new Error(`no ${application} query ever waited on ${table}`);
          });
        } finally {
          await locker.query('ROLLBACK');
        }
      }),
  };
}

/**
 * On PGlite the database lives inside the registry's process and serves exactly one connection,
 * so it can neither be terminated from a second session nor stop accepting connections. The same
 * effect from outside: the registry's connection is dropped (its socket destroyed) and the one
 * slot taken by another client, so the registry's reconnects are refused ("Too many connections")
 * until that client lets go.
 */
function pgliteFault(ds: DataSource): DatabaseFault {
  let holder: pg.Client | null = null;
  return {
    async cut() {
      const pool = (ds.driver as unknown as { master: { _clients: pg.Client[] } }).master;
      for (const client of pool._clients) {
        (
          client as unknown as { connection: { stream: { destroy(): void } } }
        ).connection.stream.destroy();
      }
      for (let i = 0; i < 200 && !holder; i++) {
        const client = new pg.Client({ connectionString: databaseUrl(ds) });
        client.on('error', () => {});
        try {
          await client.connect();
          await client.query('SELECT 1');
          holder = client;
        } catch {
          await client.end().catch(() => {});
          await sleep(10);
        }
      }
      if (!holder) throw new Error('the embedded database never freed its connection');
    },
    async restore() {
      await holder?.end();
      holder = null;
    },
    terminateMidRequest() {
      throw new Error('PGlite has one session: no second one can terminate it mid-request');
    },
  };
}

export function databaseFault(stack: Stack, name: SubgraphName): DatabaseFault {
  const ds = stack.subgraphs[name].db.dataSource;
  return TEST_SERVER_URL ? postgresFault(ds, `kyosei-${name}`) : pgliteFault(ds);
}
