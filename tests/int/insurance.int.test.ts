import { randomUUID } from 'node:crypto';
import { employment } from '../../subgraphs/employment';
import { insurance } from '../../subgraphs/insurance';
import { residence } from '../../subgraphs/residence';
import { errorCode, gql, type GraphQLResponse } from '../support/graphql';
import { startTestSubgraph, type TestSubgraph } from '../support/subgraph';

let residenceSg: TestSubgraph;
let employmentSg: TestSubgraph;
let sg: TestSubgraph;
beforeAll(async () => {
  residenceSg = await startTestSubgraph(residence);
  employmentSg = await startTestSubgraph(employment, { residence: residenceSg.url });
  sg = await startTestSubgraph(insurance, {
    residence: residenceSg.url,
    employment: employmentSg.url,
  });
});
afterAll(async () => {
  await sg?.stop();
  await employmentSg?.stop();
  await residenceSg?.stop();
});
beforeEach(async () => {
  await Promise.all([sg.reset(), employmentSg.reset(), residenceSg.reset()]);
});

const ENROLL = `mutation($input: EnrollInsuranceInput!) { enrollInsurance(input: $input) {
  id scheme startDate endDate worker { id } employer { id } } }`;
const END = `mutation($input: EndInsuranceEnrollmentInput!) { endInsuranceEnrollment(input: $input) { id startDate endDate } }`;
const RECORD = `mutation($input: RecordContributionArrearsInput!) { recordContributionArrears(input: $input) {
  id scheme since amount settledOn worker { id } employer { id } } }`;
const SETTLE = `mutation($input: SettleContributionArrearsInput!) { settleContributionArrears(input: $input) { id since settledOn } }`;
const WORKERS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Worker {
  id insuranceEnrollments { id scheme } contributionArrears { id amount } } } }`;
const EMPLOYERS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Employer {
  id contributionArrears { id amount worker { id } employer { id } } } } }`;
const UNKNOWN = '00000000-0000-0000-0000-000000000001';

type Row = Record<string, unknown>;

function ok<T>(res: GraphQLResponse<T>): T {
  expect(res.errors).toBeUndefined();
  return res.data as T;
}

async function registerWorker(fullName = 'Nguyen Van An'): Promise<string> {
  const res = await gql(
    residenceSg.url,
    `mutation($input: RegisterWorkerInput!) { registerWorker(input: $input) { id } }`,
    { input: { fullName, nationality: 'VN', dateOfBirth: '1999-04-01' } },
  );
  return ok(res).registerWorker.id;
}

async function registerEmployer(name = 'Kyosei Foods KK'): Promise<string> {
  const res = await gql(
    employmentSg.url,
    `mutation($input: RegisterEmployerInput!) { registerEmployer(input: $input) { id } }`,
    { input: { name, legalForm: 'CORPORATION', employeeCount: 40, insuredHeadcount: 35 } },
  );
  return ok(res).registerEmployer.id;
}

async function count(table: string): Promise<number> {
  const rows = await sg.db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0].n;
}

function expectBadInput(res: GraphQLResponse<unknown>, field: string): void {
  expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
}

async function enroll(input: Row): Promise<Row> {
  return ok(await gql(sg.url, ENROLL, { input })).enrollInsurance;
}

async function record(input: Row): Promise<Row> {
  return ok(await gql(sg.url, RECORD, { input })).recordContributionArrears;
}

