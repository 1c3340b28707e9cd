import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { freePort } from '../../bench/processes';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVICE_PORTS, type ServiceName } from '../../subgraphs/kit/config';
import { addDays, todayInTokyo } from '../../subgraphs/kit/dates';
import { buildDataset } from '../../tools/demo/dataset';
import { DEMO_ROLES } from '../../gateway/tokens';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../support/databases';

/**
 * Issue 12's "done when": from a clean data directory, `npm start` (the build, then
 * dist/tools/cli/start.js, as package.json runs it) brings every service up with the demo data
 * evaluated by the monitor; a mutation made with a token it prints reaches Worker.riskHistory
 * within seconds; Ctrl-C stops the whole process tree. On PGlite (npm start's default) under a
 * fresh KYOSEI_DATA_DIR; on PostgreSQL with a fresh database per service (<NAME>_DATABASE_URL).
 */
// Minutes on a loaded 2-core machine: six databases created, ~200 workers loaded and swept.
jest.setTimeout(1_800_000);

const ROOT = path.resolve(__dirname, '..', '..');
const SERVICES = Object.keys(SERVICE_PORTS) as ServiceName[];

let start: ChildProcess;
let output = '';
let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
let dataDir: string;
const databases: TestDatabase[] = [];
let gatewayPort: number;
const ports = {} as Record<ServiceName, number>;
let gatewayUrl: string;

/** Whether something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Every process whose parent is `pid`, read from /proc (Linux). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // pid (comm) state ppid …: the command name may hold spaces, so split after its ')'.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
}

const alive = (pid: number) => existsSync(`/proc/${pid}`);

async function until<T>(what: string, check: () => Promise<T | null>, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > end || start.exitCode !== null)
      throw new Error(`${what}: not within ${timeoutMs} ms\n--- npm start ---\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A token `npm start` printed for a role ("Development tokens" in its output). */
function printedToken(role: string): string {
  const line = output.split('\n').find((l) => l.startsWith(`  ${role.padEnd(19)} `));
  if (!line) throw new Error(`npm start printed no token for ${role}\n${output}`);
  return line.trim().split(' ').at(-1) as string;
}

async function query<T = Record<string, any>>( // eslint-disable-line @typescript-eslint/no-explicit-any
  token: string,
  document: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const res = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: document, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors) throw new Error(`${res.status}: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

/** The environment of a clean machine: no configuration but ports and where the data goes. */
async function startEnv(): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(gatewayPort),
    // Five registries and the monitor create and migrate their databases at once: on a loaded
    // 2-core CI machine that takes minutes, so wait longer than npm start's default.
    KYOSEI_READY_TIMEOUT_MS: '480000',
  };
  for (const name of SERVICES) env[`${name.toUpperCase()}_PORT`] = String(ports[name]);
  dataDir = mkdtempSync(path.join(tmpdir(), 'kyosei-start-'));
  env.KYOSEI_DATA_DIR = dataDir;
  if (TEST_SERVER_URL) {
    for (const name of SERVICES) {
      const db = await createTestDatabase(`start_${name}`);
      databases.push(db);
      if (db.target.kind !== 'postgres') throw new Error('expected PostgreSQL');
      env[`${name.toUpperCase()}_DATABASE_URL`] = db.target.url;
      if (db.target.migrationUrl)
        env[`${name.toUpperCase()}_MIGRATION_DATABASE_URL`] = db.target.migrationUrl;
    }
  }
  return env;
}

beforeAll(async () => {
  // What `npm start` runs first: build dist/ when missing or older than a source.
  execFileSync(process.execPath, ['tools/cli/ensure-build.js'], { cwd: ROOT, stdio: 'inherit' });
  gatewayPort = await freePort();
  for (const name of SERVICES) ports[name] = await freePort();
  gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
  // Its own process group, like a terminal's foreground job: Ctrl-C reaches every process in it.
  start = spawn(process.execPath, ['dist/tools/cli/start.js'], {
    cwd: ROOT,
    env: await startEnv(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [start.stdout, start.stderr]) stream?.on('data', (d) => (output += d));
  exit = new Promise((resolve) => start.once('exit', (code, signal) => resolve({ code, signal })));
});

afterAll(async () => {
  // Only when a test failed half-way: nothing of the tree may outlive the test.
  if (start?.pid && start.exitCode === null && start.signalCode === null) {
    process.kill(-start.pid, 'SIGKILL');
    await exit;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  for (const db of databases) await db.drop();
});

const demo = buildDataset(todayInTokyo());
const analyst = () => printedToken(DEMO_ROLES[0].role);

it(`starts every service on a clean data directory with the ${demo.workers.length} demo workers evaluated${TEST_SERVER_URL ? ' (PostgreSQL: <NAME>_DATABASE_URL)' : ' (PGlite)'}`, async () => {
  const began = Date.now();
  await until(
    'the gateway ready',
    async () => ((await fetch(`http://127.0.0.1:${gatewayPort}/readyz`)).ok ? true : null),
    600_000,
  );
  await until(
    'npm start ready',
    async () => (output.includes('Press Ctrl-C') ? true : null),
    900_000,
  );
  expect(output).toContain(`demo data: loaded`);
  const status = await until(
    "the monitor's first sweep",
    async () => {
      const data = await query(analyst(), '{ monitorStatus { evaluatedWorkers lastSweepAt } }');
      return data.monitorStatus.lastSweepAt ? data.monitorStatus : null;
    },
    600_000,
  );
  process.stdout.write(`npm start: ready and swept in ${Date.now() - began} ms\n`);
  for (const line of output.split('\n').filter((l) => /services up in|demo data:|monitor:/.test(l)))
    process.stdout.write(`npm start: ${line.trim()}\n`);
  expect(status.evaluatedWorkers).toBe(demo.workers.length);
  const { workers } = await query(analyst(), '{ workers(first: 1) { totalCount } }');
  expect(workers.totalCount).toBe(demo.workers.length);
  // Each service where npm start was told to put it, and its data in the fresh directory.
  for (const name of SERVICES) expect(await listening(ports[name])).toBe(true);
  if (!TEST_SERVER_URL)
    expect(readdirSync(dataDir).sort()).toEqual(
      expect.arrayContaining([...SERVICES, 'monitor-queue'].sort()),
    );
});

