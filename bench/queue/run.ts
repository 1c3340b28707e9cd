/**
 * The monitor's job-queue benchmark: graphile-worker against pg-boss on the monitor's workload.
 *   npm run bench:queue [-- graphile-worker|pg-boss]   (QUEUE_BENCH_URL, QUEUE_BENCH_JOBS)
 * Each library gets a fresh scratch database on the server of QUEUE_BENCH_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres); consumers are separate Node processes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { adapterNamed, type QueueAdapter } from './adapters';
import type { ConsumerMessage } from './consumer';

const SERVER = process.env.QUEUE_BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const JOBS = Number(process.env.QUEUE_BENCH_JOBS ?? 100_000);
const BATCH = 100;
const CHUNK = 5_000;

async function scratchDatabase(lib: string): Promise<string> {
  const name = `kyosei_queue_bench_${lib.replace(/\W/g, '_')}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(SERVER);
  u.pathname = `/${name}`;
  return u.toString();
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

async function enqueueAll(a: QueueAdapter, url: string, all: string[]): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < all.length; i += CHUNK) await a.enqueue(url, all.slice(i, i + CHUNK));
  return all.length / ((performance.now() - t0) / 1000);
}

interface Consumers {
  children: ChildProcess[];
  stop(): Promise<number[]>;
}

/** `listener` sees every message, including batches run before the other processes are ready. */
async function startConsumers(
  lib: string,
  url: string,
  n: number,
  listener: (m: ConsumerMessage) => void,
): Promise<Consumers> {
  const children = Array.from({ length: n }, () =>
    fork(`${__dirname}/consumer.ts`, [lib, url, String(BATCH)], {
      execArgv: ['-r', '@swc-node/register'],
    }),
  );
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) =>
          c.on('message', (m: ConsumerMessage) => {
            if (m.type === 'ready') resolve();
            listener(m);
          }),
        ),
    ),
  );
  return {
    children,
    stop: () =>
      Promise.all(
        children.map(
          (c) =>
            new Promise<number>((resolve) => {
              c.on('message', (m: ConsumerMessage) => {
                if (m.type === 'stopped') resolve(m.maxRssMb);
              });
              c.send({ type: 'stop' });
            }),
        ),
      ),
  };
}

function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const tick = () =>
      check() ? resolve(true) : Date.now() > end ? resolve(false) : setTimeout(tick, 20);
    tick();
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function drain(lib: string, url: string, a: QueueAdapter, n: number, prefix: string) {
  await enqueueAll(a, url, ids(prefix, JOBS));
  const seen = new Map<string, number>();
  let first = 0;
  let last = 0;
  const c = await startConsumers(lib, url, n, (m) => {
    if (m.type !== 'batch') return;
    first ||= m.at;
    last = m.at;
    for (const id of m.ids) seen.set(id, (seen.get(id) ?? 0) + 1);
  });
  const done = await until(() => seen.size >= JOBS, 600_000);
  step(`drained ${seen.size}`);
  const rss = await c.stop();
  const duplicates = [...seen.values()].reduce((s, v) => s + v - 1, 0);
  return {
    consumers: n,
    completed: done,
    jobsPerSecond: Math.round(JOBS / Math.max(0.001, (last - first) / 1000)),
    duplicates,
    maxRssMb: rss,
  };
}

async function latency(lib: string, url: string, a: QueueAdapter) {
  const waits: number[] = [];
  const c = await startConsumers(lib, url, 1, (m) => {
    if (m.type === 'batch') waits.push(...m.waitsMs);
  });
  const total = 1_000; // 10 s at 100 jobs/s, one job every 10 ms
  const t0 = Date.now();
  for (let i = 0; i < total; i++) {
    await a.enqueue(url, [`steady-${i}`]);
    const next = t0 + (i + 1) * 10;
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
  await until(() => waits.length >= total, 30_000);
  const rss = await c.stop();
  return { jobs: waits.length, p50Ms: pct(waits, 50), p95Ms: pct(waits, 95), maxRssMb: rss[0] };
}

async function retry(lib: string, url: string, a: QueueAdapter) {
  const attempts: number[] = [];
  let succeeded = 0;
  const c = await startConsumers(lib, url, 1, (m) => {
    if (m.type === 'failed') attempts.push(m.at);
    if (m.type === 'batch' && m.ids.includes('fail-0')) succeeded = m.at;
  });
  const t0 = Date.now();
  await a.enqueue(url, ['fail-0']);
  await until(() => succeeded > 0, 120_000);
  await c.stop();
  const times = [...attempts, succeeded].map((t) => t - t0);
  return {
    failuresThenSuccess: attempts.length,
    gapsSeconds: times.slice(1).map((t, i) => +((t - times[i]) / 1000).toFixed(1)),
  };
}

const step = (s: string) => console.error(`${new Date().toISOString()} ${s}`);

async function bench(lib: string) {
  const url = await scratchDatabase(lib);
  const a = adapterNamed(lib);
  await a.install(url);
  step('const enqueuePerSecond');
  const enqueuePerSecond = Math.round(await enqueueAll(a, url, ids('w', JOBS)));
  await enqueueAll(a, url, ids('w', JOBS / 10)); // the same workers again, before any ran
  step('const queuedAfterReenqueue');
  const queuedAfterReenqueue = await a.pending(url);
  const results: Record<string, unknown> = { lib, enqueuePerSecond, queuedAfterReenqueue };
  step('await a.close();');
  await a.close();
  const fresh = await scratchDatabase(lib); // the drains start from an empty queue
  const b = adapterNamed(lib);
  await b.install(fresh);
  step('results.drain1');
  results.drain1 = await drain(lib, fresh, b, 1, 'one-');
  step('results.drain2');
  results.drain2 = await drain(lib, fresh, b, 2, 'two-');
  step('results.latency');
  results.latency = await latency(lib, fresh, b);
  step('results.retry');
  results.retry = await retry(lib, fresh, b);
  await b.close();
  return results;
}

async function main(): Promise<void> {
  const libs = process.argv.slice(2).filter((x) => !x.startsWith('-'));
  for (const lib of libs.length ? libs : ['graphile-worker', 'pg-boss']) {
    const r = await bench(lib);
    console.log(JSON.stringify(r));
  }
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
