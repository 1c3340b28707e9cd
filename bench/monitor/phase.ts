import os from 'node:os';
import type { SubgraphName } from '../../subgraphs/kit/config';
import { addDays, todayInTokyo } from '../../subgraphs/kit/dates';
import { openEvaluationQueue } from '../../subgraphs/kit/queue';
import { DEFAULT_PAGE_SIZE } from '../../subgraphs/monitor/evaluate';
import type { Ids } from '../../tools/demo/population';
import { DirectProcess } from '../load';
import { peakRssMb } from '../processes';
import { MonitorStack } from './stack';
import { measureMutations, measureViews, type MutationLatency, type ViewResult } from './traffic';

export interface MonitorPhaseOptions {
  server: string;
  tag: string;
  workers: number;
  keep: boolean;
  /** Workers per sweep page (MONITOR_SWEEP_PAGE_SIZE) for the monitor and the direct baseline. */
  pageSize: number;
  viewConcurrency: number[];
  viewSeconds: number;
  mutationRate: number;
  mutationSeconds: number;
  /** Evaluation jobs per run of the 1- and 2-process comparison. */
  jobs: number;
  log: (line: string) => void;
}

export interface MonitorResult {
  workers: number;
  today: string;
  pageSize: number;
  /** os.loadavg() (1, 5, 15 min) when the phase started and ended: the machine is shared. */
  loadBefore: number[];
  loadAfter: number[];
  sweep: {
    workers: number;
    stored: number;
    seconds: number;
    rssMb: number;
    direct: { workers: number; seconds: number };
  } | null;
  views: ViewResult[];
  mutations: MutationLatency | null;
  processes: { processes: number; jobs: number; evaluated: number; seconds: number }[];
  calendar: { day: string; due: number; evaluated: number; seconds: number } | null;
  errors: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const loadavg = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

/** A sweep that stores nothing for this long has failed. */
const SWEEP_STALL_SECONDS = 600;

/** Polls `check` every `everyMs` until it returns a value, or throws after `maxSeconds`. */
async function until<T>(
  what: string,
  check: () => Promise<T | null>,
  maxSeconds: number,
  everyMs = 500,
): Promise<T> {
  const deadline = Date.now() + maxSeconds * 1000;
  for (;;) {
    const v = await check();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not done after ${maxSeconds} s`);
    await sleep(everyMs);
  }
}

/**
 * The monitor at N workers (issues 12 and 13): a full sweep through our gateway against the direct
 * baseline, the views, the delay from a mutation to its stored report, evaluation jobs with one
 * and two monitor processes, and the next day's calendar re-evaluation.
 */
export async function runMonitorPhase(
  o: MonitorPhaseOptions,
  databaseUrls: Record<SubgraphName, string>,
  ids: Ids,
): Promise<MonitorResult> {
  const today = todayInTokyo();
  const result: MonitorResult = {
    workers: o.workers,
    today,
    pageSize: o.pageSize,
    loadBefore: loadavg(),
    loadAfter: [],
    sweep: null,
    views: [],
    mutations: null,
    processes: [],
    calendar: null,
    errors: [],
  };
  o.log(`monitor: direct baseline evaluates all ${o.workers} workers (pages of ${o.pageSize}) …`);
  const direct = await DirectProcess.start(databaseUrls);
  let directSweep: { workers: number; seconds: number };
  try {
    directSweep = await direct.sweep(o.pageSize, today);
  } finally {
    await direct.stop();
  }
  o.log(`  direct: ${directSweep.workers} workers in ${directSweep.seconds.toFixed(1)} s`);

  const stack = await MonitorStack.start(o.server, o.tag, databaseUrls);
  try {
    o.log('monitor: first sweep (the monitor process, store empty, through our gateway) …');
    const monitor = await stack.startMonitor({ today, sweepOnStart: true, pageSize: o.pageSize });
    let rssMb = 0;
    // No fixed deadline (a million workers take about an hour here): it fails only when nothing
    // was stored for SWEEP_STALL_SECONDS, and logs its progress every minute.
    const sweepStarted = Date.now();
    const progress = { stored: -1, at: sweepStarted, logged: sweepStarted };
    const done = await until(
      'sweep',
      async () => {
        rssMb = Math.max(rssMb, peakRssMb(monitor.pid));
        if (Date.now() - progress.logged >= 60_000) {
          const [{ n }] = await stack.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM monitored_worker',
          );
          if (n !== progress.stored) Object.assign(progress, { stored: n, at: Date.now() });
          else if (Date.now() - progress.at > SWEEP_STALL_SECONDS * 1000)
            throw new Error(`sweep: nothing stored for ${SWEEP_STALL_SECONDS} s (${n} stored)`);
          progress.logged = Date.now();
          o.log(
            `  sweep: ${n} stored after ${((Date.now() - sweepStarted) / 60_000).toFixed(1)} min`,
          );
        }
        const [row] = await stack.query<{ seconds: number; workers: number }>(
          `SELECT extract(epoch FROM finished_at - started_at)::float8 AS seconds, workers
             FROM monitor_sweep WHERE finished_at IS NOT NULL ORDER BY started_at DESC LIMIT 1`,
        );
        if (monitor.child.exitCode !== null)
          throw new Error(`monitor exited: ${monitor.stderr.join('').slice(-500)}`);
        return row ?? null;
      },
      24 * 3600,
      1000,
    );
    const [{ n: stored }] = await stack.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM monitored_worker',
    );
    result.sweep = { ...done, stored, rssMb, direct: directSweep };
    o.log(
      `  sweep: ${done.workers} workers in ${done.seconds.toFixed(1)} s (${stored} stored), peak RSS ${rssMb.toFixed(0)} MB; direct ${directSweep.seconds.toFixed(1)} s`,
    );

    o.log('monitor: population views through the gateway …');
    result.views = await measureViews(stack.gateway.url, o.viewConcurrency, o.viewSeconds, o.log);

    o.log(`monitor: ${o.mutationRate} mutations/s → stored report …`);
    result.mutations = await measureMutations(
      stack,
      ids.writeWorkers,
      ids.employers,
      o.mutationRate,
      o.mutationSeconds,
      o.log,
    );
    const m = result.mutations;
    o.log(
      `  ${m.observed}/${m.sent} seen stored: p50 ${m.p50.toFixed(0)} ms, p95 ${m.p95.toFixed(0)} ms; ${m.transitions} transitions; ${m.errors} errors${m.sampleError ? ` (${m.sampleError.slice(0, 200)})` : ''}`,
    );

    result.processes = await compareProcesses(o, stack, today, new Set(ids.writeWorkers));

    result.calendar = await calendarDay(o, stack, today);
  } catch (error) {
    result.errors.push((error as Error).message.slice(0, 500));
    o.log(`  monitor phase failed: ${(error as Error).message.slice(0, 300)}`);
  } finally {
    await stack.stop(o.keep);
  }
  result.loadAfter = loadavg();
  return result;
}

/**
 * The same number of evaluation jobs (DATA_CHANGE, distinct workers) taken by one monitor process,
 * then by two on the same database: seconds until every worker's stored report is newer.
 */
async function compareProcesses(
  o: MonitorPhaseOptions,
  stack: MonitorStack,
  today: string,
  exclude: Set<string>,
) {
  const rows = await stack.query<{ id: string }>(
    'SELECT worker_id::text AS id FROM monitored_worker ORDER BY worker_id LIMIT $1',
    [2 * o.jobs + exclude.size],
  );
  const pool = rows.map((r) => r.id).filter((id) => !exclude.has(id));
  const queue = await openEvaluationQueue({ url: stack.monitorDbUrl });
  const out: MonitorResult['processes'] = [];
  try {
    for (const processes of [1, 2]) {
      while (stack.monitors.length < processes)
        await stack.startMonitor({ today, sweepOnStart: false, pageSize: o.pageSize });
      const workers = pool.slice((processes - 1) * o.jobs, processes * o.jobs);
      o.log(`monitor: ${workers.length} evaluation jobs, ${processes} process(es) …`);
      const [{ t0 }] = await stack.query<{ t0: Date }>('SELECT now() AS t0');
      const started = Date.now();
      await queue.enqueueEvaluations(workers, { cause: 'DATA_CHANGE:bench' });
      let evaluated = 0;
      await until(
        'jobs',
        async () => {
          const [{ n }] = await stack.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM monitored_worker
              WHERE worker_id = ANY($1::uuid[]) AND evaluated_at > $2`,
            [workers, t0],
          );
          evaluated = n;
          return n >= workers.length ? n : null;
        },
        1800,
        200,
      );
      const seconds = (Date.now() - started) / 1000;
      out.push({ processes, jobs: workers.length, evaluated, seconds });
      o.log(`  ${evaluated} evaluated in ${seconds.toFixed(1)} s`);
    }
  } finally {
    await queue.stop();
  }
  return out;
}

