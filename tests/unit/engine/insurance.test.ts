import { evaluate } from '../../../subgraphs/consistency/engine/evaluate';
import {
  ACME,
  BETA,
  check,
  employer,
  employment,
  enrollment,
  ev,
  permission,
  permit,
  ruleIds,
  single,
  worker,
} from './builders';

type EmploymentSpec = Parameters<typeof employment>[0];

describe('SOCIAL_INSURANCE_NOT_ENROLLED', () => {
  const hired = (o: EmploymentSpec = {}, rest: Parameters<typeof worker>[0] = {}) =>
    worker({ employments: [employment({ startDate: '2026-06-01', ...o })], ...rest });

  it('does not fire 5 days after hire, fires on the 6th and names both schemes', () => {
    expect(check(hired(), '2026-06-06', 'SOCIAL_INSURANCE_NOT_ENROLLED')).toEqual([]);
    const f = single(hired(), '2026-06-07', 'SOCIAL_INSURANCE_NOT_ENROLLED');
    expect(f).toMatchObject({
      ruleId: 'SOCIAL_INSURANCE_NOT_ENROLLED',
      severity: 'VIOLATION',
      responsibleParty: 'EMPLOYER',
      affectedParty: 'WORKER',
      dueBy: '2026-06-06',
      employerId: ACME.id,
    });
    expect(f.evidence).toEqual(
      expect.arrayContaining([
        ev('EMPLOYMENT', 'Employment', 'employment-1', 'weeklyHours', '40'),
        ev('EMPLOYMENT', 'Employer', ACME.id, 'legalForm', 'CORPORATION'),
        expect.objectContaining({ field: 'missingScheme', value: 'EMPLOYEES_HEALTH' }),
        expect.objectContaining({ field: 'missingScheme', value: 'EMPLOYEES_PENSION' }),
      ]),
    );
    expect(f.explanation).toContain('EMPLOYEES_HEALTH and EMPLOYEES_PENSION');
    expect(f.explanation).toContain('2026-06-01');
    expect(f.explanation).toContain('40 h/week');
    expect(f.explanation).toContain('2026-06-07');
  });

  it('does not fire when both schemes are active with that employer; names the one missing', () => {
    const both = hired(
      {},
      {
        enrollments: [
          enrollment({ startDate: '2026-06-01' }),
          enrollment({ scheme: 'EMPLOYEES_PENSION', startDate: '2026-06-01' }),
        ],
      },
    );
    expect(check(both, '2026-06-15', 'SOCIAL_INSURANCE_NOT_ENROLLED')).toEqual([]);
    const healthOnly = hired({}, { enrollments: [enrollment({ startDate: '2026-06-01' })] });
    const f = single(healthOnly, '2026-06-15', 'SOCIAL_INSURANCE_NOT_ENROLLED');
    expect(f.explanation).toContain('requires EMPLOYEES_PENSION,');
    expect(f.evidence.filter((e) => e.field === 'missingScheme').map((e) => e.value)).toEqual([
      'EMPLOYEES_PENSION',
    ]);
  });

  it('enrollment with another employer, or ended before D, does not count', () => {
    const elsewhere = hired(
      {},
      {
        enrollments: [
          enrollment({ employerId: BETA.id, startDate: '2026-06-01' }),
          enrollment({ scheme: 'EMPLOYEES_PENSION', employerId: BETA.id, startDate: '2026-06-01' }),
        ],
      },
    );
    expect(check(elsewhere, '2026-06-15', 'SOCIAL_INSURANCE_NOT_ENROLLED')).toHaveLength(1);
    const ended = hired(
      {},
      {
        enrollments: [
          enrollment({ startDate: '2026-06-01', endDate: '2026-06-14' }),
          enrollment({
            scheme: 'EMPLOYEES_PENSION',
            startDate: '2026-06-01',
            endDate: '2026-06-14',
          }),
        ],
      },
    );
    expect(check(ended, '2026-06-14', 'SOCIAL_INSURANCE_NOT_ENROLLED')).toEqual([]);
    expect(check(ended, '2026-06-15', 'SOCIAL_INSURANCE_NOT_ENROLLED')).toHaveLength(1);
  });

  it('the insured-headcount threshold T(D) drops from 51 to 36 on 2027-10-01', () => {
    const mid = employer({ insuredHeadcount: 40 });
    const facts = hired({
      employer: mid,
      startDate: '2027-01-04',
      weeklyHours: 25,
      monthlyWage: 150_000,
    });
    expect(check(facts, '2027-09-30', 'SOCIAL_INSURANCE_NOT_ENROLLED')).toEqual([]);
    const f = single(facts, '2027-10-01', 'SOCIAL_INSURANCE_NOT_ENROLLED');
    expect(f.evidence).toContainEqual(
      ev('EMPLOYMENT', 'Employer', ACME.id, 'insuredHeadcount', '40'),
    );
    expect(f.explanation).toContain('40 insured');
    expect(f.explanation).toContain('25 h/week');
    expect(f.explanation).toContain('150,000 yen');
  });

  it.each([
    ['2026-06-15', 51, 50],
    ['2027-10-01', 36, 35],
    ['2029-10-01', 21, 20],
    ['2032-10-01', 11, 10],
    ['2035-10-01', 0, null],
  ])('on %s the threshold is %s', (on, covered, below) => {
    const at = (insuredHeadcount: number) =>
      hired({
        employer: employer({ insuredHeadcount }),
        startDate: '2026-01-05',
        weeklyHours: 20,
        monthlyWage: 88_000,
      });
    expect(check(at(covered), on, 'SOCIAL_INSURANCE_NOT_ENROLLED')).toHaveLength(1);
    if (below !== null) expect(check(at(below), on, 'SOCIAL_INSURANCE_NOT_ENROLLED')).toEqual([]);
  });

  it('the 20-hour route needs 20 h and 88,000 yen', () => {
    const at = (weeklyHours: number, monthlyWage: number) =>
      hired({ startDate: '2026-01-05', weeklyHours, monthlyWage });
    expect(check(at(20, 88_000), '2026-06-15', 'SOCIAL_INSURANCE_NOT_ENROLLED')).toHaveLength(1);
    expect(check(at(19.5, 120_000), '2026-06-15', 'SOCIAL_INSURANCE_NOT_ENROLLED')).toEqual([]);
    expect(check(at(25, 87_999), '2026-06-15', 'SOCIAL_INSURANCE_NOT_ENROLLED')).toEqual([]);
  });

  it('30 hours are covered whatever the wage and headcount', () => {
    const tiny = employer({ insuredHeadcount: 1 });
    const facts = hired({
      employer: tiny,
      startDate: '2026-01-05',
      weeklyHours: 30,
      monthlyWage: 10_000,
    });
    expect(check(facts, '2026-06-15', 'SOCIAL_INSURANCE_NOT_ENROLLED')).toHaveLength(1);
    const under = hired({
      employer: tiny,
      startDate: '2026-01-05',
      weeklyHours: 29.5,
      monthlyWage: 300_000,
    });
    expect(check(under, '2026-06-15', 'SOCIAL_INSURANCE_NOT_ENROLLED')).toEqual([]);
  });

  it('a SOLE_PROPRIETOR is obliged with 5 employees, not with 4', () => {
    const shop = (employeeCount: number) =>
      hired({
        employer: employer({ legalForm: 'SOLE_PROPRIETOR', employeeCount, insuredHeadcount: 0 }),
        startDate: '2026-01-05',
      });
    expect(check(shop(4), '2026-06-15', 'SOCIAL_INSURANCE_NOT_ENROLLED')).toEqual([]);
    const f = single(shop(5), '2026-06-15', 'SOCIAL_INSURANCE_NOT_ENROLLED');
    expect(f.evidence).toContainEqual(
      ev('EMPLOYMENT', 'Employer', ACME.id, 'legalForm', 'SOLE_PROPRIETOR'),
    );
    expect(f.explanation).toContain('SOLE_PROPRIETOR, 5 employees');
  });

  it('a CORPORATION is obliged whatever its size', () => {
    const one = hired({
      employer: employer({ employeeCount: 1, insuredHeadcount: 0 }),
      startDate: '2026-01-05',
    });
    expect(check(one, '2026-06-15', 'SOCIAL_INSURANCE_NOT_ENROLLED')).toHaveLength(1);
  });

  it('a STUDENT is not covered on the 20-hour route', () => {
    const student = (weeklyHours: number) =>
      worker({
        permits: [permit({ status: 'STUDENT', enrolledUntil: '2027-03-31' })],
        permissions: [permission()],
        employments: [employment({ startDate: '2026-01-05', weeklyHours, monthlyWage: 120_000 })],
      });
    expect(check(student(25), '2026-06-15', 'SOCIAL_INSURANCE_NOT_ENROLLED')).toEqual([]);
    const dependent = worker({
      permits: [permit({ status: 'DEPENDENT' })],
      permissions: [permission()],
      employments: [employment({ startDate: '2026-01-05', weeklyHours: 25, monthlyWage: 120_000 })],
    });
    expect(check(dependent, '2026-06-15', 'SOCIAL_INSURANCE_NOT_ENROLLED')).toHaveLength(1);
  });

  it('requires pension only under 70: from the day before the 70th birthday only EMPLOYEES_HEALTH is named', () => {
    const aged = (dateOfBirth: string, enrollments: ReturnType<typeof enrollment>[] = []) =>
      hired({ startDate: '2026-01-05' }, { dateOfBirth, enrollments });
    // Born 1956-06-16: 70 on 2026-06-15, the day before the birthday (Act on Calculation of Age).
    const seventy = single(aged('1956-06-16'), '2026-06-15', 'SOCIAL_INSURANCE_NOT_ENROLLED');
    expect(seventy.explanation).toContain('requires EMPLOYEES_HEALTH,');
    expect(seventy.explanation).not.toContain('EMPLOYEES_PENSION');
    expect(seventy.evidence.filter((e) => e.field === 'missingScheme').map((e) => e.value)).toEqual(
      ['EMPLOYEES_HEALTH'],
    );
    const sixtyNine = single(aged('1956-06-17'), '2026-06-15', 'SOCIAL_INSURANCE_NOT_ENROLLED');
    expect(sixtyNine.explanation).toContain('EMPLOYEES_HEALTH and EMPLOYEES_PENSION');
    const healthOnly = [enrollment({ startDate: '2026-01-05' })];
    expect(
      check(aged('1956-06-16', healthOnly), '2026-06-15', 'SOCIAL_INSURANCE_NOT_ENROLLED'),
    ).toEqual([]);
    expect(
      check(aged('1956-06-17', healthOnly), '2026-06-15', 'SOCIAL_INSURANCE_NOT_ENROLLED'),
    ).toHaveLength(1);
  });

  it('one finding per employment, only for active employments', () => {
    const facts = worker({
      employments: [
        employment({ startDate: '2026-01-05' }),
        employment({ employer: BETA, startDate: '2026-02-01' }),
        employment({
          employer: employer({ id: 'employer-old', name: 'Old KK' }),
          startDate: '2025-01-05',
          endDate: '2025-12-31',
        }),
      ],
    });
    expect(
      check(facts, '2026-06-15', 'SOCIAL_INSURANCE_NOT_ENROLLED').map((f) => f.employerId),
    ).toEqual([ACME.id, BETA.id]);
  });
});

