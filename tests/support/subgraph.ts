import type { SubgraphName } from '../../subgraphs/kit/config';
import {
  startSubgraph,
  type RunningSubgraph,
  type SubgraphModule,
} from '../../subgraphs/kit/server';
import { createTestDatabase, truncateAll, type TestDatabase } from './databases';

export interface TestSubgraph extends RunningSubgraph {
  /** Empties the subgraph's tables between tests. */
  reset(): Promise<void>;
}

/**
 * Starts one subgraph on a free port over a fresh test database (PostgreSQL when
 * KYOSEI_TEST_DATABASE_URL is set, else PGlite), with migrations applied. `references` is read at
 * each check, so a test may point it at a registry started later.
 */
export async function startTestSubgraph<C extends object>(
  module: SubgraphModule<C>,
  references: { residence?: string | null; employment?: string | null } = {},
): Promise<TestSubgraph> {
  references.residence ??= null;
  references.employment ??= null;
  const database: TestDatabase = await createTestDatabase(module.name as SubgraphName);
  const running = await startSubgraph(module, {
    name: module.name,
    nodeEnv: 'test',
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    database: database.target,
    references: references as { residence: string | null; employment: string | null },
  });
  return {
    ...running,
    reset: () => truncateAll((sql) => running.db.dataSource.query(sql)),
    async stop() {
      await running.stop();
      await database.drop();
    },
  };
}
