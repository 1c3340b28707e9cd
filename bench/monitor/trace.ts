import { randomBytes } from 'node:crypto';
import type { SubgraphName } from '../../subgraphs/kit/config';
import { requestHeaders } from '../headers';
import { collector, otelEnv, printBreakdown } from '../otlp';
import { MonitorStack } from './stack';
import { viewRequests } from './traffic';
import { fillAndServe } from './views';

/** One view request through the gateway; its latency in ms (throws on an error answer). */
async function send(url: string, body: object, headers: Record<string, string> = {}) {
  const t0 = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...requestHeaders(), ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200 || text.includes('"errors":'))
    throw new Error(`${res.status} ${text.slice(0, 300)}`);
  return ms;
}

/**
 * `npm run bench:trace -- --views`: where each population view's time goes through the gateway.
 * The monitor's store filled synthetically with `workers` (bench/monitor/views.ts), every process
 * exporting its spans here (bench/otlp.ts); per view (those whose name starts with `only`), 20
 * warm-up requests, then 5 traced: the breakdown of the median one.
 */
export async function traceViews(
  o: { server: string; workers: number; seed: string; only?: string },
  databaseUrls: Record<SubgraphName, string>,
): Promise<void> {
  const receiver = await collector();
  const stack = await MonitorStack.start(
    o.server,
    `tracev${o.workers}`,
    databaseUrls,
    otelEnv(receiver.url),
  );
  try {
    await fillAndServe(stack, { ...o, log: (l) => console.log(l) });
    for (const view of viewRequests().filter((v) => v.name.startsWith(o.only ?? ''))) {
      for (let i = 0; i < 20; i++) await send(stack.gateway.url, view.body);
      const runs: { traceId: string; ms: number }[] = [];
      for (let i = 0; i < 5; i++) {
        const traceId = randomBytes(16).toString('hex');
        const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
        runs.push({ traceId, ms: await send(stack.gateway.url, view.body, { traceparent }) });
      }
      await new Promise((r) => setTimeout(r, 2000));
      printBreakdown(`${view.name} at ${o.workers} workers`, runs, receiver.spans);
    }
  } finally {
    await stack.stop(false);
    await receiver.close();
  }
}
