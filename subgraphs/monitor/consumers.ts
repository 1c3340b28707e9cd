import type { DataSource } from 'typeorm';
import type { EvaluationJob, EvaluationQueue, PendingJobs } from '../kit/queue';
import { scheduleReviews, parseJobCause, type Today } from './calendar';
import { evaluateBatch, type Evaluator } from './evaluate';
import type { Cause } from './report';

/** Thrown after storing a batch some of whose workers could not be fully read: retry later. */
export class SourcesUnavailable extends Error {}

export interface ConsumerDeps {
  ds: DataSource;
  queue: EvaluationQueue;
  evaluator: Evaluator;
  batchSize: number;
  /** Batches evaluated at once by this process (default 1). */
  concurrency?: number;
  today: Today;
  /** Called with each batch once evaluated and stored (tests count evaluations here). */
  onEvaluated?(jobs: EvaluationJob[]): void;
}

/**
 * Starts this process's consumers: each batch is re-evaluated through the gateway (one request per
 * batch, one group per cause), its review dates scheduled, and, when any worker's report is still
 * INCOMPLETE for a source that could not be read, the batch is failed after storing, so the queue
 * retries it with backoff until the source answers and the true status is stored.
 */
export async function startMonitorConsumers(deps: ConsumerDeps): Promise<void> {
  await deps.queue.startConsumers({
    batchSize: deps.batchSize,
    concurrency: deps.concurrency ?? 1,
    handler: async (batch) => {
      const groups = new Map<string, string[]>();
      for (const job of batch)
        groups.set(job.cause, [...(groups.get(job.cause) ?? []), job.workerId]);
      const asOf = deps.today();
      for (const [value, ids] of groups) {
        const { cause, source } = parseJobCause(value);
        await evaluateBatch(deps.evaluator, ids, { asOf, cause: cause as Cause, source });
      }
      const ids = batch.map((j) => j.workerId);
      deps.onEvaluated?.(batch);
      const incomplete = new Set(
        (
          (await deps.ds.query(
            `SELECT worker_id::text AS id FROM monitored_worker
              WHERE worker_id = ANY($1::uuid[]) AND jsonb_array_length(report->'missingSources') > 0`,
            [ids],
          )) as { id: string }[]
        ).map((r) => r.id),
      );
      // Reviews only for the complete reports: enqueueing a worker whose job is running takes
      // that job's retries away (graphile-worker's job key), and an incomplete one must be retried.
      await scheduleReviews(
        deps.ds,
        deps.queue,
        ids.filter((id) => !incomplete.has(id)),
        deps.today(),
      );
      if (incomplete.size > 0)
        throw new SourcesUnavailable(
          `${incomplete.size} of ${ids.length} reports incomplete: retrying`,
        );
    },
  });
}

/** monitorStatus's queue fields: jobs waiting, the oldest one's time, and the lag it means. */
export function queueStatus(p: PendingJobs, now = Date.now()) {
  const oldest = p.count > 0 ? p.oldestRunAt : null;
  const lag = oldest ? Math.max(0, Math.round((now - oldest.getTime()) / 1000)) : 0;
  return { pendingJobs: p.count, oldestPendingAt: oldest, lagSeconds: lag };
}

let statusQueue: EvaluationQueue | null = null;

/** The queue monitorStatus reports on (this process's; null before the pipeline starts). */
export function reportQueue(queue: EvaluationQueue | null): void {
  statusQueue = queue;
}

export async function currentQueueStatus() {
  return statusQueue
    ? queueStatus(await statusQueue.pending())
    : { pendingJobs: 0, oldestPendingAt: null, lagSeconds: 0 };
}
