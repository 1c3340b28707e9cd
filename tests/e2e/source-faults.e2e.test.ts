import { createServer } from 'node:http';
import { buildWorld, type World } from '../support/access';
import { TEST_SERVER_URL } from '../support/databases';
import { databaseFault } from '../support/faults';
import { gql, type GraphQLResponse } from '../support/graphql';
import { startStack, type Stack } from '../support/stack';

/**
 * Any failure of a registry's source — its database gone, a stall past the gateway's timeout — is a
 * missing source: the worker is still answered, that registry's fields are null with one
 * SOURCE_UNAVAILABLE error naming it, and consistency is INCOMPLETE, never CONSISTENT.
 */

const SUBGRAPH_TIMEOUT_MS = 1500;

let stack: Stack;
let world: World;
beforeAll(async () => {
  stack = await startStack({ subgraphTimeoutMs: SUBGRAPH_TIMEOUT_MS });
  world = await buildWorld(stack);
}, 120_000);
afterAll(() => stack.stop());

const WORKER = `query($id: ID!) { worker(id: $id) {
  id fullName employments { id } insuranceEnrollments { id } taxAssessments { id }
  consistency(asOf: "2026-07-01") { status missingSources } } }`;

/** Each registry's public field in WORKER, and a table that field reads. */
const FIELDS = {
  employment: { field: 'employments', table: 'employments' },
  insurance: { field: 'insuranceEnrollments', table: 'insurance_enrollments' },
  tax: { field: 'taxAssessments', table: 'tax_assessments' },
} as const;
type Registry = keyof typeof FIELDS;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = GraphQLResponse<Record<string, any>>;
const ask = (): Promise<Answer> => stack.query(WORKER, { id: world.worker });

function expectFull(res: Answer): void {
  expect(res.errors).toBeUndefined();
  expect(res.data!.worker.consistency.missingSources).toEqual([]);
  for (const { field } of Object.values(FIELDS)) expect(res.data!.worker[field]).not.toBeNull();
}

/** The worker, with `registry`'s fields null, one error per failure naming it, INCOMPLETE. */
function expectMissing(res: Answer, registry: Registry): void {
  const worker = res.data!.worker;
  expect(worker).toMatchObject({ id: world.worker, fullName: 'Nguyen Thi Lan' });
  expect(worker[FIELDS[registry].field]).toBeNull();
  for (const [other, { field }] of Object.entries(FIELDS)) {
    if (other !== registry) expect(worker[field]).not.toBeNull();
  }
  expect(worker.consistency.status).toBe('INCOMPLETE');
  expect(worker.consistency.missingSources).toEqual([registry.toUpperCase()]);
  expect(res.errors!.length).toBeGreaterThan(0);
  for (const error of res.errors!) {
    expect(error.extensions).toMatchObject({
      code: 'SOURCE_UNAVAILABLE',
      source: registry.toUpperCase(),
    });
  }
}

