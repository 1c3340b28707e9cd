import {
  ACME,
  BETA,
  check,
  employment,
  enrollment,
  ev,
  notification,
  permit,
  single,
  worker,
} from './builders';

/** An employment with ACME from `startDate`, optionally enrolled in employment insurance with ACME. */
const hired = (
  startDate: string,
  o: {
    insured?: boolean;
    endDate?: string | null;
    notifications?: ReturnType<typeof notification>[];
  } = {},
) =>
  worker({
    employments: [
      employment({ startDate, endDate: o.endDate ?? null, notifications: o.notifications ?? [] }),
    ],
    enrollments: o.insured
      ? [enrollment({ scheme: 'EMPLOYMENT_INSURANCE', startDate, endDate: o.endDate ?? null })]
      : [],
  });

describe('EMPLOYMENT_NOT_NOTIFIED (hire)', () => {
  it('enrolled in employment insurance: due the 10th of the next month', () => {
    const facts = hired('2026-04-15', { insured: true });
    expect(check(facts, '2026-05-10', 'EMPLOYMENT_NOT_NOTIFIED')).toEqual([]);
    const f = single(facts, '2026-05-11', 'EMPLOYMENT_NOT_NOTIFIED');
    expect(f).toMatchObject({
      ruleId: 'EMPLOYMENT_NOT_NOTIFIED',
      severity: 'VIOLATION',
      responsibleParty: 'EMPLOYER',
      affectedParty: 'AGENCY',
      dueBy: '2026-05-10',
      employerId: ACME.id,
    });
    expect(f.evidence).toEqual([
      ev('EMPLOYMENT', 'Employment', 'employment-1', 'startDate', '2026-04-15'),
      ev('EMPLOYMENT', 'Employment', 'employment-1', 'notifications', 'no HIRE'),
    ]);
    expect(f.explanation).toContain('2026-04-15');
    expect(f.explanation).toContain('due by 2026-05-10');
    expect(f.explanation).toContain('is enrolled in employment insurance');
  });

  it('not enrolled: due the last day of the next month', () => {
    const facts = hired('2026-04-15');
    expect(check(facts, '2026-05-31', 'EMPLOYMENT_NOT_NOTIFIED')).toEqual([]);
    const f = single(facts, '2026-06-01', 'EMPLOYMENT_NOT_NOTIFIED');
    expect(f.dueBy).toBe('2026-05-31');
    expect(f.explanation).toContain('due by 2026-05-31');
    expect(f.explanation).toContain('is not enrolled in employment insurance');
  });

  it('a start on 31 January is due at the end of February (not enrolled), on 10 February (enrolled)', () => {
    const open = hired('2027-01-31');
    expect(check(open, '2027-02-28', 'EMPLOYMENT_NOT_NOTIFIED')).toEqual([]);
    expect(single(open, '2027-03-01', 'EMPLOYMENT_NOT_NOTIFIED').dueBy).toBe('2027-02-28');
    const leap = hired('2028-01-31');
    expect(check(leap, '2028-02-29', 'EMPLOYMENT_NOT_NOTIFIED')).toEqual([]);
    expect(single(leap, '2028-03-01', 'EMPLOYMENT_NOT_NOTIFIED').dueBy).toBe('2028-02-29');
    const insured = hired('2027-01-31', { insured: true });
    expect(check(insured, '2027-02-10', 'EMPLOYMENT_NOT_NOTIFIED')).toEqual([]);
    expect(single(insured, '2027-02-11', 'EMPLOYMENT_NOT_NOTIFIED').dueBy).toBe('2027-02-10');
  });

  it('a December start is due in January of the next year', () => {
    const insured = hired('2026-12-01', { insured: true });
    expect(check(insured, '2027-01-10', 'EMPLOYMENT_NOT_NOTIFIED')).toEqual([]);
    expect(single(insured, '2027-01-11', 'EMPLOYMENT_NOT_NOTIFIED').dueBy).toBe('2027-01-10');
    const open = hired('2026-12-31');
    expect(check(open, '2027-01-31', 'EMPLOYMENT_NOT_NOTIFIED')).toEqual([]);
    expect(single(open, '2027-02-01', 'EMPLOYMENT_NOT_NOTIFIED').dueBy).toBe('2027-01-31');
  });

  it('enrollment with another employer does not count', () => {
    const facts = worker({
      employments: [employment({ startDate: '2026-04-15' })],
      enrollments: [
        enrollment({
          scheme: 'EMPLOYMENT_INSURANCE',
          employerId: BETA.id,
          startDate: '2026-04-15',
        }),
      ],
    });
    expect(check(facts, '2026-05-11', 'EMPLOYMENT_NOT_NOTIFIED')).toEqual([]);
    expect(single(facts, '2026-06-01', 'EMPLOYMENT_NOT_NOTIFIED').dueBy).toBe('2026-05-31');
  });

  it('a notification filed on its deadline clears it', () => {
    const facts = hired('2026-04-15', {
      insured: true,
      notifications: [notification({ filedOn: '2026-05-10' })],
    });
    expect(check(facts, '2026-05-11', 'EMPLOYMENT_NOT_NOTIFIED')).toEqual([]);
  });

  it('a late notification clears it from the day it is filed, not before', () => {
    const facts = hired('2026-04-15', {
      insured: true,
      notifications: [notification({ filedOn: '2026-05-12' })],
    });
    expect(check(facts, '2026-05-11', 'EMPLOYMENT_NOT_NOTIFIED')).toHaveLength(1);
    expect(check(facts, '2026-05-12', 'EMPLOYMENT_NOT_NOTIFIED')).toEqual([]);
  });

  it('a SEPARATION notification does not stand in for the HIRE one', () => {
    const facts = hired('2026-04-15', {
      insured: true,
      notifications: [notification({ kind: 'SEPARATION', filedOn: '2026-05-01' })],
    });
    expect(check(facts, '2026-05-11', 'EMPLOYMENT_NOT_NOTIFIED')).toHaveLength(1);
  });

  it('not for an employment that has not started', () => {
    expect(check(hired('2026-07-01'), '2026-06-15', 'EMPLOYMENT_NOT_NOTIFIED')).toEqual([]);
  });
});

