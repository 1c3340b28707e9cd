import os from 'node:os';
import type { SubgraphName } from '../../subgraphs/kit/config';
import { openDatabase } from '../../subgraphs/kit/database';
import { todayInTokyo } from '../../subgraphs/kit/dates';
import { monitor } from '../../subgraphs/monitor';
import { fillStore } from '../../subgraphs/monitor/population';
import { population } from '../../tools/demo/population';
import { MonitorStack } from './stack';
import { measureViews, type ViewResult } from './traffic';

export interface ViewsOnlyOptions {
  server: string;
  tag: string;
  /** Workers in the monitor's synthetic store. */
  workers: number;
  /** Workers loaded into the registries (the first of the store's: the same ids). */
  registryWorkers: number;
  seed: string;
  keep: boolean;
  /** Keep the store a previous run kept (--keep) when it holds `workers` workers. */
  reuse: boolean;
  concurrency: number[];
  seconds: number;
  log: (line: string) => void;
}

export interface ViewsOnlyResult {
  workers: number;
  registryWorkers: number;
  today: string;
  fillSeconds: number;
  /** os.loadavg() (1, 5, 15 min) before the fill, before the views are timed, and at the end. */
  loadBeforeFill: number[];
  loadBefore: number[];
  loadAfter: number[];
  views: ViewResult[];
  errors: string[];
}

const loadavg = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

/**
 * Fills the stack's (empty) monitor store with `o.workers` synthetic workers, then starts a
 * monitor process over it (no sweep, ten minutes between feed reads); the fill's seconds.
 */
export async function fillAndServe(
  stack: MonitorStack,
  o: Pick<ViewsOnlyOptions, 'workers' | 'seed' | 'log'> & { reuse?: boolean },
): Promise<number> {
  const today = todayInTokyo();
  const started = Date.now();
  const db = await openDatabase({
    name: 'monitor',
    target: { kind: 'postgres', url: stack.monitorDbUrl },
    entities: monitor.entities,
    migrations: monitor.migrations,
  } as Parameters<typeof openDatabase>[0]);
  let seconds = 0;
  try {
    const [{ n }] = (await db.dataSource.query(
      'SELECT count(*)::int AS n FROM monitored_worker',
    )) as { n: number }[];
    if (o.reuse && n === o.workers) o.log(`views: the kept store holds ${n} workers`);
    else {
      if (n > 0) throw new Error(`the monitor's store holds ${n} workers, not ${o.workers}`);
      o.log(`views: filling the monitor's store with ${o.workers} synthetic workers …`);
      await fillStore(db.dataSource, population(o.workers, o.seed), today);
      seconds = (Date.now() - started) / 1000;
      o.log(`  filled in ${seconds.toFixed(1)} s`);
    }
  } finally {
    await db.close();
  }
  await stack.startMonitor({ today, sweepOnStart: false, followIntervalMs: 600_000 });
  return seconds;
}

/**
 * `--views-only`: the population views through the gateway at N workers without a sweep. The
 * monitor's store is filled synthetically (subgraphs/monitor/population.ts: the bench generator's
 * worker and employer ids, statuses, findings and transitions; the store's triggers fill its
 * finding rows and tally as for any write), the registries hold the first `registryWorkers` of
 * the same population (the view documents select `worker { id }` and `employer { id }` only,
 * answered by the monitor alone), and a monitor process serves the store, its follower idle
 * (fillAndServe). Then each view at each concurrency (traffic.ts).
 */
export async function runViewsOnly(
  o: ViewsOnlyOptions,
  databaseUrls: Record<SubgraphName, string>,
): Promise<ViewsOnlyResult> {
  const today = todayInTokyo();
  const result: ViewsOnlyResult = {
    workers: o.workers,
    registryWorkers: o.registryWorkers,
    today,
    fillSeconds: NaN,
    loadBeforeFill: loadavg(),
    loadBefore: [],
    loadAfter: [],
    views: [],
    errors: [],
  };
  const stack = await MonitorStack.start(o.server, o.tag, databaseUrls, {}, o.reuse);
  try {
    result.fillSeconds = await fillAndServe(stack, o);
    result.loadBefore = loadavg();
    o.log(`views: through the gateway (load average ${result.loadBefore.join(', ')}) …`);
    result.views = await measureViews(stack.gateway.url, o.concurrency, o.seconds, o.log);
  } catch (error) {
    result.errors.push((error as Error).message.slice(0, 500));
    o.log(`  views failed: ${(error as Error).message.slice(0, 300)}`);
  } finally {
    await stack.stop(o.keep);
  }
  result.loadAfter = loadavg();
  return result;
}
