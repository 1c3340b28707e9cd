import { evaluate } from '../../../subgraphs/consistency/engine/evaluate';
import {
  ACME,
  BETA,
  application,
  check,
  employer,
  employment,
  ev,
  permission,
  permit,
  single,
  worker,
} from './builders';

const student = (o: Parameters<typeof permit>[0] = {}) =>
  permit({
    status: 'STUDENT',
    grantedOn: '2025-04-01',
    expiresOn: '2027-03-31',
    enrolledUntil: '2027-03-31',
    ...o,
  });

describe('UNAUTHORIZED_WORK', () => {
  const D = '2026-06-15';

  it('fires when the worker has no permit at all', () => {
    const f = single(worker({ permits: [], employments: [employment()] }), D, 'UNAUTHORIZED_WORK');
    expect(f).toMatchObject({
      ruleId: 'UNAUTHORIZED_WORK',
      severity: 'VIOLATION',
      responsibleParty: 'EMPLOYER',
      affectedParty: 'WORKER',
      dueBy: null,
      employerId: ACME.id,
    });
    expect(f.evidence).toEqual([
      ev('EMPLOYMENT', 'Employment', 'employment-1', 'startDate', '2025-04-01'),
    ]);
    expect(f.explanation).toContain('2025-04-01');
    expect(f.explanation).toContain(D);
    expect(f.explanation).toContain('no status of residence');
  });

  it('fires the day after the permit expired, not on the expiry day', () => {
    const facts = worker({
      permits: [permit({ expiresOn: '2026-06-14' })],
      employments: [employment()],
    });
    expect(check(facts, '2026-06-14', 'UNAUTHORIZED_WORK')).toEqual([]);
    const f = single(facts, '2026-06-15', 'UNAUTHORIZED_WORK');
    expect(f).toMatchObject({
      severity: 'VIOLATION',
      responsibleParty: 'EMPLOYER',
      employerId: ACME.id,
    });
    expect(f.evidence).toEqual(
      expect.arrayContaining([
        ev('RESIDENCE', 'ResidencePermit', 'permit-1', 'expiresOn', '2026-06-14'),
        ev(
          'RESIDENCE',
          'ResidencePermit',
          'permit-1',
          'status',
          'ENGINEER_SPECIALIST_INTL_SERVICES',
        ),
      ]),
    );
    expect(f.explanation).toContain('expired on 2026-06-14');
  });

  it('fires for a TEMPORARY_VISITOR with a valid permit', () => {
    const facts = worker({
      permits: [
        permit({ status: 'TEMPORARY_VISITOR', grantedOn: '2026-05-01', expiresOn: '2026-07-30' }),
      ],
      employments: [employment({ startDate: '2026-06-01' })],
    });
    const f = single(facts, D, 'UNAUTHORIZED_WORK');
    expect(f).toMatchObject({
      employerId: ACME.id,
      responsibleParty: 'EMPLOYER',
      affectedParty: 'WORKER',
    });
    expect(f.evidence).toContainEqual(
      ev('RESIDENCE', 'ResidencePermit', 'permit-1', 'status', 'TEMPORARY_VISITOR'),
    );
    expect(f.explanation).toContain('TEMPORARY_VISITOR');
  });

  it('fires for a STUDENT without a permission, not with one active on D', () => {
    const base = {
      permits: [student()],
      employments: [employment({ weeklyHours: 20, jobField: 'FOOD_SERVICE' as const })],
    };
    const f = single(worker(base), D, 'UNAUTHORIZED_WORK');
    expect(f.explanation).toContain('permission');
    expect(f.evidence).toContainEqual(
      ev('RESIDENCE', 'ResidencePermit', 'permit-1', 'status', 'STUDENT'),
    );
    expect(check(worker({ ...base, permissions: [permission()] }), D, 'UNAUTHORIZED_WORK')).toEqual(
      [],
    );
  });

  it('the permission counts through its expiry day, not after', () => {
    const facts = worker({
      permits: [student()],
      permissions: [permission({ expiresOn: '2026-06-15' })],
      employments: [employment({ weeklyHours: 20 })],
    });
    expect(check(facts, '2026-06-15', 'UNAUTHORIZED_WORK')).toEqual([]);
    expect(check(facts, '2026-06-16', 'UNAUTHORIZED_WORK')).toHaveLength(1);
  });

  it('fires for a DEPENDENT without a permission', () => {
    const facts = worker({
      permits: [permit({ status: 'DEPENDENT' })],
      employments: [employment({ weeklyHours: 10 })],
    });
    expect(check(facts, D, 'UNAUTHORIZED_WORK')).toHaveLength(1);
  });

  it('does not fire for a valid work status', () => {
    expect(check(worker({ employments: [employment()] }), D, 'UNAUTHORIZED_WORK')).toEqual([]);
    const pr = worker({
      permits: [permit({ status: 'PERMANENT_RESIDENT', expiresOn: null })],
      employments: [employment()],
    });
    expect(check(pr, D, 'UNAUTHORIZED_WORK')).toEqual([]);
  });

  it('gives one finding per active employment, in start order, and none for ended ones', () => {
    const facts = worker({
      permits: [],
      employments: [
        employment({ employer: BETA, startDate: '2026-02-01' }),
        employment({ startDate: '2025-10-01' }),
        employment({
          employer: employer({ id: 'employer-old', name: 'Old KK' }),
          startDate: '2025-01-01',
          endDate: '2026-06-14',
        }),
        employment({
          employer: employer({ id: 'employer-new', name: 'New KK' }),
          startDate: '2026-06-16',
        }),
      ],
    });
    const found = check(facts, D, 'UNAUTHORIZED_WORK');
    expect(found.map((f) => [f.employerId, f.evidence[0].recordId])).toEqual([
      [ACME.id, 'employment-2'],
      [BETA.id, 'employment-1'],
    ]);
  });

  it('does not fire while the status is valid through the special period, fires once it ends', () => {
    const facts = worker({
      permits: [permit({ grantedOn: '2025-06-30', expiresOn: '2026-06-30' })],
      applications: [application({ filedOn: '2026-06-01' })],
      employments: [employment()],
    });
    expect(check(facts, '2026-07-15', 'UNAUTHORIZED_WORK')).toEqual([]);
    expect(check(facts, '2026-08-30', 'UNAUTHORIZED_WORK')).toEqual([]);
    const f = single(facts, '2026-08-31', 'UNAUTHORIZED_WORK');
    expect(f.explanation).toContain('2026-06-30');
  });
});

