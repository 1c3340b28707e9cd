import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { GATEWAY_NODE_OPTIONS } from '../gateway/config';
import type { SubgraphName } from '../subgraphs/kit/config';
import { hiveConfig, requestHeaders, serviceEnv, type HivePlanner } from './headers';

export const ROOT = path.resolve(__dirname, '..');
export const WORK_DIR = path.join(ROOT, '.scratch', 'bench');

/** A service the harness started as its own process, so its RSS is its own. */
export interface Service {
  name: string;
  url: string;
  pid: number;
  child: ChildProcess;
  stderr: string[];
  /** How it was started (the soak harness restarts a killed service with the same options). */
  options: SpawnOptions;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let built = false;
/** Services run from the build (dist/), as in production: no on-the-fly compilation in the profile. */
export function compiled(entry: string): string[] {
  if (!built) {
    // ensure-build.js builds under a lock: one tsc at a time whoever starts it.
    execFileSync(process.execPath, ['tools/cli/ensure-build.js'], { stdio: 'inherit' });
    built = true;
  }
  return [`dist/${entry.replace(/\.ts$/, '.js')}`];
}

async function waitFor(
  url: string,
  child: ChildProcess,
  stderr: string[],
  name: string,
): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${name} exited with ${child.exitCode}: ${stderr.join('').slice(-2000)}`);
    }
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: requestHeaders(),
        body: JSON.stringify({ query: '{ __typename }' }),
        signal: AbortSignal.timeout(2000),
      });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not answer at ${url}: ${stderr.join('').slice(-2000)}`);
}

interface SpawnOptions {
  name: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeFlags?: string[];
  cwd?: string;
  /** Receives everything the process writes to stdout and stderr (the soak harness scans it). */
  output?: (chunk: string) => void;
}

/** What the soak harness adds to the services it starts: environment and an output listener. */
interface ServiceExtras {
  env?: Record<string, string>;
  output?: (service: string, chunk: string) => void;
}

function withExtras(o: SpawnOptions, extra: ServiceExtras): SpawnOptions {
  const output = extra.output;
  return {
    ...o,
    env: { ...o.env, ...extra.env },
    ...(output ? { output: (chunk: string) => output(o.name, chunk) } : {}),
  };
}

