import { rmSync } from 'node:fs';
import { subgraphAudience } from '../../subgraphs/kit/auth';
import { SUBGRAPH_NAMES } from '../../subgraphs/kit/config';
import { createLogger } from '../../subgraphs/kit/logger';
import type { EvaluationQueue } from '../../subgraphs/kit/queue';
import type { Today } from '../../subgraphs/monitor/calendar';
import type { Evaluator } from '../../subgraphs/monitor/evaluate';
import {
  openMonitorQueue,
  startPipeline,
  type Pipeline,
  type PipelineOptions,
} from '../../subgraphs/monitor/service';
import { GatewayClient, monitorToken } from '../../subgraphs/monitor/gateway';
import { MonitorStore } from '../../subgraphs/monitor/store';
import { TEST_AUTH } from './auth';
import type { Stack } from './stack';

/** The monitor's evaluator over the stack's monitor database, reading through its gateway. */
export function testEvaluator(stack: Stack, batchSize = 20): Evaluator {
  return {
    store: new MonitorStore(stack.monitor.db.dataSource),
    gateway: new GatewayClient(
      stack.gateway.url,
      monitorToken({ secret: TEST_AUTH.secret as string, lifetimeSeconds: 3600 }),
    ),
    batchSize,
  };
}

/**
 * The monitor's pipeline (change feeds, queue, consumers, calendar) over the stack, as
 * `npm run start:monitor` runs it: the queue where openMonitorQueue puts it (the monitor's own
 * database on PostgreSQL, a second embedded one on PGlite), `today` the monitor's clock.
 */
export async function startTestPipeline(
  stack: Stack,
  options: {
    today: Today;
    intervalMs?: number;
    batchSize?: number;
    onEvaluated?: PipelineOptions['onEvaluated'];
  },
): Promise<Pipeline & { queue: EvaluationQueue }> {
  const { queue, close } = await openMonitorQueue({ database: stack.monitor.database.target });
  const batchSize = options.batchSize ?? 20;
  const pipeline = await startPipeline({
    ds: stack.monitor.db.dataSource,
    queue,
    evaluator: testEvaluator(stack, batchSize),
    batchSize,
    registryUrls: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, stack.subgraphs[n].url])),
    tokenFor: (registry) =>
      monitorToken(
        { secret: TEST_AUTH.secret as string, lifetimeSeconds: 3600 },
        subgraphAudience(registry),
      ),
    intervalMs: options.intervalMs ?? 200,
    today: options.today,
    logger: createLogger('monitor', process.env.KYOSEI_MONITOR_LOG ?? 'error'),
    onEvaluated: options.onEvaluated,
  });
  return {
    ...pipeline,
    queue,
    async stop() {
      await pipeline.stop();
      await close();
      const target = stack.monitor.database.target;
      if (target.kind === 'pglite' && target.dataDir)
        rmSync(`${target.dataDir}-queue`, { recursive: true, force: true });
    },
  };
}
