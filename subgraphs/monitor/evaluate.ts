import { todayInTokyo } from '../kit/dates';
import {
  GatewayRequestError,
  unavailableSource,
  type GatewayAnswer,
  type GatewayClient,
} from './gateway';
import { toEvaluation, WORKER_SELECTION, type WorkerNode } from './report';
import type { MonitorStore, Outcome, Trigger } from './store';

/**
 * Workers per evaluation request: one `workersByIds` list, so each registry gets one entity fetch
 * per batch (an aliased `worker(id:)` per worker was its own chain of fetches: about 27 ms of work
 * per worker against 2 ms in a list, docs/LIMITS.md). tests/unit/monitor-batch.test.ts checks that
 * a full batch fits LIMITS.cost.
 */
export const DEFAULT_BATCH_SIZE = 100;
/** The most MONITOR_BATCH_SIZE may be: `workersByIds`' own maximum, which fits the cost limit. */
export const MAX_BATCH_SIZE = 500;
/**
 * Workers per page of a sweep (`workers(first:)`), one entity fetch per registry per page and one
 * store transaction. The connection's maximum: a page's fixed costs (its query plan, its requests,
 * its access-log and store statements) are shared by more workers, and the tally rows a page's
 * workers share are upserted once (bench/ANALYSIS.md, "Monitor sweep": about a fifth less CPU in
 * every process than pages of 100).
 */
export const DEFAULT_PAGE_SIZE = 500;
/** The most MONITOR_SWEEP_PAGE_SIZE may be: the connection's own maximum `first`. */
export const MAX_PAGE_SIZE = 500;

export interface Evaluator {
  store: MonitorStore;
  gateway: GatewayClient;
  batchSize?: number;
}

export interface EvaluateOptions extends Trigger {
  /** The date the reports are for (default: today in Asia/Tokyo). */
  asOf?: string;
}

/** The one request for a batch of workers. */
export const BATCH_QUERY = `query MonitorEvaluate($asOf: Date!, $ids: [ID!]!) {
  workersByIds(ids: $ids) { ...MonitoredWorker }
}
${WORKER_SELECTION}`;

/** The outcome for one worker of a batch's or a page's answer. */
function outcomeOf(
  workerId: string,
  node: WorkerNode | null | undefined,
  errors: { path?: (string | number)[]; message: string; extensions?: Record<string, unknown> }[],
  asOf: string,
): Outcome {
  const evaluation = node ? toEvaluation(node, asOf) : null;
  if (evaluation) return { kind: 'evaluated', evaluation };
  const missing = errors.map(unavailableSource).filter((s): s is string => s !== null);
  if (missing.length)
    return { kind: 'unavailable', workerId, asOf, missingSources: [...new Set(missing)] };
  if (!node && errors.length === 0) return { kind: 'removed', workerId };
  const first = errors[0];
  throw new GatewayRequestError(
    `worker ${workerId} could not be evaluated: ${first ? `${String(first.extensions?.code ?? '')} ${first.message}` : 'no report'}`,
  );
}

/** Splits `items` into runs of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let k = 0; k < items.length; k += size) out.push(items.slice(k, k + size));
  return out;
}

/**
 * Re-evaluates these workers through the gateway and stores what changed: one GraphQL request per
 * batch (at most `batchSize` workers), each batch written in one transaction. A worker the gateway
 * says does not exist is removed; one whose registries cannot be read is stored INCOMPLETE.
 */
export async function evaluateBatch(
  evaluator: Evaluator,
  workerIds: readonly string[],
  options: EvaluateOptions,
): Promise<{ evaluated: number; transitions: number }> {
  const asOf = options.asOf ?? todayInTokyo();
  const unique = [...new Set(workerIds)];
  let transitions = 0;
  for (const batch of chunks(unique, evaluator.batchSize ?? DEFAULT_BATCH_SIZE)) {
    const answer = await evaluator.gateway.request<{ workersByIds: (WorkerNode | null)[] }>(
      BATCH_QUERY,
      { asOf, ids: batch },
    );
    const outcomes = batch.map((id, k) =>
      outcomeOf(
        id,
        answer.data?.workersByIds[k],
        // An error above the list (the residence registry not read) concerns every worker.
        answer.errors.filter((e) => !e.path || e.path.length < 2 || e.path[1] === k),
        asOf,
      ),
    );
    transitions += (await evaluator.store.save(outcomes, options)).transitions;
  }
  return { evaluated: unique.length, transitions };
}

export const SWEEP_PAGE = `query MonitorSweep($asOf: Date!, $first: Int!, $after: String) {
  workers(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { ...MonitoredWorker } }
  }
}
${WORKER_SELECTION}`;

interface SweepPage {
  workers: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: WorkerNode }[];
  };
}

export interface SweepResult {
  workers: number;
  transitions: number;
  removed: number;
  seconds: number;
}

/** Marks a promise handled now (it is awaited later), so an early rejection is not "unhandled". */
function later<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/**
 * Re-evaluates every worker: pages through `workers(first, after)` with each one's report, stores
 * each page in one transaction, then removes the stored workers the sweep no longer saw. The next
 * page is read through the gateway while the current one is written (one page read ahead), so the
 * gateway and the store work at the same time. The store is settled (MonitorStore.settle) before
 * the sweep is recorded as finished.
 */
export async function sweep(
  evaluator: Evaluator,
  options: Partial<EvaluateOptions> & { pageSize?: number } = {},
): Promise<SweepResult> {
  const started = Date.now();
  const asOf = options.asOf ?? todayInTokyo();
  const trigger: Trigger = {
    cause: options.cause ?? 'CALENDAR',
    source: options.source ?? 'sweep',
  };
  const sweepId = await evaluator.store.sweepStarted();
  const read = (after: string | null) =>
    later(
      evaluator.gateway.request<SweepPage>(SWEEP_PAGE, {
        asOf,
        first: options.pageSize ?? DEFAULT_PAGE_SIZE,
        after,
      }),
    );
  const seen: string[] = [];
  let transitions = 0;
  let next: Promise<GatewayAnswer<SweepPage>> | null = read(null);
  let writing: Promise<{ transitions: number }> = Promise.resolve({ transitions: 0 });
  while (next) {
    const answer: GatewayAnswer<SweepPage> = await next;
    const page = answer.data?.workers;
    if (!page) throw new GatewayRequestError('the gateway returned no page of workers');
    const outcomes = page.edges.map(({ node }, k) =>
      outcomeOf(
        node.id,
        node,
        answer.errors.filter((e) => !e.path || e.path[2] === k),
        asOf,
      ),
    );
    next =
      page.pageInfo.hasNextPage && page.pageInfo.endCursor ? read(page.pageInfo.endCursor) : null;
    // One page written at a time, in order: the previous write ends before this one starts.
    transitions += (await writing).transitions;
    writing = later(evaluator.store.save(outcomes, trigger));
    seen.push(...page.edges.map((e) => e.node.id));
  }
  transitions += (await writing).transitions;
  const removed = await evaluator.store.removeUnseen(seen, sweepId);
  await evaluator.store.settle();
  await evaluator.store.sweepFinished(sweepId, seen.length);
  return { workers: seen.length, transitions, removed, seconds: (Date.now() - started) / 1000 };
}
