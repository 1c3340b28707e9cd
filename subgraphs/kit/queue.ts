import {
  Logger,
  makeWorkerUtils,
  run,
  runMigrations,
  runOnce,
  type Job,
  type Runner,
  type WorkerUtils,
} from 'graphile-worker';
import pg from 'pg';
import { Batcher } from './batcher';
import { createDatabaseIfMissing } from './database';

/**
 * The monitor's re-evaluation queue on graphile-worker (docs/MONITOR_QUEUE.md says why this
 * library): one job per worker to re-evaluate, deduplicated by a job key while it waits, taken in
 * batches by any number of processes on any number of machines (rows locked with SKIP LOCKED, new
 * jobs announced by LISTEN/NOTIFY). A batch whose handler throws is retried, each of its jobs with
 * graphile-worker's exponential backoff (about e^attempt seconds: 3 s, 7 s, 20 s, ...).
 */

const TASK = 'kyosei_evaluate_worker';

export interface EvaluationJob {
  workerId: string;
  /** Why the worker is re-evaluated (a change feed event, the calendar, a sweep): the latest wins. */
  cause: string;
  /** 1 on the first run, then one more per retry. */
  attempt: number;
}

export interface EnqueueOptions {
  cause: string;
  /** Not before this time (the calendar); now when omitted. */
  runAt?: Date;
}

export interface ConsumerOptions {
  /** Workers per handler call: one federated query per batch. */
  batchSize: number;
  /** Batches handled at once by this process (default 1). */
  concurrency?: number;
  handler(batch: EvaluationJob[]): Promise<void>;
}

export interface QueueOptions {
  /** A PostgreSQL URL (the monitor's own database). */
  url: string;
  /** The PostgreSQL schema of the library's tables (default graphile_worker). */
  schema?: string;
  /** Attempts per job before it is left failed (default 25, about 4 days of backoff). */
  maxAttempts?: number;
  /** Fallback poll when a notification is missed, in ms (default 2000). */
  pollIntervalMs?: number;
  /**
   * A server with one connection (PGlite behind pglite-socket): every query goes through one
   * pooled connection and consumers poll every pollIntervalMs (graphile-worker's runOnce), since a
   * LISTEN connection would hold the only one. One process only.
   */
  singleConnection?: boolean;
}

export interface PendingJobs {
  count: number;
  oldestRunAt: Date | null;
}

export interface EvaluationQueue {
  /** One waiting job per worker: re-enqueueing a waiting worker updates it, never adds a second. */
  enqueueEvaluations(workerIds: readonly string[], options: EnqueueOptions): Promise<void>;
  /** Starts taking batches in this process; at most once per queue. */
  startConsumers(options: ConsumerOptions): Promise<void>;
  /** Jobs waiting, running or waiting for a retry, and the earliest run time among them. */
  pending(): Promise<PendingJobs>;
  stop(): Promise<void>;
}

/** graphile-worker logs through a factory; the monitor's own logger reports what matters. */
const quiet = new Logger(() => () => {});

const jobKey = (workerId: string) => `evaluate:${workerId}`;

/**
 * Opens the queue: creates the database when missing (PostgreSQL), installs or upgrades the
 * library's schema, then is ready to enqueue.
 */
export async function openEvaluationQueue(options: QueueOptions): Promise<EvaluationQueue> {
  const single = options.singleConnection ?? false;
  if (!single) await createDatabaseIfMissing(options.url);
  const pgPool = new pg.Pool({ connectionString: options.url, max: single ? 1 : 10 });
  pgPool.on('error', () => {}); // an idle connection lost: the next query opens another
  const shared = { pgPool, schema: options.schema, logger: quiet };
  await runMigrations(shared);
  const utils: WorkerUtils = await makeWorkerUtils(shared);
  let runner: Pick<Runner, 'stop'> | null = null;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const schema = options.schema ?? 'graphile_worker';

  return {
    async enqueueEvaluations(workerIds, { cause, runAt }) {
      if (workerIds.length === 0) return;
      // A job for now replaces a waiting one's run time (a change is evaluated at once); a job for
      // later keeps a waiting one's run time, whatever it is (the calendar never postpones a
      // pending change; a later calendar date than one already waiting is not moved earlier).
      const later = runAt !== undefined && runAt.getTime() > Date.now();
      await utils.addJobs(
        [...new Set(workerIds)].map((workerId) => ({
          identifier: TASK,
          payload: { workerId, cause },
          jobKey: jobKey(workerId),
          runAt,
          maxAttempts: options.maxAttempts ?? 25,
        })),
        later,
      );
    },

    async startConsumers({ batchSize, concurrency = 1, handler }) {
      if (runner) throw new Error('The evaluation queue is already consuming');
      const batcher = new Batcher<EvaluationJob>(batchSize, handler);
      const jobs = batchSize * concurrency;
      const settings = {
        ...shared,
        concurrency: jobs,
        noHandleSignals: true,
        pollInterval: pollIntervalMs,
        preset: {
          worker: {
            localQueue: { size: jobs },
            completeJobBatchDelay: 0,
            failJobBatchDelay: 0,
          },
        },
        taskList: {
          [TASK]: async (payload: unknown, helpers: { job: Job }) => {
            const p = payload as { workerId: string; cause: string };
            await batcher.add({
              workerId: p.workerId,
              cause: p.cause,
              attempt: helpers.job.attempts,
            });
          },
        },
      };
      runner = single ? pollOnce(() => runOnce(settings), pollIntervalMs) : await run(settings);
    },

    async pending() {
      return utils.withPgClient(async (client) => {
        const r = await client.query<{ n: number; oldest: Date | null }>(
          `SELECT count(*)::int AS n, min(run_at) AS oldest FROM "${schema.replace(/"/g, '""')}".jobs`,
        );
        return { count: r.rows[0].n, oldestRunAt: r.rows[0].oldest };
      });
    },

    async stop() {
      await runner?.stop();
      runner = null;
      await utils.release();
      await pgPool.end();
    },
  };
}

/** Runs `once` (every job due, then return) again and again, pausing `intervalMs` in between. */
function pollOnce(once: () => Promise<void>, intervalMs: number): Pick<Runner, 'stop'> {
  let stopping = false;
  let wake: () => void = () => {};
  const loop = (async () => {
    while (!stopping) {
      await once().catch(() => {}); // a failed poll is tried again at the next one
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, intervalMs);
      });
    }
  })();
  return {
    async stop() {
      stopping = true;
      wake();
      await loop;
    },
  };
}
