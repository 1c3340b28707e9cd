/** The services bench:trace measures, started from a tree's dist/ (bench/trace.ts). */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/kit/config';
import { GATEWAY_NODE_OPTIONS } from '../../gateway/config';
import { requestHeaders } from '../headers';
import type { requestSource } from '../workloads';
import { freePort, spawnService, type Service } from '../processes';

export interface Stack {
  root: string;
  gateway: Service;
  services: Service[];
  stop(): Promise<void>;
}

/** The five registries and our gateway, from `root`'s dist/, over the bench databases. */
export async function startStack(
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
export async function worker360(
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

/** A Worker 360 request's body from the workload's request source. */
export const body = (next: ReturnType<typeof requestSource>) => JSON.stringify(next());