describe('insurance subgraph', () => {
  let workerId: string;
  let employerId: string;
  beforeEach(async () => {
    workerId = await registerWorker();
    employerId = await registerEmployer();
  });

  it('enrolls in employee and national schemes and returns references to the worker and employer', async () => {
    const employee = await enroll({
      workerId,
      employerId,
      scheme: 'EMPLOYEES_HEALTH',
      startDate: '2026-04-01',
    });
    expect(employee).toMatchObject({
      scheme: 'EMPLOYEES_HEALTH',
      startDate: '2026-04-01',
      endDate: null,
      worker: { id: workerId },
      employer: { id: employerId },
    });
    const national = await enroll({
      workerId,
      scheme: 'NATIONAL_PENSION',
      startDate: '2025-01-01',
      endDate: '2026-03-31',
    });
    expect(national).toMatchObject({ employer: null, endDate: '2026-03-31' });
    const res = await gql(sg.url, WORKERS, { r: [{ __typename: 'Worker', id: workerId }] });
    expect(ok(res)._entities[0].insuranceEnrollments.map((e: Row) => e.scheme)).toEqual([
      'NATIONAL_PENSION',
      'EMPLOYEES_HEALTH',
    ]);
  });

  it('applies the enrollment input rules of RULES.md and writes nothing', async () => {
    const cases: [Row, string][] = [
      [{ scheme: 'EMPLOYEES_HEALTH' }, 'employerId'],
      [{ scheme: 'EMPLOYEES_PENSION' }, 'employerId'],
      [{ scheme: 'EMPLOYMENT_INSURANCE', employerId: null }, 'employerId'],
      [{ scheme: 'NATIONAL_HEALTH', employerId: UNKNOWN }, 'employerId'],
      [{ scheme: 'NATIONAL_PENSION', employerId: UNKNOWN }, 'employerId'],
      [{ scheme: 'NATIONAL_HEALTH', endDate: '2026-03-31' }, 'endDate'],
      [{ scheme: 'NATIONAL_HEALTH', startDate: '2026-02-30' }, 'startDate'],
      [{ scheme: 'NATIONAL_HEALTH', workerId: '' }, 'workerId'],
      [{ scheme: 'HEALTH' }, 'scheme'],
    ];
    for (const [patch, field] of cases) {
      const res = await gql(sg.url, ENROLL, {
        input: { workerId, startDate: '2026-04-01', ...patch },
      });
      expect([patch, errorCode(res), res.errors?.[0]?.extensions?.field]).toEqual([
        patch,
        'BAD_USER_INPUT',
        field,
      ]);
    }
    expect(await count('insurance_enrollments')).toBe(0);
    const sameDay = {
      workerId,
      scheme: 'NATIONAL_HEALTH',
      startDate: '2026-04-01',
      endDate: '2026-04-01',
    };
    await enroll(sameDay);
    expect(await count('insurance_enrollments')).toBe(1);
  });

  it('checks workers with residence and employers with employment: NOT_FOUND naming the field', async () => {
    const cases: [Row, string, string][] = [
      [{ workerId: UNKNOWN, scheme: 'NATIONAL_HEALTH' }, 'workerId', 'Worker'],
      [{ workerId: 'not-a-uuid', scheme: 'NATIONAL_HEALTH' }, 'workerId', 'Worker'],
      [{ employerId: UNKNOWN, scheme: 'EMPLOYEES_PENSION' }, 'employerId', 'Employer'],
      [
        { workerId: UNKNOWN, employerId: UNKNOWN, scheme: 'EMPLOYEES_HEALTH' },
        'workerId',
        'Worker',
      ],
    ];
    for (const [patch, field, entity] of cases) {
      const res = await gql(sg.url, ENROLL, {
        input: { workerId, startDate: '2026-04-01', ...patch },
      });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field, entity });
    }
    const arrears: [Row, string][] = [
      [{ workerId: UNKNOWN }, 'workerId'],
      [{ employerId: UNKNOWN }, 'employerId'],
    ];
    for (const [patch, field] of arrears) {
      const res = await gql(sg.url, RECORD, {
        input: { scheme: 'EMPLOYEES_PENSION', since: '2026-01-01', amount: 1000, ...patch },
      });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field });
    }
    expect(await count('insurance_enrollments')).toBe(0);
    expect(await count('contribution_arrears')).toBe(0);
  });

  it('is idempotent with a key and refuses the key with other input', async () => {
    const input = {
      workerId,
      employerId,
      scheme: 'EMPLOYMENT_INSURANCE',
      startDate: '2026-04-01',
      idempotencyKey: 'enr-1',
    };
    const first = await enroll(input);
    const again = await enroll(input);
    expect(again.id).toBe(first.id);
    const other = await gql(sg.url, ENROLL, { input: { ...input, startDate: '2026-04-02' } });
    expect(errorCode(other)).toBe('CONFLICT');
    expect(other.errors?.[0]?.extensions?.field).toBe('idempotencyKey');
    expect(await count('insurance_enrollments')).toBe(1);

    const arrears = {
      employerId,
      scheme: 'EMPLOYEES_HEALTH',
      since: '2026-01-01',
      amount: 52_000,
      idempotencyKey: 'arr-1',
    };
    const a1 = await record(arrears);
    const a2 = await record(arrears);
    expect(a2.id).toBe(a1.id);
    expect(errorCode(await gql(sg.url, RECORD, { input: { ...arrears, amount: 52_001 } }))).toBe(
      'CONFLICT',
    );
    expect(await count('contribution_arrears')).toBe(1);
    expect(await count('idempotency_keys')).toBe(2);
  });

  it('ends an enrollment once: same date again returns it, another date is a CONFLICT', async () => {
    const { id } = await enroll({ workerId, scheme: 'NATIONAL_HEALTH', startDate: '2026-04-01' });
    for (const enrollmentId of [UNKNOWN, 'x']) {
      const missing = await gql(sg.url, END, { input: { enrollmentId, endDate: '2026-05-01' } });
      expect(missing.errors?.[0]?.extensions).toMatchObject({
        code: 'NOT_FOUND',
        field: 'enrollmentId',
      });
    }
    expectBadInput(
      await gql(sg.url, END, { input: { enrollmentId: id, endDate: '2026-03-31' } }),
      'endDate',
    );
    expectBadInput(
      await gql(sg.url, END, { input: { enrollmentId: id, endDate: '2026-04-31' } }),
      'endDate',
    );
    const ended = ok(
      await gql(sg.url, END, { input: { enrollmentId: id, endDate: '2026-04-01' } }),
    );
    expect(ended.endInsuranceEnrollment).toEqual({
      id,
      startDate: '2026-04-01',
      endDate: '2026-04-01',
    });
    const same = ok(await gql(sg.url, END, { input: { enrollmentId: id, endDate: '2026-04-01' } }));
    expect(same.endInsuranceEnrollment.endDate).toBe('2026-04-01');
    const other = await gql(sg.url, END, { input: { enrollmentId: id, endDate: '2026-06-30' } });
    expect(other.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'enrollmentId',
    });
    const rows = await sg.db.dataSource.query('SELECT end_date FROM insurance_enrollments');
    expect(rows).toEqual([{ end_date: '2026-04-01' }]);
  });

  it('applies the arrears input rules and writes nothing', async () => {
    const cases: [Row, string][] = [
      [{ workerId, employerId }, 'workerId'],
      [{}, 'workerId'],
      [{ workerId: null, employerId: null }, 'workerId'],
      [{ workerId, amount: -1 }, 'amount'],
      [{ workerId, amount: 1.5 }, 'amount'],
      [{ workerId, since: '2026-1-1' }, 'since'],
    ];
    for (const [patch, field] of cases) {
      const res = await gql(sg.url, RECORD, {
        input: { scheme: 'NATIONAL_HEALTH', since: '2026-01-01', amount: 1000, ...patch },
      });
      expect([patch, errorCode(res), res.errors?.[0]?.extensions?.field]).toEqual([
        patch,
        'BAD_USER_INPUT',
        field,
      ]);
    }
    expect(await count('contribution_arrears')).toBe(0);
  });

  it('records arrears against a worker or an employer and lists each on its owner', async () => {
    const byWorker = await record({
      workerId,
      scheme: 'NATIONAL_HEALTH',
      since: '2026-02-01',
      amount: 0,
    });
    expect(byWorker).toMatchObject({
      amount: 0,
      settledOn: null,
      worker: { id: workerId },
      employer: null,
    });
    const byEmployer = await record({
      employerId,
      scheme: 'EMPLOYEES_PENSION',
      since: '2026-01-01',
      amount: 91_500,
    });
    expect(byEmployer).toMatchObject({ worker: null, employer: { id: employerId } });
    const w = ok(await gql(sg.url, WORKERS, { r: [{ __typename: 'Worker', id: workerId }] }));
    expect(w._entities[0].contributionArrears).toEqual([{ id: byWorker.id, amount: 0 }]);
    const e = ok(await gql(sg.url, EMPLOYERS, { r: [{ __typename: 'Employer', id: employerId }] }));
    expect(e._entities[0].contributionArrears).toEqual([
      { id: byEmployer.id, amount: 91_500, worker: null, employer: { id: employerId } },
    ]);
  });

  it('settles arrears once: same date again returns them, another date is a CONFLICT', async () => {
    const { id } = await record({
      workerId,
      scheme: 'NATIONAL_PENSION',
      since: '2026-01-01',
      amount: 17_510,
    });
    for (const arrearsId of [UNKNOWN, 'x']) {
      const missing = await gql(sg.url, SETTLE, { input: { arrearsId, settledOn: '2026-05-01' } });
      expect(missing.errors?.[0]?.extensions).toMatchObject({
        code: 'NOT_FOUND',
        field: 'arrearsId',
      });
    }
    expectBadInput(
      await gql(sg.url, SETTLE, { input: { arrearsId: id, settledOn: '2025-12-31' } }),
      'settledOn',
    );
    expect(await count('contribution_arrears WHERE settled_on IS NOT NULL')).toBe(0);
    const settled = ok(
      await gql(sg.url, SETTLE, { input: { arrearsId: id, settledOn: '2026-01-01' } }),
    );
    expect(settled.settleContributionArrears).toEqual({
      id,
      since: '2026-01-01',
      settledOn: '2026-01-01',
    });
    const same = ok(
      await gql(sg.url, SETTLE, { input: { arrearsId: id, settledOn: '2026-01-01' } }),
    );
    expect(same.settleContributionArrears.settledOn).toBe('2026-01-01');
    const other = await gql(sg.url, SETTLE, { input: { arrearsId: id, settledOn: '2026-02-01' } });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'arrearsId' });
    const rows = await sg.db.dataSource.query('SELECT settled_on FROM contribution_arrears');
    expect(rows).toEqual([{ settled_on: '2026-01-01' }]);
  });

  it('filters enrollments by activeOn, both boundaries inclusive', async () => {
    const first = await enroll({
      workerId,
      employerId,
      scheme: 'EMPLOYEES_HEALTH',
      startDate: '2026-01-01',
      endDate: '2026-03-31',
    });
    const second = await enroll({ workerId, scheme: 'NATIONAL_HEALTH', startDate: '2026-04-01' });
    const q = `query($r: [_Any!]!, $on: Date) { _entities(representations: $r) { ... on Worker { insuranceEnrollments(activeOn: $on) { id } } } }`;
    const on = async (d: string | null) => {
      const res = ok(await gql(sg.url, q, { r: [{ __typename: 'Worker', id: workerId }], on: d }));
      return res._entities[0].insuranceEnrollments.map((e: Row) => e.id);
    };
    expect(await on('2025-12-31')).toEqual([]);
    expect(await on('2026-01-01')).toEqual([first.id]);
    expect(await on('2026-03-31')).toEqual([first.id]);
    expect(await on('2026-04-01')).toEqual([second.id]);
    expect(await on('2099-01-01')).toEqual([second.id]);
    expect(await on(null)).toEqual([first.id, second.id]);
    const bad = await gql(sg.url, q, {
      r: [{ __typename: 'Worker', id: workerId }],
      on: '2026-02-30',
    });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
  });
});

