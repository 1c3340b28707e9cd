/**
 * `npm start`: the registries, the gateway and the monitor as child processes of this one, on
 * localhost, with the demo dataset loaded and swept by the monitor on first start. Runs from the
 * build (dist/). Ports: PORT (the gateway, 4000) and `<NAME>_PORT` for each registry and the
 * monitor (RESIDENCE_PORT … MONITOR_PORT; their usual ports by default); data: KYOSEI_DATA_DIR.
 */
import path from 'node:path';
import {
  SERVICE_PORTS,
  SUBGRAPH_NAMES,
  type ServiceName,
  type SubgraphName,
} from '../../subgraphs/kit/config';
import { todayInTokyo } from '../../subgraphs/kit/dates';
import { buildDataset } from '../demo/dataset';
import { seedDataset } from '../demo/seed';
import { GATEWAY_NODE_OPTIONS, loadGatewayConfig } from '../../gateway/config';
import { ALL_SCOPES, DEMO_ROLES, demoToken, READ_SCOPES } from '../../gateway/tokens';
import { Supervisor } from './processes';

const env = process.env;
// A first start creates and migrates six embedded databases at once: minutes on a busy 2-core machine.
const READY_TIMEOUT_MS = Number(env.KYOSEI_READY_TIMEOUT_MS ?? 300_000);
/** A port from the environment (`name`), or `fallback`; stops with the variable's name when invalid. */
function portFrom(name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return port;
  process.stderr.write(`Invalid configuration:\n  ${name}: must be a port (1-65535)\n`);
  process.exit(2);
}
const ports = Object.fromEntries(
  Object.entries(SERVICE_PORTS).map(([name, port]) => [
    name,
    portFrom(`${name.toUpperCase()}_PORT`, port),
  ]),
) as Record<ServiceName, number>;
const gatewayPort = portFrom('PORT', 4000);
const bindHost = env.HOST ?? '127.0.0.1';
const host = bindHost === '0.0.0.0' ? '127.0.0.1' : bindHost;
const seedDemo = !['false', '0', 'off'].includes(env.KYOSEI_DEMO ?? 'true');

const dist = path.resolve(__dirname, '..', '..');
const out = (line: string) => process.stdout.write(`${line}\n`);
const graphqlUrl = (port: number) => `http://${host}:${port}/graphql`;

const subgraphUrls = Object.fromEntries(
  SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, graphqlUrl(ports[name])]),
) as Record<`${Uppercase<SubgraphName>}_URL`, string>;

const monitorPort = ports.monitor;

const childEnv = (port: number): NodeJS.ProcessEnv => ({
  ...env,
  ...subgraphUrls,
  MONITOR_URL: graphqlUrl(monitorPort),
  HOST: bindHost,
  PORT: String(port),
  // Keep the terminal readable: only warnings and errors unless asked for more.
  LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
});

const supervisor = new Supervisor(out, (name, code, signal) => {
  out(
    `${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the other services.`,
  );
  void supervisor.stopAll().then(() => process.exit(1));
});

let shuttingDown = false;
function shutdown(signal: string): void {
  if (shuttingDown) return;
  shuttingDown = true;
  out(`\n${signal} received: stopping every service…`);
  void supervisor.stopAll().then((unclean) => {
    if (unclean.length === 0) {
      out('All services stopped.');
      process.exit(0);
    }
    out(`Stopped, but not cleanly: ${unclean.join(', ')}.`);
    process.exit(1);
  });
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGHUP', () => shutdown('SIGHUP'));

/** The demo loader's credentials: a development token with every scope. */
const auth = loadGatewayConfig(env).auth;
const loaderHeaders = async (): Promise<Record<string, string>> =>
  auth.secret
    ? {
        authorization: `Bearer ${await demoToken(auth.secret, { agency: 'ANALYST', scope: ALL_SCOPES, purpose: 'demo data' })}`,
      }
    : {};

async function firstWorker(url: string): Promise<{ count: number; id: string | null }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await loaderHeaders()) },
    body: JSON.stringify({ query: '{ workers(first: 1) { totalCount edges { node { id } } } }' }),
  });
  const body = (await res.json()) as {
    data?: { workers?: { totalCount: number; edges: { node: { id: string } }[] } };
    errors?: { message: string }[];
  };
  if (!body.data?.workers) throw new Error(body.errors?.[0]?.message ?? `HTTP ${res.status}`);
  return { count: body.data.workers.totalCount, id: body.data.workers.edges[0]?.node.id ?? null };
}

/** Tokens for a few roles, so the explorer and curl can be used at once (development only). */
async function printTokens(url: string): Promise<void> {
  if (!auth.secret) return;
  out('Development tokens (send as Authorization: Bearer …; `npm run token` makes others):');
  for (const role of DEMO_ROLES)
    out(`  ${role.role.padEnd(19)} ${await demoToken(auth.secret, role)}`);
  const worker = await firstWorker(url).catch(() => null);
  if (worker?.id) {
    const token = await demoToken(auth.secret, {
      agency: 'WORKER',
      sub: worker.id,
      scope: `${READ_SCOPES} consistency:read`,
      purpose: 'my own record',
    });
    out(`  ${'worker (own record)'.padEnd(19)} ${token}`);
  }
}

