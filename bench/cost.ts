/**
 * `node -r @swc-node/register bench/cost.ts [postgres://server]`: measures what the gateway's cost
 * model (subgraphs/kit/limits.ts) weighs: the wall time of one operation of each shape, alone
 * (concurrency 1, median of RUNS after a warm-up), over a generated population of 2,000 workers
 * (one employer with 500 active employees) in PostgreSQL, all services in this process. Prints a
 * table in milliseconds; docs/LIMITS.md records a run and the weights derived from it.
 */
import { startGateway } from '../gateway/server';
import {
  loadPopulation,
  MODULES,
  population,
  sampleIds,
  AS_OF,
  dropDatabases,
  benchDatabaseNames,
} from '../tools/demo/population';
import {
  GATEWAY_AUDIENCE,
  SCOPES,
  signDevelopmentToken,
  DEVELOPMENT_SECRET,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
} from '../subgraphs/kit/auth';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/kit/config';
import { startSubgraph, type RunningSubgraph } from '../subgraphs/kit/server';

const RUNS = 5;
const auth = {
  secret: DEVELOPMENT_SECRET,
  jwks: null,
  issuer: null,
  internalSecret: DEVELOPMENT_SECRET,
  maxTokenLifetimeSeconds: DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
};

function aliases(n: number, field: string): string {
  return `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
}

async function main(): Promise<void> {
  const server = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const p = population(2000, 'cost');
  const load = await loadPopulation(server, 'cost', p);
  const ids = await sampleIds(load.urls, p);
  const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
  for (const name of SUBGRAPH_NAMES) {
    subgraphs[name] = await startSubgraph(MODULES[name] as never, {
      name,
      nodeEnv: 'production',
      host: '127.0.0.1',
      port: 0,
      logLevel: 'silent',
      auth,
      database: { kind: 'postgres', url: load.urls[name] },
      references: { residence: null, employment: null },
    });
  }
  const gateway = await startGateway({
    nodeEnv: 'production',
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    auth,
    consistencyUrl: null,
    explorer: false,
    introspection: false,
    maxConcurrentOperations: 8,
    maxOperationCost: Number.MAX_SAFE_INTEGER,
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, subgraphs[n].url])) as Record<
      SubgraphName,
      string
    >,
  } as never);
  const token = await signDevelopmentToken(
    { sub: 'cost', agency: 'ANALYST', scope: SCOPES.join(' '), purpose: 'calibration' },
    { secret: DEVELOPMENT_SECRET, audience: GATEWAY_AUDIENCE },
  );
  const w = ids.workers[0];
  const big = ids.bigEmployers[0];
  const small = ids.employers[0];
  const shapes: [string, string][] = [
    ['{ __typename }', '{ __typename }'],
    ['worker { fullName }', `{ worker(id: "${w}") { fullName } }`],
    [
      'worker { employments { weeklyHours } }',
      `{ worker(id: "${w}") { employments { weeklyHours } } }`,
    ],
    [
      'worker { consistency { status } }',
      `{ worker(id: "${w}") { consistency(asOf: "${AS_OF}") { status } } }`,
    ],
    ['119 aliases × worker { fullName }', aliases(119, `worker(id: "${w}") { fullName }`)],
    [
      '119 aliases × worker { employments { weeklyHours } }',
      aliases(119, `worker(id: "${w}") { employments { weeklyHours } }`),
    ],
    [
      '119 aliases × worker { consistency { status } }',
      aliases(119, `worker(id: "${w}") { consistency(asOf: "${AS_OF}") { status } }`),
    ],
    [
      '30 aliases × worker { consistency { status } }',
      aliases(30, `worker(id: "${w}") { consistency(asOf: "${AS_OF}") { status } }`),
    ],
    ...[20, 100, 500].flatMap((n): [string, string][] => [
      [
        `workers(first: ${n}) { fullName }`,
        `{ workers(first: ${n}) { edges { node { fullName } } } }`,
      ],
      [
        `workers(first: ${n}) { employments { weeklyHours } }`,
        `{ workers(first: ${n}) { edges { node { employments { weeklyHours } } } } }`,
      ],
      [
        `workers(first: ${n}) { consistency { status } }`,
        `{ workers(first: ${n}) { edges { node { consistency(asOf: "${AS_OF}") { status } } } } }`,
      ],
    ]),
    [
      'employer(6 employees) { workforceConsistency }',
      `{ employer(id: "${small}") { workforceConsistency(asOf: "${AS_OF}") { activeEmployees } } }`,
    ],
    [
      'employer(500) { employments(activeOn) { worker { fullName } } }',
      `{ employer(id: "${big}") { employments(activeOn: "${AS_OF}") { worker { fullName } } } }`,
    ],
    [
      'employer(500) { workforceConsistency }',
      `{ employer(id: "${big}") { workforceConsistency(asOf: "${AS_OF}") { activeEmployees } } }`,
    ],
  ];
  process.stdout.write('| operation | median ms | bytes |\n|---|---:|---:|\n');
  for (const [name, query] of shapes) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i <= RUNS; i++) {
      const t = performance.now();
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      const text = await res.text();
      if (res.status !== 200 || text.includes('"errors"'))
        throw new Error(`${name}: ${text.slice(0, 300)}`);
      if (i > 0) times.push(performance.now() - t);
      bytes = text.length;
    }
    times.sort((a, b) => a - b);
    process.stdout.write(
      `| \`${name}\` | ${times[Math.floor(RUNS / 2)].toFixed(1)} | ${bytes} |\n`,
    );
  }
  await gateway.stop();
  for (const name of SUBGRAPH_NAMES) await subgraphs[name].stop();
  await dropDatabases(server, Object.values(benchDatabaseNames('cost')));
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
