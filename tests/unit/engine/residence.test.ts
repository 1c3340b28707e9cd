import { addDays } from '../../../subgraphs/kit/dates';
import { evaluate } from '../../../subgraphs/consistency/engine/evaluate';
import {
  ACME,
  BETA,
  application,
  check,
  employment,
  ev,
  permit,
  ruleIds,
  single,
  worker,
} from './builders';

const RESIDENCE_RULES = ['RESIDENCE_EXPIRED', 'SPECIAL_PERIOD_ENDING', 'RESIDENCE_EXPIRING'];
const residenceFindings = (facts: ReturnType<typeof worker>, on: string) =>
  ruleIds(evaluate(facts, on)).filter((id) => RESIDENCE_RULES.includes(id));

describe('RESIDENCE_EXPIRING', () => {
  const D = '2026-06-15';
  const expiring = (expiresOn: string, applications = [] as ReturnType<typeof application>[]) =>
    worker({ permits: [permit({ grantedOn: '2025-06-01', expiresOn })], applications });

  it('fires when the permit expires in 90 days', () => {
    const f = single(expiring('2026-09-13'), D, 'RESIDENCE_EXPIRING');
    expect(f).toMatchObject({
      ruleId: 'RESIDENCE_EXPIRING',
      severity: 'WARNING',
      responsibleParty: 'WORKER',
      affectedParty: 'WORKER',
      dueBy: '2026-09-13',
      employerId: null,
    });
    expect(f.evidence).toEqual([
      ev('RESIDENCE', 'ResidencePermit', 'permit-1', 'expiresOn', '2026-09-13'),
      ev('RESIDENCE', 'ResidencePermit', 'permit-1', 'grantedOn', '2025-06-01'),
    ]);
    expect(f.explanation).toContain('2026-09-13');
    expect(f.explanation).toContain('in 90 days');
    expect(f.explanation).toContain('2025-06-01');
  });

  it('does not fire when it expires in 91 days', () => {
    expect(check(expiring('2026-09-14'), D, 'RESIDENCE_EXPIRING')).toEqual([]);
  });

  it('fires on the expiry day itself (in 0 days), not the day after', () => {
    expect(single(expiring(D), D, 'RESIDENCE_EXPIRING').dueBy).toBe(D);
    expect(check(expiring('2026-06-14'), D, 'RESIDENCE_EXPIRING')).toEqual([]);
  });

  it('ignores an application filed before the permit was granted', () => {
    const old = application({ filedOn: '2025-05-01', decidedOn: '2025-06-01', outcome: 'GRANTED' });
    expect(check(expiring('2026-08-31', [old]), D, 'RESIDENCE_EXPIRING')).toHaveLength(1);
  });

  it('counts a RENEWAL or CHANGE_OF_STATUS filed on or after grantedOn and on or before D', () => {
    for (const app of [
      application({ filedOn: '2026-06-15' }),
      application({ filedOn: '2025-06-01' }),
      application({ kind: 'CHANGE_OF_STATUS', filedOn: '2026-06-01' }),
      application({ filedOn: '2026-06-01', decidedOn: '2026-06-10', outcome: 'DENIED' }),
    ]) {
      expect(check(expiring('2026-08-31', [app]), D, 'RESIDENCE_EXPIRING')).toEqual([]);
    }
  });

  it('does not count an application filed after D, or a PERMANENT_RESIDENCE application', () => {
    expect(
      check(
        expiring('2026-08-31', [application({ filedOn: '2026-06-16' })]),
        D,
        'RESIDENCE_EXPIRING',
      ),
    ).toHaveLength(1);
    const pr = application({ kind: 'PERMANENT_RESIDENCE', filedOn: '2026-06-01' });
    expect(check(expiring('2026-08-31', [pr]), D, 'RESIDENCE_EXPIRING')).toHaveLength(1);
  });

  it('does not fire for a permanent resident', () => {
    const pr = worker({ permits: [permit({ status: 'PERMANENT_RESIDENT', expiresOn: null })] });
    expect(check(pr, D, 'RESIDENCE_EXPIRING')).toEqual([]);
  });

  it('looks at the permit in force only: a newer permit supersedes', () => {
    const facts = worker({
      permits: [
        permit({ grantedOn: '2025-06-01', expiresOn: '2026-08-20' }),
        permit({ grantedOn: '2026-06-01', expiresOn: '2029-08-31' }),
      ],
    });
    expect(check(facts, D, 'RESIDENCE_EXPIRING')).toEqual([]);
    expect(check(facts, '2026-05-31', 'RESIDENCE_EXPIRING')).toHaveLength(1);
  });
});