export async function spawnService(o: SpawnOptions): Promise<Service> {
  const stderr: string[] = [];
  const child = spawn(process.execPath, [...(o.nodeFlags ?? []), ...o.args], {
    cwd: o.cwd ?? ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(o.port),
      ...serviceEnv(),
      ...o.env,
    },
    stdio: ['ignore', o.output ? 'pipe' : 'ignore', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => o.output?.(d.toString()));
  child.stderr?.on('data', (d: Buffer) => {
    stderr.push(d.toString());
    if (stderr.length > 200) stderr.shift();
    o.output?.(d.toString());
  });
  const url = `http://127.0.0.1:${o.port}/graphql`;
  const service: Service = {
    name: o.name,
    url,
    pid: child.pid as number,
    child,
    stderr,
    options: o,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await waitFor(url, child, stderr, o.name);
  } catch (error) {
    await service.stop();
    throw error;
  }
  return service;
}

type SubgraphUrls = Record<SubgraphName, string>;

/** The four registries as child processes over the bench databases, reference checks wired. */
export async function startSubgraphs(
  databaseUrls: Record<SubgraphName, string>,
  nodeFlags: (name: SubgraphName) => string[] = () => [],
  extra: ServiceExtras = {},
): Promise<{ services: Record<SubgraphName, Service>; urls: SubgraphUrls }> {
  const ports = {
    residence: await freePort(),
    employment: await freePort(),
    insurance: await freePort(),
    tax: await freePort(),
    municipality: await freePort(),
  };
  const urls = Object.fromEntries(
    Object.entries(ports).map(([n, p]) => [n, `http://127.0.0.1:${p}/graphql`]),
  ) as SubgraphUrls;
  const refs = { RESIDENCE_URL: urls.residence, EMPLOYMENT_URL: urls.employment };
  const names: SubgraphName[] = ['residence', 'employment', 'insurance', 'tax', 'municipality'];
  const started = await Promise.all(
    names.map((n) =>
      spawnService(
        withExtras(
          {
            name: n,
            port: ports[n],
            nodeFlags: nodeFlags(n),
            args: compiled(`subgraphs/${n}/main.ts`),
            env: { [`${n.toUpperCase()}_DATABASE_URL`]: databaseUrls[n], ...refs },
          },
          extra,
        ),
      ),
    ),
  );
  return {
    services: Object.fromEntries(started.map((s) => [s.name, s])) as Record<SubgraphName, Service>,
    urls,
  };
}

export async function startConsistencyService(nodeFlags: string[] = []): Promise<Service> {
  const port = await freePort();
  return spawnService({
    name: 'consistency',
    port,
    nodeFlags,
    args: compiled('subgraphs/consistency/main.ts'),
    env: {},
  });
}

/** Our gateway (gateway/main.ts), consistency in-process unless a URL is given. */
export async function startOurGateway(
  urls: SubgraphUrls,
  consistencyUrl: string | null,
  nodeFlags: string[] = [],
  extra: ServiceExtras = {},
): Promise<Service> {
  const port = await freePort();
  return spawnService(
    withExtras(
      {
        name: 'gateway (ours)',
        port,
        nodeFlags: [...GATEWAY_NODE_OPTIONS.split(' '), ...nodeFlags],
        args: compiled('gateway/main.ts'),
        env: {
          RESIDENCE_URL: urls.residence,
          EMPLOYMENT_URL: urls.employment,
          INSURANCE_URL: urls.insurance,
          TAX_URL: urls.tax,
          MUNICIPALITY_URL: urls.municipality,
          EXPLORER: 'false',
          ...(consistencyUrl ? { CONSISTENCY_URL: consistencyUrl } : {}),
        },
      },
      extra,
    ),
  );
}

/** schema/supergraph.graphql with each subgraph's URL rewritten to where it runs now. */
function writeSupergraph(urls: SubgraphUrls, consistencyUrl: string): string {
  let sdl = readFileSync(path.join(ROOT, 'schema', 'supergraph.graphql'), 'utf8');
  const all: Record<string, string> = { ...urls, consistency: consistencyUrl };
  for (const [name, url] of Object.entries(all)) {
    sdl = sdl.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*(")`), `$1${url}$2`);
  }
  mkdirSync(WORK_DIR, { recursive: true });
  const file = path.join(WORK_DIR, `supergraph-${process.pid}.graphql`);
  writeFileSync(file, sdl);
  return file;
}

/**
 * Hive Gateway (npm @graphql-hive/gateway CLI), one process (--fork 1), over our supergraph; with
 * `planner: 'rust'` its Rust query planner (@graphql-hive/router-runtime) plans and executes.
 */
export async function startHiveGateway(
  urls: SubgraphUrls,
  consistencyUrl: string,
  nodeFlags: string[] = [],
  planner: HivePlanner = 'default',
): Promise<Service> {
  const port = await freePort();
  const supergraph = writeSupergraph(urls, consistencyUrl);
  const config = path.join(WORK_DIR, `gateway-${planner}.config.mjs`);
  writeFileSync(config, hiveConfig(planner));
  const bin = require
    .resolve('@graphql-hive/gateway/package.json')
    .replace(/package\.json$/, 'dist/bin.js');
  return spawnService({
    name: planner === 'rust' ? 'gateway (Hive, Rust planner)' : 'gateway (Hive)',
    port,
    nodeFlags,
    cwd: WORK_DIR,
    args: [
      bin,
      'supergraph',
      supergraph,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--fork',
      '1',
      '-c',
      config,
    ],
    env: {},
  });
}

/** Peak resident set size (VmHWM) of a process, in MB; `reset` starts a new peak (clear_refs 5). */
export function peakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export function resetPeakRss(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // not supported: the peak then covers the process's whole life
  }
}

/** CPU time (user + system) a process has used, in ms; 0 once it is gone. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
  } catch {
    return 0;
  }
}

/**
 * Waits until the processes are idle (under 4 % of one core over 250 ms): a load run that ends
 * leaves its in-flight requests to the servers, which would otherwise eat into the next run.
 * Returns the seconds waited.
 */
export async function waitIdle(pids: number[], maxSeconds = 120): Promise<number> {
  const started = Date.now();
  const total = () => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  let before = total();
  while (Date.now() - started < maxSeconds * 1000) {
    await new Promise((r) => setTimeout(r, 250));
    const now = total();
    if (now - before <= 10) break;
    before = now;
  }
  return (Date.now() - started) / 1000;
}
