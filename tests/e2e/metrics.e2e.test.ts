/**
 * Prometheus metrics over real HTTP: after a few operations through the gateway, its `/metrics`
 * and a registry's count the operation by name, time the gateway's subgraph fetches, count errors
 * by code, and report the admission queue and the database pool; no token is needed and no
 * personal value appears.
 */
import { mutate } from '../support/mutations';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 180_000);
afterAll(() => stack?.stop());

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Fetches `/metrics` next to a GraphQL endpoint, without a token, and parses its samples. */
async function scrape(graphqlUrl: string): Promise<{ text: string; samples: Sample[] }> {
  const res = await fetch(new URL('/metrics', graphqlUrl));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  const text = await res.text();
  const samples = text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)!;
      const labels = Object.fromEntries(
        [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]),
      );
      return { name: m[1], labels, value: Number(m[3]) };
    });
  return { text, samples };
}

function find(samples: Sample[], name: string, labels: Record<string, string | RegExp> = {}) {
  return samples.filter(
    (s) =>
      s.name === name &&
      Object.entries(labels).every(([k, v]) =>
        typeof v === 'string' ? s.labels[k] === v : v.test(s.labels[k] ?? ''),
      ),
  );
}

const total = (samples: Sample[]) => samples.reduce((n, s) => n + s.value, 0);

const NAME = 'Metrics Probe Person';
const QUERY = `query MetricsWorker($id: ID!) {
  worker(id: $id) { id fullName residencePermits { status } employments { jobField } }
}`;

it('counts, times and classifies operations on the gateway and on a registry', async () => {
  const worker = await mutate(stack, 'registerWorker', 'RegisterWorkerInput', {
    fullName: NAME,
    nationality: 'VN',
    dateOfBirth: '1998-07-15',
  });
  for (let i = 0; i < 3; i++) {
    const res = await stack.query(QUERY, { id: worker.id });
    expect(res.errors).toBeUndefined();
    expect(res.data?.worker.fullName).toBe(NAME);
  }
  const bad = await stack.query('query MetricsBad { worker(id: "x") { noSuchField } }');
  expect(bad.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

  const gateway = await scrape(stack.gateway.url);
  const g = gateway.samples;
  expect(
    total(
      find(g, 'kyosei_graphql_requests_total', { operation: 'MetricsWorker', service: 'gateway' }),
    ),
  ).toBe(3);
  expect(
    total(find(g, 'kyosei_graphql_request_duration_seconds_count', { operation: 'MetricsWorker' })),
  ).toBe(3);
  expect(
    total(find(g, 'kyosei_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })),
  ).toBeGreaterThanOrEqual(1);
  // Each Worker read fetched residence and employment at least once.
  for (const subgraph of ['residence', 'employment'])
    expect(
      total(
        find(g, 'kyosei_gateway_subgraph_fetch_duration_seconds_count', {
          subgraph,
          outcome: 'ok',
        }),
      ),
    ).toBeGreaterThanOrEqual(3);
  expect(find(g, 'kyosei_gateway_admission_active')).toEqual([
    expect.objectContaining({ value: expect.any(Number) }),
  ]);
  expect(find(g, 'kyosei_gateway_admission_waiting')).toEqual([
    expect.objectContaining({ value: 0 }),
  ]);
  expect(total(find(g, 'kyosei_http_responses_total', { route: '/graphql', status: '200' }))).toBe(
    // the registration, three reads; the bad query is a 400
    4,
  );
  expect(find(g, 'process_resident_memory_bytes')).toHaveLength(1);
  expect(find(g, 'nodejs_eventloop_lag_seconds')).toHaveLength(1);

  // The registry saw the gateway's fetches, named after the client's operation by the planner.
  const residence = await scrape(stack.subgraphs.residence.url);
  const r = residence.samples;
  expect(
    total(
      find(r, 'kyosei_graphql_requests_total', {
        operation: /^MetricsWorker__residence__\d+$/,
        service: 'residence',
      }),
    ),
  ).toBeGreaterThanOrEqual(3);
  expect(find(r, 'kyosei_db_pool_total')[0].value).toBeGreaterThanOrEqual(1);
  expect(find(r, 'kyosei_db_pool_idle')).toHaveLength(1);
  expect(find(r, 'kyosei_db_pool_waiting')).toHaveLength(1);

  // No personal value, id or token in either.
  for (const { text } of [gateway, residence]) {
    expect(text).not.toContain(NAME);
    expect(text).not.toContain(worker.id);
    expect(text).not.toMatch(/bearer|eyJ/i);
  }
});
