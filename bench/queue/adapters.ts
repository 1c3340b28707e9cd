import { Logger, makeWorkerUtils, run, type Job, type Runner } from 'graphile-worker';
import PgBoss from 'pg-boss';
import { Batcher } from '../../subgraphs/kit/batcher';

/** One "evaluate worker" job as the benchmark sees it. */
export interface BenchJob {
  workerId: string;
  enqueuedAt: number;
  attempt: number;
}

export interface Consumer {
  stop(): Promise<void>;
}

/** The same workload, driven through either library. */
export interface QueueAdapter {
  name: 'graphile-worker' | 'pg-boss';
  install(url: string): Promise<void>;
  /** Enqueues one job per worker id, deduplicated per worker while it waits. */
  enqueue(url: string, workerIds: string[]): Promise<void>;
  /** Jobs still waiting or running. */
  pending(url: string): Promise<number>;
  consume(
    url: string,
    batchSize: number,
    onBatch: (jobs: BenchJob[]) => Promise<void>,
    retry: { delaySeconds: number },
  ): Promise<Consumer>;
  close(): Promise<void>;
}

const TASK = 'evaluate-worker';
const QUEUE = 'evaluate-worker';
/** pg-boss's pool size; 1 for PGlite (bench/queue/pglite.ts). */
const POOL_MAX = Number(process.env.QUEUE_BENCH_POOL_MAX ?? 4);

const silent = () => () => {};

export function graphileAdapter(): QueueAdapter {
  const utils = new Map<string, Awaited<ReturnType<typeof makeWorkerUtils>>>();
  async function utilsFor(url: string) {
    let u = utils.get(url);
    if (!u) {
      u = await makeWorkerUtils({ connectionString: url, logger: quietLogger() });
      utils.set(url, u);
    }
    return u;
  }
  return {
    name: 'graphile-worker',
    async install(url) {
      await (await utilsFor(url)).migrate();
    },
    async enqueue(url, workerIds) {
      const u = await utilsFor(url);
      const now = Date.now();
      await u.addJobs(
        workerIds.map((id) => ({
          identifier: TASK,
          payload: { workerId: id, enqueuedAt: now },
          jobKey: `evaluate:${id}`,
        })),
        true,
      );
    },
    async pending(url) {
      const u = await utilsFor(url);
      return u.withPgClient(async (c) => {
        const r = await c.query('SELECT count(*)::int AS n FROM graphile_worker.jobs');
        return (r.rows[0] as { n: number }).n;
      });
    },
    async consume(url, batchSize, onBatch) {
      const batcher = new Batcher<BenchJob>(batchSize, onBatch);
      const runner: Runner = await run({
        connectionString: url,
        concurrency: batchSize,
        noHandleSignals: true,
        pollInterval: 1000,
        logger: quietLogger(),
        preset: {
          worker: {
            localQueue: { size: batchSize },
            completeJobBatchDelay: 0,
            failJobBatchDelay: 0,
          },
        },
        taskList: {
          [TASK]: async (payload: unknown, helpers: { job: Job }) => {
            const p = payload as { workerId: string; enqueuedAt: number };
            await batcher.add({ ...p, attempt: helpers.job.attempts });
          },
        },
      });
      return { stop: () => runner.stop() };
    },
    async close() {
      for (const u of utils.values()) await u.release();
      utils.clear();
    },
  };
}

/** graphile-worker's Logger wants a factory; the benchmark prints its own figures only. */
function quietLogger(): Logger {
  return new Logger(silent);
}

export function pgBossAdapter(): QueueAdapter {
  const bosses = new Map<string, PgBoss>();
  async function bossFor(url: string) {
    let b = bosses.get(url);
    if (!b) {
      b = new PgBoss({ connectionString: url, supervise: false, schedule: false, max: POOL_MAX });
      b.on('error', () => {});
      await b.start();
      bosses.set(url, b);
    }
    return b;
  }
  return {
    name: 'pg-boss',
    async install(url) {
      const b = await bossFor(url);
      await b.createQueue(QUEUE, { name: QUEUE, policy: 'short' });
    },
    async enqueue(url, workerIds) {
      const b = await bossFor(url);
      const now = Date.now();
      await b.insert(
        workerIds.map((id) => ({
          name: QUEUE,
          data: { workerId: id, enqueuedAt: now },
          singletonKey: id,
        })),
      );
    },
    async pending(url) {
      const b = await bossFor(url);
      return b.getQueueSize(QUEUE, { before: 'completed' });
    },
    async consume(url, batchSize, onBatch, retry) {
      const boss = new PgBoss({
        connectionString: url,
        supervise: false,
        schedule: false,
        max: POOL_MAX,
      });
      boss.on('error', () => {});
      await boss.start();
      await boss.updateQueue(QUEUE, {
        name: QUEUE,
        policy: 'short',
        retryLimit: 5,
        retryDelay: retry.delaySeconds,
        retryBackoff: true,
      });
      // A fetch loop, not boss.work(): work() waits its polling interval (>= 0.5 s) after every
      // batch, which caps one work() at 200 jobs/s with batches of 100.
      let stopping = false;
      const loop = (async () => {
        while (!stopping) {
          const jobs = await boss.fetch<{ workerId: string; enqueuedAt: number }>(QUEUE, {
            batchSize,
            includeMetadata: true,
          });
          if (jobs.length === 0) {
            await new Promise((r) => setTimeout(r, 100));
            continue;
          }
          const jobIds = jobs.map((j) => j.id);
          try {
            await onBatch(jobs.map((j) => ({ ...j.data, attempt: j.retryCount })));
            await boss.complete(QUEUE, jobIds);
          } catch {
            await boss.fail(QUEUE, jobIds);
          }
        }
      })();
      return {
        async stop() {
          stopping = true;
          await loop;
          await boss.stop({ graceful: true, wait: true, timeout: 5000 });
        },
      };
    },
    async close() {
      for (const b of bosses.values()) await b.stop({ graceful: false, wait: true });
      bosses.clear();
    },
  };
}

export function adapterNamed(name: string): QueueAdapter {
  if (name === 'graphile-worker') return graphileAdapter();
  if (name === 'pg-boss') return pgBossAdapter();
  throw new Error(`Unknown queue library ${name}`);
}