/**
 * The next day's calendar: the monitor restarted with tomorrow's date re-evaluates every worker
 * whose review date has come (enqueueDueReviews); how many, and the seconds from the calendar's
 * enqueue to the last one stored.
 */
async function calendarDay(o: MonitorPhaseOptions, stack: MonitorStack, today: string) {
  const day = addDays(today, 1);
  await stack.stopMonitors();
  const [{ due }] = await stack.query<{ due: number }>(
    `SELECT count(*)::int AS due FROM monitored_worker
      WHERE next_review_on <= $1::date AND as_of < next_review_on`,
    [day],
  );
  o.log(`monitor: calendar of ${day}: ${due} workers due …`);
  const started = Date.now();
  await stack.startMonitor({ today: day, sweepOnStart: false, pageSize: o.pageSize });
  let evaluated = 0;
  let last = { n: -1, at: Date.now() };
  await until(
    'calendar',
    async () => {
      const [{ n }] = await stack.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM monitored_worker WHERE as_of = $1::date',
        [day],
      );
      evaluated = n;
      if (n !== last.n) last = { n, at: Date.now() };
      // Done when all are, or when nothing moved for a minute (some failed: reported as such).
      return n >= due || Date.now() - last.at > 60_000 ? n : null;
    },
    3600,
    250,
  );
  const [span] = await stack.query<{ seconds: number | null }>(
    `SELECT extract(epoch FROM max(m.evaluated_at) - c.updated_at)::float8 AS seconds
       FROM monitored_worker m, monitor_feed_cursor c
      WHERE m.as_of = $1::date AND c.registry = 'calendar' GROUP BY c.updated_at`,
    [day],
  );
  const seconds = span?.seconds ?? (Date.now() - started) / 1000;
  o.log(`  ${evaluated}/${due} re-evaluated in ${seconds.toFixed(1)} s`);
  return { day, due, evaluated, seconds };
}

export const DEFAULT_MONITOR_PAGE_SIZE = DEFAULT_PAGE_SIZE;
