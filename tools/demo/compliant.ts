/** Workers whose records agree across the four registries (the large majority of the demo). */
import { addDays } from './dates';
import type { JobField, ResidenceStatus } from '../../subgraphs/law/vocabulary';
import type { WorkerBuilder } from './builder';
import {
  after,
  ago,
  ENGINEER_FIELDS,
  fullTimeWage,
  partTimeWage,
  person,
  supportPlan,
  years,
  type Ctx,
} from './people';
import type { DemoWorker } from './types';

const SSW_NATIONS = ['VN', 'VN', 'ID', 'PH', 'MM', 'NP'];
const TITP_NATIONS = ['VN', 'VN', 'VN', 'ID', 'PH', 'MM', 'CN'];

/** Specified Skilled Worker (i); some came up through technical intern training at the same employer. */
export function ssw(ctx: Ctx, employer: string, field: JobField, story = ''): WorkerBuilder {
  const { rng } = ctx;
  const b = person(ctx, SSW_NATIONS, [21, 38], story || `SSW (i) in ${field}, everything in order`);
  const permit = { status: 'SPECIFIED_SKILLED_WORKER_I' as const, designatedFields: [field] };
  const job = { employer, jobField: field, weeklyHours: 40, supportPlan: supportPlan(ctx) };
  if (rng.chance(0.35)) {
    const g0 = ago(ctx, rng.int(1_500, 1_900));
    const intern = {
      status: 'TECHNICAL_INTERN_TRAINING' as const,
      designatedFields: [field],
      designatedEmployer: employer,
    };
    const change = addDays(years(g0, 3), -rng.int(15, 30));
    b.grant({ ...intern, grantedOn: g0, expiresOn: years(g0, 1) })
      .keepValid(2, addDays(change, 1))
      .employ({
        ...job,
        supportPlan: null,
        startDate: addDays(g0, 30),
        endDate: change,
        monthlyWage: fullTimeWage(ctx, 160, 185),
      })
      .changeStatus({ ...permit, expiresOn: years(change, 1) }, change)
      .keepValid(1)
      .employ({ ...job, startDate: addDays(change, 1), monthlyWage: fullTimeWage(ctx, 195, 240) });
  } else {
    const g = ago(ctx, rng.int(40, 1_000));
    b.grant({ ...permit, grantedOn: g, expiresOn: years(g, 1) })
      .keepValid(1)
      .employ({
        ...job,
        startDate: after(ctx, g, 3, 14),
        monthlyWage: fullTimeWage(ctx, 190, 245),
      });
  }
  return b;
}

export function intern(ctx: Ctx, employer: string, field: JobField): WorkerBuilder {
  const g = ago(ctx, ctx.rng.int(30, 1_000));
  return person(
    ctx,
    TITP_NATIONS,
    [19, 30],
    `technical intern in ${field} at the designated employer`,
  )
    .grant({
      status: 'TECHNICAL_INTERN_TRAINING',
      grantedOn: g,
      expiresOn: years(g, 1),
      designatedFields: [field],
      designatedEmployer: employer,
    })
    .keepValid(2)
    .employ({
      employer,
      startDate: after(ctx, g, 25, 35),
      jobField: field,
      weeklyHours: 40,
      monthlyWage: fullTimeWage(ctx, 160, 190),
    });
}

