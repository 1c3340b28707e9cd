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
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'graphql';
import pg from 'pg';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { prettyFormatQueryPlan, QueryPlanner } from '@apollo/query-planner';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/kit/config';
import { GATEWAY_NODE_OPTIONS } from '../gateway/config';
import {
  benchDatabaseNames,
  databaseUrl,
  loadPopulation,
  population,
  sampleIds,
  type Ids,
} from '../tools/demo/population';
import { initAuth, requestHeaders } from './headers';
import { freePort, ROOT, spawnService, type Service } from './processes';
import { profilesIn, summarizeProfile } from './profile';
import { requestSource, WORKER_360 } from './workloads';
import { collector, median, otelEnv, printBreakdown } from './otlp';
import { traceViews } from './monitor/trace';

interface Options {
  server: string;
  workers: number;
  reuse: boolean;
  plan: boolean;
  cpu: number;
  rounds: number;
  concurrency: number;
  /** With --cpu: CPU profiles of the first tree's services (node --cpu-prof) here, then summarized. */
  profile?: string;
  roots: string[];
  pgSocket: string;
  /** Writes the traced requests' spans here (JSON). */
  dump?: string;
  /** --views: trace the population views on a synthetic store of viewsWorkers. */
  views: boolean;
  viewsWorkers: number;
  only?: string;
}

function parseArgs(argv: string[]): Options {
  const value = (f: string) => {
    const k = argv.indexOf(f);
    return k >= 0 ? argv[k + 1] : undefined;
  };
  return {
    server:
      value('--database-url') ??
      process.env.KYOSEI_BENCH_DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres',
    workers: Number(value('--workers') ?? (argv.includes('--views') ? 1000 : 10_000)),
    reuse: argv.includes('--reuse'),
    plan: argv.includes('--plan'),
    cpu: Number(value('--cpu') ?? 0),
    rounds: Number(value('--rounds') ?? 5),
    concurrency: Number(value('--concurrency') ?? 1),
    profile: value('--profile'),
    dump: value('--dump'),
    roots: (value('--roots') ?? ROOT).split(','),
    pgSocket: value('--pg-socket') ?? '/var/run/postgresql',
    views: argv.includes('--views'),
    viewsWorkers: Number(value('--views-workers') ?? 20_000),
    only: value('--only'),
  };
}

interface Stack {
  root: string;
  gateway: Service;
  services: Service[];
  stop(): Promise<void>;
}

/** The five registries and our gateway, from `root`'s dist/, over the bench databases. */
async function startStack(
  spec: string,
  tcpDatabases: Record<SubgraphName, string>,
  pgSocket: string,
  env: Record<string, string>,
  profileDir?: string,
): Promise<Stack> {
  const flags = (name: string) =>
    profileDir ? ['--cpu-prof', '--cpu-prof-dir', path.join(profileDir, name)] : [];
  const [dir, ...variants] = spec.split('+');
  const root = path.resolve(dir);
  let databases = variants.includes('uds') ? viaSocket(tcpDatabases, pgSocket) : tcpDatabases;
  if (variants.includes('nosync')) databases = withoutSyncCommit(databases);
  execFileSync(process.execPath, ['tools/cli/ensure-build.js'], { cwd: root, stdio: 'inherit' });
  const entry = (main: string) => [path.join(root, 'dist', main)];
  const ports = Object.fromEntries(
    await Promise.all(SUBGRAPH_NAMES.map(async (n) => [n, await freePort()] as const)),
  ) as Record<SubgraphName, number>;
  const urls = Object.fromEntries(
    SUBGRAPH_NAMES.map((n) => [n, `http://127.0.0.1:${ports[n]}/graphql`]),
  ) as Record<SubgraphName, string>;
  // One at a time: six processes starting at once on a loaded machine miss the start deadline.
  const services: Service[] = [];
  const stopAll = (all: Service[]) => Promise.all(all.map((s) => s.stop())).then(() => undefined);
  try {
    for (const n of SUBGRAPH_NAMES)
      services.push(
        await spawnService({
          name: n,
          port: ports[n],
          cwd: root,
          args: entry(`subgraphs/${n}/main.js`),
          env: {
            [`${n.toUpperCase()}_DATABASE_URL`]: databases[n],
            RESIDENCE_URL: urls.residence,
            EMPLOYMENT_URL: urls.employment,
            ...env,
          },
        }),
      );
  } catch (error) {
    await stopAll(services);
    throw error;
  }
  const gateway = await spawnService({
    name: 'gateway',
    port: await freePort(),
    cwd: root,
    nodeFlags: [...GATEWAY_NODE_OPTIONS.split(' '), ...flags('gateway')],
    args: entry('gateway/main.js'),
    env: {
      ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [`${n.toUpperCase()}_URL`, urls[n]])),
      EXPLORER: 'false',
      ...env,
    },
  }).catch(async (error: unknown) => {
    await stopAll(services);
    throw error;
  });
  const all = [gateway, ...services];
  return {
    root: spec,
    gateway,
    services,
    stop: () => stopAll(all),
  };
}

