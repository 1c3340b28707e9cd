/**
 * A seeded generator of random WorkerFacts for property tests of the engine: every date lies near
 * the evaluation date, so permits expire, deadlines pass and applications are decided around it.
 */
import { addDays, type CalendarDate } from '../../../subgraphs/kit/dates';
import type { EmployerFact, WorkerFacts } from '../../../subgraphs/consistency/engine/facts';
import {
  JOB_FIELDS,
  RESIDENCE_STATUSES,
  type ResidenceStatus,
} from '../../../subgraphs/law/vocabulary';
import { mulberry32, type Random } from '../../../tools/demo/random';
import {
  application,
  arrears,
  assessment,
  employer,
  employerTaxArrears,
  employment,
  enrollment,
  notification,
  permission,
  permit,
  registration,
  withholding,
  worker,
} from './builders';

const SCHEMES = [
  'EMPLOYEES_HEALTH',
  'EMPLOYEES_PENSION',
  'NATIONAL_HEALTH',
  'NATIONAL_PENSION',
  'EMPLOYMENT_INSURANCE',
] as const;

/** `count` items made by `make`, between 0 and `max` of them. */
const some = <T>(r: Random, max: number, make: () => T): T[] =>
  Array.from({ length: r.int(0, max) }, make);

function randomEmployer(r: Random, on: () => CalendarDate, i: number): EmployerFact {
  return employer({
    id: `employer-${i}`,
    name: `Employer ${i}`,
    legalForm: r.chance(0.7) ? 'CORPORATION' : 'SOLE_PROPRIETOR',
    employeeCount: r.pick([2, 5, 40, 300]),
    insuredHeadcount: r.pick([3, 15, 30, 45, 60, 200]),
    contributionArrears: some(r, 1, () =>
      arrears({ scheme: 'EMPLOYEES_PENSION', since: on(), settledOn: r.chance(0.5) ? on() : null }),
    ),
    taxArrears: some(r, 1, () =>
      employerTaxArrears({ since: on(), settledOn: r.chance(0.5) ? on() : null }),
    ),
  });
}

/** One random worker and a random evaluation date, reproducible from `seed`. */
export function randomCase(seed: number): { facts: WorkerFacts; asOf: CalendarDate } {
  const r = mulberry32(seed);
  const asOf = addDays('2025-01-01', r.int(0, 12 * 365));
  const on = () => addDays(asOf, r.int(-500, 400));
  const maybe = (p: number) => (r.chance(p) ? on() : null);
  const employers = [0, 1].map((i) => randomEmployer(r, on, i));
  const statuses: readonly ResidenceStatus[] = r.chance(0.5)
    ? RESIDENCE_STATUSES
    : ['STUDENT', 'SPECIFIED_SKILLED_WORKER_I'];
  const facts = worker({
    id: `worker-${seed}`,
    dateOfBirth: r.chance(0.2)
      ? addDays(asOf, -70 * 365 + r.int(-200, 200))
      : addDays(asOf, -r.int(18, 60) * 365),
    permits: some(r, 2, () => {
      const grantedOn = on();
      return permit({
        status: r.pick(statuses),
        grantedOn,
        expiresOn: r.chance(0.9) ? addDays(grantedOn, r.pick([20, 200, 365, 1000])) : null,
        designatedFields: r.chance(0.5) ? [r.pick(JOB_FIELDS)] : [],
        designatedEmployerId: r.chance(0.3) ? r.pick(employers).id : null,
        enrolledUntil: maybe(0.5),
      });
    }),
    applications: some(r, 2, () => {
      const filedOn = on();
      const decidedOn = r.chance(0.5) ? addDays(filedOn, r.int(1, 120)) : null;
      return application({
        kind: r.pick(['RENEWAL', 'CHANGE_OF_STATUS', 'PERMANENT_RESIDENCE'] as const),
        filedOn,
        decidedOn,
        outcome: decidedOn ? r.pick(['GRANTED', 'DENIED'] as const) : null,
      });
    }),
    permissions: some(r, 1, () =>
      permission({ grantedOn: on(), expiresOn: maybe(0.5), maxWeeklyHours: r.pick([20, 28]) }),
    ),
    employments: some(r, 2, () => {
      const startDate = on();
      return employment({
        employer: r.pick(employers),
        startDate,
        endDate: r.chance(0.5) ? addDays(startDate, r.int(10, 400)) : null,
        jobField: r.pick(JOB_FIELDS),
        weeklyHours: r.pick([8, 15, 20, 25, 32, 40]),
        monthlyWage: r.pick([60_000, 90_000, 250_000]),
        supportPlan: r.chance(0.5) ? { provider: 'SELF', organizationName: null } : null,
        notifications: some(r, 2, () =>
          notification({
            kind: r.pick(['HIRE', 'SEPARATION'] as const),
            filedOn: on(),
            reportedStatus: r.chance(0.3) ? r.pick(statuses) : null,
          }),
        ),
      });
    }),
    enrollments: some(r, 3, () =>
      enrollment({
        scheme: r.pick(SCHEMES),
        employerId: r.pick(employers).id,
        startDate: on(),
        endDate: maybe(0.4),
      }),
    ),
    contributionArrears: some(r, 1, () =>
      arrears({ since: on(), settledOn: maybe(0.5), scheme: r.pick(SCHEMES) }),
    ),
    assessments: some(r, 2, () =>
      assessment({
        fiscalYear: Number(asOf.slice(0, 4)) - 1,
        dueDate: on(),
        amount: 100_000,
        collection: r.pick(['SPECIAL', 'ORDINARY'] as const),
        collectingEmployerId: r.pick(employers).id,
        payments: some(r, 2, () => ({ id: '', paidOn: on(), amount: 50_000 })),
      }),
    ),
    withholdingReports: some(r, 2, () =>
      withholding({
        employerId: r.pick(employers).id,
        year: Number(asOf.slice(0, 4)) + r.int(-2, 1),
      }),
    ),
    missing: r.chance(0.1)
      ? [r.pick(['RESIDENCE', 'EMPLOYMENT', 'INSURANCE', 'TAX', 'MUNICIPALITY'] as const)]
      : [],
    // Moves and late notifications around D; sometimes none at all (the arrival case).
    addressRegistrations: some(r, 2, () => {
      const movedInOn = on();
      return registration({
        movedInOn,
        notifiedOn: addDays(movedInOn, r.pick([0, 10, 20, 120])),
        movedOutOn: r.chance(0.5) ? addDays(movedInOn, r.int(0, 300)) : null,
      });
    }),
  });
  return { facts, asOf };
}
