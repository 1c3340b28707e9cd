import pg from 'pg';
import { AS_OF } from '../../tools/demo/population';
import type { SubgraphName } from '../../subgraphs/kit/config';
import { requestHeaders } from '../headers';
import { send, sleep } from './net';
import type { SoakStack } from './stack';

const READ = `query SoakRead($id: ID!, $asOf: Date) {
  worker(id: $id) { id fullName employments { id } insuranceEnrollments { id } taxAssessments { id }
    consistency(asOf: $asOf) { status missingSources } }
}`;

/** Reads run this long before the fault starts. */
const WARM_MS = 1000;

/** One read under a fault, as the client saw it. */
interface Read {
  sentAt: number;
  answeredAt: number;
  kind: 'full' | 'partial' | 'blank' | '5xx' | 'stall' | 'reset' | 'other';
  status: string | null;
  falseConsistent: boolean;
}

/** The figures of one fault scenario. */
export interface FaultResult {
  name: string;
  what: string;
  reads: number;
  kinds: Record<string, number>;
  statuses: Record<string, number>;
  /** CONSISTENT although a source was not read (down, or errors/missingSources in the answer). */
  falseConsistent: number;
  /** data.worker null (or no data) for a worker that exists. */
  blank: number;
  fiveXx: number;
  stalls: number;
  crashes: number;
  /** Seconds from the fault's end (registry answering again / last termination) to the first full answer. */
  recoverySeconds: number | null;
  /** Seconds from the fault's end to the last answer that was not full. */
  settledSeconds: number | null;
  detail: string;
  sample?: string;
}

function classify(
  status: number | 'stall' | 'reset',
  body: string,
): Omit<Read, 'sentAt' | 'answeredAt' | 'falseConsistent'> & { missing: boolean } {
  if (status === 'stall' || status === 'reset')
    return { kind: status, status: null, missing: true };
  if (status >= 500) return { kind: '5xx', status: null, missing: true };
  try {
    const r = JSON.parse(body) as {
      data?: {
        worker?: { consistency?: { status?: string; missingSources?: string[] } | null } | null;
      } | null;
      errors?: unknown[];
    };
    const worker = r.data?.worker;
    if (!worker) return { kind: 'blank', status: null, missing: true };
    const c = worker.consistency;
    const missing = !!(r.errors?.length || c?.missingSources?.length);
    const full = !missing && !!c && c.status !== 'INCOMPLETE';
    return { kind: full ? 'full' : 'partial', status: c?.status ?? 'null', missing };
  } catch {
    return { kind: 'other', status: null, missing: true };
  }
}

/** When a fault's read loop stops: once the fault is over and answers have been full for a while. */
class Recovery {
  end = Infinity;
  private streak = 0;
  constructor(
    private readonly needed: number,
    private readonly minSeconds: number,
    private readonly maxSeconds = 60,
  ) {}

  seen(read: Read): void {
    if (read.answeredAt < this.end) return;
    this.streak = read.kind === 'full' ? this.streak + 1 : 0;
  }

  done(): boolean {
    const now = Date.now();
    if (now >= this.end + this.maxSeconds * 1000) return true;
    return now >= this.end + this.minSeconds * 1000 && this.streak >= this.needed;
  }
}

/** Reads worker + consistency at `concurrency` until `recovery` is done; `down()` tells whether a source is down. */
async function readLoop(
  stack: SoakStack,
  concurrency: number,
  stallMs: number,
  recovery: Recovery,
  down: (sentAt: number, answeredAt: number) => boolean,
): Promise<{ reads: Read[]; sample?: string }> {
  const reads: Read[] = [];
  let sample: string | undefined;
  let n = 0;
  const ids = stack.ids.workers;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!recovery.done()) {
        const id = ids[(n++ * 7919) % ids.length];
        const sentAt = Date.now();
        const a = await send(
          {
            url: stack.gateway.url,
            headers: requestHeaders(),
            body: JSON.stringify({ query: READ, variables: { id, asOf: AS_OF } }),
          },
          stallMs,
        );
        const answeredAt = Date.now();
        const c = classify(a.status, a.body);
        const falseConsistent =
          c.status === 'CONSISTENT' && (c.missing || down(sentAt, answeredAt));
        if ((c.kind === 'blank' || c.kind === '5xx' || falseConsistent) && !sample)
          sample = `${a.status} ${a.body.slice(0, 300)}`;
        const read: Read = { sentAt, answeredAt, kind: c.kind, status: c.status, falseConsistent };
        reads.push(read);
        recovery.seen(read);
        if (a.status === 'reset') await sleep(50);
      }
    }),
  );
  return { reads, sample };
}