/** Engineer/Specialist in Humanities/International Services; some studied in Japan first. */
export function engineer(ctx: Ctx, employer: string, field: JobField): WorkerBuilder {
  const { rng } = ctx;
  const b = person(
    ctx,
    ['CN', 'IN', 'KR', 'VN', 'NP', 'LK', 'TH', 'ID'],
    [23, 45],
    `engineer/specialist (${field})`,
    {
      permissions: true,
    },
  );
  const g = ago(ctx, rng.int(60, 2_500));
  const permit = {
    status: 'ENGINEER_SPECIALIST_INTL_SERVICES' as const,
    designatedFields: ENGINEER_FIELDS,
  };
  const term = rng.pick([1, 3, 5]);
  if (rng.chance(0.4)) {
    const s = addDays(g, -rng.int(700, 900));
    b.grant({
      status: 'STUDENT',
      grantedOn: s,
      expiresOn: addDays(g, 40),
      enrolledUntil: addDays(g, -10),
    })
      .employ({
        employer: rng.pick(['e03', 'e07']),
        startDate: addDays(s, rng.int(20, 60)),
        endDate: addDays(g, -15),
        jobField: 'OTHER',
        weeklyHours: 20,
        monthlyWage: partTimeWage(ctx, 20),
      })
      .changeStatus({ ...permit, expiresOn: years(g, term) }, g);
  } else {
    b.grant({ ...permit, grantedOn: g, expiresOn: years(g, term) });
  }
  b.keepValid(term);
  const start = after(ctx, g, 1, 20);
  const wage = fullTimeWage(ctx, 250, 450);
  if (g < ago(ctx, 900) && rng.chance(0.4)) {
    const switchOn = addDays(start, rng.int(300, 600));
    b.employ({
      employer: rng.pick(['e14', 'e15']),
      startDate: start,
      endedOn: switchOn,
      jobField: 'HUMANITIES',
      weeklyHours: 40,
      monthlyWage: wage,
    });
    b.employ({
      employer,
      startDate: addDays(switchOn, rng.int(10, 30)),
      jobField: field,
      weeklyHours: 40,
      monthlyWage: wage + 30_000,
    });
  } else {
    b.employ({ employer, startDate: start, jobField: field, weeklyHours: 40, monthlyWage: wage });
  }
  return b;
}

export function highlySkilled(ctx: Ctx): WorkerBuilder {
  const g = ago(ctx, ctx.rng.int(100, 1_500));
  return person(
    ctx,
    ['IN', 'CN', 'KR'],
    [28, 45],
    'highly skilled professional (i)(b) at the designated employer',
  )
    .grant({
      status: 'HIGHLY_SKILLED_PROFESSIONAL_I',
      grantedOn: g,
      expiresOn: years(g, 5),
      designatedFields: ['ENGINEERING'],
      designatedEmployer: 'e06',
    })
    .keepValid(5)
    .employ({
      employer: 'e06',
      startDate: after(ctx, g, 1, 10),
      jobField: 'ENGINEERING',
      weeklyHours: 40,
      monthlyWage: fullTimeWage(ctx, 500, 800),
    });
}

const PART_TIME: { employer: string; field: JobField }[] = [
  { employer: 'e07', field: 'OTHER' },
  { employer: 'e03', field: 'FOOD_SERVICE' },
  { employer: 'e08', field: 'ACCOMMODATION' },
  { employer: 'e09', field: 'FOOD_SERVICE' },
];

/** A student: enrolled, with a work permission, and part-time jobs within 28 hours a week. */
export function student(
  ctx: Ctx,
  story = 'student with a work permission, part-time within 28 h',
): WorkerBuilder {
  const { rng } = ctx;
  const g = ago(ctx, rng.int(60, 900));
  const b = person(ctx, ['NP', 'NP', 'VN', 'VN', 'CN', 'LK', 'MM', 'ID'], [19, 28], story, {
    permissions: true,
  });
  b.grant({
    status: 'STUDENT',
    grantedOn: g,
    expiresOn: addDays(years(g, 2), 90),
    enrolledUntil: null,
  }).keepValid(2);
  for (const p of b.permits) p.enrolledUntil = addDays(p.expiresOn ?? g, -45);
  const jobs = rng.int(0, 2);
  const first = rng.int(0, PART_TIME.length - 1);
  let hoursLeft = 28;
  for (let j = 0; j < jobs; j += 1) {
    const job = PART_TIME[(first + j) % PART_TIME.length];
    const hours = j === jobs - 1 ? rng.int(Math.min(10, hoursLeft), hoursLeft) : rng.int(10, 16);
    hoursLeft -= hours;
    b.employ({
      employer: job.employer,
      startDate: after(ctx, g, 14, 120),
      jobField: job.field,
      weeklyHours: hours,
      monthlyWage: partTimeWage(ctx, hours),
    });
  }
  return b;
}

