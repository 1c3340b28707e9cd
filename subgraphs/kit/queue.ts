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
import { createDatabaseIfMissing, EMBEDDED_POOL } from './database';

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
   * The caller's own tables are in this database (the monitor's store on PostgreSQL), so its
   * transactions can enqueue: `enqueueEvaluations(ids, options, client)`. Default false.
   */
  transactional?: boolean;
  /**
   * The URL of the caller's own connections to this database when they log in as another role
   * than `url` (the service role, the queue being opened as the owner): that role may execute
   * `kyosei_add_jobs` (add_jobs as the owner), so `enqueueEvaluations(ids, options, client)` can
   * run in the caller's transactions.
   */
  enqueuingUrl?: string;
  /**
   * A server with one connection (PGlite behind pglite-socket): every query goes through one
   * pooled connection and consumers poll every pollIntervalMs (graphile-worker's runOnce), since a
   * LISTEN connection would hold the only one. One process only.
   */
  singleConnection?: boolean;
}

/** A connection (or a transaction's) that enqueueing can run on: pg's client, TypeORM's manager. */
export interface SqlClient {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface PendingJobs {
  count: number;
  oldestRunAt: Date | null;
}

export interface EvaluationQueue {
  /** The queue is in the caller's database: a `client` may be given to enqueueEvaluations. */
  readonly transactional: boolean;
  /**
   * One waiting job per worker: re-enqueueing a waiting worker updates it, never adds a second.
   * With `client`, on that connection, so inside its transaction: the jobs exist if and only if
   * that transaction commits (only when `transactional`: the client's database is the queue's).
   */
  enqueueEvaluations(
    workerIds: readonly string[],
    options: EnqueueOptions,
    client?: SqlClient,
  ): Promise<void>;
  /** Starts taking batches in this process; at most once per queue. */
  startConsumers(options: ConsumerOptions): Promise<void>;
  /** Jobs waiting, running or waiting for a retry, and the earliest run time among them. */
  pending(): Promise<PendingJobs>;
  stop(): Promise<void>;
}

/** graphile-worker logs through a factory; the monitor's own logger reports what matters. */
const quiet = new Logger(() => () => {});

const jobKey = (workerId: string) => `evaluate:${workerId}`;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * `add_jobs` for another role: graphile-worker's tables have row-level security with no policy
 * (only their owner writes them), so a role that is not the owner enqueues through this function,
 * which runs as the owner (SECURITY DEFINER) and is all that role may execute in the schema.
 */
async function createEnqueueFunction(pool: pg.Pool, schema: string, role: string | null) {
  const s = ident(schema);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('kyosei_add_jobs'))`);
    await client.query(`CREATE OR REPLACE FUNCTION ${s}.kyosei_add_jobs(specs json, preserve boolean)
      RETURNS integer LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$
        SELECT count(*)::integer FROM ${s}.add_jobs(
          array(SELECT json_populate_recordset(null::${s}.job_spec, specs)), preserve)
      $$`);
    await client.query(`REVOKE ALL ON FUNCTION ${s}.kyosei_add_jobs(json, boolean) FROM PUBLIC`);
    if (role) {
      await client.query(`GRANT USAGE ON SCHEMA ${s} TO ${ident(role)}`);
      await client.query(
        `GRANT EXECUTE ON FUNCTION ${s}.kyosei_add_jobs(json, boolean) TO ${ident(role)}`,
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The role a connection string logs in as. */
async function roleOf(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ role: string }>('SELECT current_user AS role')).rows[0].role;
  } finally {
    await client.end();
  }
}

/**
 * Opens the queue: creates the database when missing (PostgreSQL), installs or upgrades the
 * library's schema, then is ready to enqueue.
 */
export async function openEvaluationQueue(options: QueueOptions): Promise<EvaluationQueue> {
  const single = options.singleConnection ?? false;
  if (!single) await createDatabaseIfMissing(options.url);
  const pgPool = new pg.Pool({
    connectionString: options.url,
    ...(single ? EMBEDDED_POOL : { max: 10 }),
  });
  // A connection lost (idle in the pool, or checked out: its query fails and the job is retried)
  // must not crash the process through an unhandled 'error' event (graphile-worker's advice).
  pgPool.on('error', () => {});
  pgPool.on('connect', (client) => client.on('error', () => {}));
  const shared = { pgPool, schema: options.schema, logger: quiet };
  await runMigrations(shared);
  const utils: WorkerUtils = await makeWorkerUtils(shared);
  let runner: Pick<Runner, 'stop'> | null = null;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const schema = options.schema ?? 'graphile_worker';
  const transactional = options.transactional ?? false;
  if (transactional)
    await createEnqueueFunction(
      pgPool,
      schema,
      options.enqueuingUrl ? await roleOf(options.enqueuingUrl) : null,
    );

  return {
    transactional,

    async enqueueEvaluations(workerIds, { cause, runAt }, client) {
      if (workerIds.length === 0) return;
      if (client && !transactional)
        throw new Error('This evaluation queue is not in the database of the given client');
      // A job for now replaces a waiting one's run time (a change is evaluated at once); a job for
      // later keeps a waiting one's run time, whatever it is (the calendar never postpones a
      // pending change; a later calendar date than one already waiting is not moved earlier).
      const later = runAt !== undefined && runAt.getTime() > Date.now();
      const specs = [...new Set(workerIds)].map((workerId) => ({
        identifier: TASK,
        payload: { workerId, cause },
        job_key: jobKey(workerId),
        run_at: runAt?.toISOString() ?? null,
        max_attempts: options.maxAttempts ?? 25,
      }));
      // graphile-worker's own add_jobs (what WorkerUtils.addJobs calls); on the caller's
      // connection through kyosei_add_jobs, which runs as the queue's owner.
      const add = (c: SqlClient) =>
        c.query(
          c === client
            ? `SELECT ${ident(schema)}.kyosei_add_jobs($1::json, $2::boolean)`
            : `SELECT count(*) FROM ${ident(schema)}.add_jobs(
                 array(SELECT json_populate_recordset(null::${ident(schema)}.job_spec, $1::json)),
                 $2::boolean)`,
          [JSON.stringify(specs), later],
        );
      await (client ? add(client) : utils.withPgClient(add));
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
