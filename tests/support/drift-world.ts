/**
 * The drift test's random world (tests/e2e/drift.e2e.test.ts): seeded mutations through the
 * gateway over all five registries — workers, permits, hires and separations, insurance, arrears
 * and settlements, tax, addresses — on targets the sequence itself created, counted as applied,
 * refused by a registry's rules, or NOT_FOUND.
 */
import { addDays, type CalendarDate } from '../../subgraphs/kit/dates';
import type { SubgraphName } from '../../subgraphs/kit/config';
import { INSURANCE_SCHEMES } from '../../subgraphs/law/vocabulary';
import { mulberry32, type Random } from '../../tools/demo/random';
import type { Stack } from './stack';

const NATIONALITIES = ['VN', 'NP', 'PH', 'ID', 'MM', 'CN', 'LK'];
const STATUSES = [
  'STUDENT',
  'STUDENT',
  'SPECIFIED_SKILLED_WORKER_I',
  'TECHNICAL_INTERN_TRAINING',
  'ENGINEER_SPECIALIST_INTL_SERVICES',
  'DEPENDENT',
  'PERMANENT_RESIDENT',
];
const FIELDS = ['FOOD_SERVICE', 'NURSING_CARE', 'CONSTRUCTION', 'AGRICULTURE', 'ENGINEERING'];
const SCHEMES = INSURANCE_SCHEMES;
export const MUNICIPALITIES = ['131016', '271004', '141003'];

/** One random mutation of one registry concerning one worker or employer. */
type Step = { registry: SubgraphName; apply(): Promise<void> };

/** How much the sequence did, and how much was checked (printed at the end of the test). */
export interface DriftSize {
  applied: number;
  rejected: number;
  notFound: number;
  daysMoved: number;
  checks: number;
  workersChecked: number;
}

export class DriftWorld {
  readonly rng: Random;
  /** The evaluation date: the monitor's clock, moved forward by the test. */
  today: CalendarDate;
  /** What the sequence has created, to pick targets from. */
  readonly created = {
    employers: [] as string[],
    workers: [] as string[],
    employments: [] as { id: string; workerId: string; employerId: string; start: string }[],
    enrollments: [] as { id: string; start: string }[],
    arrears: [] as string[],
    assessments: [] as string[],
    taxArrears: [] as string[],
    applications: [] as string[],
    registrations: [] as { id: string; movedIn: string }[],
  };
  readonly size: DriftSize = {
    applied: 0,
    rejected: 0,
    notFound: 0,
    daysMoved: 0,
    checks: 0,
    workersChecked: 0,
  };

  constructor(
    private readonly stack: () => Stack,
    seed: number,
    today: CalendarDate,
  ) {
    this.rng = mulberry32(seed);
    this.today = today;
  }

  /**
   * One mutation through the gateway; its object, or null when the registry refused it (a random
   * input may break a rule of the registry: BAD_USER_INPUT or CONFLICT, counted apart).
   */
  async run(name: string, input: Record<string, unknown>): Promise<{ id: string } | null> {
    const type = `${name[0].toUpperCase()}${name.slice(1)}Input`;
    const res = await this.stack().query(
      `mutation M($input: ${type}!) { m: ${name}(input: $input) { id } }`,
      { input },
    );
    const code = res.errors?.[0]?.extensions?.code;
    if (code === 'BAD_USER_INPUT' || code === 'CONFLICT') {
      this.size.rejected += 1;
      return null;
    }
    // Seen on a loaded PostgreSQL server ("too many clients"): a registry's reference check said
    // an existing worker does not exist. Counted and printed, not this test's subject (the monitor).
    if (code === 'NOT_FOUND') {
      this.size.notFound += 1;
      return null;
    }
    if (res.errors?.length) throw new Error(`${name}: ${JSON.stringify(res.errors[0])}`);
    this.size.applied += 1;
    return (res.data as { m: { id: string } }).m;
  }

  /** A day between `from` and `to` days from today. */
  day(from: number, to: number): CalendarDate {
    return addDays(this.today, this.rng.int(from, to));
  }

  private take<T>(items: T[]): T | undefined {
    return items.length
      ? items.splice(Math.floor(this.rng.next() * items.length), 1)[0]
      : undefined;
  }

