/** Employers' duties: notifications, support plans, social and employment insurance, withholding. */
import type { Faults, WorkerBuilder } from '../builder';
import { engineer, family, permanentResident, ssw } from '../compliant';
import {
  after,
  ago,
  ahead,
  ENGINEER_FIELDS,
  fullTimeWage,
  partTimeWage,
  person,
  type Ctx,
} from '../people';

export function employerViolations(ctx: Ctx): WorkerBuilder[] {
  const out: WorkerBuilder[] = [];
  const withFaults = (
    b: WorkerBuilder,
    story: string,
    faults: Faults,
    which: 'last' | 'all' = 'last',
  ) => {
    b.worker.story = story;
    return b.refault(faults, which);
  };
  const unnotified = person(
    ctx,
    ['BR', 'PH'],
    [25, 50],
    'hire three months ago never notified to Hello Work',
  );
  unnotified
    .grant({ status: 'LONG_TERM_RESIDENT', grantedOn: ago(ctx, 900), expiresOn: ahead(ctx, 195) })
    .employ(
      {
        employer: 'e15',
        startDate: ago(ctx, 95),
        jobField: 'AUTOMOBILE_TRANSPORT',
        weeklyHours: 40,
        monthlyWage: 235_000,
      },
      { noHireNotice: true },
    );
  out.push(unnotified);
  out.push(
    withFaults(ssw(ctx, 'e16', 'AGRICULTURE'), 'SSW (i) hire never notified', {
      noHireNotice: true,
    }),
  );
  const leaver = person(
    ctx,
    ['CN', 'KR'],
    [27, 38],
    'left e14, separation never notified; now at e06',
  );
  leaver
    .grant({
      status: 'ENGINEER_SPECIALIST_INTL_SERVICES',
      grantedOn: ago(ctx, 700),
      expiresOn: ahead(ctx, 400),
      designatedFields: ENGINEER_FIELDS,
    })
    .employ(
      {
        employer: 'e14',
        startDate: ago(ctx, 650),
        endedOn: ago(ctx, 80),
        jobField: 'INTERNATIONAL_SERVICES',
        weeklyHours: 40,
        monthlyWage: 270_000,
      },
      { noSeparationNotice: true },
    )
    .employ({
      employer: 'e06',
      startDate: ago(ctx, 60),
      jobField: 'ENGINEERING',
      weeklyHours: 40,
      monthlyWage: 310_000,
    });
  out.push(leaver);
  out.push(
    withFaults(intern0(ctx, 'e16'), 'intern reported as SSW (i) in the hire notice', {
      reportedStatus: 'SPECIFIED_SKILLED_WORKER_I',
    }),
  );
  out.push(
    withFaults(
      ssw(ctx, 'e13', 'AUTOMOBILE_REPAIR'),
      'hire notice reports the permit expiry a year late',
      { reportedExpiryOffByMonths: 12 },
    ),
  );
  for (const [employer, field] of [
    ['e18', 'AGRICULTURE'],
    ['e13', 'AUTOMOBILE_REPAIR'],
  ] as const) {
    const b = ssw(ctx, employer, field, `SSW (i) at ${employer} without any support plan`);
    b.removeSupportPlans();
    out.push(b);
  }
  // e10 never enrolled anyone in employees' health or pension insurance.
  out.push(
    withFaults(
      family(ctx, 'LONG_TERM_RESIDENT', ['BR']),
      'e10 never enrolled its staff; on national health insurance',
      { noSocialInsurance: true },
      'all',
    ).moveTo('e10', 'FOOD_MANUFACTURING'),
  );
  const uninsured = person(
    ctx,
    ['BR', 'PH'],
    [30, 50],
    'e10 never enrolled its staff; no health insurance at all',
    { noHealth: true },
  );
  uninsured
    .grant({ status: 'LONG_TERM_RESIDENT', grantedOn: ago(ctx, 600), expiresOn: ahead(ctx, 500) })
    .employ(
      {
        employer: 'e10',
        startDate: ago(ctx, 580),
        jobField: 'FOOD_MANUFACTURING',
        weeklyHours: 40,
        monthlyWage: 210_000,
      },
      { noSocialInsurance: true },
    );
  out.push(uninsured);
  for (let i = 0; i < 2; i += 1) {
    out.push(
      withFaults(
        ssw(ctx, 'e10', 'FISHERY'),
        'SSW (i) in fishery at e10, never enrolled in social insurance',
        { noSocialInsurance: true },
        'all',
      ),
    );
  }
  out.push(
    withFaults(
      permanentResident(ctx),
      'permanent resident at e10, never enrolled',
      { noSocialInsurance: true },
      'all',
    ).moveTo('e10', 'FOOD_MANUFACTURING'),
  );
  // No health insurance where the worker is responsible.
  const noNhiStudent = person(
    ctx,
    ['NP', 'LK'],
    [20, 26],
    'student with a permission, never joined national health insurance',
    { noHealth: true, permissions: true },
  );
  noNhiStudent
    .grant({
      status: 'STUDENT',
      grantedOn: ago(ctx, 200),
      expiresOn: ahead(ctx, 620),
      enrolledUntil: ahead(ctx, 580),
    })
    .employ({
      employer: 'e07',
      startDate: ago(ctx, 150),
      jobField: 'OTHER',
      weeklyHours: 14,
      monthlyWage: partTimeWage(ctx, 14),
    });
  out.push(noNhiStudent);
  const izakaya = person(
    ctx,
    ['PH', 'TH'],
    [28, 45],
    'spouse of a Japanese national at a small sole proprietor, uninsured',
    { noHealth: true },
  );
  izakaya
    .grant({
      status: 'SPOUSE_OF_JAPANESE_NATIONAL',
      grantedOn: ago(ctx, 400),
      expiresOn: ahead(ctx, 700),
    })
    .employ({
      employer: 'e09',
      startDate: ago(ctx, 380),
      jobField: 'FOOD_SERVICE',
      weeklyHours: 35,
      monthlyWage: 175_000,
    });
  out.push(izakaya);
  const idle = person(ctx, ['IN', 'NP'], [25, 40], 'dependent, no health insurance', {
    noHealth: true,
  });
  idle.grant({ status: 'DEPENDENT', grantedOn: ago(ctx, 250), expiresOn: ahead(ctx, 850) });
  out.push(idle);
  out.push(
    withFaults(
      family(ctx, 'LONG_TERM_RESIDENT', ['BR', 'PH']),
      'not enrolled in employment insurance',
      { noEmploymentInsurance: true },
    ),
  );
  out.push(
    withFaults(
      engineer(ctx, 'e08', 'INTERNATIONAL_SERVICES'),
      'hotel never enrolled the engineer in employment insurance',
      { noEmploymentInsurance: true },
    ),
  );
  const unreported = person(ctx, ['CN', 'VN'], [26, 40], 'no withholding report for last year');
  unreported
    .grant({
      status: 'ENGINEER_SPECIALIST_INTL_SERVICES',
      grantedOn: ago(ctx, 1_250),
      expiresOn: ahead(ctx, 570),
      designatedFields: ENGINEER_FIELDS,
    })
    .employ(
      {
        employer: 'e15',
        startDate: ago(ctx, 1_200),
        jobField: 'HUMANITIES',
        weeklyHours: 40,
        monthlyWage: 290_000,
      },
      { missingLatestWithholding: true },
    );
  out.push(unreported);
  const unreported2 = person(ctx, ['VN', 'MM'], [24, 33], 'no withholding report for last year');
  const sswFood = {
    status: 'SPECIFIED_SKILLED_WORKER_I' as const,
    designatedFields: ['FOOD_SERVICE' as const],
  };
  unreported2
    .grant({ ...sswFood, grantedOn: ago(ctx, 730), expiresOn: ago(ctx, 95) })
    .apply('RENEWAL', ago(ctx, 150), { decidedOn: ago(ctx, 100), outcome: 'GRANTED' })
    .grant({ ...sswFood, grantedOn: ago(ctx, 100), expiresOn: ahead(ctx, 265) })
    .employ(
      {
        employer: 'e03',
        startDate: ago(ctx, 700),
        jobField: 'FOOD_SERVICE',
        weeklyHours: 40,
        monthlyWage: 220_000,
        supportPlan: { provider: 'SELF', organizationName: null },
      },
      { missingLatestWithholding: true },
    );
  out.push(unreported2);
  return out;
}

/** A technical intern at `employer` in agriculture, otherwise in order. */
function intern0(ctx: Ctx, employer: string): WorkerBuilder {
  const g = ago(ctx, 400);
  return person(ctx, ['VN', 'ID'], [20, 28], 'technical intern')
    .grant({
      status: 'TECHNICAL_INTERN_TRAINING',
      grantedOn: g,
      expiresOn: ahead(ctx, 330),
      designatedFields: ['AGRICULTURE'],
      designatedEmployer: employer,
    })
    .employ({
      employer,
      startDate: after(ctx, g, 25, 35),
      jobField: 'AGRICULTURE',
      weeklyHours: 40,
      monthlyWage: fullTimeWage(ctx, 165, 180),
    });
}
