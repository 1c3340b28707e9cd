import type { DataSource } from 'typeorm';
import type { SubgraphName } from '../kit/config';
import { startEmbedded, type Database } from '../kit/database';
import type { Logger } from '../kit/logger';
import { openEvaluationQueue, type EvaluationQueue } from '../kit/queue';
import { enqueueDueReviews, type Today } from './calendar';
import { reportQueue, startMonitorConsumers, type ConsumerDeps } from './consumers';
import { Follower } from './follow';
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
  options: { pageSize?: number; asOf?: string; logger?: Logger } = {},
): Promise<SweepResult | null> {
  if (!(await evaluator.store.isEmpty())) return null;
  const result = await sweep(evaluator, {
    pageSize: options.pageSize,
    asOf: options.asOf,
    cause: 'CALENDAR',
  });
  options.logger?.info(
    { workers: result.workers, transitions: result.transitions, seconds: result.seconds },
    'first sweep done',
  );
  return result;
}

export interface PipelineOptions {
  ds: DataSource;
  queue: EvaluationQueue;
  evaluator: Evaluator;
  batchSize: number;
  /** Batches evaluated at once by this process's consumers (default 1). */
  concurrency?: number;
  /** Each registry's GraphQL endpoint, read directly for its change feed. */
  registryUrls: Partial<Record<SubgraphName, string>>;
  /** The token sent to a registry (its audience: subgraphAudience(registry)). */
  tokenFor(registry: SubgraphName): () => Promise<string>;
  /** Between two polls of the feeds (and of the calendar's due reviews), in ms. */
  intervalMs: number;
  today: Today;
  logger?: Logger;
  onEvaluated?: ConsumerDeps['onEvaluated'];
}

export interface Pipeline {
  followers: Follower[];
  /** One round: every feed, then the reviews due today. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The monitor's pipeline: queue consumers, a follower per registry (from the current end of its
 * feed on the first start) and the calendar, polled every `intervalMs` until stopped.
 */
export async function startPipeline(o: PipelineOptions): Promise<Pipeline> {
  const followers = Object.entries(o.registryUrls).map(
    ([registry, url]) =>
      new Follower({
        ds: o.ds,
        queue: o.queue,
        registry: registry as SubgraphName,
        url,
        token: o.tokenFor(registry as SubgraphName),
      }),
  );
  await Promise.all(followers.map((f) => f.round(o.logger)));
  reportQueue(o.queue);
  await startMonitorConsumers(o);
  const tick = async () => {
    await Promise.all(followers.map((f) => f.round(o.logger)));
    await enqueueDueReviews(o.ds, o.queue, o.today());
  };
  let stopping = false;
  let wake = () => {};
  const loop = (async () => {
    while (!stopping) {
      await tick().catch((error: Error) =>
        o.logger?.warn({ reason: error.message }, 'pipeline round failed'),
      );
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, o.intervalMs);
      });
    }
  })();
  return {
    followers,
    tick,
    async stop() {
      stopping = true;
      wake();
      await loop;
      reportQueue(null);
      await o.queue.stop();
    },
  };
}

/**
 * The queue for this configuration: in the monitor's own PostgreSQL database; with PGlite (one
 * connection, held by the store) in a second embedded database beside it, polled by one process.
 */
export async function openMonitorQueue(
  config: Pick<MonitorConfig, 'database'>,
): Promise<{ queue: EvaluationQueue; close(): Promise<void> }> {
  const target = config.database;
  if (target.kind === 'postgres') {
    // In the store's own database: a feed page's jobs and its cursor commit together.
    const queue = await openEvaluationQueue({
      url: target.migrationUrl ?? target.url,
      transactional: true,
      enqueuingUrl: target.migrationUrl ? target.url : undefined,
    });
    return { queue, close: async () => {} };
  }
  const embedded = await startEmbedded(target.dataDir ? `${target.dataDir}-queue` : null);
  const queue = await openEvaluationQueue({
    url: embedded.url,
    singleConnection: true,
    pollIntervalMs: 500,
  });
  return { queue, close: () => embedded.stop() };
}
