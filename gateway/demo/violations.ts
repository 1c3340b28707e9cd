/** Workers whose records disagree somewhere: together they make every rule of RULES.md fire. */
import { addDays, addMonths, type CalendarDate } from '../../subgraphs/kit/dates';
import type { Faults, PermitSpec, WorkerBuilder } from './builder';
import type { ResidenceStatus } from '../../subgraphs/kit/law/vocabulary';
import { dependent, engineer, family, permanentResident, ssw, student } from './compliant';
import {
  after,
  ago,
  ahead,
  ENGINEER_FIELDS,
  fullTimeWage,
  partTimeWage,
  person,
  years,
  type Ctx,
} from './people';
import type { DemoAssessment, DemoWorker } from './types';

/** Resident tax of the latest fiscal year already due on `ref`, paid only in part (or not at all). */
export function overdueTax(
  ref: CalendarDate,
  collection: 'SPECIAL' | 'ORDINARY',
  employer: string | null,
  amount: number,
  paid = 0,
): DemoAssessment {
  const due = (fy: number) => (collection === 'SPECIAL' ? `${fy}-07-10` : `${fy}-06-30`);
  let fy = Number(ref.slice(0, 4));
  if (due(fy) >= ref) fy -= 1;
  return {
    kind: 'RESIDENT_TAX',
    fiscalYear: fy,
    amount,
    dueDate: due(fy),
    collection,
    collectingEmployer: collection === 'SPECIAL' ? employer : null,
    payments: paid > 0 ? [{ paidOn: addDays(due(fy), -3), amount: paid }] : [],
  };
}

/** A permit of `term` years that expires on `expiresOn`. */
function expiring(
  b: WorkerBuilder,
  status: ResidenceStatus,
  expiresOn: CalendarDate,
  term: number,
  extra: Partial<PermitSpec> = {},
): WorkerBuilder {
  return b.grant({ status, grantedOn: years(expiresOn, -term), expiresOn, ...extra });
}

