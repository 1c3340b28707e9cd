import { randomUUID } from 'node:crypto';
import { employment } from '../../subgraphs/employment';
import { residence } from '../../subgraphs/residence';
import { tax } from '../../subgraphs/tax';
import { errorCode, gql, type GraphQLResponse } from '../support/graphql';
import { startTestSubgraph, type TestSubgraph } from '../support/subgraph';

let residenceSg: TestSubgraph;
let employmentSg: TestSubgraph;
let sg: TestSubgraph;
beforeAll(async () => {
  residenceSg = await startTestSubgraph(residence);
  employmentSg = await startTestSubgraph(employment, { residence: residenceSg.url });
  sg = await startTestSubgraph(tax, { residence: residenceSg.url, employment: employmentSg.url });
});
afterAll(async () => {
  await sg?.stop();
  await employmentSg?.stop();
  await residenceSg?.stop();
});
beforeEach(async () => {
  await Promise.all([sg.reset(), employmentSg.reset(), residenceSg.reset()]);
});

const ASSESS = `mutation($input: AssessTaxInput!) { assessTax(input: $input) {
  id kind fiscalYear amount dueDate collection collectingEmployer { id } worker { id } } }`;
const PAY = `mutation($input: RecordTaxPaymentInput!) { recordTaxPayment(input: $input) {
  id paidOn amount assessment { id paidAmount outstandingAmount } } }`;
const REPORT = `mutation($input: FileWithholdingReportInput!) { fileWithholdingReport(input: $input) {
  id year grossPay taxWithheld worker { id } employer { id } } }`;
const ARREARS = `mutation($input: RecordEmployerTaxArrearsInput!) { recordEmployerTaxArrears(input: $input) {
  id since amount settledOn employer { id } } }`;
const SETTLE = `mutation($input: SettleEmployerTaxArrearsInput!) { settleEmployerTaxArrears(input: $input) {
  id since amount settledOn } }`;
const WORKERS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Worker { id
  taxAssessments { id fiscalYear dueDate amount paidAmount outstandingAmount payments { id paidOn amount } }
  withholdingReports { id year } } } }`;
const EMPLOYERS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Employer { id
  taxArrears { id since amount settledOn } } } }`;

const UNKNOWN = '00000000-0000-0000-0000-000000000001';