describe('WORK_HOURS_EXCEEDED', () => {
  const D = '2026-06-15';
  const twoJobs = (hours: number, o: { max?: number } = {}) =>
    worker({
      permits: [student()],
      permissions: [permission({ maxWeeklyHours: o.max ?? 28 })],
      employments: [
        employment({ weeklyHours: 20, jobField: 'FOOD_SERVICE' }),
        employment({
          employer: BETA,
          startDate: '2026-01-10',
          weeklyHours: hours,
          jobField: 'OTHER',
        }),
      ],
    });

  it('allows exactly 28 hours in total', () => {
    expect(check(twoJobs(8), D, 'WORK_HOURS_EXCEEDED')).toEqual([]);
  });

  it.each([
    [8.5, '28.5'],
    [9, '29'],
  ])('fires at 20 + %s hours', (hours, total) => {
    const f = single(twoJobs(hours), D, 'WORK_HOURS_EXCEEDED');
    expect(f).toMatchObject({
      ruleId: 'WORK_HOURS_EXCEEDED',
      severity: 'VIOLATION',
      responsibleParty: 'WORKER',
      affectedParty: 'WORKER',
      dueBy: null,
      employerId: null,
    });
    expect(f.evidence).toEqual([
      ev('EMPLOYMENT', 'Employment', 'employment-1', 'weeklyHours', '20'),
      ev('EMPLOYMENT', 'Employment', 'employment-2', 'weeklyHours', String(hours)),
      ev('RESIDENCE', 'WorkPermission', 'permission-1', 'maxWeeklyHours', '28'),
    ]);
    expect(f.explanation).toContain(`total ${total}`);
    expect(f.explanation).toContain('28-hour');
    expect(f.explanation).toContain('2025-04-01');
  });

  it('uses a permission limit below 28 when stated', () => {
    expect(check(twoJobs(0, { max: 20 }), D, 'WORK_HOURS_EXCEEDED')).toEqual([]);
    const f = single(twoJobs(1, { max: 20 }), D, 'WORK_HOURS_EXCEEDED');
    expect(f.evidence).toContainEqual(
      ev('RESIDENCE', 'WorkPermission', 'permission-1', 'maxWeeklyHours', '20'),
    );
    expect(f.explanation).toContain('total 21');
    expect(f.explanation).toContain('20-hour');
  });

  it('lists every active employment in the evidence, and sums only those active on D', () => {
    const facts = worker({
      permits: [student()],
      permissions: [permission()],
      employments: [
        employment({ weeklyHours: 10 }),
        employment({ employer: BETA, weeklyHours: 10 }),
        employment({ employer: employer({ id: 'employer-c', name: 'C KK' }), weeklyHours: 10 }),
        employment({
          employer: employer({ id: 'employer-old', name: 'Old KK' }),
          endDate: '2026-06-14',
          weeklyHours: 25,
        }),
      ],
    });
    const f = single(facts, D, 'WORK_HOURS_EXCEEDED');
    expect(f.evidence.filter((e) => e.entity === 'Employment').map((e) => e.recordId)).toEqual([
      'employment-1',
      'employment-2',
      'employment-3',
    ]);
    expect(f.explanation).toContain('total 30');
    expect(f.explanation).toContain('3 employers');
  });

  it('applies to DEPENDENT as well; not without a permission; not to other categories', () => {
    const dependent = worker({
      permits: [permit({ status: 'DEPENDENT' })],
      permissions: [permission()],
      employments: [employment({ weeklyHours: 29 })],
    });
    expect(check(dependent, D, 'WORK_HOURS_EXCEEDED')).toHaveLength(1);
    const noPermission = worker({
      permits: [student()],
      employments: [employment({ weeklyHours: 40 })],
    });
    expect(check(noPermission, D, 'WORK_HOURS_EXCEEDED')).toEqual([]);
    const engineer = worker({
      employments: [
        employment({ weeklyHours: 40 }),
        employment({ employer: BETA, weeklyHours: 20 }),
      ],
    });
    expect(check(engineer, D, 'WORK_HOURS_EXCEEDED')).toEqual([]);
  });
});

