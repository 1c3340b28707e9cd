import { errorCode } from '../support/graphql';
import { mutate } from '../support/mutations';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => stack.reset());

const WORKER_360 = `query Worker360($id: ID!) {
  worker(id: $id) {
    id fullName nationality dateOfBirth
    residence(asOf: "2026-06-01") { status validity expiresOn workCategory }
    residencePermits { status designatedFields designatedEmployer { id name } }
    applications { kind filedOn outcome }
    workPermissions { maxWeeklyHours }
    employments { jobField weeklyHours monthlyWage supportPlan { provider organizationName } employer { id name legalForm } }
    active: employments(activeOn: "2026-06-01") { id }
    employmentNotifications { kind filedOn reportedStatus reportedExpiresOn }
    insuranceEnrollments { scheme startDate employer { name } }
    contributionArrears { scheme amount since settledOn }
    taxAssessments { kind fiscalYear amount collection collectingEmployer { name } paidAmount outstandingAmount payments { amount paidOn } }
    withholdingReports { year grossPay taxWithheld employer { name } }
    addressRegistrations { municipalityCode movedInOn notifiedOn movedOutOn }
  }
}`;

describe('the composed graph over real HTTP', () => {
  it('creates a worker through all four registries and reads it back in one query', async () => {
    const employer = await mutate(stack, 'registerEmployer', 'RegisterEmployerInput', {
      name: 'Sakura Care Co., Ltd.',
      legalForm: 'CORPORATION',
      employeeCount: 120,
      insuredHeadcount: 110,
      corporateNumber: '1234567890123',
    });
    const worker = await mutate(stack, 'registerWorker', 'RegisterWorkerInput', {
      fullName: 'Nguyen Thi Lan',
      nationality: 'VN',
      dateOfBirth: '1998-07-15',
    });
    const w = { workerId: worker.id };
    await mutate(stack, 'grantResidencePermit', 'GrantResidencePermitInput', {
      ...w,
      status: 'SPECIFIED_SKILLED_WORKER_I',
      grantedOn: '2025-10-01',
      expiresOn: '2026-10-01',
      designatedFields: ['NURSING_CARE'],
    });
    await mutate(stack, 'fileResidenceApplication', 'FileResidenceApplicationInput', {
      ...w,
      kind: 'RENEWAL',
      filedOn: '2026-08-01',
    });
    const employment = await mutate(stack, 'startEmployment', 'StartEmploymentInput', {
      ...w,
      employerId: employer.id,
      startDate: '2025-10-05',
      jobField: 'NURSING_CARE',
      weeklyHours: 40,
      monthlyWage: 230000,
      supportPlan: {
        provider: 'REGISTERED_SUPPORT_ORGANIZATION',
        organizationName: 'Kizuna Support',
      },
    });
    await mutate(stack, 'fileEmploymentNotification', 'FileEmploymentNotificationInput', {
      employmentId: employment.id,
      kind: 'HIRE',
      filedOn: '2025-10-20',
      reportedStatus: 'SPECIFIED_SKILLED_WORKER_I',
      reportedExpiresOn: '2026-10-01',
    });
    for (const scheme of ['EMPLOYEES_HEALTH', 'EMPLOYEES_PENSION', 'EMPLOYMENT_INSURANCE']) {
      await mutate(stack, 'enrollInsurance', 'EnrollInsuranceInput', {
        ...w,
        scheme,
        employerId: employer.id,
        startDate: '2025-10-05',
      });
    }
    await mutate(stack, 'recordContributionArrears', 'RecordContributionArrearsInput', {
      employerId: employer.id,
      scheme: 'EMPLOYEES_PENSION',
      since: '2026-03-01',
      amount: 450000,
    });
    const assessment = await mutate(stack, 'assessTax', 'AssessTaxInput', {
      ...w,
      kind: 'RESIDENT_TAX',
      fiscalYear: 2026,
      amount: 96000,
      dueDate: '2026-06-30',
      collection: 'SPECIAL',
      collectingEmployerId: employer.id,
    });
    await mutate(stack, 'recordTaxPayment', 'RecordTaxPaymentInput', {
      assessmentId: assessment.id,
      paidOn: '2026-06-30',
      amount: 8000,
    });
    await mutate(stack, 'fileWithholdingReport', 'FileWithholdingReportInput', {
      ...w,
      employerId: employer.id,
      year: 2025,
      grossPay: 690000,
      taxWithheld: 12000,
    });
    await mutate(stack, 'notifyAddress', 'NotifyAddressInput', {
      ...w,
      municipalityCode: '221309',
      movedInOn: '2025-10-03',
      notifiedOn: '2025-10-09',
    });
    await mutate(stack, 'recordEmployerTaxArrears', 'RecordEmployerTaxArrearsInput', {
      employerId: employer.id,
      since: '2026-07-11',
      amount: 80000,
    });

    stack.resetCounters();
    const res = await stack.query(WORKER_360, { id: worker.id });
    expect(res.errors).toBeUndefined();
    const got = res.data!.worker;
    expect(got).toMatchObject({
      id: worker.id,
      fullName: 'Nguyen Thi Lan',
      residence: {
        status: 'SPECIFIED_SKILLED_WORKER_I',
        validity: 'REGULAR',
        expiresOn: '2026-10-01',
        workCategory: 'DESIGNATED',
      },
      residencePermits: [{ designatedFields: ['NURSING_CARE'], designatedEmployer: null }],
      applications: [{ kind: 'RENEWAL', filedOn: '2026-08-01', outcome: null }],
      employments: [
        {
          jobField: 'NURSING_CARE',
          weeklyHours: 40,
          monthlyWage: 230000,
          supportPlan: {
            provider: 'REGISTERED_SUPPORT_ORGANIZATION',
            organizationName: 'Kizuna Support',
          },
          employer: { id: employer.id, name: 'Sakura Care Co., Ltd.', legalForm: 'CORPORATION' },
        },
      ],
      active: [{ id: employment.id }],
      employmentNotifications: [
        {
          kind: 'HIRE',
          reportedStatus: 'SPECIFIED_SKILLED_WORKER_I',
          reportedExpiresOn: '2026-10-01',
        },
      ],
      contributionArrears: [],
      taxAssessments: [
        {
          collection: 'SPECIAL',
          collectingEmployer: { name: 'Sakura Care Co., Ltd.' },
          paidAmount: 8000,
          outstandingAmount: 88000,
          payments: [{ amount: 8000, paidOn: '2026-06-30' }],
        },
      ],
      withholdingReports: [
        { year: 2025, grossPay: 690000, employer: { name: 'Sakura Care Co., Ltd.' } },
      ],
      addressRegistrations: [
        {
          municipalityCode: '221309',
          movedInOn: '2025-10-03',
          notifiedOn: '2025-10-09',
          movedOutOn: null,
        },
      ],
    });
    expect(got.insuranceEnrollments.map((e: { scheme: string }) => e.scheme).sort()).toEqual([
      'EMPLOYEES_HEALTH',
      'EMPLOYEES_PENSION',
      'EMPLOYMENT_INSURANCE',
    ]);
    // Every subgraph was asked, each at most a couple of times (entity fetches are batched).
    const bySubgraph = new Map<string, number>();
    for (const f of stack.fetches)
      bySubgraph.set(f.subgraph, (bySubgraph.get(f.subgraph) ?? 0) + 1);
    expect([...bySubgraph.keys()].sort()).toEqual([
      'employment',
      'insurance',
      'municipality',
      'residence',
      'tax',
    ]);

    const view = await stack.query(
      `query($id: ID!) { employer(id: $id) { name contributionArrears { amount } taxArrears { amount } employments { worker { fullName residence(asOf: "2026-06-01") { status } } } } }`,
      { id: employer.id },
    );
    expect(view.data!.employer).toEqual({
      name: 'Sakura Care Co., Ltd.',
      contributionArrears: [{ amount: 450000 }],
      taxArrears: [{ amount: 80000 }],
      employments: [
        {
          worker: {
            fullName: 'Nguyen Thi Lan',
            residence: { status: 'SPECIFIED_SKILLED_WORKER_I' },
          },
        },
      ],
    });
  });

  it('checks references across registries through the federation', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const employer = await mutate(stack, 'registerEmployer', 'RegisterEmployerInput', {
      name: 'Umi Foods',
      legalForm: 'SOLE_PROPRIETOR',
      employeeCount: 3,
      insuredHeadcount: 0,
    });
    const start = await stack.query(
      `mutation($i: StartEmploymentInput!) { startEmployment(input: $i) { id } }`,
      {
        i: {
          workerId: unknown,
          employerId: employer.id,
          startDate: '2026-01-01',
          jobField: 'FOOD_SERVICE',
          weeklyHours: 20,
          monthlyWage: 100000,
        },
      },
    );
    expect(errorCode(start)).toBe('NOT_FOUND');
    expect(start.errors![0].extensions!.field).toBe('workerId');

    const arrears = await stack.query(
      `mutation($i: RecordContributionArrearsInput!) { recordContributionArrears(input: $i) { id } }`,
      { i: { employerId: unknown, scheme: 'EMPLOYEES_HEALTH', since: '2026-01-01', amount: 1000 } },
    );
    expect(errorCode(arrears)).toBe('NOT_FOUND');
    expect(arrears.errors![0].extensions!.field).toBe('employerId');

    const permit = await stack.query(
      `mutation($i: GrantResidencePermitInput!) { grantResidencePermit(input: $i) { id } }`,
      {
        i: {
          workerId: unknown,
          status: 'TECHNICAL_INTERN_TRAINING',
          grantedOn: '2026-01-01',
          expiresOn: '2027-01-01',
          designatedEmployerId: unknown,
        },
      },
    );
    expect(errorCode(permit)).toBe('NOT_FOUND');
    expect(permit.errors![0].extensions!.field).toBe('designatedEmployerId');

    const counts = await Promise.all(
      [
        [stack.subgraphs.employment, 'employments'],
        [stack.subgraphs.insurance, 'contribution_arrears'],
        [stack.subgraphs.residence, 'residence_permits'],
      ].map(async ([sg, table]) => {
        const rows = await (sg as Stack['subgraphs']['residence']).db.dataSource.query(
          `SELECT count(*)::int AS n FROM ${table as string}`,
        );
        return rows[0].n as number;
      }),
    );
    expect(counts).toEqual([0, 0, 0]);
  });

  it('reports bad input with BAD_USER_INPUT naming the field, through the gateway', async () => {
    const res = await stack.query(
      `mutation($i: RegisterWorkerInput!) { registerWorker(input: $i) { id } }`,
      { i: { fullName: 'A', nationality: 'VN', dateOfBirth: '2001-02-29' } },
    );
    expect(res.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'dateOfBirth',
    });
    expect(res.errors![0].extensions!.stacktrace).toBeUndefined();
  });
});
