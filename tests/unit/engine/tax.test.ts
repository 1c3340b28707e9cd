import { evaluate } from '../../../subgraphs/consistency/engine/evaluate';
import {
  ACME,
  BETA,
  application,
  arrears,
  assessment,
  check,
  compliant,
  employer,
  employerTaxArrears,
  employment,
  ev,
  permit,
  single,
  withholding,
  worker,
} from './builders';

describe('TAX_ARREARS', () => {
  const due = (o: Parameters<typeof assessment>[0] = {}) =>
    worker({ assessments: [assessment({ dueDate: '2026-06-15', amount: 120_000, ...o })] });

  it('does not fire on the due date, fires the day after (ORDINARY: the worker)', () => {
    expect(check(due(), '2026-06-15', 'TAX_ARREARS')).toEqual([]);
    const f = single(due(), '2026-06-16', 'TAX_ARREARS');
    expect(f).toMatchObject({
      ruleId: 'TAX_ARREARS',
      severity: 'WARNING',
      responsibleParty: 'WORKER',
      affectedParty: 'WORKER',
      dueBy: null,
      employerId: null,
    });
    expect(f.evidence).toEqual([
      ev('TAX', 'TaxAssessment', 'assessment-1', 'dueDate', '2026-06-15'),
      ev('TAX', 'TaxAssessment', 'assessment-1', 'outstandingAmount', '120000'),
      ev('TAX', 'TaxAssessment', 'assessment-1', 'collection', 'ORDINARY'),
    ]);
    expect(f.explanation).toContain('due 2026-06-15');
    expect(f.explanation).toContain('120,000 yen unpaid on 2026-06-16');
    expect(f.explanation).toContain('fiscal year 2025');
  });

  it('SPECIAL collection: the collecting employer is responsible', () => {
    const facts = worker({
      employments: [employment({ employer: BETA })],
      assessments: [
        assessment({ dueDate: '2026-06-15', collection: 'SPECIAL', collectingEmployerId: BETA.id }),
      ],
    });
    const f = single(facts, '2026-06-16', 'TAX_ARREARS');
    expect(f).toMatchObject({
      responsibleParty: 'EMPLOYER',
      affectedParty: 'WORKER',
      employerId: BETA.id,
    });
    expect(f.evidence).toContainEqual(
      ev('TAX', 'TaxAssessment', 'assessment-1', 'collection', 'SPECIAL'),
    );
    expect(f.explanation).toContain('special collection');
    expect(f.recommendedAction).toContain(BETA.name);
  });

  it('counts payments made on or before D, not after', () => {
    const facts = due({
      payments: [
        { id: '', paidOn: '2026-06-10', amount: 20_000 },
        { id: '', paidOn: '2026-06-20', amount: 100_000 },
      ],
    });
    const f = single(facts, '2026-06-19', 'TAX_ARREARS');
    expect(f.evidence).toContainEqual(
      ev('TAX', 'TaxAssessment', 'assessment-1', 'outstandingAmount', '100000'),
    );
    expect(f.explanation).toContain('100,000 yen unpaid');
    expect(check(facts, '2026-06-20', 'TAX_ARREARS')).toEqual([]);
  });

  it('does not fire when fully paid, even late', () => {
    const paid = due({ payments: [{ id: '', paidOn: '2026-06-18', amount: 120_000 }] });
    expect(check(paid, '2026-06-18', 'TAX_ARREARS')).toEqual([]);
    expect(check(paid, '2027-01-01', 'TAX_ARREARS')).toEqual([]);
  });

  it('gives one finding per overdue assessment, oldest due first', () => {
    const facts = worker({
      assessments: [
        assessment({ kind: 'INCOME_TAX', fiscalYear: 2025, dueDate: '2026-03-15' }),
        assessment({ fiscalYear: 2024, dueDate: '2025-06-30' }),
        assessment({ fiscalYear: 2026, dueDate: '2027-06-30' }),
      ],
    });
    expect(check(facts, '2026-06-15', 'TAX_ARREARS').map((f) => f.evidence[0].recordId)).toEqual([
      'assessment-2',
      'assessment-1',
    ]);
  });
});