describe('SPECIAL_PERIOD_ENDING and RESIDENCE_EXPIRED', () => {
  /** A one-year permit expiring on `expiresOn`, with a renewal filed a month before. */
  const renewing = (expiresOn: string, o: Partial<Parameters<typeof application>[0]> = {}) =>
    worker({
      permits: [permit({ grantedOn: addDays(expiresOn, -365), expiresOn })],
      applications: [application({ filedOn: addDays(expiresOn, -30), ...o })],
    });

  it.each([
    ['2026-12-31', '2027-02-28'],
    ['2027-01-31', '2027-03-31'],
    ['2027-07-31', '2027-09-30'],
    ['2027-08-31', '2027-10-31'],
    ['2027-12-31', '2028-02-29'],
    ['2026-06-30', '2026-08-30'],
  ])(
    'a permit expiring %s: the special period runs until %s and not a day longer',
    (expiresOn, end) => {
      const facts = renewing(expiresOn);
      expect(residenceFindings(facts, expiresOn)).toEqual([]);

      const dayAfter = single(facts, addDays(expiresOn, 1), 'SPECIAL_PERIOD_ENDING');
      expect(dayAfter.dueBy).toBe(end);

      const last = single(facts, end, 'SPECIAL_PERIOD_ENDING');
      expect(last).toMatchObject({
        ruleId: 'SPECIAL_PERIOD_ENDING',
        severity: 'WARNING',
        responsibleParty: 'WORKER',
        affectedParty: 'WORKER',
        dueBy: end,
        employerId: null,
      });
      expect(last.evidence).toEqual([
        ev('RESIDENCE', 'ResidencePermit', 'permit-1', 'expiresOn', expiresOn),
        ev(
          'RESIDENCE',
          'ResidenceApplication',
          'application-1',
          'filedOn',
          addDays(expiresOn, -30),
        ),
      ]);
      expect(last.explanation).toContain(expiresOn);
      expect(last.explanation).toContain(end);
      expect(last.explanation).toContain(addDays(expiresOn, -30));
      expect(residenceFindings(facts, end)).toEqual(['SPECIAL_PERIOD_ENDING']);

      const next = addDays(end, 1);
      expect(residenceFindings(facts, next)).toEqual(['RESIDENCE_EXPIRED']);
      const expired = single(facts, next, 'RESIDENCE_EXPIRED');
      expect(expired).toMatchObject({
        ruleId: 'RESIDENCE_EXPIRED',
        severity: 'VIOLATION',
        responsibleParty: 'WORKER',
        affectedParty: 'WORKER',
        dueBy: null,
        employerId: null,
      });
      expect(expired.explanation).toContain(`special period ended on ${end}`);
      expect(expired.explanation).toContain('two months');
    },
  );

  it('a 30-day permit gives no special period; a 31-day permit does', () => {
    const short = worker({
      permits: [
        permit({ status: 'TEMPORARY_VISITOR', grantedOn: '2026-05-01', expiresOn: '2026-05-31' }),
      ],
      applications: [application({ kind: 'CHANGE_OF_STATUS', filedOn: '2026-05-20' })],
    });
    expect(residenceFindings(short, '2026-06-01')).toEqual(['RESIDENCE_EXPIRED']);
    const f = single(short, '2026-06-01', 'RESIDENCE_EXPIRED');
    expect(f.explanation).toContain('30 days or less');
    expect(f.explanation).toContain('2026-05-01');
    expect(f.explanation).toContain('2026-05-31');

    const longer = worker({
      permits: [
        permit({ status: 'TEMPORARY_VISITOR', grantedOn: '2026-04-30', expiresOn: '2026-05-31' }),
      ],
      applications: [application({ kind: 'CHANGE_OF_STATUS', filedOn: '2026-05-20' })],
    });
    expect(residenceFindings(longer, '2026-06-01')).toEqual(['SPECIAL_PERIOD_ENDING']);
    expect(single(longer, '2026-06-01', 'SPECIAL_PERIOD_ENDING').dueBy).toBe('2026-07-31');
  });

  it('an application filed on the expiry day gives a special period; one filed the day after does not', () => {
    const onTime = renewing('2026-06-30', { filedOn: '2026-06-30' });
    expect(residenceFindings(onTime, '2026-07-01')).toEqual(['SPECIAL_PERIOD_ENDING']);

    const late = renewing('2026-06-30', { filedOn: '2026-07-01' });
    expect(residenceFindings(late, '2026-07-01')).toEqual(['RESIDENCE_EXPIRED']);
    const f = single(late, '2026-07-01', 'RESIDENCE_EXPIRED');
    expect(f.explanation).toContain('filed on 2026-07-01, after the permit expired');
    expect(f.evidence).toEqual([
      ev('RESIDENCE', 'ResidencePermit', 'permit-1', 'expiresOn', '2026-06-30'),
      ev('RESIDENCE', 'ResidenceApplication', 'application-1', 'filedOn', '2026-07-01'),
    ]);
  });

  it('a denied application ends the special period on the day of the decision', () => {
    const denied = renewing('2026-06-30', { decidedOn: '2026-07-20', outcome: 'DENIED' });
    expect(residenceFindings(denied, '2026-07-19')).toEqual(['SPECIAL_PERIOD_ENDING']);
    expect(residenceFindings(denied, '2026-07-20')).toEqual(['RESIDENCE_EXPIRED']);
    const f = single(denied, '2026-07-20', 'RESIDENCE_EXPIRED');
    expect(f.explanation).toContain('denied on 2026-07-20');
    expect(f.evidence).toContainEqual(
      ev('RESIDENCE', 'ResidenceApplication', 'application-1', 'outcome', 'DENIED'),
    );
  });

  it('a denial before expiry: expired the day after expiry, naming the denial', () => {
    const denied = renewing('2026-06-30', { decidedOn: '2026-06-20', outcome: 'DENIED' });
    // RULES.md: RESIDENCE_EXPIRING looks only at whether an application was filed, not its outcome.
    expect(residenceFindings(denied, '2026-06-30')).toEqual([]);
    const f = single(denied, '2026-07-01', 'RESIDENCE_EXPIRED');
    expect(f.explanation).toContain('denied on 2026-06-20');
  });

  it('no application: expired the day after expiry, saying so', () => {
    const none = worker({
      permits: [permit({ grantedOn: '2025-06-30', expiresOn: '2026-06-30' })],
    });
    expect(check(none, '2026-06-30', 'RESIDENCE_EXPIRED')).toEqual([]);
    const f = single(none, '2026-07-01', 'RESIDENCE_EXPIRED');
    expect(f.explanation).toContain('no renewal or change-of-status application was filed');
    expect(f.explanation).toContain('2026-06-30');
    expect(f.evidence).toEqual([
      ev('RESIDENCE', 'ResidencePermit', 'permit-1', 'expiresOn', '2026-06-30'),
    ]);
  });

  it('an application for an earlier permit is not a reason: "no application"', () => {
    const facts = worker({
      permits: [
        permit({ grantedOn: '2024-07-01', expiresOn: '2025-06-30' }),
        permit({ grantedOn: '2025-06-20', expiresOn: '2026-06-30' }),
      ],
      applications: [
        application({ filedOn: '2025-05-15', decidedOn: '2025-06-20', outcome: 'GRANTED' }),
      ],
    });
    const f = single(facts, '2026-07-01', 'RESIDENCE_EXPIRED');
    expect(f.explanation).toContain('permit granted on 2025-06-20 expired on 2026-06-30');
    expect(f.explanation).toContain('no renewal or change-of-status application was filed');
  });

  it('a PERMANENT_RESIDENCE application gives no special period', () => {
    const facts = renewing('2026-06-30', { kind: 'PERMANENT_RESIDENCE' });
    expect(residenceFindings(facts, '2026-07-01')).toEqual(['RESIDENCE_EXPIRED']);
  });

  it('names the timely application even when a late one is also pending', () => {
    const facts = worker({
      permits: [permit({ grantedOn: '2025-06-30', expiresOn: '2026-06-30' })],
      applications: [
        application({ kind: 'CHANGE_OF_STATUS', filedOn: '2026-07-02' }),
        application({ filedOn: '2026-06-10' }),
      ],
    });
    const f = single(facts, '2026-07-05', 'SPECIAL_PERIOD_ENDING');
    expect(f.explanation).toContain('RENEWAL application filed on 2026-06-10');
    expect(f.evidence).toContainEqual(
      ev('RESIDENCE', 'ResidenceApplication', 'application-2', 'filedOn', '2026-06-10'),
    );
  });

  it('a permanent resident never expires', () => {
    const pr = worker({ permits: [permit({ status: 'PERMANENT_RESIDENT', expiresOn: null })] });
    expect(residenceFindings(pr, '2040-01-01')).toEqual([]);
  });
});

