/**
 * Traces of the benchmark's requests (bench/trace.ts, bench/monitor/trace.ts): an OTLP/HTTP (JSON)
 * receiver in the harness's process, the environment that points a service at it, and the
 * breakdown of one request's spans (gateway stages, each subgraph's server time, GraphQL
 * execution, SQL, access-log write).
 */
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import { median } from './stats';

/** What a service started by the harness needs to export its spans to `receiverUrl`. */
export const otelEnv = (receiverUrl: string): Record<string, string> => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl,
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  OTEL_METRICS_EXPORTER: 'none',
  OTEL_LOGS_EXPORTER: 'none',
  OTEL_BSP_SCHEDULE_DELAY: '200',
});

export interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
}
export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: { key: string; value: OtlpValue }[];
  /** Added here: the resource's service.name, and start/end in ms since the epoch. */
  service: string;
  start: number;
  end: number;
}

/** An OTLP/HTTP (JSON) receiver in this process: every span the services export. */
export async function collector(): Promise<{ url: string; spans: Span[]; close(): Promise<void> }> {
  const spans: Span[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const parsed = JSON.parse(Buffer.concat(chunks).toString()) as {
          resourceSpans: {
            resource: { attributes: { key: string; value: OtlpValue }[] };
            scopeSpans: { spans: Span[] }[];
          }[];
        };
        for (const r of parsed.resourceSpans) {
          const service =
            r.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
          for (const s of r.scopeSpans)
            for (const span of s.spans)
              spans.push({
                ...span,
                service: service.replace(/^kyosei-/, ''),
                start: nanosToMs(span.startTimeUnixNano),
                end: nanosToMs(span.endTimeUnixNano),
              });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const EPOCH = BigInt(Date.now() - 3_600_000) * 1_000_000n;
const nanosToMs = (n: string) => Number(BigInt(n) - EPOCH) / 1e6;

const attr = (s: Span, key: string) => {
  const v = s.attributes.find((a) => a.key === key)?.value;
  return v?.stringValue ?? (v?.intValue !== undefined ? String(v.intValue) : undefined);
};
const duration = (s: Span) => s.end - s.start;
const sum = (spans: Span[]) => spans.reduce((a, s) => a + duration(s), 0);
const statement = (s: Span) => attr(s, 'db.statement') ?? attr(s, 'db.query.text');
const isAccessLogWrite = (s: Span) => /INSERT INTO access_log/.test(statement(s) ?? '');

/** Stage of each gateway fetch: 1 + the deepest stage among the fetches that ended before it began. */
function stages(fetches: Span[]): Span[][] {
  const sorted = [...fetches].sort((a, b) => a.start - b.start);
  const depth = new Map<Span, number>();
  for (const f of sorted) {
    const before = sorted.filter((g) => g !== f && g.end <= f.start);
    depth.set(f, 1 + Math.max(0, ...before.map((g) => depth.get(g) ?? 0)));
  }
  const out: Span[][] = [];
  for (const [f, d] of depth) (out[d - 1] ??= []).push(f);
  return out;
}

/** The rows of one trace's breakdown: label → ms. */
type Row = { ms: number; note?: string };

export function breakdown(trace: Span[], clientMs: number): Map<string, Row> {
  const rows = new Map<string, Row>();
  const gw = trace.filter((s) => s.service === 'gateway');
  const named = (n: string) => gw.filter((s) => s.name === n);
  const server = gw.find((s) => s.kind === 2);
  rows.set('client round trip', { ms: clientMs });
  if (server) rows.set('gateway HTTP request (server span)', { ms: duration(server) });
  rows.set('gateway.validate', { ms: sum(named('gateway.validate')) });
  rows.set('gateway.plan', { ms: sum(named('gateway.plan')) });
  rows.set('gateway.execute', { ms: sum(named('gateway.execute')) });
  // A fetch with no representations to send returns at once, without a child span: not a stage.
  const parents = new Set(trace.map((s) => s.parentSpanId));
  const fetches = named('gateway.fetch').filter((f) => parents.has(f.spanId));
  for (const [k, stage] of stages(fetches).entries()) {
    const services = stage.map((f) => attr(f, 'service') ?? '?').sort();
    const counts = [...new Set(services)].map((n) => {
      const c = services.filter((x) => x === n).length;
      return c > 1 ? `${n}×${c}` : n;
    });
    const ms = Math.max(...stage.map((s) => s.end)) - Math.min(...stage.map((s) => s.start));
    rows.set(`  fetch stage ${k + 1}`, { ms, note: counts.join(', ') });
  }
  rows.set('gateway.postprocessing', { ms: sum(named('gateway.postprocessing')) });
  rows.set('gateway fetches, summed', { ms: sum(fetches), note: `${fetches.length} fetches` });
  const subgraphs = [...new Set(trace.map((s) => s.service))].filter((n) => n !== 'gateway');
  for (const n of subgraphs.sort()) {
    const spans = trace.filter((s) => s.service === n);
    const servers = spans.filter((s) => s.kind === 2);
    const sql = spans.filter((s) => statement(s) !== undefined && !isAccessLogWrite(s));
    const execute = spans.filter((s) => /^(query|mutation) /.test(s.name));
    rows.set(`${n}: server time`, { ms: sum(servers), note: `${servers.length} requests` });
    rows.set(`${n}:   graphql execute`, { ms: sum(execute) });
    rows.set(`${n}:     SQL`, { ms: sum(sql), note: `${sql.length} statements` });
    rows.set(`${n}:   access-log write`, { ms: sum(spans.filter(isAccessLogWrite)) });
  }
  return rows;
}

/**
 * Prints, as a table, the breakdown of the median traced request of `runs` (by client time) and
 * each row's median over all of them.
 */
export function printBreakdown(
  title: string,
  runs: { traceId: string; ms: number }[],
  spans: Span[],
): void {
  const tables = runs.map((r) =>
    breakdown(
      spans.filter((s) => s.traceId === r.traceId),
      r.ms,
    ),
  );
  const order = runs.map((_, k) => k).sort((a, b) => runs[a].ms - runs[b].ms);
  const typical = tables[order[Math.floor(order.length / 2)]];
  console.log(
    `\n${title}: the median of ${runs.length} traced requests, and each row's median over all ${runs.length} (load ${os.loadavg()[0].toFixed(2)})\n`,
  );
  console.log(
    '| span | ms (median request) | ms (median per row) | |\n| --- | ---: | ---: | --- |',
  );
  for (const [label, row] of typical) {
    const values = tables.map((t) => t.get(label)?.ms).filter((v): v is number => v !== undefined);
    const all = values.length === tables.length ? median(values).toFixed(2) : '';
    const shown = label.replace(/^ +/, (x) => '&nbsp;'.repeat(x.length));
    console.log(`| ${shown} | ${row.ms.toFixed(2)} | ${all} | ${row.note ?? ''} |`);
  }
}
