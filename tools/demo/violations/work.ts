/** Work situations: no permission, too many hours, not enrolled, outside the designated activity. */
import type { WorkerBuilder } from '../builder';
import { dependent, engineer, ssw, student } from '../compliant';
import { after, ago, ahead, partTimeWage, person, type Ctx } from '../people';

export function workViolations(ctx: Ctx): WorkerBuilder[] {
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