describe('INACTIVE_AFTER_SEPARATION', () => {
  const separated = (endDate: string, status: Parameters<typeof permit>[0] = {}) =>
    worker({
      permits: [permit({ grantedOn: '2025-04-01', expiresOn: '2028-03-31', ...status })],
      employments: [
        employment({ employer: BETA, startDate: '2025-04-01', endDate: '2025-09-30' }),
        employment({ startDate: '2025-10-01', endDate }),
      ],
    });

  it('does not fire exactly 3 months after the last employment ended, fires the day after', () => {
    expect(check(separated('2026-03-15'), '2026-06-15', 'INACTIVE_AFTER_SEPARATION')).toEqual([]);
    const f = single(separated('2026-03-15'), '2026-06-16', 'INACTIVE_AFTER_SEPARATION');
    expect(f).toMatchObject({
      ruleId: 'INACTIVE_AFTER_SEPARATION',
      severity: 'WARNING',
      responsibleParty: 'WORKER',
      affectedParty: 'WORKER',
      dueBy: null,
      employerId: ACME.id,
    });
    expect(f.evidence).toEqual([
      ev('EMPLOYMENT', 'Employment', 'employment-2', 'endDate', '2026-03-15'),
      ev('RESIDENCE', 'ResidencePermit', 'permit-1', 'status', 'ENGINEER_SPECIALIST_INTL_SERVICES'),
    ]);
    expect(f.explanation).toContain('2026-03-15');
    expect(f.explanation).toContain('2026-06-16');
    expect(f.explanation).toContain(ACME.name);
  });

  it.each([
    ['2026-11-30', '2027-02-28', '2027-03-01'],
    ['2026-03-31', '2026-06-30', '2026-07-01'],
    ['2026-05-31', '2026-08-31', '2026-09-01'],
    ['2027-11-30', '2028-02-29', '2028-03-01'],
  ])(
    'counts clamped calendar months: ended %s, quiet through %s, fires on %s',
    (end, quiet, fires) => {
      const facts = worker({
        permits: [permit({ grantedOn: '2025-04-01', expiresOn: '2029-03-31' })],
        employments: [employment({ startDate: '2025-10-01', endDate: end })],
      });
      expect(check(facts, quiet, 'INACTIVE_AFTER_SEPARATION')).toEqual([]);
      expect(check(facts, fires, 'INACTIVE_AFTER_SEPARATION')).toHaveLength(1);
    },
  );

  it('counts from grantedOn when there never was an employment', () => {
    const facts = worker({
      permits: [permit({ grantedOn: '2026-03-31', expiresOn: '2029-03-31' })],
    });
    expect(check(facts, '2026-06-30', 'INACTIVE_AFTER_SEPARATION')).toEqual([]);
    const f = single(facts, '2026-07-01', 'INACTIVE_AFTER_SEPARATION');
    expect(f.employerId).toBeNull();
    expect(f.evidence).toContainEqual(
      ev('RESIDENCE', 'ResidencePermit', 'permit-1', 'grantedOn', '2026-03-31'),
    );
    expect(f.explanation).toContain('2026-03-31');
  });

  it('does not fire with an active employment, an unrestricted status, or no valid status', () => {
    const working = worker({ employments: [employment({ startDate: '2025-04-01' })] });
    expect(check(working, '2026-12-01', 'INACTIVE_AFTER_SEPARATION')).toEqual([]);
    const spouse = separated('2026-01-31', { status: 'SPOUSE_OF_JAPANESE_NATIONAL' });
    expect(check(spouse, '2026-12-01', 'INACTIVE_AFTER_SEPARATION')).toEqual([]);
    const expired = separated('2026-01-31', { expiresOn: '2026-11-30' });
    expect(check(expired, '2026-12-01', 'INACTIVE_AFTER_SEPARATION')).toEqual([]);
  });
});
