import { residence } from '../../subgraphs/residence';
import { municipality } from '../../subgraphs/municipality';
import { audienceOf, testToken } from '../support/auth';
import { errorCode, gql, type GraphQLResponse } from '../support/graphql';
import { startTestSubgraph, type TestSubgraph } from '../support/subgraph';

let residenceSg: TestSubgraph;
let sg: TestSubgraph;
beforeAll(async () => {
  residenceSg = await startTestSubgraph(residence);
  sg = await startTestSubgraph(municipality, { residence: residenceSg.url });
});
afterAll(async () => {
  await sg?.stop();
  await residenceSg?.stop();
});
beforeEach(async () => {
  await Promise.all([sg.reset(), residenceSg.reset()]);
});

const NOTIFY = `mutation($input: NotifyAddressInput!) { notifyAddress(input: $input) {
  id municipalityCode movedInOn notifiedOn movedOutOn worker { id } } }`;
const MOVE_OUT = `mutation($input: NotifyMoveOutInput!) { notifyMoveOut(input: $input) {
  id movedInOn movedOutOn } }`;
const WORKERS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Worker { id
  addressRegistrations { id municipalityCode movedInOn notifiedOn movedOutOn } } } }`;

const UNKNOWN = '00000000-0000-0000-0000-000000000001';

async function registerWorker(): Promise<string> {
  const res = await gql(
    residenceSg.url,
    `mutation($input: RegisterWorkerInput!) { registerWorker(input: $input) { id } }`,
    { input: { fullName: 'Siti Rahma', nationality: 'ID', dateOfBirth: '2000-02-01' } },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.registerWorker.id;
}

async function count(): Promise<number> {
  const rows = await sg.db.dataSource.query('SELECT count(*)::int AS n FROM address_registrations');
  return rows[0].n;
}

/** The first error as [code, field], for one-line assertions. */
function failure(res: GraphQLResponse<unknown>): [unknown, unknown] {
  return [errorCode(res), res.errors?.[0]?.extensions?.field];
}

function ok<T>(res: GraphQLResponse<T>): T {
  expect(res.errors).toBeUndefined();
  return res.data!;
}

const arrival = (workerId: string) => ({
  workerId,
  municipalityCode: '131016',
  movedInOn: '2026-04-01',
  notifiedOn: '2026-04-10',
});

async function notify(input: Record<string, unknown>) {
  return ok(await gql(sg.url, NOTIFY, { input })).notifyAddress;
}

async function registrations(workerId: string) {
  const res = await gql(sg.url, WORKERS, { r: [{ __typename: 'Worker', id: workerId }] });
  return ok(res)._entities[0].addressRegistrations;
}

describe('municipality subgraph', () => {
  describe('notifyAddress', () => {
    it('registers an address and lists registrations by move-in then notification date', async () => {
      const workerId = await registerWorker();
      const first = await notify({
        ...arrival(workerId),
        movedInOn: '2025-04-01',
        notifiedOn: '2025-04-03',
      });
      const out = ok(
        await gql(sg.url, MOVE_OUT, {
          input: { registrationId: first.id, movedOutOn: '2026-03-31' },
        }),
      );
      expect(out.notifyMoveOut).toEqual({
        id: first.id,
        movedInOn: '2025-04-01',
        movedOutOn: '2026-03-31',
      });
      const second = await notify({ ...arrival(workerId), municipalityCode: '271004' });
      expect(second).toMatchObject({
        municipalityCode: '271004',
        movedInOn: '2026-04-01',
        notifiedOn: '2026-04-10',
        movedOutOn: null,
        worker: { id: workerId },
      });
      expect(await registrations(workerId)).toEqual([
        {
          id: first.id,
          municipalityCode: '131016',
          movedInOn: '2025-04-01',
          notifiedOn: '2025-04-03',
          movedOutOn: '2026-03-31',
        },
        {
          id: second.id,
          municipalityCode: '271004',
          movedInOn: '2026-04-01',
          notifiedOn: '2026-04-10',
          movedOutOn: null,
        },
      ]);
    });

    it.each([
      [{ municipalityCode: '13101' }, 'municipalityCode'],
      [{ municipalityCode: '1310160' }, 'municipalityCode'],
      [{ municipalityCode: '13101a' }, 'municipalityCode'],
      [{ notifiedOn: '2026-03-31' }, 'notifiedOn'],
      [{ movedInOn: '2026-02-30' }, 'movedInOn'],
      [{ notifiedOn: '10/04/2026' }, 'notifiedOn'],
      [{ workerId: '' }, 'workerId'],
    ])('refuses %j as BAD_USER_INPUT naming the field', async (patch, field) => {
      const workerId = await registerWorker();
      const res = await gql(sg.url, NOTIFY, { input: { ...arrival(workerId), ...patch } });
      expect(failure(res)).toEqual(['BAD_USER_INPUT', field]);
      expect(await count()).toBe(0);
    });

    it('accepts a notification on the day of moving in', async () => {
      const workerId = await registerWorker();
      const r = await notify({ ...arrival(workerId), notifiedOn: '2026-04-01' });
      expect(r.notifiedOn).toBe('2026-04-01');
    });

    it('gives NOT_FOUND for a worker the residence registry does not know', async () => {
      for (const workerId of [UNKNOWN, 'not-a-uuid']) {
        const res = await gql(sg.url, NOTIFY, { input: arrival(workerId) });
        expect(failure(res)).toEqual(['NOT_FOUND', 'workerId']);
      }
      expect(await count()).toBe(0);
    });

    it('refuses a second current registration for the same worker as CONFLICT', async () => {
      const workerId = await registerWorker();
      await notify(arrival(workerId));
      const res = await gql(sg.url, NOTIFY, {
        input: { ...arrival(workerId), municipalityCode: '271004' },
      });
      expect(failure(res)).toEqual(['CONFLICT', 'workerId']);
      expect(await count()).toBe(1);
      const other = await registerWorker();
      await notify(arrival(other));
      expect(await count()).toBe(2);
    });

    it('lets exactly one of several concurrent notifications win', async () => {
      const workerId = await registerWorker();
      const results = await Promise.all(
        ['131016', '271004', '141003', '401307'].map((municipalityCode) =>
          gql(sg.url, NOTIFY, { input: { ...arrival(workerId), municipalityCode } }),
        ),
      );
      expect(results.map(errorCode).sort()).toEqual([
        'CONFLICT',
        'CONFLICT',
        'CONFLICT',
        undefined,
      ]);
      expect(await count()).toBe(1);
    });

    it('is idempotent with a key and refuses the key with other input', async () => {
      const workerId = await registerWorker();
      const input = { ...arrival(workerId), idempotencyKey: 'move-in-1' };
      const first = await notify(input);
      const again = await notify(input);
      expect(again.id).toBe(first.id);
      const other = await gql(sg.url, NOTIFY, { input: { ...input, municipalityCode: '271004' } });
      expect(failure(other)).toEqual(['CONFLICT', 'idempotencyKey']);
      expect(await count()).toBe(1);
    });
  });

  describe('notifyMoveOut', () => {
    it('closes a registration once: the same date again is a no-op, another date CONFLICT', async () => {
      const workerId = await registerWorker();
      const { id } = await notify(arrival(workerId));
      const moveOut = (movedOutOn: string) =>
        gql(sg.url, MOVE_OUT, { input: { registrationId: id, movedOutOn } });
      expect(ok(await moveOut('2026-09-30')).notifyMoveOut.movedOutOn).toBe('2026-09-30');
      expect(ok(await moveOut('2026-09-30')).notifyMoveOut.movedOutOn).toBe('2026-09-30');
      expect(failure(await moveOut('2026-08-31'))).toEqual(['CONFLICT', 'registrationId']);
      expect((await registrations(workerId))[0].movedOutOn).toBe('2026-09-30');
    });

    it('refuses a move-out before the move-in, an unknown registration and bad dates', async () => {
      const workerId = await registerWorker();
      const { id } = await notify(arrival(workerId));
      const cases: [Record<string, unknown>, string, string][] = [
        [{ registrationId: id, movedOutOn: '2026-03-31' }, 'BAD_USER_INPUT', 'movedOutOn'],
        [{ registrationId: id, movedOutOn: '2026-13-01' }, 'BAD_USER_INPUT', 'movedOutOn'],
        [{ registrationId: UNKNOWN, movedOutOn: '2026-09-30' }, 'NOT_FOUND', 'registrationId'],
        [{ registrationId: 'nope', movedOutOn: '2026-09-30' }, 'NOT_FOUND', 'registrationId'],
      ];
      for (const [input, code, field] of cases) {
        const res = await gql(sg.url, MOVE_OUT, { input });
        expect([input, ...failure(res)]).toEqual([input, code, field]);
      }
      expect((await registrations(workerId))[0].movedOutOn).toBeNull();
    });

    it('accepts a move-out on the day of moving in, after which a new registration is allowed', async () => {
      const workerId = await registerWorker();
      const { id } = await notify(arrival(workerId));
      ok(await gql(sg.url, MOVE_OUT, { input: { registrationId: id, movedOutOn: '2026-04-01' } }));
      await notify({ ...arrival(workerId), movedInOn: '2026-04-02', notifiedOn: '2026-04-02' });
      expect(await count()).toBe(2);
    });

    it('replays an idempotency key', async () => {
      const workerId = await registerWorker();
      const { id } = await notify(arrival(workerId));
      const input = { registrationId: id, movedOutOn: '2026-09-30', idempotencyKey: 'out-1' };
      const first = ok(await gql(sg.url, MOVE_OUT, { input })).notifyMoveOut;
      const again = ok(await gql(sg.url, MOVE_OUT, { input })).notifyMoveOut;
      expect(again).toEqual(first);
      const other = await gql(sg.url, MOVE_OUT, { input: { ...input, movedOutOn: '2026-10-31' } });
      expect(failure(other)).toEqual(['CONFLICT', 'idempotencyKey']);
    });
  });

  describe('access', () => {
    it('answers the worker field only with municipality:read and logs the read', async () => {
      const workerId = await registerWorker();
      await notify(arrival(workerId));
      const denied = await gql(
        sg.url,
        WORKERS,
        { r: [{ __typename: 'Worker', id: workerId }] },
        { authorization: `Bearer ${await testToken(audienceOf(sg.url)!, { scope: 'tax:read' })}` },
      );
      expect(errorCode(denied)).toBe('FORBIDDEN');
      expect(await registrations(workerId)).toHaveLength(1);
      const logged = await sg.db.dataSource.query(
        'SELECT source, fields FROM access_log WHERE worker_id = $1',
        [workerId],
      );
      expect(logged.length).toBeGreaterThan(0);
      expect(logged[0].source).toBe('MUNICIPALITY');
    });
  });
});
