import type { Database } from '../kit/database';
import type { Logger } from '../kit/logger';
import type { MonitorConfig } from './config';
import { sweep, type Evaluator, type SweepResult } from './evaluate';
import { GatewayClient, monitorToken } from './gateway';
import { MonitorStore } from './store';

/** The monitor's evaluator over its database, reading through the configured gateway. */
export function monitorEvaluator(db: Database, config: MonitorConfig): Evaluator {
  return {
    store: new MonitorStore(db.dataSource),
    gateway: new GatewayClient(config.gatewayUrl, monitorToken(config.token)),
    batchSize: config.batchSize,
  };
}

/**
 * Sweeps everyone when nothing is stored yet (first start, or a store lost and recreated); null when
 * the store already holds reports.
 */
export async function sweepIfEmpty(
  evaluator: Evaluator,
  options: { pageSize?: number; logger?: Logger } = {},
): Promise<SweepResult | null> {
  if (!(await evaluator.store.isEmpty())) return null;
  const result = await sweep(evaluator, { pageSize: options.pageSize, cause: 'CALENDAR' });
  options.logger?.info(
    { workers: result.workers, transitions: result.transitions, seconds: result.seconds },
    'first sweep done',
  );
  return result;
}