  async registerEmployer(): Promise<void> {
    const employees = this.rng.int(1, 80);
    const e = await this.run('registerEmployer', {
      name: `Drift Works ${this.created.employers.length + 1}`,
      legalForm: this.rng.pick(['CORPORATION', 'SOLE_PROPRIETOR']),
      employeeCount: employees,
      insuredHeadcount: this.rng.int(0, employees),
    });
    if (e) this.created.employers.push(e.id);
  }

  async grantPermit(workerId: string): Promise<void> {
    const status = this.rng.pick(STATUSES);
    const expiresOn = status === 'PERMANENT_RESIDENT' ? undefined : this.day(-10, 200);
    await this.run('grantResidencePermit', {
      workerId,
      status,
      grantedOn: this.day(-500, -1),
      ...(expiresOn ? { expiresOn } : {}),
      ...(status === 'STUDENT' ? { enrolledUntil: addDays(expiresOn!, -this.rng.int(0, 60)) } : {}),
    });
  }

  async startEmployment(workerId: string): Promise<void> {
    const employerId = this.rng.pick(this.created.employers);
    const start = this.day(-300, 20);
    const e = await this.run('startEmployment', {
      workerId,
      employerId,
      startDate: start,
      jobField: this.rng.pick(FIELDS),
      weeklyHours: this.rng.pick([8, 14, 20, 28, 32, 40]),
      monthlyWage: this.rng.int(6, 30) * 10000,
    });
    if (e) this.created.employments.push({ id: e.id, workerId, employerId, start });
  }

  async registerWorker(): Promise<string | null> {
    const w = await this.run('registerWorker', {
      fullName: `Drift Person ${this.created.workers.length + 1}`,
      nationality: this.rng.pick(NATIONALITIES),
      dateOfBirth: `${this.rng.int(1975, 2006)}-0${this.rng.int(1, 9)}-1${this.rng.int(0, 9)}`,
    });
    if (!w) return null;
    this.created.workers.push(w.id);
    return w.id;
  }

  /** `n` random mutations, none on registry `except`. */
  async mutations(n: number, except?: SubgraphName): Promise<void> {
    const steps = this.steps.filter((s) => s.registry !== except);
    for (let k = 0; k < n; k++) await this.rng.pick(steps).apply();
  }