/** A family member of a worker at e06, insured through that employer; some work a few hours. */
export function dependent(ctx: Ctx): WorkerBuilder {
  const { rng } = ctx;
  const g = ago(ctx, rng.int(60, 1_500));
  const b = person(
    ctx,
    ['CN', 'IN', 'NP', 'VN', 'KR'],
    [25, 45],
    'dependent of an engineer, insured as a family member',
    {
      permissions: true,
      healthVia: rng.chance(0.6) ? 'e06' : undefined,
    },
  );
  b.grant({ status: 'DEPENDENT', grantedOn: g, expiresOn: years(g, 3) }).keepValid(3);
  if (rng.chance(0.5)) {
    const hours = rng.int(8, 18);
    b.employ({
      employer: 'e07',
      startDate: after(ctx, g, 30, 200),
      jobField: 'OTHER',
      weeklyHours: hours,
      monthlyWage: partTimeWage(ctx, hours),
    });
  }
  return b;
}

const ANY_JOB: { employer: string; field: JobField }[] = [
  { employer: 'e05', field: 'INDUSTRIAL_MANUFACTURING' },
  { employer: 'e15', field: 'AUTOMOBILE_TRANSPORT' },
  { employer: 'e03', field: 'FOOD_SERVICE' },
  { employer: 'e01', field: 'NURSING_CARE' },
  { employer: 'e08', field: 'ACCOMMODATION' },
  { employer: 'e19', field: 'BUILDING_CLEANING' },
  { employer: 'e06', field: 'ENGINEERING' },
  { employer: 'e12', field: 'FOOD_MANUFACTURING' },
];

/** A permanent resident who earlier held a working or family status; some run their own business. */
export function permanentResident(
  ctx: Ctx,
  story = 'permanent resident, employed or self-employed, all paid',
): WorkerBuilder {
  const { rng } = ctx;
  const b = person(ctx, ['CN', 'PH', 'BR', 'KR', 'VN', 'NP'], [35, 58], story);
  const prOn = ago(ctx, rng.int(200, 2_500));
  const p0 = addDays(prOn, -rng.int(3_000, 4_500));
  const before: ResidenceStatus = rng.pick([
    'ENGINEER_SPECIALIST_INTL_SERVICES',
    'SPOUSE_OF_JAPANESE_NATIONAL',
    'LONG_TERM_RESIDENT',
  ]);
  b.grant({
    status: before,
    grantedOn: p0,
    expiresOn: years(p0, 3),
    designatedFields: before === 'ENGINEER_SPECIALIST_INTL_SERVICES' ? ENGINEER_FIELDS : [],
  })
    .keepValid(3, prOn)
    .changeStatus({ status: 'PERMANENT_RESIDENT', expiresOn: null }, prOn, 'PERMANENT_RESIDENCE');
  if (rng.chance(0.7)) {
    const job = rng.pick(ANY_JOB);
    const field = before === 'ENGINEER_SPECIALIST_INTL_SERVICES' ? 'ENGINEERING' : job.field;
    const employer = before === 'ENGINEER_SPECIALIST_INTL_SERVICES' ? 'e06' : job.employer;
    b.employ({
      employer,
      startDate: after(ctx, p0, 30, 900),
      jobField: field,
      weeklyHours: 40,
      monthlyWage: fullTimeWage(ctx, 240, 420),
    });
  } else {
    const fy = Number(ctx.ref.slice(0, 4)) - 1;
    const amount = rng.int(80, 400) * 1_000;
    b.assess({
      kind: 'INCOME_TAX',
      fiscalYear: fy,
      amount,
      dueDate: `${fy + 1}-03-15`,
      collection: 'ORDINARY',
      collectingEmployer: null,
      payments: [{ paidOn: `${fy + 1}-03-10`, amount }],
    });
  }
  return b;
}