describe('STUDENT_NOT_ENROLLED', () => {
  const facts = (enrolledUntil: string) =>
    worker({
      permits: [student({ enrolledUntil })],
      permissions: [permission()],
      employments: [employment({ weeklyHours: 20, jobField: 'FOOD_SERVICE' })],
    });

  it('does not fire while enrolledUntil = D', () => {
    expect(check(facts('2026-06-15'), '2026-06-15', 'STUDENT_NOT_ENROLLED')).toEqual([]);
  });

  it('fires when enrolledUntil = D − 1', () => {
    const f = single(facts('2026-06-14'), '2026-06-15', 'STUDENT_NOT_ENROLLED');
    expect(f).toMatchObject({
      ruleId: 'STUDENT_NOT_ENROLLED',
      severity: 'VIOLATION',
      responsibleParty: 'WORKER',
      affectedParty: 'WORKER',
      dueBy: null,
      employerId: null,
    });
    expect(f.evidence).toEqual([
      ev('RESIDENCE', 'ResidencePermit', 'permit-1', 'enrolledUntil', '2026-06-14'),
      ev('EMPLOYMENT', 'Employment', 'employment-1', 'startDate', '2025-04-01'),
    ]);
    expect(f.explanation).toContain('2026-06-14');
    expect(f.explanation).toContain('2026-06-15');
    expect(f.explanation).toContain(ACME.name);
  });

  it('does not fire without an active employment', () => {
    const idle = worker({ permits: [student({ enrolledUntil: '2026-03-31' })] });
    expect(check(idle, '2026-06-15', 'STUDENT_NOT_ENROLLED')).toEqual([]);
  });
});

describe('ACTIVITY_OUTSIDE_STATUS', () => {
  const D = '2026-06-15';
  const ssw = permit({ status: 'SPECIFIED_SKILLED_WORKER_I', designatedFields: ['FOOD_SERVICE'] });
  const plan = { provider: 'SELF' as const, organizationName: null };

  it('fires when the job field is not designated', () => {
    const facts = worker({
      permits: [ssw],
      employments: [employment({ jobField: 'CONSTRUCTION', supportPlan: plan })],
    });
    const f = single(facts, D, 'ACTIVITY_OUTSIDE_STATUS');
    expect(f).toMatchObject({
      ruleId: 'ACTIVITY_OUTSIDE_STATUS',
      severity: 'VIOLATION',
      responsibleParty: 'EMPLOYER',
      affectedParty: 'WORKER',
      dueBy: null,
      employerId: ACME.id,
    });
    expect(f.evidence).toEqual([
      ev('EMPLOYMENT', 'Employment', 'employment-1', 'jobField', 'CONSTRUCTION'),
      ev('RESIDENCE', 'ResidencePermit', 'permit-1', 'designatedFields', 'FOOD_SERVICE'),
    ]);
    expect(f.explanation).toContain('CONSTRUCTION');
    expect(f.explanation).toContain('FOOD_SERVICE');
    expect(f.explanation).toContain('2025-04-01');
  });

  it('does not fire in the designated field', () => {
    const facts = worker({
      permits: [ssw],
      employments: [employment({ jobField: 'FOOD_SERVICE', supportPlan: plan })],
    });
    expect(check(facts, D, 'ACTIVITY_OUTSIDE_STATUS')).toEqual([]);
  });

  it('fires for an employer other than the designated one, not for the designated one', () => {
    const intern = permit({ status: 'TECHNICAL_INTERN_TRAINING', designatedEmployerId: ACME.id });
    const other = worker({ permits: [intern], employments: [employment({ employer: BETA })] });
    const f = single(other, D, 'ACTIVITY_OUTSIDE_STATUS');
    expect(f.employerId).toBe(BETA.id);
    expect(f.evidence).toEqual([
      ev('EMPLOYMENT', 'Employment', 'employment-1', 'employerId', BETA.id),
      ev('RESIDENCE', 'ResidencePermit', 'permit-1', 'designatedEmployerId', ACME.id),
    ]);
    expect(f.explanation).toContain(BETA.name);
    const own = worker({ permits: [intern], employments: [employment()] });
    expect(check(own, D, 'ACTIVITY_OUTSIDE_STATUS')).toEqual([]);
  });

  it('gives one finding per employment', () => {
    const intern = permit({ status: 'TECHNICAL_INTERN_TRAINING', designatedEmployerId: ACME.id });
    const facts = worker({
      permits: [intern],
      employments: [
        employment(),
        employment({ employer: BETA }),
        employment({ employer: employer({ id: 'employer-c', name: 'C KK' }) }),
      ],
    });
    expect(check(facts, D, 'ACTIVITY_OUTSIDE_STATUS').map((f) => f.employerId)).toEqual([
      BETA.id,
      'employer-c',
    ]);
  });

  it('does not apply to unrestricted or permission-required statuses', () => {
    const spouse = worker({
      permits: [
        permit({ status: 'SPOUSE_OF_JAPANESE_NATIONAL', designatedFields: ['FOOD_SERVICE'] }),
      ],
      employments: [employment({ jobField: 'CONSTRUCTION' })],
    });
    expect(check(spouse, D, 'ACTIVITY_OUTSIDE_STATUS')).toEqual([]);
  });
});