function summarize(
  name: string,
  what: string,
  reads: Read[],
  end: number,
  crashes: number,
  detail: string,
  sample?: string,
): FaultResult {
  const tally = (f: (r: Read) => string | null) =>
    reads.reduce<Record<string, number>>((acc, r) => {
      const k = f(r);
      if (k) acc[k] = (acc[k] ?? 0) + 1;
      return acc;
    }, {});
  const after = reads.filter((r) => r.answeredAt >= end);
  const firstFull = after
    .filter((r) => r.kind === 'full')
    .sort((a, b) => a.answeredAt - b.answeredAt)[0];
  const lastBad = after
    .filter((r) => r.kind !== 'full')
    .sort((a, b) => b.answeredAt - a.answeredAt)[0];
  return {
    name,
    what,
    reads: reads.length,
    kinds: tally((r) => r.kind),
    statuses: tally((r) => r.status),
    falseConsistent: reads.filter((r) => r.falseConsistent).length,
    blank: reads.filter((r) => r.kind === 'blank').length,
    fiveXx: reads.filter((r) => r.kind === '5xx').length,
    stalls: reads.filter((r) => r.kind === 'stall').length,
    crashes,
    recoverySeconds: firstFull ? Math.max(0, firstFull.answeredAt - end) / 1000 : null,
    settledSeconds: lastBad ? (lastBad.answeredAt - end) / 1000 : 0,
    detail,
    sample,
  };
}

interface FaultOptions {
  concurrency: number;
  downSeconds: number;
  stallSeconds: number;
  subgraph: SubgraphName;
  log: (line: string) => void;
}

/** SIGKILL a registry while reads run, start it again on its port, and watch the answers come back. */
export async function killAndRestart(stack: SoakStack, o: FaultOptions): Promise<FaultResult> {
  stack.phase = `fault: ${o.subgraph} killed`;
  const crashes = stack.crashes.length;
  let killedAt = Infinity;
  let revivedAt = Infinity;
  const recovery = new Recovery(2 * o.concurrency, Math.max(2, o.downSeconds));
  const loop = readLoop(
    stack,
    o.concurrency,
    o.stallSeconds * 1000,
    recovery,
    (sent, answered) => sent >= killedAt && answered <= revivedAt,
  );
  await sleep(WARM_MS);
  await stack.kill(o.subgraph);
  killedAt = Date.now();
  await sleep(o.downSeconds * 1000);
  revivedAt = Date.now();
  await stack.revive(o.subgraph);
  const readyAt = Date.now();
  recovery.end = readyAt;
  const { reads, sample } = await loop;
  await stack.settle();
  return summarize(
    `${o.subgraph} killed`,
    `${o.subgraph} registry SIGKILLed under ${o.concurrency} concurrent reads, down ${o.downSeconds} s, restarted on its port (took ${((readyAt - revivedAt) / 1000).toFixed(1)} s to answer)`,
    reads,
    readyAt,
    stack.crashes.length - crashes,
    `answers while down: ${tally(reads, killedAt, revivedAt)}; while restarting: ${tally(reads, revivedAt, readyAt)}; after: ${tally(reads, readyAt, Infinity)}`,
    sample,
  );
}

/** The answers answered in [from, to), by kind and consistency status. */
function tally(reads: Read[], from: number, to: number): string {
  const acc: Record<string, number> = {};
  for (const r of reads) {
    if (r.answeredAt < from || r.answeredAt >= to) continue;
    const k = `${r.kind}${r.status ? `/${r.status}` : ''}`;
    acc[k] = (acc[k] ?? 0) + 1;
  }
  return (
    Object.entries(acc)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none'
  );
}

/** pg_terminate_backend on every connection to a registry's database, repeatedly, while reads run. */
export async function dropConnections(stack: SoakStack, o: FaultOptions): Promise<FaultResult> {
  stack.phase = `fault: ${o.subgraph} database connections dropped`;
  const crashes = stack.crashes.length;
  const url = new URL(stack.databaseUrls[o.subgraph]);
  const database = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  let from = Infinity;
  let to = Infinity;
  const recovery = new Recovery(2 * o.concurrency, Math.max(2, o.downSeconds));
  const loop = readLoop(stack, o.concurrency, o.stallSeconds * 1000, recovery, () => false);
  let terminated = 0;
  try {
    await sleep(WARM_MS);
    from = Date.now();
    while (Date.now() - from < o.downSeconds * 1000) {
      const r = await admin.query<{ ok: boolean }>(
        'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database],
      );
      terminated += r.rows.filter((x) => x.ok).length;
      await sleep(200);
    }
    to = Date.now();
  } finally {
    recovery.end = Math.min(recovery.end, Date.now());
    await admin.end();
  }
  const { reads, sample } = await loop;
  await stack.settle();
  return summarize(
    `${o.subgraph} database connections dropped`,
    `every connection to the ${o.subgraph} registry's database terminated (pg_terminate_backend) every 200 ms for ${o.downSeconds} s under ${o.concurrency} concurrent reads`,
    reads,
    to,
    stack.crashes.length - crashes,
    `${terminated} backends terminated; answers during: ${tally(reads, from, to)}; after: ${tally(reads, to, Infinity)}`,
    sample,
  );
}