  private readonly steps: Step[] = [
    { registry: 'residence', apply: async () => void (await this.registerWorker()) },
    { registry: 'residence', apply: () => this.grantPermit(this.rng.pick(this.created.workers)) },
    {
      registry: 'residence',
      apply: async () =>
        void (await this.run('grantWorkPermission', {
          workerId: this.rng.pick(this.created.workers),
          grantedOn: this.day(-200, 0),
          ...(this.rng.chance(0.5) ? { expiresOn: this.day(1, 200) } : {}),
        })),
    },
    {
      registry: 'residence',
      apply: async () => {
        const a = await this.run('fileResidenceApplication', {
          workerId: this.rng.pick(this.created.workers),
          kind: this.rng.pick(['RENEWAL', 'CHANGE_OF_STATUS']),
          filedOn: this.day(-30, 0),
        });
        if (a) this.created.applications.push(a.id);
      },
    },
    {
      registry: 'residence',
      apply: async () => {
        const applicationId = this.take(this.created.applications);
        if (applicationId)
          await this.run('decideResidenceApplication', {
            applicationId,
            decidedOn: this.today,
            outcome: this.rng.pick(['GRANTED', 'DENIED']),
          });
      },
    },
    {
      registry: 'employment',
      apply: () => this.startEmployment(this.rng.pick(this.created.workers)),
    },
    {
      registry: 'employment',
      apply: async () => {
        const e = this.take(this.created.employments);
        if (!e) return;
        const end = this.day(-20, 40);
        await this.run('endEmployment', {
          employmentId: e.id,
          endDate: end < e.start ? e.start : end,
        });
      },
    },
    {
      registry: 'employment',
      apply: async () => {
        const e = this.rng.pick(this.created.employments);
        if (e)
          await this.run('fileEmploymentNotification', {
            employmentId: e.id,
            kind: this.rng.pick(['HIRE', 'SEPARATION']),
            filedOn: this.day(-20, 0),
          });
      },
    },
    {
      registry: 'insurance',
      apply: async () => {
        const scheme = this.rng.pick(SCHEMES);
        const employment = scheme.startsWith('EMPLOY')
          ? this.rng.pick(this.created.employments)
          : undefined;
        const start = this.day(-200, 0);
        const e = await this.run('enrollInsurance', {
          workerId: employment?.workerId ?? this.rng.pick(this.created.workers),
          scheme,
          ...(employment ? { employerId: employment.employerId } : {}),
          startDate: start,
        });
        if (e) this.created.enrollments.push({ id: e.id, start });
      },
    },
    {
      registry: 'insurance',
      apply: async () => {
        const e = this.take(this.created.enrollments);
        if (!e) return;
        const end = this.day(-10, 30);
        await this.run('endInsuranceEnrollment', {
          enrollmentId: e.id,
          endDate: end < e.start ? e.start : end,
        });
      },
    },
    {
      registry: 'insurance',
      apply: async () => {
        const a = await this.run('recordContributionArrears', {
          ...(this.rng.chance(0.6)
            ? { workerId: this.rng.pick(this.created.workers) }
            : { employerId: this.rng.pick(this.created.employers) }),
          scheme: this.rng.pick(SCHEMES),
          since: this.day(-200, -1),
          amount: this.rng.int(1, 50) * 1000,
        });
        if (a) this.created.arrears.push(a.id);
      },
    },
    {
      registry: 'insurance',
      apply: async () => {
        const arrearsId = this.take(this.created.arrears);
        if (arrearsId)
          await this.run('settleContributionArrears', { arrearsId, settledOn: this.today });
      },
    },
    {
      registry: 'tax',
      apply: async () => {
        const special = this.rng.chance(0.4) && this.created.employments.length > 0;
        const employment = special ? this.rng.pick(this.created.employments) : undefined;
        const a = await this.run('assessTax', {
          workerId: employment?.workerId ?? this.rng.pick(this.created.workers),
          kind: this.rng.pick(['RESIDENT_TAX', 'INCOME_TAX']),
          fiscalYear: Number(this.today.slice(0, 4)) - this.rng.int(0, 1),
          amount: this.rng.int(1, 30) * 1000,
          dueDate: this.day(-60, 60),
          collection: special ? 'SPECIAL' : 'ORDINARY',
          ...(employment ? { collectingEmployerId: employment.employerId } : {}),
        });
        if (a) this.created.assessments.push(a.id);
      },
    },
    {
      registry: 'tax',
      apply: async () => {
        const assessmentId = this.rng.pick(this.created.assessments);
        if (assessmentId)
          await this.run('recordTaxPayment', {
            assessmentId,
            paidOn: this.today,
            amount: this.rng.int(1, 30) * 1000,
          });
      },
    },
    {
      registry: 'tax',
      apply: async () => {
        const a = await this.run('recordEmployerTaxArrears', {
          employerId: this.rng.pick(this.created.employers),
          since: this.day(-120, -1),
          amount: this.rng.int(1, 90) * 1000,
        });
        if (a) this.created.taxArrears.push(a.id);
      },
    },
    {
      registry: 'tax',
      apply: async () => {
        const arrearsId = this.take(this.created.taxArrears);
        if (arrearsId)
          await this.run('settleEmployerTaxArrears', { arrearsId, settledOn: this.today });
      },
    },
    {
      registry: 'municipality',
      apply: async () => {
        const movedIn = this.day(-90, 0);
        const r = await this.run('notifyAddress', {
          workerId: this.rng.pick(this.created.workers),
          municipalityCode: this.rng.pick(MUNICIPALITIES),
          movedInOn: movedIn,
          notifiedOn: addDays(movedIn, this.rng.int(0, 30)),
        });
        if (r) this.created.registrations.push({ id: r.id, movedIn });
      },
    },
    {
      registry: 'municipality',
      apply: async () => {
        const r = this.take(this.created.registrations);
        if (!r) return;
        const out = this.day(-10, 10);
        await this.run('notifyMoveOut', {
          registrationId: r.id,
          movedOutOn: out < r.movedIn ? r.movedIn : out,
        });
      },
    },
  ];
}
