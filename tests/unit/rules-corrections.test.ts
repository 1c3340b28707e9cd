/**
 * The corrected readings of RULES.md and NO_STATUS_ON_RECORD, each at its boundary: the finding
 * appears on the first day it should and not the day before (or disappears on the day it should).
 */
import { evaluate } from '../../subgraphs/consistency/engine/evaluate';
import { ageOn } from '../../subgraphs/consistency/engine/terms';
import type { InsuranceScheme } from '../../subgraphs/consistency/engine/facts';
import {
  ACME,
  arrears,
  check,
  employment,
  enrollment,
  ev,
  permit,
  ruleIds,
  single,
  worker,
} from './engine/builders';

describe('age: reached on the day before the birthday (Act on Calculation of Age)', () => {
  it.each([
    ['1956-06-16', '2026-06-14', 69],
    ['1956-06-16', '2026-06-15', 70],
    ['1956-06-16', '2026-06-16', 70],
    ['1956-03-01', '2026-02-28', 70],
    ['1956-02-29', '2026-02-27', 69],
    ['1956-02-29', '2026-02-28', 70],
    ['1958-02-29', '2028-02-27', 69],
    ['1958-02-29', '2028-02-28', 70],
    ['1957-01-01', '2026-12-31', 70],
    ['1957-01-01', '2026-12-30', 69],
  ])('born %s is aged on %s: %i', (born, on, age) => {
    expect(ageOn(born, on)).toBe(age);
  });

  // Health insurance only, so the finding exists exactly while pension is still required.
  const pensionMissing = (dateOfBirth: string) =>
    worker({
      dateOfBirth,
      employments: [employment({ startDate: '2025-04-01' })],
      enrollments: [enrollment({ scheme: 'EMPLOYEES_HEALTH', startDate: '2025-04-01' })],
    });

  it.each([
    ['1956-06-16', '2026-06-14', '2026-06-15'],
    ['1956-02-29', '2026-02-27', '2026-02-28'],
    ['1958-02-29', '2028-02-27', '2028-02-28'],
    ['1956-07-01', '2026-06-29', '2026-06-30'],
  ])(
    'SOCIAL_INSURANCE_NOT_ENROLLED: born %s, pension still required on %s, no longer on %s',
    (born, under70, seventy) => {
      const f = single(pensionMissing(born), under70, 'SOCIAL_INSURANCE_NOT_ENROLLED');
      expect(f.evidence.filter((e) => e.field === 'missingScheme').map((e) => e.value)).toEqual([
        'EMPLOYEES_PENSION',
      ]);
      expect(check(pensionMissing(born), seventy, 'SOCIAL_INSURANCE_NOT_ENROLLED')).toEqual([]);
    },
  );
});

describe('RENEWAL_AT_RISK: employer-collected arrears include EMPLOYMENT_INSURANCE', () => {
  const atRisk = (schemes: InsuranceScheme[]) =>
    worker({
      permits: [permit({ grantedOn: '2025-09-01', expiresOn: '2026-08-31' })],
      contributionArrears: schemes.map((scheme) => arrears({ scheme, since: '2026-06-15' })),
    });

  it.each([
    [['EMPLOYMENT_INSURANCE'], 'EMPLOYER'],
    [['EMPLOYEES_HEALTH'], 'EMPLOYER'],
    [['EMPLOYEES_PENSION'], 'EMPLOYER'],
    [['EMPLOYEES_HEALTH', 'EMPLOYEES_PENSION', 'EMPLOYMENT_INSURANCE'], 'EMPLOYER'],
    [['NATIONAL_HEALTH'], 'WORKER'],
    [['NATIONAL_PENSION'], 'WORKER'],
    [['EMPLOYMENT_INSURANCE', 'NATIONAL_PENSION'], 'WORKER'],
  ] as [InsuranceScheme[], string][])(
    'arrears of %j since 2026-06-15: quiet on 2026-06-14, %s responsible on 2026-06-15',
    (schemes, party) => {
      expect(check(atRisk(schemes), '2026-06-14', 'RENEWAL_AT_RISK')).toEqual([]);
      const f = single(atRisk(schemes), '2026-06-15', 'RENEWAL_AT_RISK');
      expect(f.responsibleParty).toBe(party);
      expect(f.dueBy).toBe('2026-08-31');
    },
  );
});

