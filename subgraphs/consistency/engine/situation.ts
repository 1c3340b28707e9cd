import { addDays, isActiveOn, type CalendarDate } from '../../kit/dates';
import { isPending, permitInForce, statusValidity, type ValidityResult } from '../../law/status';
import type {
  ApplicationFact,
  ArrearsFact,
  EmployerFact,
  EmploymentFact,
  PermissionFact,
  PermitFact,
  TaxAssessmentFact,
  WorkerFacts,
} from './facts';

function present<T>(value: T | null, source: string): T {
  if (value === null) throw new Error(`Rule read the ${source} source, which is missing`);
  return value;
}

const byStart = (a: EmploymentFact, b: EmploymentFact) =>
  a.startDate.localeCompare(b.startDate) || a.id.localeCompare(b.id);

/** Registries list facts in no particular order; findings must not depend on it. */
const byDate =
  <T extends { id: string }>(date: (x: T) => string) =>
  (a: T, b: T) =>
    date(a).localeCompare(date(b)) || a.id.localeCompare(b.id);

/** Arrears recorded since ≤ D and not settled by D. */
function inArrearsOn(
  a: { since: CalendarDate; settledOn: CalendarDate | null },
  on: CalendarDate,
): boolean {
  return a.since <= on && (a.settledOn === null || a.settledOn > on);
}

/** Paid on or before D. */
export function paidBy(assessment: TaxAssessmentFact, on: CalendarDate): number {
  return assessment.payments.filter((p) => p.paidOn <= on).reduce((sum, p) => sum + p.amount, 0);
}

/** A tax assessment overdue on D: due before D and not fully paid by D. */
function isOverdue(assessment: TaxAssessmentFact, on: CalendarDate): boolean {
  return assessment.dueDate < on && paidBy(assessment, on) < assessment.amount;
}

/** The facts of one worker as they stand on the evaluation date D, with the derived terms of RULES.md. */
export class Situation {
  readonly permit: PermitFact | null;
  readonly validity: ValidityResult;

  constructor(
    readonly facts: WorkerFacts,
    readonly on: CalendarDate,
  ) {
    const residence = facts.residence;
    this.permit = residence ? permitInForce(residence.permits, on) : null;
    this.validity = statusValidity(this.permit, residence?.applications ?? [], on);
  }

  get residence() {
    return present(this.facts.residence, 'RESIDENCE');
  }
  get insurance() {
    return present(this.facts.insurance, 'INSURANCE');
  }
  get tax() {
    return present(this.facts.tax, 'TAX');
  }
  get municipality() {
    return present(this.facts.municipality, 'MUNICIPALITY');
  }
  get employments(): EmploymentFact[] {
    return [...present(this.facts.employment, 'EMPLOYMENT').employments].sort(byStart);
  }

  /** Valid status on D (regular or special period). */
  get hasValidStatus(): boolean {
    return this.validity.validity !== 'NONE';
  }

  get activeEmployments(): EmploymentFact[] {
    return this.employments.filter((e) => isActiveOn(e.startDate, e.endDate, this.on));
  }

  /** The work permission active on D (the latest granted when several are). */
  get activePermission(): PermissionFact | null {
    const active = this.residence.permissions.filter((p) =>
      isActiveOn(p.grantedOn, p.expiresOn, this.on),
    );
    return active.sort((a, b) => b.grantedOn.localeCompare(a.grantedOn))[0] ?? null;
  }

  /**
   * A RENEWAL or CHANGE_OF_STATUS application pending on D: one filed on or before the permit's
   * expiry (the one that gives a special period) first, then the earliest filed.
   */
  get pendingExtension(): ApplicationFact | undefined {
    const expiresOn = this.permit?.expiresOn ?? null;
    const late = (a: ApplicationFact) => (expiresOn !== null && a.filedOn > expiresOn ? 1 : 0);
    return this.residence.applications
      .filter(
        (a) => (a.kind === 'RENEWAL' || a.kind === 'CHANGE_OF_STATUS') && isPending(a, this.on),
      )
      .sort((a, b) => late(a) - late(b) || byDate<ApplicationFact>((x) => x.filedOn)(a, b))[0];
  }

  /** The permit expires within [D, D + 90 days]. */
  get expiresWithin90Days(): boolean {
    const exp = this.permit?.expiresOn;
    return !!exp && this.on <= exp && exp <= addDays(this.on, 90);
  }

  enrolledOn(scheme: string, employerId: string | null): boolean {
    return this.insurance.enrollments.some(
      (e) =>
        e.scheme === scheme &&
        (employerId === null || e.employerId === employerId) &&
        isActiveOn(e.startDate, e.endDate, this.on),
    );
  }

  /** The worker's own overdue tax assessments on D. */
  get overdueTax(): TaxAssessmentFact[] {
    return this.tax.assessments.filter((a) => isOverdue(a, this.on)).sort(byDate((a) => a.dueDate));
  }

  /** The worker's own contribution arrears on D. */
  get contributionArrears(): ArrearsFact[] {
    return this.insurance.contributionArrears
      .filter((a) => inArrearsOn(a, this.on))
      .sort(byDate((a) => a.since));
  }

  employerInArrears(employer: EmployerFact) {
    return {
      contributions: (employer.contributionArrears ?? [])
        .filter((a) => inArrearsOn(a, this.on))
        .sort(byDate((a) => a.since)),
      tax: (employer.taxArrears ?? [])
        .filter((a) => inArrearsOn(a, this.on))
        .sort(byDate((a) => a.since)),
    };
  }
}
