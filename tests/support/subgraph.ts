import type { SubgraphName } from '../../subgraphs/kit/config';
import {
  startSubgraph,
  type RunningSubgraph,
  type SubgraphModule,
} from '../../subgraphs/kit/server';
import { subgraphAudience } from '../../subgraphs/kit/auth';
import type { GuardedContext } from '../../subgraphs/kit/guard';
import { registerAudience, TEST_AUTH } from './auth';
import { asOwner, createTestDatabase, truncateAll, type TestDatabase } from './databases';
import { migratedTemplate } from './pglite-template';

export interface TestSubgraph extends RunningSubgraph {
  /** Empties the subgraph's tables between tests. */
  reset(): Promise<void>;
  /** Runs SQL as the role that owns the tables (the service role may not TRUNCATE, ALTER, …). */
  asOwner(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Where the data lives: the service and owner URLs on PostgreSQL. */
  database: TestDatabase;
  /** Stops serving (the process is gone for the gateway); the data stays. */
  pause(): Promise<void>;
  /** Serves again on the same port over the same data. */
  resume(): Promise<void>;
}

/**
 * Starts one subgraph on a free port over a fresh test database (PostgreSQL when
 * KYOSEI_TEST_DATABASE_URL is set, else PGlite on disk), with migrations applied. `references` is
 * read at each check, so a test may point it at a registry started later.
 */
export async function startTestSubgraph<C extends GuardedContext>(
  module: SubgraphModule<C>,
  references: { residence?: string | null; employment?: string | null } = {},
  options: { nodeEnv?: 'test' | 'production'; logLevel?: string } = {},
): Promise<TestSubgraph> {
  references.residence ??= null;
  references.employment ??= null;
  const database: TestDatabase = await createTestDatabase(module.name as SubgraphName, () =>
    migratedTemplate(module),
  );
  const start = (port: number) =>
    startSubgraph(module, {
      name: module.name,
      nodeEnv: options.nodeEnv ?? 'test',
      host: '127.0.0.1',
      port,
      logLevel: options.logLevel ?? 'silent',
      auth: TEST_AUTH,
      database: database.target,
      references: references as { residence: string | null; employment: string | null },
      countStatements: true,
    });
  let running: RunningSubgraph | null = await start(0);
  registerAudience(running.url, subgraphAudience(module.name));
  const current = () => {
    if (!running) throw new Error(`${module.name} is paused`);
    return running;
  };
  const first = running;
  return {
    name: first.name,
    url: first.url,
    port: first.port,
    get db() {
      return current().db;
    },
    database,
    asOwner: (sql, params) =>
      asOwner(database.target, (s, p) => current().db.dataSource.query(s, p), sql, params),
    reset: () =>
      truncateAll((sql) => asOwner(database.target, (s) => current().db.dataSource.query(s), sql)),
    async pause() {
      await current().stop();
      running = null;
    },
    async resume() {
      running = await start(first.port);
    },
    async stop() {
      await running?.stop();
      running = null;
      await database.drop();
    },
  };
}
