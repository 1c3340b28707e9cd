/** bench:trace's traced Worker 360: the breakdown of its spans (bench/otlp.ts), median request. */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { SubgraphName } from '../../subgraphs/kit/config';
import type { Ids } from '../../tools/demo/population';
import { collector, otelEnv, printBreakdown } from '../otlp';
import { requestSource } from '../workloads';
import type { Options } from './options';
import { body, startStack, worker360 } from './stack';

/** 30 warm-up requests, then 5 traced Worker 360: the breakdown of the median one. */
export async function traced(o: Options, databases: Record<SubgraphName, string>, ids: Ids) {
  const receiver = await collector();
  const stack = await startStack(o.roots[0], databases, o.pgSocket, otelEnv(receiver.url));
  try {
    const next = requestSource('worker360', ids, o.workers, 3);
    for (let i = 0; i < 30; i++) await worker360(stack.gateway.url, body(next));
    const runs: { traceId: string; ms: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const traceId = randomBytes(16).toString('hex');
      const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
      runs.push({ traceId, ms: await worker360(stack.gateway.url, body(next), { traceparent }) });
    }
    await new Promise((r) => setTimeout(r, 2000));
    printBreakdown('Worker 360', runs, receiver.spans);
    if (o.dump)
      writeFileSync(
        o.dump,
        JSON.stringify(
          receiver.spans.filter((s) => runs.some((r) => r.traceId === s.traceId)),
          null,
          1,
        ),
      );
  } finally {
    await stack.stop();
    await receiver.close();
  }
}
