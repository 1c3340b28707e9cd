import { employment } from '../../subgraphs/employment';
import { residence } from '../../subgraphs/residence';
import { errorCode, gql } from '../support/graphql';
import { startTestSubgraph, type TestSubgraph } from '../support/subgraph';

let residenceSg: TestSubgraph;
let sg: TestSubgraph;
beforeAll(async () => {
  residenceSg = await startTestSubgraph(residence);
  sg = await startTestSubgraph(employment, { residence: residenceSg.url });
});
afterAll(async () => {
  await sg?.stop();
  await residenceSg?.stop();
});
beforeEach(async () => {
  await sg.reset();
  await residenceSg.reset();
});

const UNKNOWN = '00000000-0000-0000-0000-000000000001';

const REGISTER_WORKER = `mutation($input: RegisterWorkerInput!) { registerWorker(input: $input) { id } }`;
const REGISTER = `mutation($input: RegisterEmployerInput!) { registerEmployer(input: $input) { id name legalForm employeeCount insuredHeadcount corporateNumber } }`;
const START = `mutation($input: StartEmploymentInput!) { startEmployment(input: $input) {
  id worker { id } employer { id name } startDate endDate jobField weeklyHours monthlyWage supportPlan { provider organizationName } } }`;
const END = `mutation($input: EndEmploymentInput!) { endEmployment(input: $input) { id startDate endDate } }`;
const FILE = `mutation($input: FileEmploymentNotificationInput!) { fileEmploymentNotification(input: $input) {
  id kind filedOn reportedStatus reportedExpiresOn employment { id } } }`;

async function registerWorker(fullName = 'Nguyen Van An'): Promise<string> {
  const res = await gql(residenceSg.url, REGISTER_WORKER, {
    input: { fullName, nationality: 'VN', dateOfBirth: '1999-04-01' },
  });
  expect(res.errors).toBeUndefined();
  return res.data!.registerWorker.id;
}

const employerInput = {
  name: 'Sakura Foods KK',
  legalForm: 'CORPORATION',
  employeeCount: 120,
  insuredHeadcount: 80,
  corporateNumber: '1234567890123',
};

async function registerEmployer(name = employerInput.name): Promise<string> {
  const res = await gql(sg.url, REGISTER, { input: { ...employerInput, name } });
  expect(res.errors).toBeUndefined();
  return res.data!.registerEmployer.id;
}

function employmentInput(
  workerId: string,
  employerId: string,
  patch: Record<string, unknown> = {},
) {
  return {
    workerId,
    employerId,
    startDate: '2026-04-01',
    jobField: 'FOOD_MANUFACTURING',
    weeklyHours: 37.5,
    monthlyWage: 230000,
    ...patch,
  };
}

async function startEmployment(
  workerId: string,
  employerId: string,
  patch: Record<string, unknown> = {},
): Promise<string> {
  const res = await gql(sg.url, START, { input: employmentInput(workerId, employerId, patch) });
  expect(res.errors).toBeUndefined();
  return res.data!.startEmployment.id;
}

async function count(table: string): Promise<number> {
  const rows = await sg.db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0].n;
}

