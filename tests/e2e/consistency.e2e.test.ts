import { mutate } from '../support/mutations';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => stack.reset());

const REPORT = `query Report($id: ID!, $asOf: Date) {
  worker(id: $id) {
    consistency(asOf: $asOf) {
      asOf status missingSources unevaluatedRules nextReviewOn
      findings {
        ruleId severity title explanation responsibleParty affectedParty legalBasis recommendedAction dueBy
        worker { id fullName }
        employer { id name }
        evidence { source entity id field value }
      }
    }
  }
}`;

type Finding = {
  ruleId: string;
  severity: string;
  explanation: string;
  responsibleParty: string;
  affectedParty: string;
  dueBy: string | null;
  employer: { id: string; name: string } | null;
  evidence: { source: string; entity: string; field: string; value: string | null }[];
};

async function report(id: string, asOf: string) {
  const res = await stack.query(REPORT, { id, asOf });
  expect(res.errors).toBeUndefined();
  return res.data!.worker.consistency as {
    status: string;
    missingSources: string[];
    unevaluatedRules: string[];
    nextReviewOn: string | null;
    findings: Finding[];
  };
}

const employer = (name: string, extra: Record<string, unknown> = {}) =>
  mutate(stack, 'registerEmployer', 'RegisterEmployerInput', {
    name,
    legalForm: 'CORPORATION',
    employeeCount: 60,
    insuredHeadcount: 55,
    ...extra,
  });
const worker = (fullName: string, dateOfBirth = '1999-01-01') =>
  mutate(stack, 'registerWorker', 'RegisterWorkerInput', {
    fullName,
    nationality: 'VN',
    dateOfBirth,
  });
/** Workers whose address is registered (on their first permit's grant: they arrive and notify). */
const addressed = new Set<string>();
const permit = async (input: Record<string, unknown>) => {
  const granted = await mutate(stack, 'grantResidencePermit', 'GrantResidencePermitInput', input);
  const workerId = String(input.workerId);
  if (!addressed.has(workerId)) {
    addressed.add(workerId);
    await mutate(stack, 'notifyAddress', 'NotifyAddressInput', {
      workerId,
      municipalityCode: '131041',
      movedInOn: input.grantedOn,
      notifiedOn: input.grantedOn,
    });
  }
  return granted;
};
const hire = (input: Record<string, unknown>) =>
  mutate(stack, 'startEmployment', 'StartEmploymentInput', {
    jobField: 'OTHER',
    monthlyWage: 90000,
    ...input,
  });
const notify = (employmentId: string, filedOn: string) =>
  mutate(stack, 'fileEmploymentNotification', 'FileEmploymentNotificationInput', {
    employmentId,
    kind: 'HIRE',
    filedOn,
  });
const enroll = (input: Record<string, unknown>) =>
  mutate(stack, 'enrollInsurance', 'EnrollInsuranceInput', input);