/** The same databases over PostgreSQL's Unix-domain socket in `dir` (libpq's `host` parameter). */
function viaSocket(urls: Record<SubgraphName, string>, dir: string): Record<SubgraphName, string> {
  return Object.fromEntries(
    Object.entries(urls).map(([n, url]) => {
      const u = new URL(url);
      u.searchParams.set('host', dir);
      return [n, u.toString()];
    }),
  ) as Record<SubgraphName, string>;
}

/**
 * Diagnostic only (never a configuration to ship: an answered read's record could be lost):
 * the same databases with `synchronous_commit = off`, to measure what waiting for WAL flushes costs.
 */
function withoutSyncCommit(urls: Record<SubgraphName, string>): Record<SubgraphName, string> {
  return Object.fromEntries(
    Object.entries(urls).map(([n, url]) => {
      const u = new URL(url);
      u.searchParams.set('options', '-c synchronous_commit=off');
      return [n, u.toString()];
    }),
  ) as Record<SubgraphName, string>;
}

/** One Worker 360 through the gateway; its latency in ms (throws on an error answer). */
async function worker360(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...requestHeaders(), ...headers },
    body,
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  // Under overload a registry's database may time out: the round counts it as an error.
  if (res.status !== 200 || text.includes('"errors":'))
    throw new Error(`${res.status} ${text.slice(0, 300)}`);
  return ms;
}

/** CPU time (user + system) of a process so far, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
}

/** Access-log rows and INSERT statements (the chain stamps a statement's rows alike) since `since`. */
async function accessLogWrites(
  databases: Record<SubgraphName, string>,
  since: Date,
): Promise<{ rows: number; inserts: number }> {
  let rows = 0;
  let inserts = 0;
  for (const url of Object.values(databases)) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const r = await client.query<{ rows: number; inserts: number }>(
        'SELECT count(*)::int AS rows, count(DISTINCT at)::int AS inserts FROM access_log WHERE at >= $1',
        [since],
      );
      rows += r.rows[0].rows;
      inserts += r.rows[0].inserts;
    } finally {
      await client.end();
    }
  }
  return { rows, inserts };
}

