/**
 * One consumer process of the queue benchmark (forked by bench/queue/run.ts): takes batches from
 * the named library, sleeps 1 ms per batch, and reports every job it ran to its parent over IPC.
 * Jobs whose worker id starts with `fail-` throw on their first three attempts (retry timing).
 */
import { adapterNamed, type BenchJob } from './adapters';

export type ConsumerMessage =
  | { type: 'ready' }
  | { type: 'batch'; ids: string[]; waitsMs: number[]; at: number }
  | { type: 'failed'; ids: string[]; at: number }
  | { type: 'stopped'; maxRssMb: number };

const [lib, url, batchSize] = process.argv.slice(2);
const send = (m: ConsumerMessage) => process.send?.(m);
const failures = new Map<string, number>();
let maxRss = 0;
const sampler = setInterval(() => {
  maxRss = Math.max(maxRss, process.memoryUsage().rss);
}, 200);

async function handle(jobs: BenchJob[]): Promise<void> {
  const at = Date.now();
  const failing = jobs.filter((j) => j.workerId.startsWith('fail-'));
  for (const j of failing) {
    const n = (failures.get(j.workerId) ?? 0) + 1;
    failures.set(j.workerId, n);
    if (n <= 3) {
      send({ type: 'failed', ids: [j.workerId], at });
      throw new Error('source down');
    }
  }
  await new Promise((r) => setTimeout(r, 1));
  send({
    type: 'batch',
    ids: jobs.map((j) => j.workerId),
    waitsMs: jobs.map((j) => at - j.enqueuedAt),
    at,
  });
}

async function main(): Promise<void> {
  const adapter = adapterNamed(lib);
  if (process.env.QUEUE_BENCH_DEBUG) console.error(`consumer ${process.pid} starting`);
  const consumer = await adapter.consume(url, Number(batchSize), handle, { delaySeconds: 1 });
  send({ type: 'ready' });
  process.on('message', (m: { type: string }) => {
    if (m.type !== 'stop') return;
    void consumer.stop().then(async () => {
      await adapter.close();
      clearInterval(sampler);
      maxRss = Math.max(maxRss, process.memoryUsage().rss);
      send({ type: 'stopped', maxRssMb: Math.round(maxRss / 1048576) });
      process.disconnect();
    });
  });
}

void main();
