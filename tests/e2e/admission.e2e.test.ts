/**
 * No slot without a body and a caller, over real HTTP with raw sockets: clients that stall their
 * headers or body, callers without a token and one caller's flood leave the gateway's operation
 * slots to everyone else, and the stalled sockets are closed after the configured timeouts.
 */
import net from 'node:net';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { GATEWAY_AUDIENCE } from '../../subgraphs/kit/auth';
import { testToken, TEST_AUTH } from '../support/auth';
import { gql } from '../support/graphql';

/** A "registry" that accepts connections and never answers: operations reaching it hold their slot. */
let hanging: net.Server;
const hangingSockets = new Set<net.Socket>();
let gateway: RunningGateway;

const LIMIT = 4;
const PER_CALLER = 3;

beforeAll(async () => {
  hanging = net.createServer((socket) => {
    hangingSockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(hanging.address() as net.AddressInfo).port}/graphql`;
  gateway = await startGateway({
    nodeEnv: 'production',
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    auth: TEST_AUTH,
    consistencyUrl: null,
    explorer: false,
    introspection: false,
    subgraphTimeoutMs: 60_000,
    maxConcurrentOperations: LIMIT,
    maxOperationsPerCaller: PER_CALLER,
    http: { headersTimeoutMs: 1500, requestTimeoutMs: 4000, bodyTimeoutMs: 2500 },
    subgraphUrls: { residence: url, employment: url, insurance: url, tax: url, municipality: url },
  });
});
afterAll(async () => {
  for (const s of hangingSockets) s.destroy();
  await gateway.stop();
  await new Promise((resolve) => hanging.close(resolve));
});

/** A raw connection that sends `text` and then nothing; `closed` resolves with what it received. */
function stall(text: string) {
  const socket = net.connect(gateway.port, '127.0.0.1');
  let received = '';
  let open = true;
  socket.on('data', (chunk) => (received += chunk.toString()));
  socket.on('error', () => undefined);
  const closed = new Promise<string>((resolve) =>
    socket.on('close', () => {
      open = false;
      resolve(received);
    }),
  );
  socket.write(text);
  return { closed, isOpen: () => open };
}

const STALLED_BODY =
  'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":';
const STALLED_HEADERS = 'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: appl';

const as = async (sub: string) => ({
  authorization: `Bearer ${await testToken(GATEWAY_AUDIENCE, { sub })}`,
});

/** Waits until `n` connections from the gateway have reached the hanging registry. */
async function hangingAtLeast(n: number) {
  while (hangingSockets.size < n) await new Promise((r) => setTimeout(r, 20));
}

it('answers a trivial query while 10 clients stall their bodies, then closes them with 408', async () => {
  const stalled = Array.from({ length: 2 * LIMIT + 2 }, () => stall(STALLED_BODY));
  await new Promise((r) => setTimeout(r, 200)); // the stalled requests reached the gateway first
  const res = await gql(gateway.url, '{ __typename }', undefined, await as('someone'));
  expect(res.data).toEqual({ __typename: 'Query' });
  expect(stalled.map((s) => s.isOpen())).toEqual(stalled.map(() => true));

  for (const text of await Promise.all(stalled.map((s) => s.closed))) {
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(text).toContain('"REQUEST_TIMEOUT"');
  }
});

it('closes connections that stall their headers', async () => {
  const stalled = Array.from({ length: LIMIT + 2 }, () => stall(STALLED_HEADERS));
  const res = await gql(gateway.url, '{ __typename }', undefined, await as('someone'));
  expect(res.data).toEqual({ __typename: 'Query' });
  for (const text of await Promise.all(stalled.map((s) => s.closed))) {
    expect(text).toMatch(/^HTTP\/1\.1 408/);
  }
});

it("lets no caller's flood starve another, and never queues a caller without a token", async () => {
  const flooder = await as('flooder');
  const worker = '{ worker(id: "00000000-0000-4000-8000-000000000001") { fullName } }';
  const flood = Array.from({ length: 20 }, () => gql(gateway.url, worker, undefined, flooder));
  await hangingAtLeast(PER_CALLER); // the flooder holds all the slots it may: PER_CALLER

  // Another caller is not behind the flood.
  const other = await gql(gateway.url, '{ consistencyRules { id } }', undefined, await as('other'));
  expect(other.status).toBe(200);
  expect(other.data?.consistencyRules?.length).toBeGreaterThan(0);

  // A second caller takes the last slot: every slot is held now.
  const second = gql(gateway.url, worker, undefined, await as('second'));
  await hangingAtLeast(LIMIT);

  // With every slot held, requests without a valid token are still answered at once: 401.
  const anonymous = await Promise.all([
    gql(gateway.url, '{ __typename }', undefined, { authorization: '' }),
    gql(gateway.url, '{ __typename }', undefined, { authorization: 'Bearer forged' }),
    ...Array.from({ length: 8 }, () =>
      gql(gateway.url, '{ __typename }', undefined, { authorization: '' }),
    ),
  ]);
  for (const res of anonymous) {
    expect([res.status, res.errors?.[0]?.extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
  }

  // The registry comes back (fails fast): every held and waiting operation completes.
  hanging.close();
  for (const s of hangingSockets) s.destroy();
  const done = await Promise.all([...flood, second]);
  for (const res of done) expect(res.errors?.[0]?.extensions?.code).toBe('SOURCE_UNAVAILABLE');
});