describe('INACTIVE_AFTER_SEPARATION: counted from the later of the last end and the grant', () => {
  const designated = (grantedOn: string) =>
    permit({ status: 'ENGINEER_SPECIALIST_INTL_SERVICES', grantedOn, expiresOn: '2029-03-31' });

  it('a permit granted after the last employment ended restarts the three months', () => {
    const facts = worker({
      permits: [
        permit({ status: 'STUDENT', grantedOn: '2024-04-01', expiresOn: '2026-04-30' }),
        designated('2026-03-31'),
      ],
      employments: [employment({ startDate: '2025-04-01', endDate: '2025-12-31' })],
    });
    // Counting from the end (2025-12-31) would fire from 2026-04-01.
    expect(check(facts, '2026-04-01', 'INACTIVE_AFTER_SEPARATION')).toEqual([]);
    expect(check(facts, '2026-06-30', 'INACTIVE_AFTER_SEPARATION')).toEqual([]);
    const f = single(facts, '2026-07-01', 'INACTIVE_AFTER_SEPARATION');
    expect(f.employerId).toBeNull();
    expect(f.evidence).toEqual([
      ev('RESIDENCE', 'ResidencePermit', 'permit-2', 'grantedOn', '2026-03-31'),
      ev('RESIDENCE', 'ResidencePermit', 'permit-2', 'status', 'ENGINEER_SPECIALIST_INTL_SERVICES'),
    ]);
    expect(f.explanation).toContain('granted on 2026-03-31');
    expect(f.explanation).toContain('ended on 2025-12-31');
  });

  it('an employment that ended after the grant counts from its end', () => {
    const facts = worker({
      permits: [designated('2025-04-01')],
      employments: [employment({ startDate: '2025-04-01', endDate: '2026-03-31' })],
    });
    expect(check(facts, '2026-06-30', 'INACTIVE_AFTER_SEPARATION')).toEqual([]);
    const f = single(facts, '2026-07-01', 'INACTIVE_AFTER_SEPARATION');
    expect(f.employerId).toBe(ACME.id);
    expect(f.evidence[0]).toEqual(
      ev('EMPLOYMENT', 'Employment', 'employment-1', 'endDate', '2026-03-31'),
    );
  });

  it('an end on the day of the grant counts from that day', () => {
    const facts = worker({
      permits: [designated('2026-03-31')],
      employments: [employment({ startDate: '2025-04-01', endDate: '2026-03-31' })],
    });
    expect(check(facts, '2026-06-30', 'INACTIVE_AFTER_SEPARATION')).toEqual([]);
    expect(single(facts, '2026-07-01', 'INACTIVE_AFTER_SEPARATION').employerId).toBe(ACME.id);
  });

  it('the grant alone when there never was an employment', () => {
    const facts = worker({ permits: [designated('2026-03-31')] });
    expect(check(facts, '2026-06-30', 'INACTIVE_AFTER_SEPARATION')).toEqual([]);
    const f = single(facts, '2026-07-01', 'INACTIVE_AFTER_SEPARATION');
    expect(f.explanation).toContain('no employment is recorded since the permit was granted');
  });
});

describe('NO_STATUS_ON_RECORD', () => {
  it('fires for a registered worker with no permit at all', () => {
    const f = single(worker({ permits: [] }), '2026-06-15', 'NO_STATUS_ON_RECORD');
    expect(f).toMatchObject({
      ruleId: 'NO_STATUS_ON_RECORD',
      severity: 'WARNING',
      responsibleParty: 'AGENCY',
      affectedParty: 'WORKER',
      legalBasis: 'ICRRA 2-2',
      dueBy: null,
      employerId: null,
    });
    expect(f.evidence).toEqual([ev('RESIDENCE', 'Worker', 'worker-1', 'permitInForce', null)]);
    expect(f.explanation).toContain('2026-06-15');
    expect(evaluate(worker({ permits: [] }), '2026-06-15').status).toBe('AT_RISK');
  });

  it('fires the day before the first permit is granted, not on the day', () => {
    const facts = worker({ permits: [permit({ grantedOn: '2026-06-15' })] });
    const f = single(facts, '2026-06-14', 'NO_STATUS_ON_RECORD');
    expect(f.evidence).toContainEqual(
      ev('RESIDENCE', 'ResidencePermit', 'permit-1', 'grantedOn', '2026-06-15'),
    );
    expect(f.explanation).toContain('the earliest on 2026-06-15');
    expect(check(facts, '2026-06-15', 'NO_STATUS_ON_RECORD')).toEqual([]);
  });

  it('does not fire once a permit was granted, even an expired one (RESIDENCE_EXPIRED says so)', () => {
    const expired = worker({
      permits: [permit({ grantedOn: '2025-04-01', expiresOn: '2026-03-31' })],
    });
    expect(ruleIds(evaluate(expired, '2026-06-15'))).toEqual(['RESIDENCE_EXPIRED']);
  });

  it('with no permit, an active employment is also UNAUTHORIZED_WORK; the permit rules stay quiet', () => {
    const facts = worker({
      permits: [],
      employments: [employment({ startDate: '2026-01-05' })],
      enrollments: [
        enrollment({ scheme: 'EMPLOYEES_HEALTH', startDate: '2026-01-05' }),
        enrollment({ scheme: 'EMPLOYEES_PENSION', startDate: '2026-01-05' }),
        enrollment({ scheme: 'EMPLOYMENT_INSURANCE', startDate: '2026-01-05' }),
      ],
    });
    const ids = ruleIds(evaluate(facts, '2026-06-15'));
    expect(ids).toContain('UNAUTHORIZED_WORK');
    expect(ids).toContain('NO_STATUS_ON_RECORD');
    for (const quiet of [
      'RESIDENCE_EXPIRED',
      'SPECIAL_PERIOD_ENDING',
      'RESIDENCE_EXPIRING',
      'NO_HEALTH_COVERAGE',
      'INACTIVE_AFTER_SEPARATION',
    ])
      expect(ids).not.toContain(quiet);
  });

  it('is not evaluated when the residence registry cannot be read', () => {
    const report = evaluate(worker({ permits: [], missing: ['RESIDENCE'] }), '2026-06-15');
    expect(report.unevaluatedRules).toContain('NO_STATUS_ON_RECORD');
    expect(ruleIds(report)).not.toContain('NO_STATUS_ON_RECORD');
  });
});
