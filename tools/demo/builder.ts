import {
  DEFAULT_MAX_WEEKLY_HOURS,
  type JobField,
  type ResidenceStatus,
} from '../../subgraphs/law/vocabulary';
import { addDays, addMonths, type CalendarDate } from './dates';
import {
  coveredByEmploymentInsurance,
  coveredBySocialInsurance,
  endOf,
  max,
  min,
  nationalCover,
  notifications,
  reportYears,
  residentTax,
  withholdingReport,
} from './derive';
import type { EmployerIndex } from './employers';
import type { Random } from './random';
import type {
  ApplicationKind,
  DemoApplication,
  DemoArrears,
  DemoAssessment,
  DemoEmployment,
  DemoEnrollment,
  DemoPermit,
  DemoWorker,
  DemoWithholdingReport,
  DemoWorkPermission,
  RegistryFacts,
} from './types';

/** One report per employer and year: two stints with one employer in a year add up. */
function mergeReports(reports: DemoWithholdingReport[]): DemoWithholdingReport[] {
  const byKey = new Map<string, DemoWithholdingReport>();
  for (const r of reports) {
    const key = `${r.employer}:${r.year}`;
    const seen = byKey.get(key);
    if (seen) {
      seen.grossPay += r.grossPay;
      seen.taxWithheld += r.taxWithheld;
    } else byKey.set(key, { ...r });
  }
  return [...byKey.values()];
}

/** What a scenario leaves undone or gets wrong about one employment. */
export interface Faults {
  noHireNotice?: boolean;
  noSeparationNotice?: boolean;
  /** The hire notice reports this status instead of the real one. */
  reportedStatus?: ResidenceStatus;
  /** The hire notice reports an expiry this many months off. */
  reportedExpiryOffByMonths?: number;
  noSocialInsurance?: boolean;
  noEmploymentInsurance?: boolean;
  /** No withholding report for the latest year that is due. */
  missingLatestWithholding?: boolean;
}

export interface EmploymentSpec {
  employer: string;
  startDate: CalendarDate;
  endDate?: CalendarDate | null;
  endedOn?: CalendarDate | null;
  jobField: JobField;
  weeklyHours: number;
  monthlyWage: number;
  supportPlan?: DemoEmployment['supportPlan'];
}

export interface PermitSpec {
  status: ResidenceStatus;
  grantedOn: CalendarDate;
  expiresOn: CalendarDate | null;
  designatedFields?: JobField[];
  designatedEmployer?: string | null;
  enrolledUntil?: CalendarDate | null;
}

export interface WorkerOptions {
  /** No health insurance of any kind on top of what the employments bring. */
  noHealth?: boolean;
  /** Covered as a dependant through this employer's health insurance instead of national schemes. */
  healthVia?: string;
  /** No resident tax derived (e.g. recent arrivals are handled by the scenario). */
  noTax?: boolean;
  /** A work permission with every permit of a PERMISSION_REQUIRED status. */
  permissions?: boolean;
}

/** Builds one worker's record: the scenario states the facts, the builder adds the paperwork. */
export class WorkerBuilder {
  readonly permits: DemoPermit[] = [];
  readonly applications: DemoApplication[] = [];
  readonly permissions: DemoWorkPermission[] = [];
  readonly arrears: DemoArrears[] = [];
  readonly assessments: DemoAssessment[] = [];
  /** Employments with what goes wrong about each. */
  readonly jobs: { spec: DemoEmployment; faults: Faults }[] = [];
  /** Facts of other registries the scenario states (the registries derive the rest). */
  readonly registryFacts: Partial<RegistryFacts> = {};

  constructor(
    private readonly ref: CalendarDate,
    private readonly rng: Random,
    private readonly employers: EmployerIndex,
    readonly worker: Pick<DemoWorker, 'key' | 'fullName' | 'nationality' | 'dateOfBirth' | 'story'>,
    private readonly options: WorkerOptions = {},
  ) {}

  get lastPermit(): DemoPermit {
    const last = this.permits[this.permits.length - 1];
    if (!last) throw new Error(`${this.worker.key} has no permit`);
    return last;
  }

  grant(p: PermitSpec): this {
    this.permits.push({
      designatedFields: [],
      designatedEmployer: null,
      enrolledUntil: null,
      ...p,
    });
    return this;
  }

  apply(
    kind: ApplicationKind,
    filedOn: CalendarDate,
    decision: DemoApplication['decision'] = null,
  ): this {
    this.applications.push({ kind, filedOn, decision });
    return this;
  }

  /** Changes status: an application decided (granted) on `on`, and the new permit from that day. */
  changeStatus(
    p: Omit<PermitSpec, 'grantedOn'>,
    on: CalendarDate,
    kind: ApplicationKind = 'CHANGE_OF_STATUS',
  ): this {
    this.apply(kind, addDays(on, -this.rng.int(30, 70)), { decidedOn: on, outcome: 'GRANTED' });
    return this.grant({ ...p, grantedOn: on });
  }

