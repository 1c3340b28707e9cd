import { residence } from '../../subgraphs/residence';
import { errorCode, gql } from '../support/graphql';
import { startTestSubgraph, type TestSubgraph } from '../support/subgraph';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(residence);
});
afterAll(() => sg.stop());
beforeEach(() => sg.reset());

const REGISTER = `mutation($input: RegisterWorkerInput!) { registerWorker(input: $input) { id fullName nationality dateOfBirth } }`;
const GRANT = `mutation($input: GrantResidencePermitInput!) { grantResidencePermit(input: $input) { id status expiresOn designatedFields workCategory } }`;
const FILE = `mutation($input: FileResidenceApplicationInput!) { fileResidenceApplication(input: $input) { id kind filedOn outcome } }`;
const DECIDE = `mutation($input: DecideResidenceApplicationInput!) { decideResidenceApplication(input: $input) { id decidedOn outcome } }`;
const PERMISSION = `mutation($input: GrantWorkPermissionInput!) { grantWorkPermission(input: $input) { id maxWeeklyHours } }`;

async function register(fullName = 'Nguyen Van An'): Promise<string> {
  const res = await gql(sg.url, REGISTER, {
    input: { fullName, nationality: 'VN', dateOfBirth: '1999-04-01' },
  });
  expect(res.errors).toBeUndefined();
  return res.data!.registerWorker.id;
}

async function count(table: string): Promise<number> {
  const rows = await sg.db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0].n;
}