it('serves the explorer, prefilled with a demo worker', async () => {
  const res = await fetch(gatewayUrl, { headers: { accept: 'text/html' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await res.text();
  const { workers } = await query(analyst(), '{ workers(first: 1) { edges { node { id } } } }');
  expect(html).toContain('Worker360');
  expect(html).toContain(workers.edges[0].node.id);
});

it('shows a mutation made with a printed token in Worker.riskHistory within seconds', async () => {
  // A demo worker the first sweep found CONSISTENT…
  const { riskTransitions } = await query(
    analyst(),
    `query Consistent($since: DateTime!) { riskTransitions(since: $since, filter: { statuses: [CONSISTENT] }, first: 1) {
      edges { node { worker { id } to cause } } } }`,
    { since: '2000-01-01T00:00:00Z' },
  );
  const first = riskTransitions.edges[0].node;
  expect(first).toMatchObject({ to: 'CONSISTENT', cause: 'FIRST_EVALUATION' });
  const workerId = first.worker.id as string;
  // …gets a resident tax assessment overdue for a month, by the tax office's printed token.
  const began = Date.now();
  const today = todayInTokyo();
  await query(
    printedToken('tax office'),
    `mutation Assess($input: AssessTaxInput!) { assessTax(input: $input) { id } }`,
    {
      input: {
        workerId,
        kind: 'RESIDENT_TAX',
        fiscalYear: Number(today.slice(0, 4)) - 1,
        amount: 48_000,
        dueDate: addDays(today, -30),
        collection: 'ORDINARY',
      },
    },
  );
  const last = await until(
    'the transition in Worker.riskHistory',
    async () => {
      const data = await query(
        analyst(),
        'query History($id: ID!) { worker(id: $id) { riskHistory { from to cause source findingsAdded { ruleId } } } }',
        { id: workerId },
      );
      const history = data.worker.riskHistory as { findingsAdded: { ruleId: string }[] }[];
      return history.length > 1 ? history.at(-1)! : null;
    },
    120_000,
  );
  process.stdout.write(`npm start: mutation to Worker.riskHistory in ${Date.now() - began} ms\n`);
  expect(last).toMatchObject({
    from: 'CONSISTENT',
    to: 'AT_RISK',
    cause: 'DATA_CHANGE',
    source: 'TAX',
  });
  expect(last.findingsAdded).toContainEqual({ ruleId: 'TAX_ARREARS' });
});

it('stops the whole process tree on Ctrl-C, and every port closes', async () => {
  const children = childrenOf(start.pid!);
  expect(children).toHaveLength(SERVICES.length + 1); // the registries, the monitor, the gateway
  // Ctrl-C in a terminal: SIGINT to every process of the foreground group.
  process.kill(-start.pid!, 'SIGINT');
  const { code, signal } = await exit;
  expect({ code, signal }).toEqual({ code: 0, signal: null });
  expect(output).toContain('All services stopped.');
  expect(output).not.toContain('stopped unexpectedly');
  expect(children.filter(alive)).toEqual([]);
  for (const port of [gatewayPort, ...SERVICES.map((n) => ports[n])])
    expect(await listening(port)).toBe(false);
});
