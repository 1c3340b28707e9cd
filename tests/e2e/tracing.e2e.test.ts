/**
 * OpenTelemetry tracing end to end: the stack in a child process with the standard OTEL_*
 * variables pointed at a tiny OTLP/HTTP receiver here; one Worker read yields spans from the
 * gateway, a registry and its SQL, all in one trace.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { tracingWanted } from '../../subgraphs/kit/tracing';

interface Span {
  traceId: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string } }[];
}

const attr = (s: Span, key: string) => s.attributes.find((a) => a.key === key)?.value.stringValue;

it('is off unless the OTEL_* variables ask for it', () => {
  expect(tracingWanted({})).toBe(false);
  expect(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
  expect(tracingWanted({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
  expect(tracingWanted({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'x' })).toBe(
    false,
  );
  expect(tracingWanted({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBe(false);
});

it('traces one Worker read from the gateway through a registry to its SQL', async () => {
  const spans: Span[] = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const parsed = JSON.parse(body) as {
          resourceSpans: { scopeSpans: { spans: Span[] }[] }[];
        };
        for (const r of parsed.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  try {
    const root = path.resolve(__dirname, '../..');
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', 'tests/support/traced-run.ts'],
      {
        cwd: root,
        env: {
          ...process.env,
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
          OTEL_SERVICE_NAME: 'kyosei-traced-stack',
          OTEL_METRICS_EXPORTER: 'none',
          OTEL_LOGS_EXPORTER: 'none',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, err }).toEqual({ code: 0, err: expect.any(String) });
    const workerId = out.trim();
    expect(workerId).not.toBe('');

    const gatewayOperation = spans.find(
      (s) => attr(s, 'graphql.operation.name') === 'TracedWorker',
    );
    expect(gatewayOperation).toBeDefined();
    const trace = spans.filter((s) => s.traceId === gatewayOperation!.traceId);
    // The gateway's fetch to a registry (undici, a client span), the registry's own operation
    // (named by the query planner) and its SQL share the trace.
    expect(trace.some((s) => s.kind === 3 && attr(s, 'http.request.method') === 'POST')).toBe(true);
    expect(
      trace.some((s) =>
        /^TracedWorker__residence__\d+$/.test(attr(s, 'graphql.operation.name') ?? ''),
      ),
    ).toBe(true);
    // pg's spans (the statement text with $n placeholders; `db.system.name` in the stable conventions).
    expect(
      trace.some((s) => (attr(s, 'db.system.name') ?? attr(s, 'db.system')) === 'postgresql'),
    ).toBe(true);
    // SQL parameters and GraphQL values are not recorded.
    expect(JSON.stringify(trace)).not.toContain(workerId);
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
  }
}, 300_000);