describe('EMPLOYMENT_NOT_NOTIFIED (separation)', () => {
  const hire = notification({ filedOn: '2025-04-05' });

  it('enrolled: due endDate + 10 days', () => {
    const facts = hired('2025-04-01', {
      insured: true,
      endDate: '2026-05-20',
      notifications: [hire],
    });
    expect(check(facts, '2026-05-30', 'EMPLOYMENT_NOT_NOTIFIED')).toEqual([]);
    const f = single(facts, '2026-05-31', 'EMPLOYMENT_NOT_NOTIFIED');
    expect(f).toMatchObject({
      severity: 'VIOLATION',
      responsibleParty: 'EMPLOYER',
      affectedParty: 'AGENCY',
      dueBy: '2026-05-30',
      employerId: ACME.id,
    });
    expect(f.evidence).toEqual([
      ev('EMPLOYMENT', 'Employment', 'employment-1', 'endDate', '2026-05-20'),
      ev('EMPLOYMENT', 'Employment', 'employment-1', 'notifications', 'no SEPARATION'),
    ]);
    expect(f.explanation).toContain('ended on 2026-05-20');
    expect(f.explanation).toContain('due by 2026-05-30');
  });

  it('not enrolled: due the last day of the month after endDate', () => {
    const facts = hired('2025-04-01', { endDate: '2026-05-20', notifications: [hire] });
    expect(check(facts, '2026-06-30', 'EMPLOYMENT_NOT_NOTIFIED')).toEqual([]);
    expect(single(facts, '2026-07-01', 'EMPLOYMENT_NOT_NOTIFIED').dueBy).toBe('2026-06-30');
  });

  it('enrolled, separation at month end: + 10 days crosses into the next month', () => {
    const facts = hired('2025-04-01', {
      insured: true,
      endDate: '2026-12-31',
      notifications: [hire],
    });
    expect(check(facts, '2027-01-10', 'EMPLOYMENT_NOT_NOTIFIED')).toEqual([]);
    expect(single(facts, '2027-01-11', 'EMPLOYMENT_NOT_NOTIFIED').dueBy).toBe('2027-01-10');
  });

  it('a separation notification, even late, clears it', () => {
    const late = notification({ kind: 'SEPARATION', filedOn: '2026-06-05' });
    const facts = hired('2025-04-01', {
      insured: true,
      endDate: '2026-05-20',
      notifications: [hire, late],
    });
    expect(check(facts, '2026-06-04', 'EMPLOYMENT_NOT_NOTIFIED')).toHaveLength(1);
    expect(check(facts, '2026-06-05', 'EMPLOYMENT_NOT_NOTIFIED')).toEqual([]);
  });

  it('both notifications missing: two findings, hire first', () => {
    const facts = hired('2025-04-01', { insured: true, endDate: '2026-05-20' });
    expect(check(facts, '2026-06-15', 'EMPLOYMENT_NOT_NOTIFIED').map((f) => f.dueBy)).toEqual([
      '2025-05-10',
      '2026-05-30',
    ]);
  });
});