async function registerWorker(fullName = 'Nguyen Van An'): Promise<string> {
  const res = await gql(
    residenceSg.url,
    `mutation($input: RegisterWorkerInput!) { registerWorker(input: $input) { id } }`,
    { input: { fullName, nationality: 'VN', dateOfBirth: '1999-04-01' } },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.registerWorker.id;
}

async function registerEmployer(name = 'Kyosei Foods KK'): Promise<string> {
  const res = await gql(
    employmentSg.url,
    `mutation($input: RegisterEmployerInput!) { registerEmployer(input: $input) { id } }`,
    { input: { name, legalForm: 'CORPORATION', employeeCount: 40, insuredHeadcount: 38 } },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.registerEmployer.id;
}

async function count(table: string): Promise<number> {
  const rows = await sg.db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
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

async function entities(query: string, type: string, ids: string[]) {
  const res = await gql(sg.url, query, { r: ids.map((id) => ({ __typename: type, id })) });
  return ok(res)._entities;
}

const ordinary = (workerId: string) => ({
  workerId,
  kind: 'RESIDENT_TAX',
  fiscalYear: 2026,
  amount: 120_000,
  dueDate: '2026-06-30',
  collection: 'ORDINARY',
});

describe('tax subgraph', () => {
  describe('assessTax', () => {
    it('assesses ORDINARY and SPECIAL collection and lists them by fiscal year then due date', async () => {
      const workerId = await registerWorker();
      const employerId = await registerEmployer();
      const special = await gql(sg.url, ASSESS, {
        input: {
          ...ordinary(workerId),
          kind: 'INCOME_TAX',
          fiscalYear: 2027,
          dueDate: '2027-01-10',
          collection: 'SPECIAL',
          collectingEmployerId: employerId,
        },
      });
      expect(ok(special).assessTax).toMatchObject({
        kind: 'INCOME_TAX',
        collection: 'SPECIAL',
        collectingEmployer: { id: employerId },
        worker: { id: workerId },
      });
      const later = ok(
        await gql(sg.url, ASSESS, { input: { ...ordinary(workerId), dueDate: '2026-08-31' } }),
      );
      const first = ok(await gql(sg.url, ASSESS, { input: ordinary(workerId) }));
      expect(first.assessTax).toMatchObject({
        collection: 'ORDINARY',
        collectingEmployer: null,
        amount: 120_000,
      });
      const [worker] = await entities(WORKERS, 'Worker', [workerId]);
      expect(worker.taxAssessments.map((a: { id: string }) => a.id)).toEqual([
        first.assessTax.id,
        later.assessTax.id,
        special.data!.assessTax.id,
      ]);
    });

    it.each([
      [{ collection: 'SPECIAL' }, 'collectingEmployerId'],
      [{ collection: 'ORDINARY', collectingEmployerId: UNKNOWN }, 'collectingEmployerId'],
      [{ fiscalYear: 1800 }, 'fiscalYear'],
      [{ fiscalYear: 2300 }, 'fiscalYear'],
      [{ fiscalYear: 2026.5 }, 'fiscalYear'],
      [{ amount: -1 }, 'amount'],
      [{ amount: 100.5 }, 'amount'],
      [{ dueDate: '2026-02-30' }, 'dueDate'],
      [{ dueDate: '30/06/2026' }, 'dueDate'],
      [{ kind: 'PROPERTY_TAX' }, 'kind'],
      [{ workerId: '' }, 'workerId'],
    ])('refuses %j as BAD_USER_INPUT naming the field', async (patch, field) => {
      const workerId = await registerWorker();
      const res = await gql(sg.url, ASSESS, { input: { ...ordinary(workerId), ...patch } });
      expect(failure(res)).toEqual(['BAD_USER_INPUT', field]);
      expect(await count('tax_assessments')).toBe(0);
    });

    it('gives NOT_FOUND for a worker or collecting employer the other registries do not know', async () => {
      const workerId = await registerWorker();
      const cases: [Record<string, unknown>, string][] = [
        [{ workerId: UNKNOWN }, 'workerId'],
        [{ workerId: 'not-a-uuid' }, 'workerId'],
        [{ collection: 'SPECIAL', collectingEmployerId: UNKNOWN }, 'collectingEmployerId'],
        [{ collection: 'SPECIAL', collectingEmployerId: workerId }, 'collectingEmployerId'],
      ];
      for (const [patch, field] of cases) {
        const res = await gql(sg.url, ASSESS, { input: { ...ordinary(workerId), ...patch } });
        expect([patch, ...failure(res)]).toEqual([patch, 'NOT_FOUND', field]);
      }
      expect(await count('tax_assessments')).toBe(0);
    });

    it('is idempotent with a key and refuses the key with other input', async () => {
      const workerId = await registerWorker();
      const input = { ...ordinary(workerId), idempotencyKey: 'assess-1' };
      const first = ok(await gql(sg.url, ASSESS, { input }));
      const again = ok(await gql(sg.url, ASSESS, { input }));
      expect(again.assessTax.id).toBe(first.assessTax.id);
      const other = await gql(sg.url, ASSESS, { input: { ...input, amount: 1 } });
      expect(failure(other)).toEqual(['CONFLICT', 'idempotencyKey']);
      expect(await count('tax_assessments')).toBe(1);
    });
  });

  describe('recordTaxPayment', () => {
    it('sums payments into paid and outstanding amounts, never below zero', async () => {
      const workerId = await registerWorker();
      const assessmentId = ok(await gql(sg.url, ASSESS, { input: ordinary(workerId) })).assessTax
        .id;
      const pay = async (paidOn: string, amount: number) =>
        ok(await gql(sg.url, PAY, { input: { assessmentId, paidOn, amount } })).recordTaxPayment;
      const second = await pay('2026-07-31', 50_000);
      const first = await pay('2026-06-30', 30_000);
      expect(first).toMatchObject({
        paidOn: '2026-06-30',
        amount: 30_000,
        assessment: { id: assessmentId, paidAmount: 80_000, outstandingAmount: 40_000 },
      });
      const [worker] = await entities(WORKERS, 'Worker', [workerId]);
      expect(worker.taxAssessments[0]).toMatchObject({
        paidAmount: 80_000,
        outstandingAmount: 40_000,
      });
      expect(worker.taxAssessments[0].payments.map((p: { id: string }) => p.id)).toEqual([
        first.id,
        second.id,
      ]);
      const over = await pay('2026-08-31', 60_000);
      expect(over.assessment).toEqual({
        id: assessmentId,
        paidAmount: 140_000,
        outstandingAmount: 0,
      });
    });

    it('refuses bad input and unknown assessments, writing nothing', async () => {
      const workerId = await registerWorker();
      const assessmentId = ok(await gql(sg.url, ASSESS, { input: ordinary(workerId) })).assessTax
        .id;
      const valid = { assessmentId, paidOn: '2026-06-30', amount: 1_000 };
      const cases: [Record<string, unknown>, string, string][] = [
        [{ amount: 0 }, 'BAD_USER_INPUT', 'amount'],
        [{ amount: -5 }, 'BAD_USER_INPUT', 'amount'],
        [{ amount: 0.5 }, 'BAD_USER_INPUT', 'amount'],
        [{ paidOn: '2026-13-01' }, 'BAD_USER_INPUT', 'paidOn'],
        [{ assessmentId: '' }, 'BAD_USER_INPUT', 'assessmentId'],
        [{ assessmentId: UNKNOWN }, 'NOT_FOUND', 'assessmentId'],
        [{ assessmentId: 'nope' }, 'NOT_FOUND', 'assessmentId'],
      ];
      for (const [patch, code, field] of cases) {
        const res = await gql(sg.url, PAY, { input: { ...valid, ...patch } });
        expect([patch, ...failure(res)]).toEqual([patch, code, field]);
      }
      expect(await count('tax_payments')).toBe(0);
    });

    it('is idempotent with a key', async () => {
      const workerId = await registerWorker();
      const assessmentId = ok(await gql(sg.url, ASSESS, { input: ordinary(workerId) })).assessTax
        .id;
      const input = { assessmentId, paidOn: '2026-06-30', amount: 1_000, idempotencyKey: 'pay-1' };
      const first = ok(await gql(sg.url, PAY, { input }));
      const again = ok(await gql(sg.url, PAY, { input }));
      expect(again.recordTaxPayment.id).toBe(first.recordTaxPayment.id);
      expect(again.recordTaxPayment.assessment.paidAmount).toBe(1_000);
      const other = await gql(sg.url, PAY, { input: { ...input, amount: 2_000 } });
      expect(errorCode(other)).toBe('CONFLICT');
      expect(await count('tax_payments')).toBe(1);
    });
  });

  describe('fileWithholdingReport', () => {
    let workerId: string;
    let employerId: string;
    const report = () => ({
      workerId,
      employerId,
      year: 2026,
      grossPay: 3_600_000,
      taxWithheld: 84_000,
    });
    beforeEach(async () => {
      workerId = await registerWorker();
      employerId = await registerEmployer();
    });

    it('files one report per employer, worker and year, listed by year', async () => {
      const y2026 = ok(await gql(sg.url, REPORT, { input: report() })).fileWithholdingReport;
      expect(y2026).toMatchObject({
        year: 2026,
        grossPay: 3_600_000,
        taxWithheld: 84_000,
        worker: { id: workerId },
        employer: { id: employerId },
      });
      const y2025 = ok(
        await gql(sg.url, REPORT, { input: { ...report(), year: 2025 } }),
      ).fileWithholdingReport;
      const zero = ok(
        await gql(sg.url, REPORT, {
          input: { ...report(), year: 2024, grossPay: 0, taxWithheld: 0 },
        }),
      );
      const duplicate = await gql(sg.url, REPORT, {
        input: { ...report(), grossPay: 1, taxWithheld: 0 },
      });
      expect(errorCode(duplicate)).toBe('CONFLICT');
      const same = await gql(sg.url, REPORT, { input: report() });
      expect(errorCode(same)).toBe('CONFLICT');
      expect(await count('withholding_reports')).toBe(3);
      const [worker] = await entities(WORKERS, 'Worker', [workerId]);
      expect(worker.withholdingReports.map((r: { id: string }) => r.id)).toEqual([
        zero.fileWithholdingReport.id,
        y2025.id,
        y2026.id,
      ]);
    });

    it('lets exactly one of several concurrent filings win', async () => {
      const results = await Promise.all(
        Array.from({ length: 4 }, () => gql(sg.url, REPORT, { input: report() })),
      );
      expect(results.map(errorCode).sort()).toEqual([
        'CONFLICT',
        'CONFLICT',
        'CONFLICT',
        undefined,
      ]);
      expect(await count('withholding_reports')).toBe(1);
    });

    it('replays an idempotency key instead of reporting a duplicate', async () => {
      const input = { ...report(), idempotencyKey: 'wh-1' };
      const first = ok(await gql(sg.url, REPORT, { input }));
      const again = ok(await gql(sg.url, REPORT, { input }));
      expect(again.fileWithholdingReport.id).toBe(first.fileWithholdingReport.id);
      const other = await gql(sg.url, REPORT, { input: { ...input, year: 2025 } });
      expect(failure(other)).toEqual(['CONFLICT', 'idempotencyKey']);
      expect(await count('withholding_reports')).toBe(1);
    });

    it('refuses bad input, unknown workers and unknown employers, writing nothing', async () => {
      const cases: [Record<string, unknown>, string, string][] = [
        [{ grossPay: -1 }, 'BAD_USER_INPUT', 'grossPay'],
        [{ taxWithheld: -1 }, 'BAD_USER_INPUT', 'taxWithheld'],
        [{ grossPay: 1_000, taxWithheld: 1_001 }, 'BAD_USER_INPUT', 'taxWithheld'],
        [{ year: 1899 }, 'BAD_USER_INPUT', 'year'],
        [{ year: 2201 }, 'BAD_USER_INPUT', 'year'],
        [{ employerId: '' }, 'BAD_USER_INPUT', 'employerId'],
        [{ workerId: UNKNOWN }, 'NOT_FOUND', 'workerId'],
        [{ employerId: UNKNOWN }, 'NOT_FOUND', 'employerId'],
        [{ employerId: workerId }, 'NOT_FOUND', 'employerId'],
        [{ workerId: employerId }, 'NOT_FOUND', 'workerId'],
      ];
      for (const [patch, code, field] of cases) {
        const res = await gql(sg.url, REPORT, { input: { ...report(), ...patch } });
        expect([patch, ...failure(res)]).toEqual([patch, code, field]);
      }
      expect(await count('withholding_reports')).toBe(0);
    });
  });

  describe('employer tax arrears', () => {
    it('records and settles arrears; settling again on the same date returns them, on another is CONFLICT', async () => {
      const employerId = await registerEmployer();
      const recorded = ok(
        await gql(sg.url, ARREARS, { input: { employerId, since: '2026-05-01', amount: 250_000 } }),
      ).recordEmployerTaxArrears;
      expect(recorded).toMatchObject({
        since: '2026-05-01',
        amount: 250_000,
        settledOn: null,
        employer: { id: employerId },
      });
      const arrearsId = recorded.id;
      const early = await gql(sg.url, SETTLE, { input: { arrearsId, settledOn: '2026-04-30' } });
      expect(failure(early)).toEqual(['BAD_USER_INPUT', 'settledOn']);
      const settled = ok(
        await gql(sg.url, SETTLE, { input: { arrearsId, settledOn: '2026-05-01' } }),
      );
      expect(settled.settleEmployerTaxArrears).toEqual({
        id: arrearsId,
        since: '2026-05-01',
        amount: 250_000,
        settledOn: '2026-05-01',
      });
      const same = ok(await gql(sg.url, SETTLE, { input: { arrearsId, settledOn: '2026-05-01' } }));
      expect(same.settleEmployerTaxArrears.settledOn).toBe('2026-05-01');
      const other = await gql(sg.url, SETTLE, { input: { arrearsId, settledOn: '2026-06-01' } });
      expect(failure(other)).toEqual(['CONFLICT', 'arrearsId']);
      const [employer] = await entities(EMPLOYERS, 'Employer', [employerId]);
      expect(employer.taxArrears).toEqual([
        { id: arrearsId, since: '2026-05-01', amount: 250_000, settledOn: '2026-05-01' },
      ]);
    });

    it('refuses bad input and unknown employers or arrears, writing nothing', async () => {
      const employerId = await registerEmployer();
      const workerId = await registerWorker();
      const cases: [Record<string, unknown>, string, string][] = [
        [{ amount: -1 }, 'BAD_USER_INPUT', 'amount'],
        [{ amount: 1.5 }, 'BAD_USER_INPUT', 'amount'],
        [{ since: '2026-02-29' }, 'BAD_USER_INPUT', 'since'],
        [{ employerId: UNKNOWN }, 'NOT_FOUND', 'employerId'],
        [{ employerId: workerId }, 'NOT_FOUND', 'employerId'],
      ];
      for (const [patch, code, field] of cases) {
        const res = await gql(sg.url, ARREARS, {
          input: { employerId, since: '2026-05-01', amount: 1_000, ...patch },
        });
        expect([patch, ...failure(res)]).toEqual([patch, code, field]);
      }
      expect(await count('employer_tax_arrears')).toBe(0);
      const unknown = await gql(sg.url, SETTLE, {
        input: { arrearsId: UNKNOWN, settledOn: '2026-05-01' },
      });
      expect(failure(unknown)).toEqual(['NOT_FOUND', 'arrearsId']);
      const badDate = await gql(sg.url, SETTLE, {
        input: { arrearsId: UNKNOWN, settledOn: '2026-5-1' },
      });
      expect(failure(badDate)).toEqual(['BAD_USER_INPUT', 'settledOn']);
    });

    it('is idempotent with a key', async () => {
      const employerId = await registerEmployer();
      const input = { employerId, since: '2026-05-01', amount: 1_000, idempotencyKey: 'arr-1' };
      const first = ok(await gql(sg.url, ARREARS, { input }));
      const again = ok(await gql(sg.url, ARREARS, { input }));
      expect(again.recordEmployerTaxArrears.id).toBe(first.recordEmployerTaxArrears.id);
      const other = await gql(sg.url, ARREARS, { input: { ...input, amount: 2_000 } });
      expect(errorCode(other)).toBe('CONFLICT');
      expect(await count('employer_tax_arrears')).toBe(1);
    });
  });

  describe('entities', () => {
    it('resolves Worker and Employer references without a query, with empty lists for unknown ids', async () => {
      sg.db.statements.reset();
      const res = ok(
        await gql(
          sg.url,
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on Worker { id } ... on Employer { id } } }`,
          {
            r: [
              { __typename: 'Worker', id: UNKNOWN },
              { __typename: 'Employer', id: 'x' },
            ],
          },
        ),
      );
      expect(res._entities).toEqual([{ id: UNKNOWN }, { id: 'x' }]);
      expect(sg.db.statements.count).toBe(0);
      const [worker] = await entities(WORKERS, 'Worker', [UNKNOWN]);
      expect(worker).toEqual({ id: UNKNOWN, taxAssessments: [], withholdingReports: [] });
    });

    /** Rows written straight into the tax database: only reads are measured here. */
    async function seed(n: number): Promise<{ workers: string[]; employers: string[] }> {
      const workers = Array.from({ length: n }, () => randomUUID());
      const employers = Array.from({ length: n }, () => randomUUID());
      const q = (sql: string, params: unknown[]) => sg.db.dataSource.query(sql, params);
      await q(
        `INSERT INTO tax_assessments (worker_id, kind, fiscal_year, amount, due_date, collection, collecting_employer_id)
         SELECT w, 'RESIDENT_TAX', y, 100000, make_date(y, 6, 30), 'SPECIAL', e
         FROM unnest($1::uuid[], $2::uuid[]) AS t(w, e), generate_series(2025, 2026) AS y`,
        [workers, employers],
      );
      await q(
        `INSERT INTO tax_payments (assessment_id, paid_on, amount)
         SELECT id, due_date, 40000 FROM tax_assessments, generate_series(1, 2)`,
        [],
      );
      await q(
        `INSERT INTO withholding_reports (employer_id, worker_id, year, gross_pay, tax_withheld)
         SELECT e, w, 2025, 3000000, 60000 FROM unnest($1::uuid[], $2::uuid[]) AS t(w, e)`,
        [workers, employers],
      );
      await q(
        `INSERT INTO employer_tax_arrears (employer_id, since, amount)
         SELECT e, '2026-01-01', 5000 FROM unnest($1::uuid[]) AS t(e)`,
        [employers],
      );
      return { workers, employers };
    }

    it.each([3, 30])(
      'answers _entities for %i workers and employers in a fixed number of statements',
      async (n) => {
        const { workers, employers } = await seed(n);
        const query = `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Worker { id withholdingReports { id year employer { id } }
          taxAssessments { id paidAmount outstandingAmount collectingEmployer { id } payments { id amount } } }
        ... on Employer { id taxArrears { id amount } } } }`;
        const r = [
          ...workers.map((id) => ({ __typename: 'Worker', id })),
          ...employers.map((id) => ({ __typename: 'Employer', id })),
        ];
        sg.db.statements.reset();
        const res = ok(await gql(sg.url, query, { r }));
        expect(sg.db.statements.count).toBe(5); // + one access-log INSERT
        const list = res._entities;
        expect(list).toHaveLength(2 * n);
        for (const w of list.slice(0, n)) {
          expect(w.taxAssessments).toHaveLength(2);
          expect(w.withholdingReports).toHaveLength(1);
          for (const a of w.taxAssessments as { payments: unknown[] }[]) {
            expect(a).toMatchObject({ paidAmount: 80_000, outstandingAmount: 20_000 });
            expect(a.payments).toHaveLength(2);
          }
        }
        for (const e of list.slice(n))
          expect(e.taxArrears).toEqual([expect.objectContaining({ amount: 5_000 })]);
      },
    );
  });
});
