import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import {
  openEvaluationQueue,
  type EvaluationJob,
  type EvaluationQueue,
} from '../../subgraphs/kit/queue';
import { startEmbedded } from '../../subgraphs/kit/database';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../support/databases';
import type { QueueConsumerMessage } from '../support/queue-consumer';

const until = async (check: () => boolean | Promise<boolean>, timeoutMs: number) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

// PGlite serves one connection at a time: the queue polls over it (singleConnection), and a
// second process cannot connect at all (docs/MONITOR_QUEUE.md, "PGlite").
const onPostgres = TEST_SERVER_URL ? it : it.skip;

describe(`the evaluation queue (graphile-worker on ${TEST_SERVER_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let database: TestDatabase;
  let embedded: { url: string; stop(): Promise<void> } | null = null;
  let url: string;
  let serviceUrl: string;
  let queue: EvaluationQueue;

  beforeEach(async () => {
    database = await createTestDatabase('queue');
    const target = database.target;
    if (target.kind === 'pglite') embedded = await startEmbedded(target.dataDir);
    url = target.kind === 'pglite' ? embedded!.url : (target.migrationUrl ?? target.url);
    serviceUrl = target.kind === 'pglite' ? url : target.url;
    queue = await openEvaluationQueue({
      url,
      singleConnection: !!embedded,
      pollIntervalMs: 200,
      // On PostgreSQL the caller's own connections (the service role) may enqueue in their
      // transactions; PGlite's one connection is the queue's.
      transactional: !embedded,
      enqueuingUrl: !embedded && serviceUrl !== url ? serviceUrl : undefined,
    });
  }, 60_000);
  afterEach(async () => {
    await queue.stop();
    await embedded?.stop();
    embedded = null;
    await database.drop();
  }, 60_000);

  it('keeps one waiting job per worker however often it is enqueued', async () => {
    await queue.enqueueEvaluations(['w1', 'w2', 'w1'], { cause: 'residence' });
    await queue.enqueueEvaluations(['w1'], { cause: 'tax' });
    expect((await queue.pending()).count).toBe(2);
  }, 30_000);

  it('lets a change run at once but never lets the calendar postpone a waiting job', async () => {
    const later = new Date(Date.now() + 86_400_000);
    await queue.enqueueEvaluations(['w1'], { cause: 'calendar', runAt: later });
    expect((await queue.pending()).oldestRunAt?.getTime()).toBe(later.getTime());
    await queue.enqueueEvaluations(['w1'], { cause: 'residence' });
    const now = (await queue.pending()).oldestRunAt?.getTime() ?? Infinity;
    expect(now).toBeLessThanOrEqual(Date.now());
    await queue.enqueueEvaluations(['w1'], { cause: 'calendar', runAt: later });
    expect((await queue.pending()).oldestRunAt?.getTime()).toBe(now);
    expect((await queue.pending()).count).toBe(1);
  }, 30_000);

  it('hands jobs to the handler in batches of at most batchSize, each once', async () => {
    const batches: EvaluationJob[][] = [];
    await queue.enqueueEvaluations(ids('w', 250), { cause: 'sweep' });
    await queue.startConsumers({ batchSize: 100, handler: async (b) => void batches.push(b) });
    await until(async () => (await queue.pending()).count === 0, 20_000);
    const seen = batches.flat().map((j) => j.workerId);
    expect(seen.sort()).toEqual(ids('w', 250).sort());
    expect(Math.max(...batches.map((b) => b.length))).toBe(100);
    expect(batches.flat().every((j) => j.cause === 'sweep' && j.attempt === 1)).toBe(true);
  }, 30_000);

  it('retries a failed batch with backoff, keeping the job while its source is down', async () => {
    const runs: { at: number; attempt: number }[] = [];
    await queue.enqueueEvaluations(['down'], { cause: 'employment' });
    await queue.startConsumers({
      batchSize: 10,
      handler: async ([job]) => {
        runs.push({ at: Date.now(), attempt: job.attempt });
        if (runs.length === 1) throw new Error('employment registry unreachable');
      },
    });
    await until(() => runs.length === 1, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect((await queue.pending()).count).toBe(1); // waiting for its retry, not lost
    await until(() => runs.length === 2, 20_000);
    expect(runs.map((r) => r.attempt)).toEqual([1, 2]);
    expect(runs[1].at - runs[0].at).toBeGreaterThanOrEqual(2_000); // e^1 s, not at once
    await until(async () => (await queue.pending()).count === 0, 10_000);
  }, 40_000);

  onPostgres(
    "enqueues in the caller's transaction: the jobs exist only if it commits (PostgreSQL)",
    async () => {
      const client = new pg.Client({ connectionString: serviceUrl });
      await client.connect();
      try {
        await client.query('BEGIN');
        await queue.enqueueEvaluations(['t1', 't2'], { cause: 'residence' }, client);
        await client.query('ROLLBACK');
        expect((await queue.pending()).count).toBe(0);
        await client.query('BEGIN');
        await queue.enqueueEvaluations(['t1', 't2'], { cause: 'residence' }, client);
        expect((await queue.pending()).count).toBe(0); // not before the commit
        await client.query('COMMIT');
        expect((await queue.pending()).count).toBe(2);
      } finally {
        await client.end();
      }
    },
    30_000,
  );

  onPostgres(
    'shares the jobs between two processes, each worker run once per change (PostgreSQL: PGlite has one connection)',
    async () => {
      const children: ChildProcess[] = [];
      /** Every job run, by the process (pid) that reported it. */
      const runs: { pid: number; workerId: string; cause: string; attempt: number }[] = [];
      const pids: number[] = [];
      try {
        await Promise.all(
          [0, 1].map(
            () =>
              new Promise<void>((resolve, reject) => {
                const child = fork(path.join(__dirname, '../support/queue-consumer.ts'), [url], {
                  execArgv: ['-r', '@swc-node/register'],
                });
                children.push(child);
                child.on('error', reject);
                child.on('message', (m: QueueConsumerMessage) => {
                  if (m.type === 'ready') {
                    pids.push(m.pid);
                    resolve();
                  } else runs.push(...m.jobs.map((j) => ({ pid: m.pid, ...j })));
                });
              }),
          ),
        );
        expect(new Set(pids).size).toBe(2);
        expect(pids).not.toContain(process.pid);
        // Two changes of the same 1,000 workers, the second once the first is drained.
        const workers = ids('w', 1000);
        for (const change of ['change-1', 'change-2']) {
          await queue.enqueueEvaluations(workers, { cause: change });
          await until(async () => (await queue.pending()).count === 0, 30_000);
        }
        await new Promise((r) => setTimeout(r, 300)); // a late duplicate report would arrive here
        // Each worker once per change, on its first attempt.
        const perChange = new Map<string, number>();
        for (const r of runs)
          perChange.set(
            `${r.workerId} ${r.cause}`,
            (perChange.get(`${r.workerId} ${r.cause}`) ?? 0) + 1,
          );
        expect(perChange.size).toBe(2000);
        expect([...perChange.values()].every((n) => n === 1)).toBe(true);
        expect(runs.every((r) => r.attempt === 1)).toBe(true);
        // Both processes took jobs of each change: the reports come from the two children's pids.
        for (const change of ['change-1', 'change-2']) {
          const taken = pids.map((pid) => runs.filter((r) => r.pid === pid && r.cause === change));
          expect(taken.map((t) => t.length > 0)).toEqual([true, true]);
          expect(taken[0].length + taken[1].length).toBe(1000);
        }
        process.stdout.write(
          `two consumer processes: ${pids.map((pid) => runs.filter((r) => r.pid === pid).length).join(' + ')} jobs\n`,
        );
      } finally {
        await Promise.all(
          children.map(
            (c) =>
              new Promise<void>((resolve) => {
                if (!c.connected) return resolve();
                c.on('exit', () => resolve());
                c.send('stop');
              }),
          ),
        );
      }
    },
    90_000,
  );
});
