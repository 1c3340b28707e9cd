/**
 * Does each queue library work over PGlite as kit/database.ts serves it (pglite-socket, one
 * connection at a time)? Enqueues 10 jobs and consumes them, each step under a time limit.
 *   node -r @swc-node/register bench/queue/pglite.ts [graphile-worker|pg-boss]
 */
import { startEmbedded } from '../../subgraphs/kit/database';
import { adapterNamed } from './adapters';

const STEP_MS = 20_000;

async function step<T>(name: string, work: Promise<T>): Promise<T> {
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer after ${STEP_MS} ms`)), STEP_MS);
  });
  try {
    const r = await Promise.race([work, timeout]);
    console.log(`  ${name}: ok in ${Date.now() - t0} ms`);
    return r;
  } catch (e) {
    console.log(`  ${name}: FAILED (${e instanceof Error ? e.message : String(e)})`);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

async function probe(lib: string): Promise<void> {
  console.log(lib);
  const embedded = await startEmbedded(null);
  const a = adapterNamed(lib);
  let seen = 0;
  try {
    await step('install', a.install(embedded.url));
    await step(
      'enqueue 10',
      a.enqueue(embedded.url, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']),
    );
    await step('count', a.pending(embedded.url));
    // The enqueuing side lets go of its connection: PGlite has only one to give.
    await step('close the enqueuing side', a.close());
    await new Promise((r) => setTimeout(r, 1000));
    const consumer = await step(
      'start consumer',
      a.consume(embedded.url, 100, async (jobs) => void (seen += jobs.length), { delaySeconds: 1 }),
    );
    await step(
      'run 10 jobs',
      new Promise<void>((resolve) => {
        const tick = () => (seen >= 10 ? resolve() : setTimeout(tick, 50));
        tick();
      }),
    );
    await step('stop consumer', consumer.stop());
  } catch {
    // reported by step()
  }
  console.log(`  jobs run: ${seen}`);
}

async function main(): Promise<void> {
  const libs = process.argv.slice(2);
  for (const lib of libs.length ? libs : ['graphile-worker', 'pg-boss']) await probe(lib);
  process.exit(0);
}

void main();