async function seedIfEmpty(url: string): Promise<string> {
  if (!seedDemo) return 'demo data: not loaded (KYOSEI_DEMO=false)';
  const { count } = await firstWorker(url);
  if (count > 0) return `demo data: already present (${count} workers), not loaded again`;
  const dataset = buildDataset(todayInTokyo());
  out(
    `Loading the demo dataset (${dataset.workers.length} workers, ${dataset.employers.length} employers)…`,
  );
  const result = await seedDataset(url, dataset, {
    headers: await loaderHeaders(),
    onProgress: (done, total) => {
      if (process.stdout.isTTY)
        process.stdout.write(`\r  ${done}/${total} records${done === total ? '\n' : ''}`);
    },
  });
  return `demo data: loaded ${result.mutations} records in ${(result.ms / 1000).toFixed(1)} s, reference date ${dataset.referenceDate}`;
}

/**
 * The monitor after the gateway (it reads through it) and after the demo data: on an empty store
 * it sweeps everyone at start; this waits (a minute at most) for that sweep to be recorded.
 */
async function startMonitor(): Promise<string> {
  supervisor.start({
    name: 'monitor',
    script: path.join(dist, 'subgraphs', 'monitor', 'main.js'),
    readyUrl: `http://${host}:${monitorPort}/readyz`,
    env: { ...childEnv(monitorPort), GATEWAY_URL: graphqlUrl(gatewayPort) },
  });
  await supervisor.waitReady('monitor', READY_TIMEOUT_MS);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !shuttingDown) {
    const res = await fetch(graphqlUrl(gatewayPort), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await loaderHeaders()) },
      body: JSON.stringify({ query: '{ monitorStatus { evaluatedWorkers lastSweepAt } }' }),
    });
    const body = (await res.json()) as {
      data?: { monitorStatus?: { evaluatedWorkers: number; lastSweepAt: string | null } };
    };
    const status = body.data?.monitorStatus;
    if (status?.lastSweepAt)
      return `monitor: ${status.evaluatedWorkers} workers evaluated, last sweep ${status.lastSweepAt}`;
    await new Promise((r) => setTimeout(r, 500));
  }
  return 'monitor: started; its first sweep is still running (see monitorStatus)';
}

async function main(): Promise<void> {
  const started = Date.now();
  out(`Starting Kyosei Graph: ${SUBGRAPH_NAMES.join(', ')}, the gateway and the monitor…`);
  for (const name of SUBGRAPH_NAMES) {
    const port = ports[name];
    supervisor.start({
      name,
      script: path.join(dist, 'subgraphs', name, 'main.js'),
      readyUrl: `http://${host}:${port}/readyz`,
      env: childEnv(port),
    });
  }
  await Promise.all(SUBGRAPH_NAMES.map((name) => supervisor.waitReady(name, READY_TIMEOUT_MS)));
  supervisor.start({
    name: 'gateway',
    script: path.join(dist, 'gateway', 'main.js'),
    readyUrl: `http://${host}:${gatewayPort}/readyz`,
    env: {
      ...childEnv(gatewayPort),
      NODE_OPTIONS: [GATEWAY_NODE_OPTIONS, env.NODE_OPTIONS].filter(Boolean).join(' '),
    },
  });
  await supervisor.waitReady('gateway', READY_TIMEOUT_MS);
  const readyIn = ((Date.now() - started) / 1000).toFixed(1);
  let demo: string;
  try {
    demo = await seedIfEmpty(graphqlUrl(gatewayPort));
  } catch (error) {
    demo = `demo data: NOT loaded: ${(error as Error).message}\n  (the services keep running; retry with \`npm run seed\`)`;
  }
  if (shuttingDown) return;
  const monitorLine = await startMonitor();
  out('');
  out(`Kyosei Graph is ready (services up in ${readyIn} s).`);
  out(`  Explorer   http://localhost:${gatewayPort}/graphql`);
  out(`  Dashboard  http://localhost:${gatewayPort}/dashboard`);
  for (const name of SUBGRAPH_NAMES) out(`  ${name.padEnd(12)} ${graphqlUrl(ports[name])}`);
  out(`  ${'monitor'.padEnd(12)} ${graphqlUrl(monitorPort)}`);
  out(`  ${demo}`);
  out(`  ${monitorLine}`);
  await printTokens(graphqlUrl(gatewayPort));
  out(
    'Run one subgraph alone with `npm run start:residence` (or start:employment, start:insurance, start:tax, start:municipality, start:monitor).',
  );
  out('Press Ctrl-C to stop.');
}

main().catch((error: Error) => {
  if (shuttingDown) return;
  shuttingDown = true;
  out(`Start failed: ${error.message}`);
  void supervisor.stopAll().then(() => process.exit(1));
});