  /**
   * Renews the last permit (same terms, `years` each time) until it runs past `until` (default:
   * `ref` + 90 days, so no renewal is due yet; a renewal that would be filed later stays pending).
   */
  keepValid(years: number, until?: CalendarDate): this {
    const horizon = until ?? addDays(this.ref, 90);
    for (let guard = 0; guard < 20; guard += 1) {
      const last = this.lastPermit;
      if (last.expiresOn === null || last.expiresOn > horizon) return this;
      const filedOn = addDays(last.expiresOn, -this.rng.int(25, 80));
      if (filedOn > this.ref) break;
      const decidedOn = min(addDays(filedOn, this.rng.int(14, 40)), addDays(last.expiresOn, -1));
      if (decidedOn > this.ref) {
        this.apply('RENEWAL', filedOn);
        return this;
      }
      this.apply('RENEWAL', filedOn, { decidedOn, outcome: 'GRANTED' });
      this.grant({
        ...last,
        grantedOn: decidedOn,
        expiresOn: addMonths(last.expiresOn, 12 * years),
      });
    }
    // Expires within 90 days and the application window is still ahead: filed early, pending.
    this.apply(
      'RENEWAL',
      max(addDays(this.lastPermit.grantedOn, 1), addDays(this.ref, -this.rng.int(1, 20))),
    );
    return this;
  }

  employ(spec: EmploymentSpec, faults: Faults = {}): this {
    const n = this.jobs.length + 1;
    this.jobs.push({
      spec: {
        key: `${this.worker.key}.emp${n}`,
        endDate: null,
        endedOn: null,
        supportPlan: null,
        notifications: [],
        ...spec,
      },
      faults,
    });
    return this;
  }

  /** Adds faults to the last employment, or to every one. */
  refault(faults: Faults, which: 'last' | 'all' = 'last'): this {
    const targets = which === 'all' ? this.jobs : this.jobs.slice(-1);
    for (const job of targets) Object.assign(job.faults, faults);
    return this;
  }

  /** Moves the last employment to another employer and field (or starts one there). */
  moveTo(employer: string, jobField: JobField): this {
    const last = this.jobs[this.jobs.length - 1];
    if (last) Object.assign(last.spec, { employer, jobField, supportPlan: null });
    else {
      const since = max(addDays(this.lastPermit.grantedOn, 10), addDays(this.ref, -400));
      this.employ({
        employer,
        startDate: min(since, addDays(this.ref, -1)),
        jobField,
        weeklyHours: 40,
        monthlyWage: 230_000,
      });
    }
    return this;
  }

  removeSupportPlans(): this {
    for (const job of this.jobs) job.spec.supportPlan = null;
    return this;
  }

  clearJobs(): this {
    this.jobs.length = 0;
    return this;
  }

  owe(a: DemoArrears): this {
    this.arrears.push(a);
    return this;
  }

  assess(a: DemoAssessment): this {
    this.assessments.push(a);
    return this;
  }

  /** States facts a registry would otherwise derive (see DemoRegistry.derive). */
  facts(f: Partial<RegistryFacts>): this {
    Object.assign(this.registryFacts, f);
    return this;
  }

  build(): DemoWorker {
    const { ref, permits, employers } = this;
    const employments = this.jobs.map(({ spec, faults }) => {
      const notes = notifications(spec, permits, ref).filter(
        (n) => !(n.kind === 'HIRE' ? faults.noHireNotice : faults.noSeparationNotice),
      );
      for (const n of notes) {
        if (n.kind !== 'HIRE') continue;
        if (faults.reportedStatus) n.reportedStatus = faults.reportedStatus;
        if (faults.reportedExpiryOffByMonths && n.reportedExpiresOn) {
          n.reportedExpiresOn = addMonths(n.reportedExpiresOn, faults.reportedExpiryOffByMonths);
        }
      }
      return { ...spec, notifications: notes };
    });
    const employee: DemoEnrollment[] = [];
    this.jobs.forEach(({ spec, faults }) => {
      const cover = { employer: spec.employer, startDate: spec.startDate, endDate: endOf(spec) };
      if (!faults.noSocialInsurance && coveredBySocialInsurance(spec, employers, permits, ref)) {
        employee.push(
          { scheme: 'EMPLOYEES_HEALTH', ...cover },
          { scheme: 'EMPLOYEES_PENSION', ...cover },
        );
      }
      if (!faults.noEmploymentInsurance && coveredByEmploymentInsurance(spec, permits, ref)) {
        employee.push({ scheme: 'EMPLOYMENT_INSURANCE', ...cover });
      }
    });
    const arrival = permits.reduce((a, p) => min(a, p.grantedOn), permits[0]?.grantedOn ?? ref);
    const national = this.options.noHealth
      ? []
      : nationalCover(arrival, employee, ref, this.options.healthVia ?? null);
    const withholdingReports = mergeReports(
      this.jobs.flatMap(({ spec, faults }) => {
        const years = reportYears(spec, ref);
        if (faults.missingLatestWithholding) years.pop();
        return years.map((y) => withholdingReport(spec, y));
      }),
    );
    const assessments = this.options.noTax ? [] : residentTax(employments, employers, ref);
    for (const a of this.assessments) {
      const i = assessments.findIndex((x) => x.kind === a.kind && x.fiscalYear === a.fiscalYear);
      if (i >= 0) assessments.splice(i, 1);
      assessments.push(a);
    }
    return {
      ...this.worker,
      permits,
      applications: this.applications,
      permissions: this.options.permissions ? this.derivedPermissions() : this.permissions,
      employments,
      enrollments: [...employee, ...national],
      arrears: this.arrears,
      assessments,
      withholdingReports,
      registryFacts: { ...this.registryFacts },
    };
  }

  private derivedPermissions(): DemoWorkPermission[] {
    const own = this.permits
      .filter((p) => p.status === 'STUDENT' || p.status === 'DEPENDENT')
      .map((p) => ({
        grantedOn: min(addDays(p.grantedOn, 7), this.ref),
        expiresOn: p.expiresOn,
        maxWeeklyHours: DEFAULT_MAX_WEEKLY_HOURS,
      }));
    return [...own, ...this.permissions];
  }
}