function residenceViolations(ctx: Ctx): WorkerBuilder[] {
  const { rng } = ctx;
  const out: WorkerBuilder[] = [];
  // Overstays: expired with no application, still working.
  const runaway = person(
    ctx,
    ['VN', 'MM'],
    [22, 30],
    'former intern at e05 whose permit expired; works at e10 (overstay)',
    { noHealth: true },
  );
  expiring(runaway, 'TECHNICAL_INTERN_TRAINING', ago(ctx, 140), 2, {
    designatedFields: ['INDUSTRIAL_MANUFACTURING'],
    designatedEmployer: 'e05',
  }).employ(
    {
      employer: 'e10',
      startDate: ago(ctx, 120),
      jobField: 'FISHERY',
      weeklyHours: 45,
      monthlyWage: 170_000,
    },
    { noHireNotice: true, noSocialInsurance: true, noEmploymentInsurance: true },
  );
  out.push(runaway);
  const divorced = person(
    ctx,
    ['PH', 'TH'],
    [30, 45],
    'spouse visa lapsed after divorce; works at a small izakaya',
    { noHealth: true },
  );
  expiring(divorced, 'SPOUSE_OF_JAPANESE_NATIONAL', ago(ctx, 200), 3).employ({
    employer: 'e09',
    startDate: ago(ctx, 700),
    jobField: 'FOOD_SERVICE',
    weeklyHours: 30,
    monthlyWage: 150_000,
  });
  out.push(divorced);
  // Filed only after the permit had expired: no special period.
  const late = person(
    ctx,
    ['CN', 'KR'],
    [26, 40],
    'renewal filed 13 days after expiry; still at work',
  );
  expiring(late, 'ENGINEER_SPECIALIST_INTL_SERVICES', ago(ctx, 25), 1, {
    designatedFields: ENGINEER_FIELDS,
  })
    .apply('RENEWAL', ago(ctx, 12))
    .employ({
      employer: 'e14',
      startDate: ago(ctx, 340),
      jobField: 'INTERNATIONAL_SERVICES',
      weeklyHours: 40,
      monthlyWage: 280_000,
    });
  out.push(late);
  // Renewal denied after a timely application; the employer let the worker go.
  const denied = person(
    ctx,
    ['VN', 'ID'],
    [24, 35],
    'SSW (i) renewal denied; separated and notified',
  );
  expiring(denied, 'SPECIFIED_SKILLED_WORKER_I', ago(ctx, 60), 1, {
    designatedFields: ['BUILDING_CLEANING'],
  })
    .apply('RENEWAL', ago(ctx, 90), { decidedOn: ago(ctx, 20), outcome: 'DENIED' })
    .employ({
      employer: 'e19',
      startDate: ago(ctx, 420),
      endedOn: ago(ctx, 18),
      jobField: 'BUILDING_CLEANING',
      weeklyHours: 40,
      monthlyWage: 205_000,
      supportPlan: { provider: 'SELF', organizationName: null },
    });
  out.push(denied);
  // Timely renewal still undecided more than two months after expiry: the special period is over.
  const beyond = person(
    ctx,
    ['BR', 'PH'],
    [30, 50],
    'renewal pending for more than two months after expiry',
  );
  const beyondExpiry = addDays(addMonths(ctx.ref, -2), -10);
  expiring(beyond, 'LONG_TERM_RESIDENT', beyondExpiry, 3)
    .apply('RENEWAL', addDays(beyondExpiry, -30))
    .employ({
      employer: 'e15',
      startDate: ago(ctx, 800),
      jobField: 'AUTOMOBILE_TRANSPORT',
      weeklyHours: 40,
      monthlyWage: 240_000,
    });
  out.push(beyond);
  // A 30-day permit: no special period even with a timely application.
  const shortStay = person(
    ctx,
    ['VN', 'NP'],
    [22, 27],
    'graduate on a 30-day job-seeking permit, renewal pending',
  );
  shortStay
    .grant({ status: 'DESIGNATED_ACTIVITIES', grantedOn: ago(ctx, 45), expiresOn: ago(ctx, 15) })
    .apply('RENEWAL', ago(ctx, 20));
  out.push(shortStay);
  // Timely renewals pending, within the special period.
  for (const [kind, days] of [
    ['engineer', 10],
    ['ssw', 30],
    ['spouse', 45],
  ] as const) {
    const b = person(
      ctx,
      ['VN', 'CN', 'PH'],
      [25, 40],
      `${kind}: timely renewal pending, working in the special period`,
    );
    const expiresOn = ago(ctx, days);
    if (kind === 'engineer') {
      expiring(b, 'ENGINEER_SPECIALIST_INTL_SERVICES', expiresOn, 2, {
        designatedFields: ENGINEER_FIELDS,
      }).employ({
        employer: 'e06',
        startDate: ago(ctx, 500),
        jobField: 'ENGINEERING',
        weeklyHours: 40,
        monthlyWage: 330_000,
      });
    } else if (kind === 'ssw') {
      expiring(b, 'SPECIFIED_SKILLED_WORKER_I', expiresOn, 1, {
        designatedFields: ['NURSING_CARE'],
      }).employ({
        employer: 'e01',
        startDate: ago(ctx, 300),
        jobField: 'NURSING_CARE',
        weeklyHours: 40,
        monthlyWage: 215_000,
        supportPlan: { provider: 'SELF', organizationName: null },
      });
    } else {
      expiring(b, 'SPOUSE_OF_JAPANESE_NATIONAL', expiresOn, 1).employ({
        employer: 'e03',
        startDate: ago(ctx, 250),
        jobField: 'FOOD_SERVICE',
        weeklyHours: 40,
        monthlyWage: 210_000,
      });
    }
    b.apply('RENEWAL', addDays(expiresOn, -rng.int(10, 25)));
    out.push(b);
  }
  // Expiring within 90 days and nothing filed yet.
  const soon = [
    {
      status: 'ENGINEER_SPECIALIST_INTL_SERVICES' as const,
      days: 40,
      employer: 'e14',
      field: 'INTERNATIONAL_SERVICES' as const,
      fields: ENGINEER_FIELDS,
    },
    {
      status: 'SPECIFIED_SKILLED_WORKER_I' as const,
      days: 75,
      employer: 'e04',
      field: 'CONSTRUCTION' as const,
      fields: ['CONSTRUCTION' as const],
    },
    {
      status: 'LONG_TERM_RESIDENT' as const,
      days: 20,
      employer: 'e05',
      field: 'INDUSTRIAL_MANUFACTURING' as const,
      fields: [],
    },
  ];
  for (const s of soon) {
    const b = person(
      ctx,
      ['VN', 'BR', 'NP', 'CN'],
      [25, 45],
      `permit expires in ${s.days} days, no renewal filed`,
    );
    expiring(b, s.status, ahead(ctx, s.days), 1, { designatedFields: s.fields }).employ({
      employer: s.employer,
      startDate: ago(ctx, 200),
      jobField: s.field,
      weeklyHours: 40,
      monthlyWage: 250_000,
      supportPlan:
        s.status === 'SPECIFIED_SKILLED_WORKER_I'
          ? { provider: 'SELF', organizationName: null }
          : null,
    });
    out.push(b);
  }
  return out;
}

