import { loadSubgraphConfig, type ConfigError, type SubgraphConfig } from './config';
import type { GuardedContext } from './guard';
import { startSubgraph, type SubgraphModule } from './server';
import { stopOnSignals } from './signals';

/** Process entry of a registry (PORT, <NAME>_DATABASE_URL or DATABASE_URL, …; see kit/config): read config once, start, stop cleanly on SIGINT/SIGTERM. */
export async function runSubgraphMain<C extends GuardedContext>(
  module: SubgraphModule<C>,
): Promise<void> {
  let config: SubgraphConfig;
  try {
    config = loadSubgraphConfig(module.name);
  } catch (error) {
    process.stderr.write(`${module.name}: ${(error as ConfigError).message}\n`);
    process.exit(2);
  }
  try {
    const running = await startSubgraph(module, config);
    stopOnSignals(() => running.stop());
  } catch (error) {
    process.stderr.write(`${module.name}: failed to start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
