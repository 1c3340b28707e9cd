/**
 * What a person's record shows to whom: a worker's own record, purpose limitation (with the purpose
 * recorded) and redaction of consistency evidence from sources the caller may not read.
 */
import { subgraphAudience } from '../../subgraphs/kit/auth';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/kit/config';
import { buildWorld, role, roleHeaders, type World } from '../support/access';
import { testToken } from '../support/auth';
import { gql, type GraphQLResponse } from '../support/graphql';
import { mutate } from '../support/mutations';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let world: World;
beforeAll(async () => {
  stack = await startStack();
  world = await buildWorld(stack);
}, 120_000);
afterAll(() => stack.stop());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const codes = (res: GraphQLResponse<unknown>) => (res.errors ?? []).map((e) => e.extensions?.code);
const entities = (field: string) =>
  `query($r: [_Any!]!) { _entities(representations: $r) { ... on Worker { id ${field} } } }`;

describe('a worker', () => {
  const asWorker = (who: 'WORKER (self)' | 'WORKER (other)') => roleHeaders(role(who), world);

  it('reads their own record across the registries, with findings', async () => {
    const res = await stack.query(
      `query($w: ID!) { worker(id: $w) { id fullName residencePermits { status } employments { startDate }
         insuranceEnrollments { scheme } contributionArrears { amount } taxAssessments { amount } consistency(asOf: "2026-09-01") { status } } }`,
      { w: world.worker },
      await asWorker('WORKER (self)'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.worker).toMatchObject({
      id: world.worker,
      fullName: 'Nguyen Thi Lan',
      taxAssessments: [{ amount: 30000 }],
    });
    expect(res.data!.worker.consistency.status).toEqual(expect.any(String));
  });

  it("gets nothing of another worker's record, directly or through the employer", async () => {
    const me = await asWorker('WORKER (self)');
    for (const fields of [
      'id',
      'fullName',
      'employments { id }',
      'taxAssessments { amount }',
      'consistency { status }',
    ]) {
      const res = await stack.query(
        `query($w: ID!) { worker(id: $w) { ${fields} } }`,
        { w: world.other },
        me,
      );
      expect({ fields, codes: codes(res), worker: res.data?.worker ?? null }).toEqual({
        fields,
        codes: ['FORBIDDEN'],
        worker: null,
      });
    }
    const list = await stack.query(
      '{ workers(first: 5) { edges { node { id fullName } } } }',
      {},
      me,
    );
    expect(codes(list)).toEqual(['FORBIDDEN']);
    expect(list.data?.workers ?? null).toBeNull();
    const via = await stack.query(
      'query($e: ID!) { employer(id: $e) { name employments { worker { id fullName } } } }',
      { e: world.employer },
      me,
    );
    expect(codes(via)).toContain('FORBIDDEN');
    expect(JSON.stringify(via.data ?? null)).not.toContain('Jose Reyes');
    expect(JSON.stringify(via.data ?? null)).not.toContain(world.other);
  });
});

describe('purpose', () => {
  const PERSONAL: Record<SubgraphName, string> = {
    residence: 'fullName',
    employment: 'employments { startDate }',
    insurance: 'insuranceEnrollments { scheme }',
    tax: 'taxAssessments { amount }',
    municipality: 'addressRegistrations { movedInOn }',
  };
  const noPurpose = () => roleHeaders(role('ANALYST'), world, '');

  it.each(SUBGRAPH_NAMES.map((n) => [n] as const))(
    'is required to read %s data: FORBIDDEN without one',
    async (name) => {
      const res = await stack.query(
        `query($w: ID!) { worker(id: $w) { id ${PERSONAL[name]} } }`,
        { w: world.worker },
        await noPurpose(),
      );
      expect(codes(res)).toContain('FORBIDDEN');
      expect(res.errors!.find((e) => e.extensions?.code === 'FORBIDDEN')!.extensions!.reason).toBe(
        'PURPOSE_REQUIRED',
      );
      const field = PERSONAL[name].split(' ')[0];
      expect(res.data?.worker?.[field] ?? null).toBeNull();
      expect(JSON.stringify(res.data ?? null)).not.toMatch(
        /Nguyen|30000|NATIONAL_HEALTH|2025-05-01/,
      );
    },
  );

  it('is taken from X-Purpose and recorded by every registry read', async () => {
    const purpose = `renewal review ${Date.now()}`;
    const res = await stack.query(
      `query PurposeCheck($w: ID!) { worker(id: $w) { ${Object.values(PERSONAL).join(' ')} } }`,
      { w: world.worker },
      { ...(await noPurpose()), 'x-purpose': purpose },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.worker.fullName).toBe('Nguyen Thi Lan');
    for (const name of SUBGRAPH_NAMES) {
      const rows = await stack.subgraphs[name].db.dataSource.query(
        'SELECT agency, operation, source, worker_id FROM access_log WHERE purpose = $1',
        [purpose],
      );
      expect(rows).toEqual([
        {
          agency: 'ANALYST',
          operation: 'PurposeCheck',
          source: name.toUpperCase(),
          worker_id: world.worker,
        },
      ]);
    }
  });

  it('is taken from X-Purpose on a direct subgraph call too', async () => {
    const token = await testToken(subgraphAudience('tax'), {
      agency: 'TAX',
      scope: 'tax:read',
      purpose: '',
    });
    const q = entities('taxAssessments { amount }');
    const reps = { r: [{ __typename: 'Worker', id: world.worker }] };
    expect(codes(await gql(stack.subgraphs.tax.url, q, reps, bearer(token)))).toEqual([
      'FORBIDDEN',
    ]);
    const ok = await gql(stack.subgraphs.tax.url, q, reps, {
      ...bearer(token),
      'x-purpose': 'collection',
    });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!._entities[0].taxAssessments).toEqual([{ amount: 30000 }]);
  });
});

