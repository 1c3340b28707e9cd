/**
 * A monitor-like consumer process for tests/int/queue.int.test.ts: takes batches from the
 * evaluation queue at the URL in argv and reports every job it ran to its parent over IPC.
 */
import { openEvaluationQueue } from '../../subgraphs/kit/queue';

export type QueueConsumerMessage =
  | { type: 'ready'; pid: number }
  | { type: 'batch'; pid: number; jobs: { workerId: string; cause: string; attempt: number }[] };

async function main(): Promise<void> {
  const queue = await openEvaluationQueue({ url: process.argv[2] });
  await queue.startConsumers({
    batchSize: 50,
    handler: async (batch) => {
      await new Promise((r) => setTimeout(r, 20)); // one federated query's worth of waiting
      process.send?.({ type: 'batch', pid: process.pid, jobs: batch });
    },
  });
  process.on('message', () => {
    void queue.stop().then(() => process.disconnect());
  });
  process.send?.({ type: 'ready', pid: process.pid });
}

void main();
