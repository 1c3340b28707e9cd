import pg from 'pg';
import { startGateway } from '../gateway/server';
import { loadSubgraphConfig, SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/kit/config';
import { loadGatewayConfig } from '../gateway/config';
import { loadConfig as loadConsistencyConfig } from '../subgraphs/consistency/config';
import { startSubgraph, type RunningSubgraph } from '../subgraphs/kit/server';
import { startConsistency } from '../subgraphs/consistency/server';
import { MODULES, type Ids } from '../tools/demo/population';
import { requestHeaders, serviceEnv } from './headers';
import { startHiveGateway } from './processes';
import { requestSource, type GraphQLRequest, type WorkloadName } from './workloads';

/**
 * SQL statements per operation, and the statements themselves: the four subgraphs in this process
 * (so their StatementCounters can be read) behind our gateway and behind Hive Gateway.
 */
export interface ProbeResult {
  /** statements per operation, per gateway, per workload, per subgraph */
  statements: Record<'ours' | 'hive', Partial<Record<WorkloadName, Record<SubgraphName, number>>>>;
  /** The distinct read statements of workloads a–c, with one set of parameters each. */
  captured: { subgraph: SubgraphName; sql: string; parameters: unknown[] }[];
  errors: string[];
}

const probeErrors: string[] = [];
async function post(url: string, body: GraphQLRequest): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: requestHeaders(),
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200 || text.includes('"errors":'))
    probeErrors.push(`probe ${url}: ${res.status} ${text.slice(0, 300)}`);
}

export async function probe(
  urls: Record<SubgraphName, string>,
  ids: Ids,
  totalWorkers: number,
  workloads: WorkloadName[],
  n = 5,
): Promise<ProbeResult> {
  const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
  const captured = new Map<
    string,
    { subgraph: SubgraphName; sql: string; parameters: unknown[] }
  >();
  let capturing = false;
  const refs = { residence: null as string | null, employment: null as string | null };
  for (const name of SUBGRAPH_NAMES) {
    const env = {
      ...serviceEnv(),
      NODE_ENV: 'production',
      PORT: '0',
      LOG_LEVEL: 'silent',
      [`${name.toUpperCase()}_DATABASE_URL`]: urls[name],
      RESIDENCE_URL: refs.residence ?? 'off',
      EMPLOYMENT_URL: refs.employment ?? 'off',
    };
    subgraphs[name] = await startSubgraph(MODULES[name] as never, {
      ...loadSubgraphConfig(name, env),
      countStatements: true,
    });
    if (name === 'residence') refs.residence = subgraphs.residence.url;
    if (name === 'employment') refs.employment = subgraphs.employment.url;
    const counter = subgraphs[name].db.statements;
    const original = counter.logQuery.bind(counter);
    counter.logQuery = (query: string, parameters?: unknown[]) => {
      if (capturing && !captured.has(query))
        captured.set(query, { subgraph: name, sql: query, parameters: parameters ?? [] });
      original(query);
    };
  }
  const base = { ...serviceEnv(), NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'silent' };
  const consistency = await startConsistency(loadConsistencyConfig(base));
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((s) => [s, subgraphs[s].url]),
  ) as Record<SubgraphName, string>;
  const ours = await startGateway(
    loadGatewayConfig({
      ...base,
      EXPLORER: 'false',
      RESIDENCE_URL: subgraphUrls.residence,
      EMPLOYMENT_URL: subgraphUrls.employment,
      INSURANCE_URL: subgraphUrls.insurance,
      TAX_URL: subgraphUrls.tax,
      MUNICIPALITY_URL: subgraphUrls.municipality,
    }),
  );
  const hive = await startHiveGateway(subgraphUrls, consistency.url);
  const result: ProbeResult = {
    statements: { ours: {}, hive: {} },
    captured: [],
    errors: probeErrors,
  };
  try {
    for (const [system, url] of [
      ['ours', ours.url],
      ['hive', hive.url],
    ] as const) {
      for (const workload of workloads) {
        const next = requestSource(workload, ids, totalWorkers, 7);
        await post(url, next()); // warm: plans, connections
        for (const s of SUBGRAPH_NAMES) subgraphs[s].db.statements.reset();
        capturing = system === 'ours' && workload !== 'writes';
        for (let k = 0; k < n; k++) await post(url, next());
        capturing = false;
        result.statements[system][workload] = Object.fromEntries(
          SUBGRAPH_NAMES.map((s) => [s, subgraphs[s].db.statements.count / n]),
        ) as Record<SubgraphName, number>;
      }
    }
  } finally {
    await hive.stop();
    await ours.stop();
    await consistency.close();
    for (const s of [...SUBGRAPH_NAMES].reverse()) await subgraphs[s].stop();
  }
  result.captured = [...captured.values()];
  return result;
}

export interface Explained {
  subgraph: SubgraphName;
  sql: string;
  plan: string;
  indexOnly: boolean;
  ms: number;
}

/** EXPLAIN (ANALYZE) of each captured statement with its captured parameters. */
export async function explain(
  urls: Record<SubgraphName, string>,
  captured: ProbeResult['captured'],
): Promise<Explained[]> {
  const out: Explained[] = [];
  for (const c of captured) {
    if (!/^\s*SELECT/i.test(c.sql)) continue;
    const client = new pg.Client({ connectionString: urls[c.subgraph] });
    await client.connect();
    try {
      const r = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) ${c.sql}`,
        c.parameters,
      );
      const lines = r.rows.map((row) => row['QUERY PLAN']);
      const plan = lines.join('\n');
      const exec = /Execution Time: ([\d.]+) ms/.exec(plan);
      out.push({
        subgraph: c.subgraph,
        sql: c.sql,
        plan,
        indexOnly: !/Seq Scan/.test(plan),
        ms: exec ? Number(exec[1]) : NaN,
      });
    } finally {
      await client.end();
    }
  }
  return out;
}