function workViolations(ctx: Ctx): WorkerBuilder[] {
  const out: WorkerBuilder[] = [];
  const noPermission = person(
    ctx,
    ['NP', 'VN'],
    [20, 25],
    'student working without a work permission',
  );
  noPermission
    .grant({
      status: 'STUDENT',
      grantedOn: ago(ctx, 300),
      expiresOn: ahead(ctx, 520),
      enrolledUntil: ahead(ctx, 480),
    })
    .employ({
      employer: 'e09',
      startDate: ago(ctx, 150),
      jobField: 'FOOD_SERVICE',
      weeklyHours: 18,
      monthlyWage: partTimeWage(ctx, 18),
    });
  out.push(noPermission);
  const visitor = person(ctx, ['TH', 'ID'], [25, 40], 'temporary visitor working on a farm', {
    noHealth: true,
  });
  visitor
    .grant({ status: 'TEMPORARY_VISITOR', grantedOn: ago(ctx, 40), expiresOn: ahead(ctx, 50) })
    .employ(
      {
        employer: 'e18',
        startDate: ago(ctx, 30),
        jobField: 'AGRICULTURE',
        weeklyHours: 40,
        monthlyWage: 160_000,
      },
      { noHireNotice: true, noSocialInsurance: true, noEmploymentInsurance: true },
    );
  out.push(visitor);
  const lapsed = person(
    ctx,
    ['CN', 'VN'],
    [28, 40],
    'dependent whose work permission lapsed 60 days ago, still at work',
  );
  lapsed.grant({ status: 'DEPENDENT', grantedOn: ago(ctx, 900), expiresOn: ahead(ctx, 195) });
  lapsed.permissions.push({
    grantedOn: ago(ctx, 890),
    expiresOn: ago(ctx, 60),
    maxWeeklyHours: 28,
  });
  lapsed.employ({
    employer: 'e07',
    startDate: ago(ctx, 400),
    jobField: 'OTHER',
    weeklyHours: 22,
    monthlyWage: 98_000,
  });
  out.push(lapsed);
  // Over 28 hours a week in total.
  const since = (b: WorkerBuilder, lo: number, hi: number) =>
    after(ctx, b.permits[0].grantedOn, lo, hi);
  const twoJobs = student(ctx, 'student at 29 h a week across two employers (16 + 13)').clearJobs();
  twoJobs
    .employ({
      employer: 'e07',
      startDate: since(twoJobs, 14, 40),
      jobField: 'OTHER',
      weeklyHours: 16,
      monthlyWage: partTimeWage(ctx, 16),
    })
    .employ({
      employer: 'e03',
      startDate: since(twoJobs, 41, 60),
      jobField: 'FOOD_SERVICE',
      weeklyHours: 13,
      monthlyWage: partTimeWage(ctx, 13),
    });
  out.push(twoJobs);
  const fullTimeStudent = student(ctx, 'student working 34 h a week at one restaurant').clearJobs();
  fullTimeStudent.employ({
    employer: 'e03',
    startDate: since(fullTimeStudent, 14, 60),
    jobField: 'FOOD_SERVICE',
    weeklyHours: 34,
    monthlyWage: partTimeWage(ctx, 34),
  });
  out.push(fullTimeStudent);
  const busyDependent = dependent(ctx).clearJobs();
  busyDependent.worker.story = 'dependent at 30 h a week across two employers';
  busyDependent
    .employ({
      employer: 'e07',
      startDate: since(busyDependent, 14, 40),
      jobField: 'OTHER',
      weeklyHours: 18,
      monthlyWage: partTimeWage(ctx, 18),
    })
    .employ({
      employer: 'e09',
      startDate: since(busyDependent, 41, 60),
      jobField: 'FOOD_SERVICE',
      weeklyHours: 12,
      monthlyWage: partTimeWage(ctx, 12),
    });
  out.push(busyDependent);
  // No longer enrolled at school but still working.
  for (const days of [45, 120]) {
    const b = student(ctx, `left school ${days} days ago, still working`).clearJobs();
    b.lastPermit.enrolledUntil = ago(ctx, days);
    b.employ({
      employer: 'e07',
      startDate: since(b, 14, 60),
      jobField: 'OTHER',
      weeklyHours: 20,
      monthlyWage: partTimeWage(ctx, 20),
    });
    out.push(b);
  }
  // Outside the designated activity.
  const nurseInKitchen = ssw(
    ctx,
    'e03',
    'FOOD_SERVICE',
    'SSW (i) nursing care permit, working in a restaurant kitchen',
  );
  for (const p of nurseInKitchen.permits)
    if (p.status === 'SPECIFIED_SKILLED_WORKER_I') p.designatedFields = ['NURSING_CARE'];
  out.push(nurseInKitchen);
  const lineWorker = engineer(ctx, 'e05', 'INDUSTRIAL_MANUFACTURING');
  lineWorker.worker.story = 'engineer permit, placed on a factory production line';
  out.push(lineWorker);
  const movedIntern = person(
    ctx,
    ['VN', 'ID'],
    [20, 28],
    'intern designated to e16, moved to another farm without approval',
  );
  movedIntern
    .grant({
      status: 'TECHNICAL_INTERN_TRAINING',
      grantedOn: ago(ctx, 500),
      expiresOn: ahead(ctx, 230),
      designatedFields: ['AGRICULTURE'],
      designatedEmployer: 'e16',
    })
    .employ({
      employer: 'e16',
      startDate: ago(ctx, 470),
      endedOn: ago(ctx, 150),
      jobField: 'AGRICULTURE',
      weeklyHours: 40,
      monthlyWage: 170_000,
    })
    .employ({
      employer: 'e18',
      startDate: ago(ctx, 140),
      jobField: 'AGRICULTURE',
      weeklyHours: 40,
      monthlyWage: 175_000,
    });
  out.push(movedIntern);
  return out;
}