/** Spouses of Japanese nationals or of permanent residents, and long-term residents (work unrestricted). */
export function family(ctx: Ctx, status: ResidenceStatus, nations: string[]): WorkerBuilder {
  const { rng } = ctx;
  const g = ago(ctx, rng.int(100, 3_000));
  const term = rng.pick([1, 3, 5]);
  const b = person(
    ctx,
    nations,
    [24, 52],
    `${status.toLowerCase().replace(/_/g, ' ')}, working without restriction`,
  );
  b.grant({ status, grantedOn: g, expiresOn: years(g, term) }).keepValid(term);
  if (status === 'LONG_TERM_RESIDENT' || rng.chance(0.75)) {
    const job = status === 'LONG_TERM_RESIDENT' ? rng.pick(ANY_JOB.slice(0, 2)) : rng.pick(ANY_JOB);
    const hours = rng.chance(0.8) ? 40 : rng.int(20, 29);
    b.employ({
      employer: job.employer,
      startDate: after(ctx, g, 20, 600),
      jobField: job.field,
      weeklyHours: hours,
      monthlyWage: hours === 40 ? fullTimeWage(ctx, 200, 320) : partTimeWage(ctx, hours),
    });
  }
  return b;
}

/** About 145 consistent workers across statuses, fields and employers. */
export function compliantWorkers(ctx: Ctx): DemoWorker[] {
  const out: WorkerBuilder[] = [];
  const add = (n: number, make: () => WorkerBuilder) => {
    for (let i = 0; i < n; i += 1) out.push(make());
  };
  add(6, () => ssw(ctx, 'e01', 'NURSING_CARE'));
  add(4, () => ssw(ctx, 'e02', 'NURSING_CARE'));
  add(4, () => ssw(ctx, 'e20', 'NURSING_CARE'));
  add(6, () => ssw(ctx, 'e03', 'FOOD_SERVICE'));
  add(4, () => ssw(ctx, 'e08', 'ACCOMMODATION'));
  add(4, () => ssw(ctx, 'e04', 'CONSTRUCTION'));
  add(4, () => ssw(ctx, 'e19', 'BUILDING_CLEANING'));
  add(3, () => ssw(ctx, 'e16', 'AGRICULTURE'));
  add(3, () => ssw(ctx, 'e17', 'SHIPBUILDING'));
  add(3, () => ssw(ctx, 'e13', 'AUTOMOBILE_REPAIR'));
  add(3, () => ssw(ctx, 'e05', 'INDUSTRIAL_MANUFACTURING'));
  add(7, () => intern(ctx, 'e05', 'INDUSTRIAL_MANUFACTURING'));
  add(4, () => intern(ctx, 'e16', 'AGRICULTURE'));
  add(4, () => intern(ctx, 'e04', 'CONSTRUCTION'));
  add(3, () => intern(ctx, 'e17', 'SHIPBUILDING'));
  add(2, () => intern(ctx, 'e12', 'FOOD_MANUFACTURING'));
  add(2, () => intern(ctx, 'e18', 'AGRICULTURE'));
  add(9, () => engineer(ctx, 'e06', 'ENGINEERING'));
  add(4, () => engineer(ctx, 'e14', 'INTERNATIONAL_SERVICES'));
  add(3, () => engineer(ctx, 'e15', 'HUMANITIES'));
  add(2, () => engineer(ctx, 'e08', 'INTERNATIONAL_SERVICES'));
  add(3, () => highlySkilled(ctx));
  add(17, () => student(ctx));
  add(8, () => dependent(ctx));
  add(10, () => permanentResident(ctx));
  add(9, () => family(ctx, 'SPOUSE_OF_JAPANESE_NATIONAL', ['PH', 'CN', 'TH', 'KR', 'BR']));
  add(9, () => family(ctx, 'LONG_TERM_RESIDENT', ['BR', 'BR', 'PH']));
  add(3, () => family(ctx, 'SPOUSE_OF_PERMANENT_RESIDENT', ['CN', 'PH', 'VN']));
  return out.map((b) => b.build());
}