describe('redaction in consistency', () => {
  const REPORT = `query($w: ID!) { worker(id: $w) { consistency(asOf: "2026-09-01") { status missingSources nextReviewOn
    findings { ruleId severity title explanation recommendedAction dueBy responsibleParty evidence { source entity field value redacted } } } } }`;
  const WORKFORCE = `query($e: ID!) { employer(id: $e) { workforceConsistency(asOf: "2026-09-01") {
    activeEmployees findingsByRule { ruleId count } findings { ruleId explanation dueBy evidence { source value redacted } } } } }`;
  type Finding = {
    ruleId: string;
    explanation: string;
    recommendedAction: string;
    dueBy: string | null;
    evidence: { source: string; value: string | null; redacted: boolean }[];
  };

  it('shows a labour inspector every finding and status, with tax and residence values withheld', async () => {
    const e = await mutate(stack, 'registerEmployer', 'RegisterEmployerInput', {
      name: 'Redact Systems',
      legalForm: 'CORPORATION',
      employeeCount: 80,
      insuredHeadcount: 80,
    });
    const w = await mutate(stack, 'registerWorker', 'RegisterWorkerInput', {
      fullName: 'Ravi Sharma',
      nationality: 'IN',
      dateOfBirth: '1990-10-10',
    });
    await mutate(stack, 'grantResidencePermit', 'GrantResidencePermitInput', {
      workerId: w.id,
      status: 'ENGINEER_SPECIALIST_INTL_SERVICES',
      grantedOn: '2023-04-17',
      expiresOn: '2026-04-17',
    });
    await mutate(stack, 'startEmployment', 'StartEmploymentInput', {
      workerId: w.id,
      employerId: e.id,
      startDate: '2025-04-15',
      jobField: 'ENGINEERING',
      weeklyHours: 40,
      monthlyWage: 280000,
    });
    await mutate(stack, 'assessTax', 'AssessTaxInput', {
      workerId: w.id,
      kind: 'RESIDENT_TAX',
      fiscalYear: 2025,
      amount: 87654,
      dueDate: '2026-06-30',
      collection: 'ORDINARY',
    });

    const analyst = await stack.query(
      REPORT,
      { w: w.id },
      await roleHeaders(role('ANALYST'), world),
    );
    const inspector = await stack.query(
      REPORT,
      { w: w.id },
      await roleHeaders(role('LABOR_INSPECTION'), world),
    );
    expect(analyst.errors).toBeUndefined();
    expect(inspector.errors).toBeUndefined();
    const full = analyst.data!.worker.consistency;
    const seen = inspector.data!.worker.consistency;
    const ids = (r: { findings: Finding[] }) => r.findings.map((f) => f.ruleId);
    expect(ids(full)).toEqual(expect.arrayContaining(['RESIDENCE_EXPIRED', 'TAX_ARREARS']));
    expect(ids(seen)).toEqual(ids(full));
    expect(seen.status).toBe(full.status);
    // The 2026 withholding report falls due; the date rests on facts the inspector may not read.
    expect(full.nextReviewOn).toBe('2027-02-01');
    expect(seen.nextReviewOn).toBeNull();
    expect(
      full.findings
        .flatMap((f: Finding) => f.evidence)
        .every((v: Finding['evidence'][0]) => !v.redacted),
    ).toBe(true);

    // What the withheld sources say, as the analyst sees it: none of it may reach the inspector.
    const secrets = new Set<string>([
      '87654',
      '87,654',
      '2026-04-17',
      '2023-04-17',
      '2026-06-30',
      '2026-06-17',
    ]);
    for (const f of full.findings as Finding[]) {
      for (const ev of f.evidence)
        if (ev.source !== 'EMPLOYMENT' && ev.value && ev.value.length >= 4) secrets.add(ev.value);
    }
    expect(full.findings.find((f: Finding) => f.ruleId === 'TAX_ARREARS').explanation).toMatch(
      /87,?654/,
    );
    seen.findings.forEach((f: Finding, i: number) => {
      const original: Finding = full.findings[i];
      for (const [j, ev] of f.evidence.entries()) {
        if (ev.source === 'EMPLOYMENT') expect(ev).toEqual(original.evidence[j]);
        else expect(ev).toEqual({ ...original.evidence[j], value: null, redacted: true });
      }
      const text = `${f.explanation} ${f.recommendedAction} ${f.dueBy ?? ''}`;
      for (const s of secrets)
        expect({ rule: f.ruleId, leaks: text.includes(s) ? s : null }).toEqual({
          rule: f.ruleId,
          leaks: null,
        });
    });

    const wf = await stack.query(
      WORKFORCE,
      { e: e.id },
      await roleHeaders(role('LABOR_INSPECTION'), world),
    );
    expect(wf.errors).toBeUndefined();
    const text = JSON.stringify(wf.data);
    for (const s of secrets)
      expect({ leaks: text.includes(s) ? s : null }).toEqual({ leaks: null });
    expect(wf.data!.employer.workforceConsistency.findingsByRule).toEqual(
      expect.arrayContaining([{ ruleId: 'TAX_ARREARS', count: 1 }]),
    );
  });
});