describe('residence subgraph', () => {
  it('registers a worker and reads it back', async () => {
    const id = await register();
    const res = await gql(
      sg.url,
      `query($id: ID!) { worker(id: $id) { id fullName nationality dateOfBirth } }`,
      { id },
    );
    expect(res.data!.worker).toEqual({
      id,
      fullName: 'Nguyen Van An',
      nationality: 'VN',
      dateOfBirth: '1999-04-01',
    });
  });

  it('returns null for unknown or malformed worker ids', async () => {
    const res = await gql(
      sg.url,
      `{ a: worker(id: "00000000-0000-0000-0000-000000000000") { id } b: worker(id: "x") { id } }`,
    );
    expect(res.data).toEqual({ a: null, b: null });
  });

  it.each([
    [{ nationality: 'XX' }, 'nationality'],
    [{ nationality: 'vn' }, 'nationality'],
    [{ fullName: '  ' }, 'fullName'],
    [{ dateOfBirth: '2199-01-01' }, 'dateOfBirth'],
    [{ dateOfBirth: '1999-02-30' }, 'dateOfBirth'],
  ])('refuses bad registration input %j', async (patch, field) => {
    const input = {
      fullName: 'Maria Santos',
      nationality: 'PH',
      dateOfBirth: '1995-01-01',
      ...patch,
    };
    const res = await gql(sg.url, REGISTER, { input });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe(field);
    expect(await count('workers')).toBe(0);
  });

  it('is idempotent with a key and refuses the key with other input', async () => {
    const input = {
      fullName: 'Tran Thi Binh',
      nationality: 'VN',
      dateOfBirth: '2000-05-05',
      idempotencyKey: 'reg-1',
    };
    const first = await gql(sg.url, REGISTER, { input });
    const again = await gql(sg.url, REGISTER, { input });
    expect(again.data!.registerWorker.id).toBe(first.data!.registerWorker.id);
    const other = await gql(sg.url, REGISTER, { input: { ...input, fullName: 'Someone Else' } });
    expect(errorCode(other)).toBe('CONFLICT');
    expect(await count('workers')).toBe(1);
  });

  it('applies the permit input rules of RULES.md', async () => {
    const workerId = await register();
    const cases: [Record<string, unknown>, string][] = [
      [{ status: 'SPECIFIED_SKILLED_WORKER_I', designatedFields: [] }, 'designatedFields'],
      [
        { status: 'SPECIFIED_SKILLED_WORKER_I', designatedFields: ['NURSING_CARE', 'AGRICULTURE'] },
        'designatedFields',
      ],
      [
        { status: 'SPECIFIED_SKILLED_WORKER_II', designatedFields: ['NURSING_CARE'] },
        'designatedFields',
      ],
      [
        { status: 'SPECIFIED_SKILLED_WORKER_II', designatedFields: ['RAILWAY'] },
        'designatedFields',
      ],
      [{ status: 'TECHNICAL_INTERN_TRAINING' }, 'designatedEmployerId'],
      [{ status: 'HIGHLY_SKILLED_PROFESSIONAL_I' }, 'designatedEmployerId'],
      [
        {
          status: 'EMPLOYMENT_FOR_SKILL_DEVELOPMENT',
          grantedOn: '2027-03-31',
          expiresOn: '2028-03-31',
        },
        'grantedOn',
      ],
      [{ status: 'STUDENT', expiresOn: null }, 'expiresOn'],
      [{ status: 'STUDENT', expiresOn: '2026-04-01' }, 'expiresOn'],
      [{ status: 'PERMANENT_RESIDENT' }, 'expiresOn'],
      [{ status: 'STUDENT', grantedOn: '2026-13-01' }, 'grantedOn'],
    ];
    for (const [patch, field] of cases) {
      const input = { workerId, grantedOn: '2026-04-01', expiresOn: '2027-04-01', ...patch };
      const res = await gql(sg.url, GRANT, { input });
      expect([patch, errorCode(res), res.errors?.[0]?.extensions?.field]).toEqual([
        patch,
        'BAD_USER_INPUT',
        field,
      ]);
    }
    expect(await count('residence_permits')).toBe(0);
  });

  it('grants valid permits, including SSW II in construction and EfSD from 2027-04-01', async () => {
    const workerId = await register();
    const ok = [
      {
        status: 'SPECIFIED_SKILLED_WORKER_II',
        designatedFields: ['CONSTRUCTION'],
        grantedOn: '2026-01-01',
        expiresOn: '2029-01-01',
      },
      {
        status: 'EMPLOYMENT_FOR_SKILL_DEVELOPMENT',
        grantedOn: '2027-04-01',
        expiresOn: '2028-04-01',
      },
      { status: 'PERMANENT_RESIDENT', grantedOn: '2030-01-01', expiresOn: null },
    ];
    for (const p of ok) {
      const res = await gql(sg.url, GRANT, { input: { workerId, ...p } });
      expect(res.errors).toBeUndefined();
    }
    const res = await gql(
      sg.url,
      `query($id: ID!) { worker(id: $id) { residencePermits { status } } }`,
      { id: workerId },
    );
    expect(res.data!.worker.residencePermits.map((p: { status: string }) => p.status)).toEqual([
      'SPECIFIED_SKILLED_WORKER_II',
      'EMPLOYMENT_FOR_SKILL_DEVELOPMENT',
      'PERMANENT_RESIDENT',
    ]);
  });

  it('gives NOT_FOUND for an unknown worker and writes nothing', async () => {
    const res = await gql(sg.url, GRANT, {
      input: {
        workerId: '00000000-0000-0000-0000-000000000001',
        status: 'STUDENT',
        grantedOn: '2026-04-01',
        expiresOn: '2027-04-01',
      },
    });
    expect(errorCode(res)).toBe('NOT_FOUND');
    expect(await count('residence_permits')).toBe(0);
  });

  it('computes the special period from a timely renewal application', async () => {
    const workerId = await register();
    await gql(sg.url, GRANT, {
      input: {
        workerId,
        status: 'ENGINEER_SPECIALIST_INTL_SERVICES',
        grantedOn: '2025-01-31',
        expiresOn: '2026-01-31',
      },
    });
    const filed = await gql(sg.url, FILE, {
      input: { workerId, kind: 'RENEWAL', filedOn: '2026-01-20' },
    });
    expect(filed.data!.fileResidenceApplication.outcome).toBeNull();
    const q = `query($id: ID!, $d: Date) { worker(id: $id) { residence(asOf: $d) { validity validUntil } } }`;
    const on = async (d: string) =>
      (await gql(sg.url, q, { id: workerId, d })).data!.worker.residence;
    expect(await on('2026-01-31')).toEqual({ validity: 'REGULAR', validUntil: '2026-01-31' });
    expect(await on('2026-03-31')).toEqual({
      validity: 'SPECIAL_PERIOD',
      validUntil: '2026-03-31',
    });
    expect(await on('2026-04-01')).toEqual({ validity: 'NONE', validUntil: null });
    const appId = filed.data!.fileResidenceApplication.id;
    const decided = await gql(sg.url, DECIDE, {
      input: { applicationId: appId, decidedOn: '2026-02-10', outcome: 'DENIED' },
    });
    expect(decided.data!.decideResidenceApplication).toEqual({
      id: appId,
      decidedOn: '2026-02-10',
      outcome: 'DENIED',
    });
    expect(await on('2026-02-10')).toEqual({ validity: 'NONE', validUntil: null });
    const again = await gql(sg.url, DECIDE, {
      input: { applicationId: appId, decidedOn: '2026-02-11', outcome: 'GRANTED' },
    });
    expect(errorCode(again)).toBe('CONFLICT');
  });

  it('grants work permissions only to PERMISSION_REQUIRED statuses', async () => {
    const workerId = await register();
    await gql(sg.url, GRANT, {
      input: {
        workerId,
        status: 'SKILLED_LABOR',
        grantedOn: '2026-01-01',
        expiresOn: '2027-01-01',
      },
    });
    const refused = await gql(sg.url, PERMISSION, { input: { workerId, grantedOn: '2026-02-01' } });
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    await gql(sg.url, GRANT, {
      input: {
        workerId,
        status: 'STUDENT',
        grantedOn: '2026-03-01',
        expiresOn: '2027-03-01',
        enrolledUntil: '2027-03-01',
      },
    });
    const granted = await gql(sg.url, PERMISSION, { input: { workerId, grantedOn: '2026-03-02' } });
    expect(granted.data!.grantWorkPermission.maxWeeklyHours).toBe(28);
    const tooMany = await gql(sg.url, PERMISSION, {
      input: { workerId, grantedOn: '2026-03-02', maxWeeklyHours: 40 },
    });
    expect(tooMany.errors![0].extensions!.field).toBe('maxWeeklyHours');
    expect(await count('work_permissions')).toBe(1);
  });

  it('pages workers with cursors and a total count', async () => {
    for (let i = 0; i < 5; i++) await register(`Worker ${i}`);
    const q = `query($after: String) { workers(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { fullName } } } }`;
    const names: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: { data?: { workers: any } | null } = await gql(sg.url, q, { after }); // eslint-disable-line @typescript-eslint/no-explicit-any
      const page = res.data!.workers;
      expect(page.totalCount).toBe(5);
      names.push(...page.edges.map((e: { node: { fullName: string } }) => e.node.fullName));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(names).toEqual(['Worker 0', 'Worker 1', 'Worker 2', 'Worker 3', 'Worker 4']);
    const bad = await gql(sg.url, `{ workers(first: 501) { totalCount } }`);
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('answers workersByIds in the order asked, null where no such worker, at most 500', async () => {
    const a = await register('Worker A');
    const b = await register('Worker B');
    const unknown = '00000000-0000-4000-8000-000000000000';
    const q = `query($ids: [ID!]!) { workersByIds(ids: $ids) { id fullName } }`;
    const res = await gql(sg.url, q, { ids: [b, unknown, a, 'not-a-uuid', b] });
    expect(res.errors).toBeUndefined();
    expect(res.data!.workersByIds).toEqual([
      { id: b, fullName: 'Worker B' },
      null,
      { id: a, fullName: 'Worker A' },
      null,
      { id: b, fullName: 'Worker B' },
    ]);
    expect((await gql(sg.url, q, { ids: [] })).data!.workersByIds).toEqual([]);
    const bad = await gql(sg.url, q, { ids: Array.from({ length: 501 }, () => a) });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    expect(bad.data).toBeNull();
  });

  it('answers _entities in one SQL statement per batch', async () => {
    const ids = [await register('A'), await register('B'), await register('C')];
    sg.db.statements.reset();
    const res = await gql(
      sg.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Worker { id fullName residencePermits { id } } } }`,
      {
        r: [...ids, '00000000-0000-0000-0000-000000000000'].map((id) => ({
          __typename: 'Worker',
          id,
        })),
      },
    );
    expect(res.data!._entities.map((e: { id: string } | null) => e?.id ?? null)).toEqual([
      ...ids,
      null,
    ]);
    expect(sg.db.statements.count).toBe(3); // + one access-log INSERT
  });

  it('serves /healthz and /readyz', async () => {
    const base = new URL(sg.url);
    expect((await fetch(new URL('/healthz', base))).status).toBe(200);
    const ready = await fetch(new URL('/readyz', base));
    expect(ready.status).toBe(200);
  });
});