describe('insurance batching', () => {
  async function seed(n: number): Promise<{ workers: string[]; employers: string[] }> {
    const workers = Array.from({ length: n }, () => randomUUID());
    const employers = Array.from({ length: n }, () => randomUUID());
    for (let i = 0; i < n; i++) {
      await sg.db.dataSource.query(
        `INSERT INTO insurance_enrollments (worker_id, scheme, employer_id, start_date)
         VALUES ($1, 'EMPLOYEES_HEALTH', $2, '2026-01-01'), ($1, 'NATIONAL_PENSION', NULL, '2025-01-01')`,
        [workers[i], employers[i]],
      );
      await sg.db.dataSource.query(
        `INSERT INTO contribution_arrears (worker_id, employer_id, scheme, since, amount)
         VALUES ($1, NULL, 'NATIONAL_HEALTH', '2026-01-01', 1000), (NULL, $2, 'EMPLOYEES_PENSION', '2026-01-01', 2000)`,
        [workers[i], employers[i]],
      );
    }
    return { workers, employers };
  }

  it.each([3, 30])(
    'answers _entities for %i workers and employers in a fixed number of statements',
    async (n) => {
      const { workers, employers } = await seed(n);

      sg.db.statements.reset();
      const w = ok(
        await gql(sg.url, WORKERS, { r: workers.map((id) => ({ __typename: 'Worker', id })) }),
      );
      expect(w._entities).toHaveLength(n);
      for (const [i, e] of w._entities.entries()) {
        expect(e.id).toBe(workers[i]);
        expect(e.insuranceEnrollments.map((x: Row) => x.scheme)).toEqual([
          'NATIONAL_PENSION',
          'EMPLOYEES_HEALTH',
        ]);
        expect(e.contributionArrears).toHaveLength(1);
      }
      expect(sg.db.statements.count).toBe(3); // + one access-log INSERT

      sg.db.statements.reset();
      const e = ok(
        await gql(sg.url, EMPLOYERS, {
          r: employers.map((id) => ({ __typename: 'Employer', id })),
        }),
      );
      expect(e._entities.map((x: Row) => (x.contributionArrears as Row[]).length)).toEqual(
        employers.map(() => 1),
      );
      expect(sg.db.statements.count).toBe(1);

      sg.db.statements.reset();
      const refsOnly = ok(
        await gql(
          sg.url,
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on Worker { id } } }`,
          {
            r: workers.map((id) => ({ __typename: 'Worker', id })),
          },
        ),
      );
      expect(refsOnly._entities).toHaveLength(n);
      expect(sg.db.statements.count).toBe(0);
    },
  );
});