describe('NOTIFICATION_MISMATCH', () => {
  const D = '2026-06-15';
  const notified = (o: Parameters<typeof notification>[0]) =>
    worker({ employments: [employment({ notifications: [notification(o)] })] });

  it('does not fire when the notification matches the permit in force at the start', () => {
    const facts = notified({
      reportedStatus: 'ENGINEER_SPECIALIST_INTL_SERVICES',
      reportedExpiresOn: '2028-03-31',
    });
    expect(check(facts, D, 'NOTIFICATION_MISMATCH')).toEqual([]);
  });

  it('fires on a different status', () => {
    const facts = notified({ reportedStatus: 'SKILLED_LABOR', reportedExpiresOn: '2028-03-31' });
    const f = single(facts, D, 'NOTIFICATION_MISMATCH');
    expect(f).toMatchObject({
      ruleId: 'NOTIFICATION_MISMATCH',
      severity: 'WARNING',
      responsibleParty: 'EMPLOYER',
      affectedParty: 'AGENCY',
      dueBy: null,
      employerId: ACME.id,
    });
    expect(f.evidence).toEqual([
      ev(
        'EMPLOYMENT',
        'EmploymentNotification',
        'notification-1-1',
        'reportedStatus',
        'SKILLED_LABOR',
      ),
      ev(
        'EMPLOYMENT',
        'EmploymentNotification',
        'notification-1-1',
        'reportedExpiresOn',
        '2028-03-31',
      ),
      ev('RESIDENCE', 'ResidencePermit', 'permit-1', 'status', 'ENGINEER_SPECIALIST_INTL_SERVICES'),
      ev('RESIDENCE', 'ResidencePermit', 'permit-1', 'expiresOn', '2028-03-31'),
    ]);
    expect(f.explanation).toContain('SKILLED_LABOR');
    expect(f.explanation).toContain('ENGINEER_SPECIALIST_INTL_SERVICES');
    expect(f.explanation).toContain('2025-04-10');
  });

  it('fires on a different expiry, one day off', () => {
    const facts = notified({
      reportedStatus: 'ENGINEER_SPECIALIST_INTL_SERVICES',
      reportedExpiresOn: '2028-03-30',
    });
    const f = single(facts, D, 'NOTIFICATION_MISMATCH');
    expect(f.explanation).toContain('2028-03-30');
    expect(f.explanation).toContain('2028-03-31');
  });

  it("compares with the permit in force on the employment's start, not the current one", () => {
    const facts = worker({
      permits: [
        permit({
          status: 'STUDENT',
          grantedOn: '2023-04-01',
          expiresOn: '2025-09-30',
          enrolledUntil: '2025-09-30',
        }),
        permit({ grantedOn: '2025-09-15', expiresOn: '2030-09-14' }),
      ],
      employments: [
        employment({
          startDate: '2025-09-01',
          notifications: [
            notification({
              filedOn: '2025-09-20',
              reportedStatus: 'STUDENT',
              reportedExpiresOn: '2025-09-30',
            }),
          ],
        }),
      ],
    });
    expect(check(facts, D, 'NOTIFICATION_MISMATCH')).toEqual([]);
    const wrong = worker({
      permits: facts.residence?.permits,
      employments: [
        employment({
          startDate: '2025-09-01',
          notifications: [
            notification({
              filedOn: '2025-09-20',
              reportedStatus: 'ENGINEER_SPECIALIST_INTL_SERVICES',
              reportedExpiresOn: '2030-09-14',
            }),
          ],
        }),
      ],
    });
    expect(single(wrong, D, 'NOTIFICATION_MISMATCH').explanation).toContain(
      'STUDENT until 2025-09-30',
    );
  });

  it('ignores separation notifications and notifications filed after D', () => {
    const separation = notified({ kind: 'SEPARATION', reportedStatus: 'SKILLED_LABOR' });
    expect(check(separation, D, 'NOTIFICATION_MISMATCH')).toEqual([]);
    const future = notified({ filedOn: '2026-06-16', reportedStatus: 'SKILLED_LABOR' });
    expect(check(future, D, 'NOTIFICATION_MISMATCH')).toEqual([]);
    expect(check(future, '2026-06-16', 'NOTIFICATION_MISMATCH')).toHaveLength(1);
  });
});
