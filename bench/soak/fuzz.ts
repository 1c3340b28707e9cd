import { picker } from '../workloads';
import { CLASSES, type FuzzClass, type FuzzContext } from './classes';
import { readMutations } from './mutations';
import { errorCode, pool, send, type Answer } from './net';
import type { SoakStack } from './stack';
import type { Tokens } from './tokens';

/** The figures of one class of hostile input. */
export interface ClassResult {
  name: string;
  what: string;
  requested: number;
  sent: number;
  statuses: Record<string, number>;
  codes: Record<string, number>;
  fiveXx: number;
  /** Of the 5xx, those answered by a registry called directly (not through the gateway). */
  fiveXxDirect: number;
  stalls: number;
  resets: number;
  crashes: number;
  markerLeaks: number;
  leakServices: string[];
  maxMs: number;
  sample5xx?: string;
}

/** The marker planted in class k's inputs: unique to the run, easy to grep, never in real data. */
export function markerFor(run: string, k: number): string {
  return `Soakmark${run}k${String(k).padStart(2, '0')}x`;
}

/** How the `ops` operations are shared: stalled-bodies gets 1 in 600 (each holds 16 sockets), the rest evenly. */
function shares(ops: number): number[] {
  const stalled = Math.max(1, Math.round(ops / 600));
  const rest = ops - stalled;
  const n = CLASSES.length - 1;
  return CLASSES.map((c, k) => (c.run ? stalled : Math.floor(rest / n) + (k < rest % n ? 1 : 0)));
}

interface FuzzOptions {
  ops: number;
  concurrency: number;
  stallSeconds: number;
  run: string;
  log: (line: string) => void;
}

/** Sends every class's share of hostile operations, one class after another, and counts what came back. */
export async function fuzz(
  stack: SoakStack,
  tokens: Tokens,
  o: FuzzOptions,
): Promise<ClassResult[]> {
  const { mutations, enums } = readMutations();
  const ctx: FuzzContext = {
    gateway: stack.gateway.url,
    subgraphs: stack.urls,
    tokens,
    workerIds: stack.ids.workers,
    employerIds: stack.ids.employers,
    mutations,
    enums,
    pick: picker(20261201),
  };
  const counts = shares(o.ops);
  const results: ClassResult[] = [];
  for (const [k, c] of CLASSES.entries()) {
    results.push(await runClass(stack, ctx, c, markerFor(o.run, k), counts[k], o));
  }
  // Services write asynchronously: give them a moment before the markers are counted.
  await new Promise((r) => setTimeout(r, 1000));
  for (const [k, r] of results.entries()) {
    const marker = markerFor(o.run, k);
    r.markerLeaks = stack.watcher.count(marker);
    r.leakServices = stack.watcher.services(marker);
  }
  return results;
}

async function runClass(
  stack: SoakStack,
  ctx: FuzzContext,
  c: FuzzClass,
  marker: string,
  count: number,
  o: FuzzOptions,
): Promise<ClassResult> {
  stack.phase = `fuzz ${c.name}`;
  const crashesBefore = stack.crashes.length;
  const r: ClassResult = {
    name: c.name,
    what: c.what,
    requested: count,
    sent: 0,
    statuses: {},
    codes: {},
    fiveXx: 0,
    fiveXxDirect: 0,
    stalls: 0,
    resets: 0,
    crashes: 0,
    markerLeaks: 0,
    leakServices: [],
    maxMs: 0,
  };
  const stallMs = o.stallSeconds * 1000;
  const t0 = Date.now();
  await pool(
    Array.from({ length: count }, (_, i) => i),
    c.run ? 1 : o.concurrency,
    async (i) => {
      // A crashed gateway is restarted on a new port: build each request against the current one.
      ctx.gateway = stack.gateway.url;
      ctx.subgraphs = stack.urls;
      let a: Answer;
      let direct = false;
      if (c.run) a = await c.run(ctx, marker, stallMs);
      else {
        const request = c.make!(ctx, marker, i);
        direct = !request.url.startsWith(ctx.gateway);
        a = await send(request, stallMs);
      }
      r.sent += 1;
      r.statuses[a.status] = (r.statuses[a.status] ?? 0) + 1;
      const code = typeof a.status === 'number' ? errorCode(a.body) : null;
      if (code) r.codes[code] = (r.codes[code] ?? 0) + 1;
      if (a.status === 'stall') r.stalls += 1;
      if (a.status === 'reset') r.resets += 1;
      if (typeof a.status === 'number' && a.status >= 500) {
        r.fiveXx += 1;
        if (direct) r.fiveXxDirect += 1;
        r.sample5xx ??= `${a.status} ${a.body.split(marker).join('<marker>').slice(0, 200)}`;
      }
      r.maxMs = Math.max(r.maxMs, a.ms);
    },
  );
  await stack.settle();
  r.crashes = stack.crashes.length - crashesBefore;
  o.log(
    `  ${c.name}: ${r.sent} sent in ${((Date.now() - t0) / 1000).toFixed(1)} s, statuses ${JSON.stringify(r.statuses)}, 5xx ${r.fiveXx}, stalls ${r.stalls}, crashes ${r.crashes}`,
  );
  return r;
}
