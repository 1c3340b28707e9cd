import type { Evaluator } from '../../subgraphs/monitor/evaluate';
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
