// First: tracing hooks http, undici, graphql and pg before they load (OTEL_* variables).
import '../kit/tracing';
import type { ConfigError } from '../kit/config';
import { subgraphAudience } from '../kit/auth';
import { createLogger } from '../kit/logger';
import { startSubgraph } from '../kit/server';
import { stopOnSignals } from '../kit/signals';
import { loadMonitorConfig, type MonitorConfig } from './config';
import { monitor } from './index';
import { clockOf } from './calendar';
import { monitorToken } from './gateway';
import { monitorEvaluator, openMonitorQueue, startPipeline, sweepIfEmpty } from './service';

/**
 * `npm run start:monitor`: the monitor's subgraph, its pipeline (change feeds, queue consumers,
 * calendar), and a sweep when its store is empty.
 */
async function main(): Promise<void> {
  let config: MonitorConfig;
  try {
    config = loadMonitorConfig();
  } catch (error) {
    process.stderr.write(`monitor: ${(error as ConfigError).message}\n`);
    process.exit(2);
  }
  const logger = createLogger('monitor', config.logLevel);
  const running = await startSubgraph(monitor, config);
  const evaluator = monitorEvaluator(running.db, config);
  const today = clockOf(config.today);
  const { queue, close } = await openMonitorQueue(config);
  const pipeline = await startPipeline({
    ds: running.db.dataSource,
    queue,
    evaluator,
    batchSize: config.batchSize,
    concurrency: config.consumerConcurrency,
    registryUrls: config.registryUrls,
    tokenFor: (registry) => monitorToken(config.token, subgraphAudience(registry)),
    intervalMs: config.followIntervalMs,
    today,
    logger,
  });
  stopOnSignals(() =>
    pipeline
      .stop()
      .then(close)
      .then(() => running.stop()),
  );
  if (config.sweepOnStart) {
    // In the background: /readyz answers for the store, not for the sweep.
    sweepIfEmpty(evaluator, { pageSize: config.pageSize, asOf: today(), logger }).catch(
      (error: Error) =>
        logger.warn({ reason: error.message }, 'first sweep failed; run `npm run monitor:sweep`'),
    );
  }
}

main().catch((error: Error) => {
  process.stderr.write(`monitor: failed to start: ${error.message}\n`);
  process.exit(1);
});