describe('RENEWAL_AT_RISK', () => {
  const D = '2026-06-15';
  const risky = (o: Parameters<typeof worker>[0] = {}, expiresOn = '2026-09-13') =>
    worker({
      permits: [permit({ grantedOn: '2025-06-01', expiresOn })],
      assessments: [assessment({ dueDate: '2026-05-31' })],
      ...o,
    });

  it('fires when the permit expires within 90 days and the worker is in tax arrears (WORKER)', () => {
    const f = single(risky(), D, 'RENEWAL_AT_RISK');
    expect(f).toMatchObject({
      ruleId: 'RENEWAL_AT_RISK',
      severity: 'WARNING',
      responsibleParty: 'WORKER',
      affectedParty: 'WORKER',
      dueBy: '2026-09-13',
      employerId: null,
    });
    expect(f.evidence).toEqual([
      ev('RESIDENCE', 'ResidencePermit', 'permit-1', 'expiresOn', '2026-09-13'),
      ev('TAX', 'TaxAssessment', 'assessment-1', 'outstandingAmount', '120000'),
    ]);
    expect(f.explanation).toContain('expires on 2026-09-13');
    expect(f.explanation).toContain('overdue since 2026-05-31');
    expect(f.explanation).toContain(D);
  });

  it('does not fire at 91 days, nor without arrears', () => {
    expect(check(risky({}, '2026-09-14'), D, 'RENEWAL_AT_RISK')).toEqual([]);
    expect(check(risky({ assessments: [] }), D, 'RENEWAL_AT_RISK')).toEqual([]);
  });

  it('a pending renewal with expiry far away also triggers; dueBy is still expiresOn', () => {
    const facts = risky({ applications: [application({ filedOn: '2026-06-01' })] }, '2028-03-31');
    const f = single(facts, D, 'RENEWAL_AT_RISK');
    expect(f.dueBy).toBe('2028-03-31');
    expect(f.explanation).toContain('RENEWAL application filed on 2026-06-01 is pending');
    const decided = risky(
      {
        applications: [
          application({ filedOn: '2026-06-01', decidedOn: '2026-06-10', outcome: 'GRANTED' }),
        ],
      },
      '2028-03-31',
    );
    expect(check(decided, D, 'RENEWAL_AT_RISK')).toEqual([]);
  });

  it('insurance arrears count too, from since until settledOn (exclusive)', () => {
    const facts = risky({
      assessments: [],
      contributionArrears: [arrears({ since: '2026-06-01', settledOn: '2026-06-20' })],
    });
    expect(check(facts, '2026-05-31', 'RENEWAL_AT_RISK')).toEqual([]);
    const f = single(facts, D, 'RENEWAL_AT_RISK');
    expect(f.responsibleParty).toBe('WORKER');
    expect(f.evidence).toContainEqual(
      ev('INSURANCE', 'ContributionArrears', 'arrears-1', 'amount', '50000'),
    );
    expect(f.explanation).toContain('NATIONAL_PENSION contributions unpaid since 2026-06-01');
    expect(check(facts, '2026-06-20', 'RENEWAL_AT_RISK')).toEqual([]);
  });

  const special = assessment({
    dueDate: '2026-05-31',
    collection: 'SPECIAL',
    collectingEmployerId: ACME.id,
  });
  const ordinary = assessment({ dueDate: '2026-04-30' });

  it.each([
    ['SPECIAL tax only', [special], [], 'EMPLOYER'],
    ['EMPLOYEES_PENSION arrears only', [], ['EMPLOYEES_PENSION'], 'EMPLOYER'],
    ['SPECIAL tax and EMPLOYEES_HEALTH arrears', [special], ['EMPLOYEES_HEALTH'], 'EMPLOYER'],
    ['SPECIAL and ORDINARY tax', [special, ordinary], [], 'WORKER'],
    ['SPECIAL tax and NATIONAL_HEALTH arrears', [special], ['NATIONAL_HEALTH'], 'WORKER'],
    [
      'EMPLOYEES_PENSION and NATIONAL_PENSION arrears',
      [],
      ['EMPLOYEES_PENSION', 'NATIONAL_PENSION'],
      'WORKER',
    ],
  ] as const)('%s → %s', (_, assessments, schemes, party) => {
    const facts = risky({
      assessments: [...assessments],
      contributionArrears: schemes.map((scheme) => arrears({ scheme })),
    });
    expect(single(facts, D, 'RENEWAL_AT_RISK').responsibleParty).toBe(party);
  });
});

