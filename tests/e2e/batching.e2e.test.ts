import { GRAPH_NAMES, SUBGRAPH_NAMES } from '../../subgraphs/kit/config';
import { mutateMany } from '../support/mutations';
import { startStack, type Stack } from '../support/stack';

/**
 * Proves there is no N+1: the fetches per subgraph and the SQL statements per subgraph of a page of
 * workers do not grow from 10 to 500 workers.
 */
let stack: Stack;
const N = 500;

const PAGE = `query Page($first: Int!) {
  workers(first: $first) {
    totalCount
    edges { node {
      id fullName
      residence(asOf: "2026-06-01") { status validity }
      residencePermits { status }
      applications { kind }
      workPermissions { maxWeeklyHours }
      employments { weeklyHours employer { name contributionArrears { amount } taxArrears { amount } } }
      employmentNotifications { kind }
      insuranceEnrollments(activeOn: "2026-06-01") { scheme employer { name } }
      contributionArrears { amount }
      taxAssessments { amount payments { amount } outstandingAmount }
      withholdingReports { year }
    } }
  }
}`;

beforeAll(async () => {
  stack = await startStack();
  const employers = await mutateMany(
    stack,
    'registerEmployer',
    'RegisterEmployerInput',
    Array.from({ length: 5 }, (_, i) => ({
      name: `Employer ${i}`,
      legalForm: 'CORPORATION',
      employeeCount: 100,
      insuredHeadcount: 90,
    })),
  );
  const workers = await mutateMany(
    stack,
    'registerWorker',
    'RegisterWorkerInput',
    Array.from({ length: N }, (_, i) => ({
      fullName: `Worker ${i}`,
      nationality: 'PH',
      dateOfBirth: '1995-01-01',
    })),
    'id',
    100,
  );
  const employerOf = (i: number) => employers[i % employers.length].id;
  await mutateMany(
    stack,
    'grantResidencePermit',
    'GrantResidencePermitInput',
    workers.map((w) => ({
      workerId: w.id,
      status: 'ENGINEER_SPECIALIST_INTL_SERVICES',
      grantedOn: '2025-04-01',
      expiresOn: '2028-04-01',
    })),
    'id',
    100,
  );
  const employments = await mutateMany(
    stack,
    'startEmployment',
    'StartEmploymentInput',
    workers.map((w, i) => ({
      workerId: w.id,
      employerId: employerOf(i),
      startDate: '2025-04-01',
      jobField: 'ENGINEERING',
      weeklyHours: 40,
      monthlyWage: 300000,
    })),
    'id',
    100,
  );
  await mutateMany(
    stack,
    'fileEmploymentNotification',
    'FileEmploymentNotificationInput',
    employments.map((e) => ({ employmentId: e.id, kind: 'HIRE', filedOn: '2025-04-10' })),
    'id',
    100,
  );
  await mutateMany(
    stack,
    'enrollInsurance',
    'EnrollInsuranceInput',
    workers.map((w, i) => ({
      workerId: w.id,
      scheme: 'EMPLOYEES_HEALTH',
      employerId: employerOf(i),
      startDate: '2025-04-01',
    })),
    'id',
    100,
  );
  await mutateMany(
    stack,
    'assessTax',
    'AssessTaxInput',
    workers.map((w, i) => ({
      workerId: w.id,
      kind: 'RESIDENT_TAX',
      fiscalYear: 2026,
      amount: 120000,
      dueDate: '2026-06-30',
      collection: 'SPECIAL',
      collectingEmployerId: employerOf(i),
    })),
    'id',
    100,
  );
  await mutateMany(stack, 'recordContributionArrears', 'RecordContributionArrearsInput', [
    { employerId: employers[0].id, scheme: 'EMPLOYEES_HEALTH', since: '2026-01-01', amount: 10000 },
  ]);
}, 300_000);
afterAll(() => stack.stop());

const WITH_CONSISTENCY = `query PageWithConsistency($first: Int!) {
  workers(first: $first) {
    edges { node { id consistency(asOf: "2026-06-01") { status findings { ruleId employer { name } } } } }
  }
}`;

async function measure(first: number, query = PAGE) {
  stack.resetCounters();
  const res = await stack.query(query, { first });
  expect(res.errors).toBeUndefined();
  expect(res.data!.workers.edges).toHaveLength(first);
  const fetches = Object.fromEntries(
    GRAPH_NAMES.map((n) => [n, stack.fetches.filter((f) => f.subgraph === n).length]),
  );
  return { fetches, statements: stack.statements(), data: res.data! };
}

describe('batching', () => {
  it('sends the same number of fetches and SQL statements for 10 and for 500 workers', async () => {
    const small = await measure(10);
    const large = await measure(N);
    expect(large.fetches).toEqual(small.fetches);
    expect(large.statements).toEqual(small.statements);
    // One fetch per subgraph per plan step: the page, then the entity fetches.
    for (const n of SUBGRAPH_NAMES) expect(small.fetches[n]).toBeLessThanOrEqual(2);
    for (const f of stack.fetches.filter((x) => x.subgraph !== 'residence')) {
      expect(f.query).toContain('_entities');
    }
    const first = large.data.workers.edges[0].node;
    expect(first.employments[0].employer.name).toMatch(/^Employer \d$/);
    expect(first.insuranceEnrollments).toHaveLength(1);
    // Printed for the closing note and docs/BENCHMARKS.md.
    process.stdout.write(
      `batching: fetches ${JSON.stringify(large.fetches)} statements ${JSON.stringify(large.statements)}\n`,
    );
  });

  it('computes consistency for a page with a fixed number of fetches per subgraph', async () => {
    const small = await measure(10, WITH_CONSISTENCY);
    const hundred = await measure(100, WITH_CONSISTENCY);
    const large = await measure(N, WITH_CONSISTENCY);
    expect(hundred.fetches).toEqual(small.fetches);
    expect(large.fetches).toEqual(small.fetches);
    expect(large.statements).toEqual(small.statements);
    expect(small.fetches.consistency).toBe(1);
    const statuses = new Set(
      large.data.workers.edges.map(
        (e: { node: { consistency: { status: string } } }) => e.node.consistency.status,
      ),
    );
    expect(statuses.size).toBeGreaterThan(0);
    process.stdout.write(
      `batching with consistency (100 workers): fetches ${JSON.stringify(hundred.fetches)} statements ${JSON.stringify(hundred.statements)}\n`,
    );
  });
});
