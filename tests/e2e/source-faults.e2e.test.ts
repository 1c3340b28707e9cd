import { buildWorld, type World } from '../support/access';
import { TEST_SERVER_URL } from '../support/databases';
import { databaseFault } from '../support/faults';
import type { GraphQLResponse } from '../support/graphql';
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