describe('WITHHOLDING_NOT_REPORTED', () => {
  const employed = (o: Parameters<typeof worker>[0] = {}) =>
    worker({ employments: [employment({ startDate: '2025-04-01' })], ...o });

  it('does not fire on (Y+1)-01-31, fires on (Y+1)-02-01', () => {
    expect(check(employed(), '2026-01-31', 'WITHHOLDING_NOT_REPORTED')).toEqual([]);
    const f = single(employed(), '2026-02-01', 'WITHHOLDING_NOT_REPORTED');
    expect(f).toMatchObject({
      ruleId: 'WITHHOLDING_NOT_REPORTED',
      severity: 'WARNING',
      responsibleParty: 'EMPLOYER',
      affectedParty: 'WORKER',
      dueBy: '2026-01-31',
      employerId: ACME.id,
    });
    expect(f.evidence).toEqual([
      ev('EMPLOYMENT', 'Employment', 'employment-1', 'startDate', '2025-04-01'),
      ev('EMPLOYMENT', 'Employment', 'employment-1', 'endDate', null),
    ]);
    expect(f.explanation).toContain('in 2025');
    expect(f.explanation).toContain('due by 2026-01-31');
  });

  it('does not fire when the report for the year is filed', () => {
    expect(
      check(
        employed({ withholdingReports: [withholding({ year: 2025 })] }),
        '2026-02-01',
        'WITHHOLDING_NOT_REPORTED',
      ),
    ).toEqual([]);
    const wrongYear = employed({ withholdingReports: [withholding({ year: 2024 })] });
    expect(check(wrongYear, '2026-02-01', 'WITHHOLDING_NOT_REPORTED')).toHaveLength(1);
    const wrongEmployer = employed({ withholdingReports: [withholding({ employerId: BETA.id })] });
    expect(check(wrongEmployer, '2026-02-01', 'WITHHOLDING_NOT_REPORTED')).toHaveLength(1);
  });

  it('one finding per employer and year', () => {
    const facts = worker({
      employments: [
        employment({ startDate: '2024-10-01', endDate: '2025-03-31' }),
        employment({ startDate: '2025-06-01' }),
        employment({ employer: BETA, startDate: '2025-11-01', endDate: '2025-12-15' }),
      ],
    });
    const found = check(facts, '2026-06-15', 'WITHHOLDING_NOT_REPORTED');
    expect(found.map((f) => [f.employerId, f.dueBy])).toEqual([
      [ACME.id, '2025-01-31'],
      [ACME.id, '2026-01-31'],
      [BETA.id, '2026-01-31'],
    ]);
  });

  it("never for D's own year, nor for a year the employment was not active", () => {
    const thisYear = worker({ employments: [employment({ startDate: '2026-01-05' })] });
    expect(check(thisYear, '2026-12-31', 'WITHHOLDING_NOT_REPORTED')).toEqual([]);
    const ended = worker({
      employments: [employment({ startDate: '2023-04-01', endDate: '2023-12-31' })],
    });
    expect(check(ended, '2026-06-15', 'WITHHOLDING_NOT_REPORTED').map((f) => f.dueBy)).toEqual([
      '2024-01-31',
    ]);
  });
});

