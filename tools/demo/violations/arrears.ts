/**
 * Arrears (worker, employer, special collection), designated-status workers left without work, and
 * a registered worker with no residence status on record.
 */
import { addMonths } from '../dates';
import type { WorkerBuilder } from '../builder';
import { family, permanentResident, ssw, student } from '../compliant';
import { ago, ahead, ENGINEER_FIELDS, person, type Ctx } from '../people';
import { expiring, overdueTax } from './helpers';

export function arrearsViolations(ctx: Ctx): WorkerBuilder[] {
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

export function inactiveWorkers(ctx: Ctx): WorkerBuilder[] {
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
  // Registered, but no permit recorded: the records do not say on what status the person stays.
  const d = person(
    ctx,
    ['NP', 'LK'],
    [21, 28],
    'registered after arrival; no residence permit recorded yet',
  );
  return [a, b, c, d];
}