describe('NO_HEALTH_COVERAGE', () => {
  const fresh = (o: Parameters<typeof permit>[0] = {}, rest: Parameters<typeof worker>[0] = {}) =>
    worker({
      permits: [permit({ grantedOn: '2026-06-01', expiresOn: '2029-05-31', ...o })],
      ...rest,
    });

  it('does not fire 14 days after grantedOn, fires on the 15th', () => {
    expect(check(fresh(), '2026-06-15', 'NO_HEALTH_COVERAGE')).toEqual([]);
    const f = single(fresh(), '2026-06-16', 'NO_HEALTH_COVERAGE');
    expect(f).toMatchObject({
      ruleId: 'NO_HEALTH_COVERAGE',
      severity: 'WARNING',
      responsibleParty: 'WORKER',
      affectedParty: 'WORKER',
      dueBy: null,
      employerId: null,
    });
    expect(f.evidence).toEqual([
      ev('RESIDENCE', 'ResidencePermit', 'permit-1', 'grantedOn', '2026-06-01'),
    ]);
    expect(f.explanation).toContain('15 days');
    expect(f.explanation).toContain('2026-06-01');
    expect(f.explanation).toContain('2026-06-16');
  });

  it('does not fire with national or employees’ health insurance active on D', () => {
    const nhi = fresh(
      {},
      {
        enrollments: [
          enrollment({ scheme: 'NATIONAL_HEALTH', employerId: null, startDate: '2026-06-05' }),
        ],
      },
    );
    expect(check(nhi, '2026-07-01', 'NO_HEALTH_COVERAGE')).toEqual([]);
    const ehi = fresh(
      {},
      { enrollments: [enrollment({ employerId: BETA.id, startDate: '2026-06-05' })] },
    );
    expect(check(ehi, '2026-07-01', 'NO_HEALTH_COVERAGE')).toEqual([]);
    const lapsed = fresh(
      {},
      {
        enrollments: [
          enrollment({
            scheme: 'NATIONAL_HEALTH',
            employerId: null,
            startDate: '2026-06-05',
            endDate: '2026-06-30',
          }),
        ],
      },
    );
    expect(check(lapsed, '2026-07-01', 'NO_HEALTH_COVERAGE')).toHaveLength(1);
  });

  it('does not fire when SOCIAL_INSURANCE_NOT_ENROLLED fires (the employer is responsible)', () => {
    const employed = fresh({}, { employments: [employment({ startDate: '2026-06-01' })] });
    const report = evaluate(employed, '2026-07-01');
    expect(ruleIds(report)).toContain('SOCIAL_INSURANCE_NOT_ENROLLED');
    expect(ruleIds(report)).not.toContain('NO_HEALTH_COVERAGE');
    const smallShop = fresh(
      {},
      {
        employments: [
          employment({
            employer: employer({ legalForm: 'SOLE_PROPRIETOR', employeeCount: 3 }),
            startDate: '2026-06-01',
          }),
        ],
      },
    );
    const other = evaluate(smallShop, '2026-07-01');
    expect(ruleIds(other)).not.toContain('SOCIAL_INSURANCE_NOT_ENROLLED');
    expect(ruleIds(other)).toContain('NO_HEALTH_COVERAGE');
  });

  it('not for a TEMPORARY_VISITOR, nor without a valid status', () => {
    const visitor = fresh({ status: 'TEMPORARY_VISITOR', expiresOn: '2026-08-29' });
    expect(check(visitor, '2026-07-01', 'NO_HEALTH_COVERAGE')).toEqual([]);
    const expired = fresh({ expiresOn: '2026-06-30' });
    expect(check(expired, '2026-06-30', 'NO_HEALTH_COVERAGE')).toHaveLength(1);
    expect(check(expired, '2026-07-01', 'NO_HEALTH_COVERAGE')).toEqual([]);
  });
});