function employerViolations(ctx: Ctx): WorkerBuilder[] {
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

function arrearsViolations(ctx: Ctx): WorkerBuilder[] {
  const { ref } = ctx;
  const out: WorkerBuilder[] = [];
  const s = student(ctx, 'student who did not pay resident tax (ordinary collection)');
  s.assess(overdueTax(ref, 'ORDINARY', null, 36_000));
  out.push(s);
  const partial = family(ctx, 'SPOUSE_OF_JAPANESE_NATIONAL', ['PH', 'TH']);
  partial.worker.story = 'paid only part of the resident tax (ordinary collection)';
  partial.assess(overdueTax(ref, 'ORDINARY', null, 84_000, 30_000));
  out.push(partial);
  const special = ssw(
    ctx,
    'e03',
    'FOOD_SERVICE',
    'resident tax withheld by e03 but not paid over (special collection)',
  );
  special.assess(overdueTax(ref, 'SPECIAL', 'e03', 96_000));
  out.push(special);
  // Renewal coming up while in arrears.
  const atRisk = person(
    ctx,
    ['CN', 'NP'],
    [27, 40],
    'renewal pending while resident tax is unpaid (worker)',
  );
  expiring(atRisk, 'ENGINEER_SPECIALIST_INTL_SERVICES', ahead(ctx, 50), 3, {
    designatedFields: ENGINEER_FIELDS,
  })
    .apply('RENEWAL', ago(ctx, 5))
    .employ({
      employer: 'e14',
      startDate: ago(ctx, 1_000),
      jobField: 'HUMANITIES',
      weeklyHours: 40,
      monthlyWage: 260_000,
    })
    .assess(overdueTax(ref, 'ORDINARY', null, 120_000));
  out.push(atRisk);
  const employerFault = person(
    ctx,
    ['BR'],
    [30, 50],
    'renewal pending; only the employer owes (special collection unpaid)',
  );
  expiring(employerFault, 'LONG_TERM_RESIDENT', ahead(ctx, 60), 3)
    .apply('RENEWAL', ago(ctx, 10))
    .employ({
      employer: 'e05',
      startDate: ago(ctx, 1_000),
      jobField: 'INDUSTRIAL_MANUFACTURING',
      weeklyHours: 40,
      monthlyWage: 250_000,
    })
    .assess(overdueTax(ref, 'SPECIAL', 'e05', 110_000));
  out.push(employerFault);
  const pension = person(
    ctx,
    ['PH', 'CN'],
    [30, 45],
    'permit expires in 30 days, national pension unpaid',
  );
  expiring(pension, 'SPOUSE_OF_JAPANESE_NATIONAL', ahead(ctx, 30), 1).owe({
    scheme: 'NATIONAL_PENSION',
    since: ago(ctx, 240),
    amount: 136_000,
    settledOn: null,
  });
  out.push(pension);
  // Specified Skilled Workers at employers in arrears (e11 tax, e12 health insurance).
  for (let i = 0; i < 3; i += 1)
    out.push(
      ssw(ctx, 'e11', 'BUILDING_CLEANING', 'SSW (i) at e11, which owes special-collection tax'),
    );
  for (let i = 0; i < 3; i += 1)
    out.push(
      ssw(
        ctx,
        'e12',
        'FOOD_MANUFACTURING',
        'SSW (i) at e12, which owes health-insurance contributions',
      ),
    );
  // Permanent residents in arrears: a human review, never an automatic consequence.
  const pr1 = permanentResident(
    ctx,
    'permanent resident with unpaid national pension and health insurance',
  );
  pr1
    .owe({ scheme: 'NATIONAL_PENSION', since: ago(ctx, 400), amount: 204_000, settledOn: null })
    .owe({ scheme: 'NATIONAL_HEALTH', since: ago(ctx, 300), amount: 88_000, settledOn: null });
  out.push(pr1);
  const pr2 = permanentResident(ctx, 'permanent resident with unpaid resident tax');
  pr2.assess(overdueTax(ref, 'ORDINARY', null, 150_000, 50_000));
  out.push(pr2);
  return out;
}

function inactiveWorkers(ctx: Ctx): WorkerBuilder[] {
  const a = person(ctx, ['CN', 'IN'], [26, 40], 'engineer separated five months ago, no new job');
  a.grant({
    status: 'ENGINEER_SPECIALIST_INTL_SERVICES',
    grantedOn: ago(ctx, 800),
    expiresOn: ahead(ctx, 300),
    designatedFields: ENGINEER_FIELDS,
  }).employ({
    employer: 'e14',
    startDate: ago(ctx, 780),
    endedOn: addMonths(ctx.ref, -5),
    jobField: 'INTERNATIONAL_SERVICES',
    weeklyHours: 40,
    monthlyWage: 265_000,
  });
  const b = person(ctx, ['VN', 'ID'], [23, 33], 'SSW (i) separated four months ago, no new job');
  b.grant({
    status: 'SPECIFIED_SKILLED_WORKER_I',
    grantedOn: ago(ctx, 300),
    expiresOn: ahead(ctx, 65 + 90),
    designatedFields: ['BUILDING_CLEANING'],
  }).employ({
    employer: 'e19',
    startDate: ago(ctx, 290),
    endedOn: addMonths(ctx.ref, -4),
    jobField: 'BUILDING_CLEANING',
    weeklyHours: 40,
    monthlyWage: 200_000,
    supportPlan: { provider: 'SELF', organizationName: null },
  });
  const c = person(
    ctx,
    ['KR', 'LK'],
    [24, 32],
    'engineer permit granted 130 days ago, never employed',
  );
  c.grant({
    status: 'ENGINEER_SPECIALIST_INTL_SERVICES',
    grantedOn: ago(ctx, 130),
    expiresOn: ahead(ctx, 235),
    designatedFields: ENGINEER_FIELDS,
  });
  return [a, b, c];
}

export function violatingWorkers(ctx: Ctx): DemoWorker[] {
  return [
    ...residenceViolations(ctx),
    ...workViolations(ctx),
    ...employerViolations(ctx),
    ...arrearsViolations(ctx),
    ...inactiveWorkers(ctx),
  ].map((b) => b.build());
}
