/**
 * Where one Worker 360 spends its time, and what a request costs each process.
 *
 *   npm run bench:trace -- [--workers 10000] [--reuse] [--plan]
 *       the query plan (with --plan), then 5 Worker 360 requests traced (OpenTelemetry, OTLP/HTTP
 *       JSON to a collector in this process) and the median breakdown of their traces: gateway
 *       validation and planning, each sequential fetch stage, each subgraph's server time with its
 *       GraphQL execution, SQL and access-log write.
 *   npm run bench:trace -- --cpu 100 --rounds 5 [--concurrency 1] [--roots DIR_A,DIR_B+uds]
 *       no tracing: per round and per tree, 100 sequential Worker 360 requests; the median over
 *       the rounds of p50 latency and of each process's CPU time per request (/proc). Several
 *       trees (checkouts with their dist/ built, e.g. before and after a change) run side by side
 *       and are measured in turn, round after round (A/B interleaving on a shared machine). A tree
 *       named with `+uds` reaches PostgreSQL over its Unix-domain socket (`--pg-socket`, default
 *       /var/run/postgresql) instead of TCP; with `+nosync` (a diagnostic, never to ship) its
 *       commits do not wait for the WAL flush: what the access log's durable commits cost.
 *
 *   npm run bench:trace -- --views [--views-workers 20000] [--only findings]
 *       the population views instead (bench/monitor/trace.ts): the monitor's store filled
 *       synthetically, then per view 5 requests traced through the gateway and the breakdown of
 *       the median one (the monitor's SQL, GraphQL execution and access-log write, the gateway's
 *       stages). The registries hold --workers (default 1,000 here).
 *
 * The population is the benchmark's generator under its own database names
 * (kyosei_bench_trace<N>_*); `--reuse` keeps what a previous run loaded.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { prettyFormatQueryPlan, QueryPlanner } from '@apollo/query-planner';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/kit/config';
import {
  benchDatabaseNames,
  databaseUrl,
  loadPopulation,
  population,
  sampleIds,
} from '../tools/demo/population';
import { initAuth } from './headers';
import { ROOT } from './processes';
import { WORKER_360 } from './workloads';
import { traceViews } from './monitor/trace';
import { cpuRounds, printProfiles } from './trace/cpu';
import { parseArgs } from './trace/options';
import { traced } from './trace/spans';
import { startStack, type Stack } from './trace/stack';

/** The gateway's query plan for Worker 360 (Apollo's planner over schema/supergraph.graphql). */
function printPlan(): void {
  const supergraph = Supergraph.build(
    readFileSync(path.join(ROOT, 'schema/supergraph.graphql'), 'utf8'),
  );
  const planner = new QueryPlanner(supergraph);
  const operation = operationFromDocument(supergraph.schema, parse(WORKER_360), { validate: true });
  console.log(prettyFormatQueryPlan(planner.buildQueryPlan(operation)));
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  await initAuth();
  if (o.plan) printPlan();
  const tag = `trace${o.workers}`;
  const names = benchDatabaseNames(tag);
  let databases = Object.fromEntries(
    SUBGRAPH_NAMES.map((n) => [n, databaseUrl(o.server, names[n])]),
  ) as Record<SubgraphName, string>;
  const p = population(o.workers);
  if (!o.reuse) {
    console.log(`loading ${o.workers} workers into kyosei_bench_${tag}_* …`);
    databases = (await loadPopulation(o.server, tag, p)).urls;
  }
  if (o.views) {
    await traceViews(
      { server: o.server, workers: o.viewsWorkers, seed: 'kyosei', only: o.only },
      databases,
    );
    return;
  }
  const ids = await sampleIds(databases, p);
  if (o.cpu > 0) {
    const stacks: Stack[] = [];
    try {
      for (const [k, root] of o.roots.entries())
        stacks.push(
          await startStack(root, databases, o.pgSocket, {}, k === 0 ? o.profile : undefined),
        );
      await cpuRounds(o, stacks, ids, databases);
    } finally {
      await Promise.all(stacks.map((s) => s.stop()));
    }
    if (o.profile) printProfiles(o.profile);
  } else {
    await traced(o, databases, ids);
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error.stack);
    process.exit(1);
  },
);