describe('EMPLOYMENT_INSURANCE_NOT_ENROLLED', () => {
  const job = (o: EmploymentSpec = {}, rest: Parameters<typeof worker>[0] = {}) =>
    worker({ employments: [employment({ startDate: '2026-04-01', ...o })], ...rest });

  it('before 2028-10-01: 19 h does not fire, 20 h does', () => {
    expect(
      check(job({ weeklyHours: 19 }), '2026-06-15', 'EMPLOYMENT_INSURANCE_NOT_ENROLLED'),
    ).toEqual([]);
    const f = single(job({ weeklyHours: 20 }), '2026-06-15', 'EMPLOYMENT_INSURANCE_NOT_ENROLLED');
    expect(f).toMatchObject({
      ruleId: 'EMPLOYMENT_INSURANCE_NOT_ENROLLED',
      severity: 'VIOLATION',
      responsibleParty: 'EMPLOYER',
      affectedParty: 'WORKER',
      dueBy: '2026-05-10',
      employerId: ACME.id,
    });
    expect(f.evidence).toEqual([
      ev('EMPLOYMENT', 'Employment', 'employment-1', 'weeklyHours', '20'),
      ev('EMPLOYMENT', 'Employment', 'employment-1', 'startDate', '2026-04-01'),
      ev('EMPLOYMENT', 'Employment', 'employment-1', 'endDate', null),
    ]);
    expect(f.explanation).toContain('2026-04-01');
    expect(f.explanation).toContain('20 h/week');
    expect(f.explanation).toContain('threshold 20 h');
    expect(f.explanation).toContain('2026-05-10');
  });

  it('10 hours: not covered on 2028-09-30, covered on 2028-10-01', () => {
    const facts = job({ startDate: '2028-07-03', weeklyHours: 10 });
    expect(check(facts, '2028-09-30', 'EMPLOYMENT_INSURANCE_NOT_ENROLLED')).toEqual([]);
    const f = single(facts, '2028-10-01', 'EMPLOYMENT_INSURANCE_NOT_ENROLLED');
    expect(f.dueBy).toBe('2028-08-10');
    expect(f.explanation).toContain('threshold 10 h on 2028-10-01');
    expect(
      check(
        job({ startDate: '2028-07-03', weeklyHours: 9.5 }),
        '2028-10-01',
        'EMPLOYMENT_INSURANCE_NOT_ENROLLED',
      ),
    ).toEqual([]);
  });

  it('expected duration: endDate − startDate 29 days does not fire, 30 does', () => {
    const short = job({ startDate: '2026-05-31', endDate: '2026-06-29' });
    expect(check(short, '2026-06-15', 'EMPLOYMENT_INSURANCE_NOT_ENROLLED')).toEqual([]);
    const month = job({ startDate: '2026-05-31', endDate: '2026-06-30' });
    const f = single(month, '2026-06-15', 'EMPLOYMENT_INSURANCE_NOT_ENROLLED');
    expect(f.dueBy).toBe('2026-06-10');
    expect(f.evidence).toContainEqual(
      ev('EMPLOYMENT', 'Employment', 'employment-1', 'endDate', '2026-06-30'),
    );
    expect(f.explanation).toContain('until 2026-06-30');
  });

  it('fires after the 10th of the month after the start, not on it', () => {
    const facts = job({ startDate: '2026-04-15' });
    expect(check(facts, '2026-05-10', 'EMPLOYMENT_INSURANCE_NOT_ENROLLED')).toEqual([]);
    expect(single(facts, '2026-05-11', 'EMPLOYMENT_INSURANCE_NOT_ENROLLED').dueBy).toBe(
      '2026-05-10',
    );
    const december = job({ startDate: '2026-12-01' });
    expect(check(december, '2027-01-10', 'EMPLOYMENT_INSURANCE_NOT_ENROLLED')).toEqual([]);
    expect(single(december, '2027-01-11', 'EMPLOYMENT_INSURANCE_NOT_ENROLLED').dueBy).toBe(
      '2027-01-10',
    );
  });

  it('does not fire when enrolled with that employer; does with another employer', () => {
    const own = job(
      {},
      { enrollments: [enrollment({ scheme: 'EMPLOYMENT_INSURANCE', startDate: '2026-04-01' })] },
    );
    expect(check(own, '2026-06-15', 'EMPLOYMENT_INSURANCE_NOT_ENROLLED')).toEqual([]);
    const other = job(
      {},
      {
        enrollments: [
          enrollment({
            scheme: 'EMPLOYMENT_INSURANCE',
            employerId: BETA.id,
            startDate: '2026-04-01',
          }),
        ],
      },
    );
    expect(check(other, '2026-06-15', 'EMPLOYMENT_INSURANCE_NOT_ENROLLED')).toHaveLength(1);
  });

  it('not for a STUDENT', () => {
    const student = job(
      { weeklyHours: 28 },
      {
        permits: [permit({ status: 'STUDENT', enrolledUntil: '2027-03-31' })],
        permissions: [permission()],
      },
    );
    expect(check(student, '2026-06-15', 'EMPLOYMENT_INSURANCE_NOT_ENROLLED')).toEqual([]);
  });
});
