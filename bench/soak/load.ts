import pg from 'pg';
import { AS_OF } from '../../tools/demo/population';
import type { SubgraphName } from '../../subgraphs/kit/config';
import { requestHeaders } from '../headers';
import { peakRssMb, resetPeakRss } from '../processes';
import { percentile } from '../stats';
import { WORKER_360, WRITE_KINDS, writeRequest, picker, type WriteKind } from '../workloads';
import { errorCode, send } from './net';
import type { SoakStack } from './stack';

/** Where each write kind's row lives, to read every acknowledged write back. */
const TABLE: Record<WriteKind, { subgraph: SubgraphName; table: string }> = {
  registerWorker: { subgraph: 'residence', table: 'workers' },
  startEmployment: { subgraph: 'employment', table: 'employments' },
  enrollInsurance: { subgraph: 'insurance', table: 'insurance_enrollments' },
  assessTax: { subgraph: 'tax', table: 'tax_assessments' },
  recordTaxPayment: { subgraph: 'tax', table: 'tax_payments' },
};

export interface LoadResult {
  seconds: number;
  concurrency: number;
  writeShare: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  reads: number;
  readErrors: number;
  writes: number;
  acknowledged: number;
  writeErrors: Record<string, number>;
  lost: number;
  fiveXx: number;
  stalls: number;
  crashes: number;
  gatewayPeakRssMb: number;
}

interface LoadOptions {
  seconds: number;
  concurrency: number;
  writeShare: number;
  stallSeconds: number;
  log: (line: string) => void;
}

/** `concurrency` clients, each sending Worker 360 reads and the bench's write mix back to back. */
export async function mixedLoad(stack: SoakStack, o: LoadOptions): Promise<LoadResult> {
  stack.phase = 'mixed load';
  const crashes = stack.crashes.length;
  const ids = stack.ids;
  const pick = picker(4242);
  const acked: { kind: WriteKind; id: string }[] = [];
  const writeErrors: Record<string, number> = {};
  const latencies: number[] = [];
  let reads = 0;
  let readErrors = 0;
  let writes = 0;
  let fiveXx = 0;
  let stalls = 0;
  let n = 0;
  resetPeakRss(stack.gateway.pid);
  const t0 = Date.now();
  const deadline = t0 + o.seconds * 1000;
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (Date.now() < deadline) {
        n += 1;
        // Exactly writeShare of the requests, spread evenly (so even a tiny run writes).
        const write = Math.floor(n * o.writeShare) !== Math.floor((n - 1) * o.writeShare);
        const kind = WRITE_KINDS[n % WRITE_KINDS.length];
        const body = write
          ? writeRequest({
              kind,
              workerId: ids.writeWorkers[pick(ids.writeWorkers.length)],
              employerId: ids.employers[pick(ids.employers.length)],
              assessmentId: ids.assessments[pick(ids.assessments.length)],
              n: 7_000_000 + n,
            })
          : {
              query: WORKER_360,
              variables: { id: ids.workers[pick(ids.workers.length)], asOf: AS_OF },
            };
        const a = await send(
          { url: stack.gateway.url, headers: requestHeaders(), body: JSON.stringify(body) },
          o.stallSeconds * 1000,
        );
        latencies.push(a.ms);
        if (a.status === 'stall') stalls += 1;
        if (typeof a.status === 'number' && a.status >= 500) fiveXx += 1;
        const code = a.status === 200 ? errorCode(a.body) : `HTTP ${a.status}`;
        if (!write) {
          reads += 1;
          if (code) readErrors += 1;
          continue;
        }
        writes += 1;
        const id = a.status === 200 && !code ? acknowledgedId(a.body, kind) : null;
        if (id) acked.push({ kind, id });
        else writeErrors[code ?? 'NO_ID'] = (writeErrors[code ?? 'NO_ID'] ?? 0) + 1;
      }
    }),
  );
  const seconds = (Date.now() - t0) / 1000;
  const gatewayPeakRssMb = peakRssMb(stack.gateway.pid);
  const lost = await readBack(stack, acked);
  const sorted = latencies.sort((a, b) => a - b);
  return {
    seconds,
    concurrency: o.concurrency,
    writeShare: o.writeShare,
    requests: latencies.length,
    rps: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    reads,
    readErrors,
    writes,
    acknowledged: acked.length,
    writeErrors,
    lost,
    fiveXx,
    stalls,
    crashes: stack.crashes.length - crashes,
    gatewayPeakRssMb,
  };
}

function acknowledgedId(body: string, kind: WriteKind): string | null {
  try {
    const r = JSON.parse(body) as { data?: Record<string, { id?: string } | null> };
    return r.data?.[kind]?.id ?? null;
  } catch {
    return null;
  }
}

/** How many acknowledged writes are not in their registry's database. */
async function readBack(
  stack: SoakStack,
  acked: { kind: WriteKind; id: string }[],
): Promise<number> {
  let lost = 0;
  for (const kind of Object.keys(TABLE) as WriteKind[]) {
    const wanted = acked.filter((a) => a.kind === kind).map((a) => a.id);
    if (!wanted.length) continue;
    const { subgraph, table } = TABLE[kind];
    const client = new pg.Client({ connectionString: stack.databaseUrls[subgraph] });
    await client.connect();
    try {
      const r = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${table} WHERE id = ANY($1::uuid[])`,
        [wanted],
      );
      lost += new Set(wanted).size - Number(r.rows[0].n);
    } finally {
      await client.end();
    }
  }
  return lost;
}