describe('SSW_EMPLOYER_IN_ARREARS', () => {
  const D = '2026-06-15';
  const sswAt = (
    boss: ReturnType<typeof employer>,
    status:
      | 'SPECIFIED_SKILLED_WORKER_I'
      | 'SPECIFIED_SKILLED_WORKER_II'
      | 'ENGINEER_SPECIALIST_INTL_SERVICES' = 'SPECIFIED_SKILLED_WORKER_I',
  ) =>
    worker({
      permits: [permit({ status, designatedFields: ['FOOD_SERVICE'] })],
      employments: [
        employment({
          employer: boss,
          jobField: 'FOOD_SERVICE',
          supportPlan: { provider: 'SELF', organizationName: null },
        }),
      ],
    });
  const owing = (settledOn: string | null) =>
    employer({
      contributionArrears: [
        arrears({ scheme: 'EMPLOYEES_PENSION', since: '2026-03-01', amount: 800_000, settledOn }),
      ],
    });

  it('fires while the employer is in contribution arrears', () => {
    const f = single(sswAt(owing('2026-06-16')), D, 'SSW_EMPLOYER_IN_ARREARS');
    expect(f).toMatchObject({
      ruleId: 'SSW_EMPLOYER_IN_ARREARS',
      severity: 'WARNING',
      responsibleParty: 'EMPLOYER',
      affectedParty: 'WORKER',
      dueBy: null,
      employerId: ACME.id,
    });
    expect(f.evidence).toEqual([
      ev('INSURANCE', 'ContributionArrears', 'employer-acme-arrears-1', 'since', '2026-03-01'),
    ]);
    expect(f.explanation).toContain('800,000 yen since 2026-03-01');
    expect(f.explanation).toContain(D);
  });

  it('does not fire once the arrears are settled on or before D', () => {
    expect(check(sswAt(owing('2026-06-14')), D, 'SSW_EMPLOYER_IN_ARREARS')).toEqual([]);
    expect(check(sswAt(owing('2026-06-15')), D, 'SSW_EMPLOYER_IN_ARREARS')).toEqual([]);
  });

  it('fires for employer tax arrears and for SSW II; not for other statuses', () => {
    const taxed = employer({ taxArrears: [employerTaxArrears({ since: '2026-01-31' })] });
    const f = single(sswAt(taxed, 'SPECIFIED_SKILLED_WORKER_II'), D, 'SSW_EMPLOYER_IN_ARREARS');
    expect(f.evidence).toEqual([
      ev('TAX', 'EmployerTaxArrears', 'employer-acme-tax-arrears-1', 'since', '2026-01-31'),
    ]);
    expect(f.explanation).toContain('tax of 1,200,000 yen since 2026-01-31');
    expect(
      check(sswAt(taxed, 'ENGINEER_SPECIALIST_INTL_SERVICES'), D, 'SSW_EMPLOYER_IN_ARREARS'),
    ).toEqual([]);
  });

  it('arrears recorded after D do not count', () => {
    const later = employer({ taxArrears: [employerTaxArrears({ since: '2026-06-16' })] });
    expect(check(sswAt(later), D, 'SSW_EMPLOYER_IN_ARREARS')).toEqual([]);
    expect(check(sswAt(later), '2026-06-16', 'SSW_EMPLOYER_IN_ARREARS')).toHaveLength(1);
  });
});

describe('PERMANENT_RESIDENCE_REVIEW', () => {
  const permanent = (o: Parameters<typeof worker>[0] = {}) =>
    compliant({
      permits: [permit({ status: 'PERMANENT_RESIDENT', expiresOn: null })],
      withholdingReports: [withholding({ year: 2025 }), withholding({ year: 2026 })],
      contributionArrears: [arrears({ since: '2027-01-31', amount: 66_000 })],
      ...o,
    });

  it('nothing on 2027-03-31, an INFO finding on 2027-04-01', () => {
    expect(evaluate(permanent(), '2027-03-31')).toMatchObject({
      status: 'CONSISTENT',
      findings: [],
    });
    const f = single(permanent(), '2027-04-01', 'PERMANENT_RESIDENCE_REVIEW');
    expect(f).toMatchObject({
      ruleId: 'PERMANENT_RESIDENCE_REVIEW',
      severity: 'INFO',
      responsibleParty: 'WORKER',
      affectedParty: 'WORKER',
      dueBy: null,
      employerId: null,
    });
    expect(f.evidence).toEqual([
      ev('INSURANCE', 'ContributionArrears', 'arrears-1', 'amount', '66000'),
    ]);
    expect(f.explanation).toContain('Wilfulness cannot be inferred from records');
    expect(f.explanation).toContain('only a human review may act');
    expect(f.explanation).toContain('since 2027-01-31');
    expect(f.explanation).toContain('2027-04-01');
  });

  it('does not change the status: CONSISTENT stays CONSISTENT', () => {
    const report = evaluate(permanent(), '2027-04-01');
    expect(report.findings.map((f) => f.ruleId)).toEqual(['PERMANENT_RESIDENCE_REVIEW']);
    expect(report.status).toBe('CONSISTENT');
  });

  it('tax arrears count too; no arrears or another status: nothing', () => {
    const taxed = permanent({
      contributionArrears: [],
      assessments: [assessment({ dueDate: '2027-03-31' })],
    });
    expect(check(taxed, '2027-04-01', 'PERMANENT_RESIDENCE_REVIEW')).toHaveLength(1);
    expect(
      check(permanent({ contributionArrears: [] }), '2027-04-01', 'PERMANENT_RESIDENCE_REVIEW'),
    ).toEqual([]);
    const spouse = permanent({
      permits: [permit({ status: 'SPOUSE_OF_JAPANESE_NATIONAL', expiresOn: '2030-01-01' })],
    });
    expect(check(spouse, '2027-04-01', 'PERMANENT_RESIDENCE_REVIEW')).toEqual([]);
  });
});