describe('Worker.consistency through the gateway', () => {
  it('finds a student working 29 hours across two employers, at exactly 28 it does not', async () => {
    const [lawson, sukiya] = [
      await employer('Lawson Shinjuku'),
      await employer('Sukiya Ikebukuro'),
    ];
    const w = await worker('Tran Van Minh', '2003-05-05');
    await permit({
      workerId: w.id,
      status: 'STUDENT',
      grantedOn: '2026-04-01',
      expiresOn: '2028-04-01',
      enrolledUntil: '2028-03-31',
    });
    await mutate(stack, 'grantWorkPermission', 'GrantWorkPermissionInput', {
      workerId: w.id,
      grantedOn: '2026-04-01',
    });
    await enroll({ workerId: w.id, scheme: 'NATIONAL_HEALTH', startDate: '2026-04-01' });
    const a = await hire({
      workerId: w.id,
      employerId: lawson.id,
      startDate: '2026-05-01',
      weeklyHours: 15,
    });
    await notify(a.id, '2026-05-10');
    const b = await hire({
      workerId: w.id,
      employerId: sukiya.id,
      startDate: '2026-06-01',
      endDate: '2026-06-30',
      weeklyHours: 13,
    });
    await notify(b.id, '2026-06-05');
    const c = await hire({
      workerId: w.id,
      employerId: sukiya.id,
      startDate: '2026-07-01',
      weeklyHours: 14,
    });
    await notify(c.id, '2026-07-05');

    const june = await report(w.id, '2026-06-15'); // 15 + 13 = 28: allowed
    expect(june.findings.map((f) => f.ruleId)).toEqual([]);
    expect(june.status).toBe('CONSISTENT');
    // The third employment starts on 2026-07-01: the first day the report changes.
    expect(june.nextReviewOn).toBe('2026-07-01');

    const sept = await report(w.id, '2026-09-01'); // 15 + 14 = 29
    const hours = sept.findings.find((f) => f.ruleId === 'WORK_HOURS_EXCEEDED')!;
    expect(sept.status).toBe('VIOLATION');
    expect(hours).toMatchObject({
      severity: 'VIOLATION',
      responsibleParty: 'WORKER',
      affectedParty: 'WORKER',
    });
    expect(hours.explanation).toContain(
      'total 29, above the 28-hour limit of the permission granted on 2026-04-01',
    );
    expect(
      hours.evidence
        .filter((e) => e.field === 'weeklyHours')
        .map((e) => e.value)
        .sort(),
    ).toEqual(['14', '15']);
  });

  it('routes tax arrears to the employer under special collection and to the worker otherwise', async () => {
    const e = await employer('Kaigo Hikari');
    const w = await worker('Maria Santos');
    await permit({ workerId: w.id, status: 'PERMANENT_RESIDENT', grantedOn: '2020-01-01' });
    await enroll({ workerId: w.id, scheme: 'NATIONAL_HEALTH', startDate: '2020-01-01' });
    await mutate(stack, 'assessTax', 'AssessTaxInput', {
      workerId: w.id,
      kind: 'RESIDENT_TAX',
      fiscalYear: 2026,
      amount: 60000,
      dueDate: '2026-06-30',
      collection: 'SPECIAL',
      collectingEmployerId: e.id,
    });
    await mutate(stack, 'assessTax', 'AssessTaxInput', {
      workerId: w.id,
      kind: 'INCOME_TAX',
      fiscalYear: 2025,
      amount: 30000,
      dueDate: '2026-03-15',
      collection: 'ORDINARY',
    });
    const r = await report(w.id, '2026-07-01');
    const arrears = r.findings.filter((f) => f.ruleId === 'TAX_ARREARS');
    expect(arrears.map((f) => [f.responsibleParty, f.employer?.name ?? null])).toEqual(
      expect.arrayContaining([
        ['EMPLOYER', 'Kaigo Hikari'],
        ['WORKER', null],
      ]),
    );
    expect(r.status).toBe('AT_RISK');
    // From 2027-04-01 a permanent resident in arrears is flagged for human review (INFO only).
    const later = await report(w.id, '2027-04-01');
    const review = later.findings.find((f) => f.ruleId === 'PERMANENT_RESIDENCE_REVIEW')!;
    expect(review.severity).toBe('INFO');
    expect(review.explanation).toMatch(/only a human review may act/);
    expect((await report(w.id, '2027-03-31')).findings.map((f) => f.ruleId)).not.toContain(
      'PERMANENT_RESIDENCE_REVIEW',
    );
  });

  it('shows an employer the findings it must act on across its workforce', async () => {
    const e = await employer('Tokyo Build Co.', { employeeCount: 12, insuredHeadcount: 10 });
    await mutate(stack, 'recordEmployerTaxArrears', 'RecordEmployerTaxArrearsInput', {
      employerId: e.id,
      since: '2026-02-01',
      amount: 500000,
    });
    const ok = await worker('Rina Gurung');
    await permit({
      workerId: ok.id,
      status: 'SPECIFIED_SKILLED_WORKER_II',
      grantedOn: '2026-01-01',
      expiresOn: '2029-01-01',
      designatedFields: ['CONSTRUCTION'],
    });
    const ssw = await worker('Budi Santoso');
    await permit({
      workerId: ssw.id,
      status: 'SPECIFIED_SKILLED_WORKER_I',
      grantedOn: '2026-01-01',
      expiresOn: '2027-01-01',
      designatedFields: ['CONSTRUCTION'],
    });
    for (const w of [ok, ssw]) {
      const job = await hire({
        workerId: w.id,
        employerId: e.id,
        startDate: '2026-01-05',
        jobField: 'CONSTRUCTION',
        weeklyHours: 40,
        monthlyWage: 250000,
      });
      await notify(job.id, '2026-01-20');
      for (const scheme of ['EMPLOYEES_HEALTH', 'EMPLOYEES_PENSION', 'EMPLOYMENT_INSURANCE']) {
        await enroll({ workerId: w.id, scheme, employerId: e.id, startDate: '2026-01-05' });
      }
    }
    const r = await report(ssw.id, '2026-05-01');
    expect(r.findings.map((f) => f.ruleId)).toEqual([
      'SUPPORT_PLAN_MISSING',
      'SSW_EMPLOYER_IN_ARREARS',
    ]);
    expect(
      r.findings.every((f) => f.employer?.id === e.id && f.responsibleParty === 'EMPLOYER'),
    ).toBe(true);

    const view = await stack.query(
      `query($id: ID!) { employer(id: $id) { workforceConsistency(asOf: "2026-05-01") {
         activeEmployees workersByStatus { status count } findingsByRule { ruleId count }
         findings { ruleId worker { fullName } } } } }`,
      { id: e.id },
    );
    expect(view.errors).toBeUndefined();
    const wf = view.data!.employer.workforceConsistency;
    expect(wf.activeEmployees).toBe(2);
    expect(wf.workersByStatus).toEqual([
      { status: 'CONSISTENT', count: 0 },
      { status: 'AT_RISK', count: 1 },
      { status: 'VIOLATION', count: 1 },
      { status: 'INCOMPLETE', count: 0 },
    ]);
    expect(wf.findingsByRule).toEqual([
      { ruleId: 'SUPPORT_PLAN_MISSING', count: 1 },
      { ruleId: 'SSW_EMPLOYER_IN_ARREARS', count: 2 },
    ]);
    expect(wf.findings).toHaveLength(3);
  });

  it('is INCOMPLETE, never CONSISTENT, while a source is down, and whole again after it returns', async () => {
    const w = await worker('Aung Kyaw');
    await permit({ workerId: w.id, status: 'PERMANENT_RESIDENT', grantedOn: '2020-01-01' });
    await enroll({ workerId: w.id, scheme: 'NATIONAL_HEALTH', startDate: '2020-01-01' });
    expect((await report(w.id, '2026-07-01')).status).toBe('CONSISTENT');

    await stack.stopSubgraph('insurance');
    const res = await stack.query(REPORT, { id: w.id, asOf: '2026-07-01' });
    const r = res.data!.worker.consistency;
    expect(r.status).toBe('INCOMPLETE');
    expect(r.missingSources).toEqual(['INSURANCE']);
    expect(r.unevaluatedRules).toEqual(
      expect.arrayContaining([
        'SOCIAL_INSURANCE_NOT_ENROLLED',
        'NO_HEALTH_COVERAGE',
        'EMPLOYMENT_NOT_NOTIFIED',
      ]),
    );
    expect(r.unevaluatedRules).not.toContain('UNAUTHORIZED_WORK');
    expect(res.errors!.map((e) => e.extensions!.code)).toContain('SOURCE_UNAVAILABLE');

    await stack.startSubgraph('insurance');
    const back = await report(w.id, '2026-07-01');
    expect(back).toMatchObject({ status: 'CONSISTENT', missingSources: [], unevaluatedRules: [] });
  });

  it('answers filtered lists and consistency in one query (the facts come from separate fields)', async () => {
    const e = await employer('Nagoya Parts');
    const w = await worker('Pham Van Duc');
    await permit({
      workerId: w.id,
      status: 'SKILLED_LABOR',
      grantedOn: '2026-01-01',
      expiresOn: '2029-01-01',
    });
    await hire({ workerId: w.id, employerId: e.id, startDate: '2026-01-10', weeklyHours: 40 });
    const res = await stack.query(
      `query($w: ID!, $e: ID!) {
         worker(id: $w) {
           employments(activeOn: "2025-12-31") { id }
           insuranceEnrollments(activeOn: "2026-06-01") { id }
           consistency(asOf: "2026-06-01") { status findings { ruleId } }
         }
         employer(id: $e) {
           employments(activeOn: "2026-06-01") { id }
           workforceConsistency(asOf: "2026-06-01") { activeEmployees }
         }
       }`,
      { w: w.id, e: e.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.worker.employments).toEqual([]);
    expect(
      res.data!.worker.consistency.findings.map((f: { ruleId: string }) => f.ruleId),
    ).toContain('SOCIAL_INSURANCE_NOT_ENROLLED');
    expect(res.data!.employer.employments).toHaveLength(1);
    expect(res.data!.employer.workforceConsistency.activeEmployees).toBe(1);
  });

  it('lists the catalogue', async () => {
    const res = await stack.query(
      `{ consistencyRules { id severity responsibleParty sources effectiveFrom } }`,
    );
    const rules = res.data!.consistencyRules as { id: string; effectiveFrom: string | null }[];
    expect(rules).toHaveLength(22); // RULES.md: 19 + NO_STATUS_ON_RECORD + the two address rules
    expect(rules.find((r) => r.id === 'PERMANENT_RESIDENCE_REVIEW')!.effectiveFrom).toBe(
      '2027-04-01',
    );
  });
});
