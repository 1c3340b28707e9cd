import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
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
  let queue: EvaluationQueue;

  beforeEach(async () => {
    database = await createTestDatabase('queue');
    const target = database.target;
    if (target.kind === 'pglite') embedded = await startEmbedded(target.dataDir);
    url = target.kind === 'pglite' ? embedded!.url : (target.migrationUrl ?? target.url);
    queue = await openEvaluationQueue({ url, singleConnection: !!embedded, pollIntervalMs: 200 });
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
    'shares the jobs between two processes, each run once (PostgreSQL: PGlite has one connection)',
    async () => {
      const children: ChildProcess[] = [];
      const runs = new Map<string, number>();
      const perProcess = [0, 0];
      try {
        await Promise.all(
          [0, 1].map(
            (n) =>
              new Promise<void>((resolve, reject) => {
                const child = fork(path.join(__dirname, '../support/queue-consumer.ts'), [url], {
                  execArgv: ['-r', '@swc-node/register'],
                });
                children.push(child);
                child.on('error', reject);
                child.on('message', (m: QueueConsumerMessage) => {
                  if (m.type === 'ready') resolve();
                  if (m.type !== 'batch') return;
                  perProcess[n] += m.workerIds.length;
                  for (const id of m.workerIds) runs.set(id, (runs.get(id) ?? 0) + 1);
                });
              }),
          ),
        );
        await queue.enqueueEvaluations(ids('w', 1000), { cause: 'sweep' });
        await until(async () => (await queue.pending()).count === 0, 30_000);
        await new Promise((r) => setTimeout(r, 300)); // a late duplicate report would arrive here
        expect(runs.size).toBe(1000);
        expect([...runs.values()].every((n) => n === 1)).toBe(true);
        expect(perProcess[0]).toBeGreaterThan(0);
        expect(perProcess[1]).toBeGreaterThan(0);
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
    60_000,
  );
});