describe('employment subgraph', () => {
  it('registers an employer and reads it back', async () => {
    const id = await registerEmployer();
    const res = await gql(
      sg.url,
      `query($id: ID!) { employer(id: $id) { id name legalForm employeeCount insuredHeadcount corporateNumber employments { id } } }`,
      { id },
    );
    expect(res.data!.employer).toEqual({ id, ...employerInput, employments: [] });
  });

  it('returns null for unknown or malformed employer ids', async () => {
    const res = await gql(
      sg.url,
      `{ a: employer(id: "${UNKNOWN}") { id } b: employer(id: "x") { id } }`,
    );
    expect(res.data).toEqual({ a: null, b: null });
  });

  it.each([
    [{ name: '  ' }, 'name'],
    [{ name: 'x'.repeat(201) }, 'name'],
    [{ employeeCount: -1 }, 'employeeCount'],
    [{ insuredHeadcount: -5 }, 'insuredHeadcount'],
    [{ corporateNumber: '123456789012' }, 'corporateNumber'],
    [{ corporateNumber: '12345678901234' }, 'corporateNumber'],
    [{ corporateNumber: '123456789012a' }, 'corporateNumber'],
  ])('refuses bad employer input %j', async (patch, field) => {
    const res = await gql(sg.url, REGISTER, { input: { ...employerInput, ...patch } });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe(field);
    expect(await count('employers')).toBe(0);
  });

  it('registers a sole proprietor without a corporate number', async () => {
    const res = await gql(sg.url, REGISTER, {
      input: {
        name: 'Tanaka Farm',
        legalForm: 'SOLE_PROPRIETOR',
        employeeCount: 0,
        insuredHeadcount: 0,
      },
    });
    expect(res.data!.registerEmployer).toMatchObject({
      legalForm: 'SOLE_PROPRIETOR',
      corporateNumber: null,
    });
  });

  it('starts an employment with its support plan', async () => {
    const workerId = await registerWorker();
    const employerId = await registerEmployer();
    const res = await gql(sg.url, START, {
      input: employmentInput(workerId, employerId, {
        endDate: '2027-03-31',
        supportPlan: {
          provider: 'REGISTERED_SUPPORT_ORGANIZATION',
          organizationName: 'Kizuna Support',
        },
      }),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.startEmployment).toMatchObject({
      worker: { id: workerId },
      employer: { id: employerId, name: employerInput.name },
      startDate: '2026-04-01',
      endDate: '2027-03-31',
      weeklyHours: 37.5,
      monthlyWage: 230000,
      supportPlan: {
        provider: 'REGISTERED_SUPPORT_ORGANIZATION',
        organizationName: 'Kizuna Support',
      },
    });
    const own = await startEmployment(workerId, employerId, {
      supportPlan: { provider: 'SELF' },
      weeklyHours: 0.1,
    });
    const q = `query($id: ID!) { employer(id: $id) { employments { id weeklyHours supportPlan { provider organizationName } } } }`;
    const read = await gql(sg.url, q, { id: employerId });
    expect(read.data!.employer.employments.find((e: { id: string }) => e.id === own)).toEqual({
      id: own,
      weeklyHours: 0.1,
      supportPlan: { provider: 'SELF', organizationName: null },
    });
  });

  it('applies the employment input rules', async () => {
    const workerId = await registerWorker();
    const employerId = await registerEmployer();
    const cases: [Record<string, unknown>, string][] = [
      [{ endDate: '2026-03-31' }, 'endDate'],
      [{ startDate: '2026-02-30' }, 'startDate'],
      [{ weeklyHours: -1 }, 'weeklyHours'],
      [{ weeklyHours: 168.5 }, 'weeklyHours'],
      [{ monthlyWage: -1 }, 'monthlyWage'],
      [
        { supportPlan: { provider: 'REGISTERED_SUPPORT_ORGANIZATION' } },
        'supportPlan.organizationName',
      ],
      [
        { supportPlan: { provider: 'REGISTERED_SUPPORT_ORGANIZATION', organizationName: ' ' } },
        'supportPlan.organizationName',
      ],
      [
        { supportPlan: { provider: 'SELF', organizationName: 'Kizuna' } },
        'supportPlan.organizationName',
      ],
    ];
    for (const [patch, field] of cases) {
      const res = await gql(sg.url, START, { input: employmentInput(workerId, employerId, patch) });
      expect([patch, errorCode(res), res.errors?.[0]?.extensions?.field]).toEqual([
        patch,
        'BAD_USER_INPUT',
        field,
      ]);
    }
    expect(await count('employments')).toBe(0);
  });

  it('accepts the boundaries: 0 and 168 hours, a one-day employment, zero wage', async () => {
    const workerId = await registerWorker();
    const employerId = await registerEmployer();
    await startEmployment(workerId, employerId, { weeklyHours: 0, monthlyWage: 0 });
    await startEmployment(workerId, employerId, { weeklyHours: 168, endDate: '2026-04-01' });
    expect(await count('employments')).toBe(2);
  });

  it('gives NOT_FOUND for a worker unknown to the residence registry and writes nothing', async () => {
    const employerId = await registerEmployer();
    for (const workerId of [UNKNOWN, 'not-a-uuid']) {
      const res = await gql(sg.url, START, { input: employmentInput(workerId, employerId) });
      expect(errorCode(res)).toBe('NOT_FOUND');
      expect(res.errors![0].extensions).toMatchObject({ entity: 'Worker', field: 'workerId' });
    }
    expect(await count('employments')).toBe(0);
  });

  it('gives NOT_FOUND for an unknown employer and writes nothing', async () => {
    const workerId = await registerWorker();
    for (const employerId of [UNKNOWN, 'not-a-uuid']) {
      const res = await gql(sg.url, START, { input: employmentInput(workerId, employerId) });
      expect(errorCode(res)).toBe('NOT_FOUND');
      expect(res.errors![0].extensions).toMatchObject({ entity: 'Employer', field: 'employerId' });
    }
    expect(await count('employments')).toBe(0);
  });

  it('is idempotent with a key and refuses the key with other input', async () => {
    const workerId = await registerWorker();
    const employerId = await registerEmployer();
    const input = { ...employmentInput(workerId, employerId), idempotencyKey: 'start-1' };
    const first = await gql(sg.url, START, { input });
    const again = await gql(sg.url, START, { input });
    expect(again.data!.startEmployment.id).toBe(first.data!.startEmployment.id);
    const other = await gql(sg.url, START, { input: { ...input, monthlyWage: 250000 } });
    expect(errorCode(other)).toBe('CONFLICT');
    expect(other.errors![0].extensions!.field).toBe('idempotencyKey');
    expect(await count('employments')).toBe(1);

    const reg = { ...employerInput, idempotencyKey: 'reg-1' };
    const a = await gql(sg.url, REGISTER, { input: reg });
    const b = await gql(sg.url, REGISTER, { input: reg });
    expect(b.data!.registerEmployer.id).toBe(a.data!.registerEmployer.id);
    expect(errorCode(await gql(sg.url, REGISTER, { input: { ...reg, employeeCount: 1 } }))).toBe(
      'CONFLICT',
    );
    expect(await count('employers')).toBe(2);
  });

  it('ends an employment: the same date again is returned, a later date is CONFLICT', async () => {
    const workerId = await registerWorker();
    const employmentId = await startEmployment(workerId, await registerEmployer());
    const before = await gql(sg.url, END, { input: { employmentId, endDate: '2026-03-31' } });
    expect(errorCode(before)).toBe('BAD_USER_INPUT');
    expect(before.errors![0].extensions!.field).toBe('endDate');
    const ended = await gql(sg.url, END, { input: { employmentId, endDate: '2026-04-01' } });
    expect(ended.data!.endEmployment).toEqual({
      id: employmentId,
      startDate: '2026-04-01',
      endDate: '2026-04-01',
    });
    const same = await gql(sg.url, END, { input: { employmentId, endDate: '2026-04-01' } });
    expect(same.data!.endEmployment).toEqual(ended.data!.endEmployment);
    const other = await gql(sg.url, END, { input: { employmentId, endDate: '2026-09-30' } });
    expect(errorCode(other)).toBe('CONFLICT');
    const missing = await gql(sg.url, END, {
      input: { employmentId: UNKNOWN, endDate: '2026-09-30' },
    });
    expect(missing.errors![0].extensions).toMatchObject({
      code: 'NOT_FOUND',
      field: 'employmentId',
    });
    const rows = await sg.db.dataSource.query('SELECT end_date FROM employments');
    expect(rows).toEqual([{ end_date: '2026-04-01' }]);
  });

  it('ends a fixed-term employment early, but never extends it', async () => {
    const workerId = await registerWorker();
    const employmentId = await startEmployment(workerId, await registerEmployer(), {
      endDate: '2027-03-31',
    });
    const early = await gql(sg.url, END, { input: { employmentId, endDate: '2026-12-31' } });
    expect(early.data!.endEmployment.endDate).toBe('2026-12-31');
    const longer = await gql(sg.url, END, { input: { employmentId, endDate: '2027-06-30' } });
    expect(errorCode(longer)).toBe('CONFLICT');
    const rows = await sg.db.dataSource.query('SELECT end_date FROM employments');
    expect(rows).toEqual([{ end_date: '2026-12-31' }]);
  });

  it('files notifications and lists them on the employment and the worker', async () => {
    const workerId = await registerWorker();
    const employerId = await registerEmployer();
    const first = await startEmployment(workerId, employerId, { endDate: '2026-06-30' });
    const second = await startEmployment(workerId, employerId, { startDate: '2026-08-01' });
    const hire = await gql(sg.url, FILE, {
      input: {
        employmentId: first,
        kind: 'HIRE',
        filedOn: '2026-04-20',
        reportedStatus: 'SPECIFIED_SKILLED_WORKER_I',
        reportedExpiresOn: '2027-03-31',
      },
    });
    expect(hire.data!.fileEmploymentNotification).toMatchObject({
      kind: 'HIRE',
      reportedStatus: 'SPECIFIED_SKILLED_WORKER_I',
      reportedExpiresOn: '2027-03-31',
      employment: { id: first },
    });
    await gql(sg.url, FILE, {
      input: { employmentId: second, kind: 'HIRE', filedOn: '2026-08-05' },
    });
    await gql(sg.url, FILE, {
      input: { employmentId: first, kind: 'SEPARATION', filedOn: '2026-07-10' },
    });
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Worker {
      employmentNotifications { kind filedOn reportedStatus employment { id } }
      employments { id notifications { kind } } } } }`;
    const res = await gql(sg.url, q, { r: [{ __typename: 'Worker', id: workerId }] });
    const worker = res.data!._entities[0];
    expect(worker.employmentNotifications).toEqual([
      {
        kind: 'HIRE',
        filedOn: '2026-04-20',
        reportedStatus: 'SPECIFIED_SKILLED_WORKER_I',
        employment: { id: first },
      },
      {
        kind: 'SEPARATION',
        filedOn: '2026-07-10',
        reportedStatus: null,
        employment: { id: first },
      },
      { kind: 'HIRE', filedOn: '2026-08-05', reportedStatus: null, employment: { id: second } },
    ]);
    expect(worker.employments).toEqual([
      { id: first, notifications: [{ kind: 'HIRE' }, { kind: 'SEPARATION' }] },
      { id: second, notifications: [{ kind: 'HIRE' }] },
    ]);
  });

  it('refuses notifications for unknown employments and bad input, writing nothing', async () => {
    const employmentId = await startEmployment(await registerWorker(), await registerEmployer());
    const missing = await gql(sg.url, FILE, {
      input: { employmentId: UNKNOWN, kind: 'HIRE', filedOn: '2026-04-20' },
    });
    expect(missing.errors![0].extensions).toMatchObject({
      code: 'NOT_FOUND',
      field: 'employmentId',
    });
    const bad = await gql(sg.url, FILE, {
      input: { employmentId, kind: 'HIRE', filedOn: '2026-04-20', reportedExpiresOn: '2027-02-29' },
    });
    expect(bad.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reportedExpiresOn',
    });
    expect(await count('employment_notifications')).toBe(0);
  });

  it('refuses a notification filed before the start (HIRE) or the end (SEPARATION)', async () => {
    const employmentId = await startEmployment(await registerWorker(), await registerEmployer());
    const file = (kind: string, filedOn: string) =>
      gql(sg.url, FILE, { input: { employmentId, kind, filedOn } });
    const refused = async (kind: string, filedOn: string, message: RegExp) => {
      const res = await file(kind, filedOn);
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filedOn' });
      expect(res.errors![0].message).toMatch(message);
    };
    await refused('HIRE', '2026-03-31', /startDate \(2026-04-01\)/);
    await refused('SEPARATION', '2026-05-01', /endDate/);
    expect(await count('employment_notifications')).toBe(0);

    expect((await file('HIRE', '2026-04-01')).data!.fileEmploymentNotification.filedOn).toBe(
      '2026-04-01',
    );
    const end = await gql(sg.url, END, { input: { employmentId, endDate: '2026-09-30' } });
    expect(end.errors).toBeUndefined();
    await refused('SEPARATION', '2026-09-29', /endDate \(2026-09-30\)/);
    expect((await file('SEPARATION', '2026-09-30')).data!.fileEmploymentNotification).toMatchObject(
      { kind: 'SEPARATION', filedOn: '2026-09-30' },
    );
    const rows = await sg.db.dataSource.query(
      'SELECT kind, filed_on FROM employment_notifications ORDER BY filed_on',
    );
    expect(rows).toEqual([
      { kind: 'HIRE', filed_on: '2026-04-01' },
      { kind: 'SEPARATION', filed_on: '2026-09-30' },
    ]);
  });

  it('filters employments by activeOn on Worker and Employer, both ends included', async () => {
    const workerId = await registerWorker();
    const employerId = await registerEmployer();
    const closed = await startEmployment(workerId, employerId, {
      startDate: '2026-04-01',
      endDate: '2026-06-30',
    });
    const open = await startEmployment(workerId, employerId, { startDate: '2026-07-01' });
    const q = `query($r: [_Any!]!, $d: Date) { _entities(representations: $r) {
      ... on Worker { jobs: employments(activeOn: $d) { id } }
      ... on Employer { staff: employments(activeOn: $d) { id } } } }`;
    const r = [
      { __typename: 'Worker', id: workerId },
      { __typename: 'Employer', id: employerId },
    ];
    const on = async (d: string | null) => {
      const res = await gql(sg.url, q, { r, d });
      expect(res.errors).toBeUndefined();
      const [w, e] = res.data!._entities as [
        { jobs: { id: string }[] },
        { staff: { id: string }[] },
      ];
      expect(e.staff).toEqual(w.jobs);
      return w.jobs.map((j) => j.id);
    };
    expect(await on(null)).toEqual([closed, open]);
    expect(await on('2026-03-31')).toEqual([]);
    expect(await on('2026-04-01')).toEqual([closed]);
    expect(await on('2026-06-30')).toEqual([closed]);
    expect(await on('2026-07-01')).toEqual([open]);
    expect(await on('2030-01-01')).toEqual([open]);
    await gql(sg.url, END, { input: { employmentId: open, endDate: '2026-12-31' } });
    expect(await on('2026-12-31')).toEqual([open]);
    expect(await on('2027-01-01')).toEqual([]);
  });

  it('pages employers with cursors and a total count', async () => {
    for (let i = 0; i < 5; i++) await registerEmployer(`Employer ${i}`);
    const q = `query($after: String) { employers(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name } } } }`;
    const names: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: { data?: { employers: any } | null } = await gql(sg.url, q, { after }); // eslint-disable-line @typescript-eslint/no-explicit-any
      const page = res.data!.employers;
      expect(page.totalCount).toBe(5);
      names.push(...page.edges.map((e: { node: { name: string } }) => e.node.name));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(names).toEqual(['Employer 0', 'Employer 1', 'Employer 2', 'Employer 3', 'Employer 4']);
    const bad = await gql(sg.url, `{ employers(first: 501) { totalCount } }`);
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const cursor = await gql(sg.url, `{ employers(after: "bogus") { totalCount } }`);
    expect(cursor.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('resolves Employer references through the registry: unknown ids are null', async () => {
    const id = await registerEmployer();
    const res = await gql(
      sg.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Employer { id name } } }`,
      { r: [id, UNKNOWN, 'x'].map((i) => ({ __typename: 'Employer', id: i })) },
    );
    expect(res.data!._entities).toEqual([{ id, name: employerInput.name }, null, null]);
  });

  describe('batching', () => {
    const WORKERS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Worker { id
      employments { id worker { id } employer { id name } notifications { id } }
      employmentNotifications { id kind employment { id } } } } }`;
    const EMPLOYERS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Employer { id name
      employments(activeOn: "2026-05-01") { id employer { id } notifications { id } } } } }`;

    /** n workers, each employed by two of the employers and notified once per employment. */
    async function seed(n: number): Promise<{ workers: string[]; employers: string[] }> {
      const employers = [
        await registerEmployer('E0'),
        await registerEmployer('E1'),
        await registerEmployer('E2'),
      ];
      const workers: string[] = [];
      for (let i = 0; i < n; i++) {
        const workerId = await registerWorker(`W${i}`);
        workers.push(workerId);
        for (const employerId of [employers[i % 3], employers[(i + 1) % 3]]) {
          const employmentId = await startEmployment(workerId, employerId);
          await gql(sg.url, FILE, { input: { employmentId, kind: 'HIRE', filedOn: '2026-04-10' } });
        }
      }
      return { workers, employers };
    }

    async function statements(query: string, type: string, ids: string[]): Promise<number> {
      sg.db.statements.reset();
      const res = await gql(sg.url, query, { r: ids.map((id) => ({ __typename: type, id })) });
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities.map((e: { id: string }) => e.id)).toEqual(ids);
      return sg.db.statements.count;
    }

    it('answers _entities for workers and employers in a fixed number of statements', async () => {
      const { workers, employers } = await seed(3);
      // employments by worker, notifications by worker, then employers by id, notifications by
      // employment and employments by id (for the notifications' employment): one statement each
      expect(await statements(WORKERS, 'Worker', workers)).toBe(6); // + one access-log INSERT
      // employers by id, employments by employer, notifications by employment
      expect(await statements(EMPLOYERS, 'Employer', employers)).toBe(4); // + one access-log INSERT
    });

    it('costs the same for 30 workers as for 3', async () => {
      const { workers, employers } = await seed(30);
      expect(await statements(WORKERS, 'Worker', workers)).toBe(6); // + one access-log INSERT
      expect(await statements(EMPLOYERS, 'Employer', employers)).toBe(4); // + one access-log INSERT
      const res = await gql(sg.url, WORKERS, {
        r: workers.map((id) => ({ __typename: 'Worker', id })),
      });
      expect(res.data!._entities[29].employments).toHaveLength(2);
      expect(res.data!._entities[29].employmentNotifications).toHaveLength(2);
    });
  });

  it('serves /healthz and /readyz', async () => {
    const base = new URL(sg.url);
    expect((await fetch(new URL('/healthz', base))).status).toBe(200);
    expect((await fetch(new URL('/readyz', base))).status).toBe(200);
  });
});