/** Asks until the answer is full again (bounded); returns how many seconds that took. */
async function secondsToFull(): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < 300; i++) {
    const res = await ask();
    if (!res.errors && res.data?.worker?.consistency?.missingSources?.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return (performance.now() - started) / 1000;
}

describe.each(Object.keys(FIELDS) as Registry[])('the %s database', (registry) => {
  it('gone: the worker with SOURCE_UNAVAILABLE for its fields, INCOMPLETE; full once it is back', async () => {
    expectFull(await ask());
    const fault = databaseFault(stack, registry);
    await fault.cut();
    try {
      expectMissing(await ask(), registry);
      expectMissing(await ask(), registry);
      // The registry itself says so: coded, naming itself, no driver message.
      const direct = await gql(
        stack.subgraphs[registry].url,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Worker { ${FIELDS[registry].field} { id } } } }`,
        { r: [{ __typename: 'Worker', id: world.worker }] },
      );
      expect(direct.errors!.length).toBeGreaterThan(0);
      for (const error of direct.errors!) {
        expect(error.extensions).toMatchObject({
          code: 'SOURCE_UNAVAILABLE',
          source: registry.toUpperCase(),
        });
        expect(error.message).not.toMatch(/kyosei_test|connection/i);
      }
    } finally {
      await fault.restore();
    }
    const seconds = await secondsToFull();
    process.stdout.write(
      `${registry}: full answers ${seconds.toFixed(2)} s after its database came back\n`,
    );
    expectFull(await ask());
  });

  it('stalled past the gateway timeout: the same missing source, then full again', async () => {
    const ds = stack.subgraphs[registry].db.dataSource;
    const locker = ds.createQueryRunner();
    await locker.connect();
    await locker.startTransaction();
    try {
      await locker.query(`LOCK TABLE "${FIELDS[registry].table}" IN ACCESS EXCLUSIVE MODE`);
      expectMissing(await ask(), registry);
    } finally {
      await locker.rollbackTransaction();
      await locker.release();
    }
    await secondsToFull();
    expectFull(await ask());
  });

  (TEST_SERVER_URL ? it : it.skip)(
    'connection terminated mid-request (PostgreSQL: PGlite has no second session to do it)',
    async () => {
      const res = await databaseFault(stack, registry).terminateMidRequest(
        FIELDS[registry].table,
        ask,
      );
      expectMissing(res, registry);
      await secondsToFull();
      expectFull(await ask());
    },
  );
});

const INTERNAL = {
  errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
};

describe.each([
  ['HTTP 502 from a proxy', 502, 'text/html', '<html><body>Bad Gateway</body></html>'],
  ['HTTP 500 with a coded GraphQL error', 500, 'application/json', JSON.stringify(INTERNAL)],
  [
    'HTTP 200, its entity failed',
    200,
    'application/json',
    JSON.stringify({
      data: { _entities: [null] },
      errors: [{ ...INTERNAL.errors[0], path: ['_entities', 0] }],
    }),
  ],
  ['garbled JSON', 200, 'application/json', '{"data":{"_entities":[{"taxAss'],
  ['a body that is not GraphQL', 200, 'text/plain', 'OK'],
])('the tax registry answering %s', (_, status, type, body) => {
  it('is a missing source: the worker, tax fields null, SOURCE_UNAVAILABLE, INCOMPLETE', async () => {
    await stack.stopSubgraph('tax');
    const impostor = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(status, { 'content-type': type }).end(body));
    });
    await new Promise<void>((resolve) =>
      impostor.listen(stack.subgraphs.tax.port, '127.0.0.1', resolve),
    );
    try {
      expectMissing(await ask(), 'tax');
    } finally {
      await new Promise((resolve) => impostor.close(resolve));
      await stack.startSubgraph('tax');
    }
    expectFull(await ask());
  });
});

describe('a mutation slower than the read timeout', () => {
  it('is waited for and answered (giving up would not undo its write)', async () => {
    const ds = stack.subgraphs.employment.db.dataSource;
    const locker = ds.createQueryRunner();
    await locker.connect();
    await locker.startTransaction();
    let answer: Promise<Answer>;
    try {
      await locker.query(`LOCK TABLE "employers" IN ACCESS EXCLUSIVE MODE`);
      answer = stack.query(
        `mutation($i: RegisterEmployerInput!) { registerEmployer(input: $i) { id name } }`,
        {
          i: {
            name: 'Slow Write KK',
            legalForm: 'CORPORATION',
            employeeCount: 5,
            insuredHeadcount: 5,
          },
        },
      );
      // Held well past the gateway's read timeout before the write may go ahead.
      await new Promise((resolve) => setTimeout(resolve, 2 * SUBGRAPH_TIMEOUT_MS));
    } finally {
      await locker.rollbackTransaction();
      await locker.release();
    }
    const res = await answer;
    expect(res.errors).toBeUndefined();
    expect(res.data!.registerEmployer).toMatchObject({ name: 'Slow Write KK' });
  });
});

describe('the residence database (the owner of the worker’s identity)', () => {
  it('gone: no worker, but a SOURCE_UNAVAILABLE error naming RESIDENCE, never a bare null', async () => {
    const fault = databaseFault(stack, 'residence');
    await fault.cut();
    let res: Answer;
    try {
      res = await ask();
    } finally {
      await fault.restore();
    }
    expect(res.data?.worker ?? null).toBeNull();
    expect(res.errors!.length).toBeGreaterThan(0);
    for (const error of res.errors!) {
      expect(error.extensions).toMatchObject({ code: 'SOURCE_UNAVAILABLE', source: 'RESIDENCE' });
    }
    await secondsToFull();
    expectFull(await ask());
  });
});
