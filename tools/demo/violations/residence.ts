/** Residence situations: overstays, late or denied renewals, special periods, expiring permits. */
import { addDays, addMonths } from '../dates';
import type { WorkerBuilder } from '../builder';
import { ago, ahead, ENGINEER_FIELDS, person, type Ctx } from '../people';
import { expiring } from './helpers';

export function residenceViolations(ctx: Ctx): WorkerBuilder[] {
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