/** `n` Worker 360 requests, `concurrency` at a time: their latencies (ms) and errors. */
async function drive(url: string, next: () => string, n: number, concurrency: number) {
  const latencies: number[] = [];
  let errors = 0;
  let left = n;
  const loop = async () => {
    while (left-- > 0) {
      const ms = await worker360(url, next()).catch(() => null);
      if (ms === null) errors += 1;
      else latencies.push(ms);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { latencies, errors };
}

async function cpuRounds(
  o: Options,
  stacks: Stack[],
  ids: Ids,
  databases: Record<SubgraphName, string>,
): Promise<void> {
  const source = requestSource('worker360', ids, o.workers, 1);
  const next = () => body(source);
  const rows = stacks.map(() => ({
    p50: [] as number[],
    cpu: new Map<string, number[]>(),
    inserts: [] as number[],
    errors: 0,
  }));
  for (const s of stacks) await drive(s.gateway.url, next, 30, o.concurrency);
  for (let round = 0; round < o.rounds; round++) {
    for (const [k, s] of stacks.entries()) {
      const procs = [s.gateway, ...s.services];
      const since = new Date();
      const before = procs.map((p) => cpuMs(p.pid));
      const { latencies, errors } = await drive(s.gateway.url, next, o.cpu, o.concurrency);
      const after = procs.map((p) => cpuMs(p.pid));
      const log = await accessLogWrites(databases, since);
      const row = rows[k];
      row.p50.push(median(latencies));
      row.inserts.push(log.inserts / o.cpu);
      row.errors += errors;
      procs.forEach((p, j) => {
        const list = row.cpu.get(p.name) ?? [];
        list.push((after[j] - before[j]) / o.cpu);
        row.cpu.set(p.name, list);
      });
      const total = (after.reduce((a, b) => a + b) - before.reduce((a, b) => a + b)) / o.cpu;
      console.log(
        `  round ${round + 1} ${s.root}: p50 ${median(latencies).toFixed(1)} ms, CPU ${total.toFixed(1)} ms/request, access-log INSERTs/request ${(log.inserts / o.cpu).toFixed(2)} (${log.rows} rows), errors ${errors} (load ${os.loadavg()[0].toFixed(2)})`,
      );
    }
  }
  const names = [...rows[0].cpu.keys()];
  console.log(
    `\nc=${o.concurrency}, ${o.cpu} requests × ${o.rounds} rounds, medians over the rounds\n`,
  );
  console.log(
    `| tree | p50 ms | access-log INSERTs/request | errors | CPU ms/request: ${names.join(' | ')} | total |`,
  );
  console.log(`| --- | --- | --- | --- | ${names.map(() => '---').join(' | ')} | --- |`);
  for (const [k, s] of stacks.entries()) {
    const cpu = names.map((n) => median(rows[k].cpu.get(n) ?? []));
    console.log(
      `| ${s.root} | ${median(rows[k].p50).toFixed(1)} | ${median(rows[k].inserts).toFixed(2)} | ${rows[k].errors} | ${cpu.map((c) => c.toFixed(2)).join(' | ')} | ${cpu.reduce((a, b) => a + b, 0).toFixed(2)} |`,
    );
  }
}

/** Self time per package of each service's profile (bench/profile.ts). */
function printProfiles(dir: string): void {
  for (const name of ['gateway', ...SUBGRAPH_NAMES]) {
    const files = existsSync(path.join(dir, name)) ? profilesIn(path.join(dir, name)) : [];
    if (files.length === 0) continue;
    const summary = summarizeProfile(files[0], name, 20);
    console.log(`\n${name} (busy ${summary.busyPercent.toFixed(1)} %): % of busy self time`);
    console.log(summary.packages.map((p) => `${p.name} ${p.percent.toFixed(1)}`).join(', '));
  }
}

const body = (next: ReturnType<typeof requestSource>) => JSON.stringify(next());

/** The gateway's query plan for Worker 360 (Apollo's planner over schema/supergraph.graphql). */
function printPlan(): void {
  const supergraph = Supergraph.build(
    readFileSync(path.join(ROOT, 'schema/supergraph.graphql'), 'utf8'),
  );
  const planner = new QueryPlanner(supergraph);
  const operation = operationFromDocument(supergraph.schema, parse(WORKER_360), { validate: true });
  console.log(prettyFormatQueryPlan(planner.buildQueryPlan(operation)));
}

// ---------------------------------------------------------------- tracing

async function traced(o: Options, databases: Record<SubgraphName, string>, ids: Ids) {
  const receiver = await collector();
  const stack = await startStack(o.roots[0], databases, o.pgSocket, otelEnv(receiver.url));
  try {
    const next = requestSource('worker360', ids, o.workers, 3);
    for (let i = 0; i < 30; i++) await worker360(stack.gateway.url, body(next));
    const runs: { traceId: string; ms: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const traceId = randomBytes(16).toString('hex');
      const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
      runs.push({ traceId, ms: await worker360(stack.gateway.url, body(next), { traceparent }) });
    }
    await new Promise((r) => setTimeout(r, 2000));
    printBreakdown('Worker 360', runs, receiver.spans);
    if (o.dump)
      writeFileSync(
        o.dump,
        JSON.stringify(
          receiver.spans.filter((s) => runs.some((r) => r.traceId === s.traceId)),
          null,
          1,
        ),
      );
  } finally {
    await stack.stop();
    await receiver.close();
  }
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