describe('SUPPORT_PLAN_MISSING', () => {
  const D = '2026-06-15';
  const facts = (
    status: 'SPECIFIED_SKILLED_WORKER_I' | 'SPECIFIED_SKILLED_WORKER_II',
    supportPlan: Parameters<typeof employment>[0] = {},
  ) =>
    worker({
      permits: [permit({ status, designatedFields: ['FOOD_SERVICE'] })],
      employments: [employment({ jobField: 'FOOD_SERVICE', ...supportPlan })],
    });

  it('fires for SSW I without a support plan', () => {
    const f = single(facts('SPECIFIED_SKILLED_WORKER_I'), D, 'SUPPORT_PLAN_MISSING');
    expect(f).toMatchObject({
      ruleId: 'SUPPORT_PLAN_MISSING',
      severity: 'VIOLATION',
      responsibleParty: 'EMPLOYER',
      affectedParty: 'WORKER',
      dueBy: null,
      employerId: ACME.id,
    });
    expect(f.evidence).toEqual([
      ev('EMPLOYMENT', 'Employment', 'employment-1', 'supportPlan', null),
      ev('RESIDENCE', 'ResidencePermit', 'permit-1', 'status', 'SPECIFIED_SKILLED_WORKER_I'),
    ]);
    expect(f.explanation).toContain(ACME.name);
    expect(f.explanation).toContain('2025-04-01');
  });

  it('does not fire for SSW II', () => {
    expect(check(facts('SPECIFIED_SKILLED_WORKER_II'), D, 'SUPPORT_PLAN_MISSING')).toEqual([]);
  });

  it('does not fire with an own plan or a registered support organization', () => {
    const own = facts('SPECIFIED_SKILLED_WORKER_I', {
      supportPlan: { provider: 'SELF', organizationName: null },
    });
    expect(check(own, D, 'SUPPORT_PLAN_MISSING')).toEqual([]);
    const rso = facts('SPECIFIED_SKILLED_WORKER_I', {
      supportPlan: {
        provider: 'REGISTERED_SUPPORT_ORGANIZATION',
        organizationName: 'Tomo Support',
      },
    });
    expect(check(rso, D, 'SUPPORT_PLAN_MISSING')).toEqual([]);
  });

  it('does not fire when the SSW I status is not valid on D (UNAUTHORIZED_WORK does)', () => {
    const expired = worker({
      permits: [
        permit({
          status: 'SPECIFIED_SKILLED_WORKER_I',
          designatedFields: ['FOOD_SERVICE'],
          expiresOn: '2026-06-14',
        }),
      ],
      employments: [employment({ jobField: 'FOOD_SERVICE' })],
    });
    const report = evaluate(expired, D);
    expect(report.findings.filter((f) => f.ruleId === 'SUPPORT_PLAN_MISSING')).toEqual([]);
    expect(report.findings.map((f) => f.ruleId)).toContain('UNAUTHORIZED_WORK');
  });
});
