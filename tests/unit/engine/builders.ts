/**
 * A small builder for WorkerFacts, so each engine test states only the facts that matter.
 *
 * Every builder fills sensible defaults; ids left empty are numbered by `worker()` in list order
 * (`permit-1`, `employment-2`, `notification-1-1`, ...), so ids are deterministic.
 */
import type { CalendarDate } from '../../../subgraphs/kit/dates';
import type {
  AddressRegistrationFact,
  ApplicationFact,
  ArrearsFact,
  EmployerFact,
  EmployerTaxArrearsFact,
  EmploymentFact,
  EnrollmentFact,
  NotificationFact,
  PermissionFact,
  PermitFact,
  TaxAssessmentFact,
  WithholdingFact,
  Source,
  WorkerFacts,
} from '../../../subgraphs/consistency/engine/facts';
import { evaluate } from '../../../subgraphs/consistency/engine/evaluate';
import {
  evidenceItem,
  type Evidence,
  type Finding,
  type Report,
} from '../../../subgraphs/consistency/engine/report';
import type { RuleId } from '../../../subgraphs/consistency/engine/catalogue';

/** The default evaluation date of the tests. */
export const ASOF: CalendarDate = '2026-06-15';

export function employer(o: Partial<EmployerFact> = {}): EmployerFact {
  return {
    id: 'employer-acme',
    name: 'Acme Manufacturing KK',
    legalForm: 'CORPORATION',
    employeeCount: 120,
    insuredHeadcount: 100,
    contributionArrears: [],
    taxArrears: [],
    ...o,
  };
}

export const ACME = employer();
export const BETA = employer({ id: 'employer-beta', name: 'Beta Foods KK' });

export function permit(o: Partial<PermitFact> = {}): PermitFact {
  return {
    id: '',
    status: 'ENGINEER_SPECIALIST_INTL_SERVICES',
    grantedOn: '2025-04-01',
    expiresOn: '2028-03-31',
    designatedFields: [],
    designatedEmployerId: null,
    enrolledUntil: null,
    ...o,
  };
}

export function application(o: Partial<ApplicationFact> = {}): ApplicationFact {
  return {
    id: '',
    kind: 'RENEWAL',
    filedOn: '2026-05-01',
    decidedOn: null,
    outcome: null,
    ...o,
  };
}

export function permission(o: Partial<PermissionFact> = {}): PermissionFact {
  return { id: '', grantedOn: '2025-04-01', expiresOn: null, maxWeeklyHours: 28, ...o };
}

export function notification(o: Partial<NotificationFact> = {}): NotificationFact {
  return {
    id: '',
    kind: 'HIRE',
    filedOn: '2025-04-10',
    reportedStatus: null,
    reportedExpiresOn: null,
    ...o,
  };
}

export function employment(o: Partial<EmploymentFact> = {}): EmploymentFact {
  return {
    id: '',
    employer: ACME,
    startDate: '2025-04-01',
    endDate: null,
    jobField: 'ENGINEERING',
    weeklyHours: 40,
    monthlyWage: 300_000,
    supportPlan: null,
    notifications: [],
    ...o,
  };
}

export function enrollment(o: Partial<EnrollmentFact> = {}): EnrollmentFact {
  return {
    id: '',
    scheme: 'EMPLOYEES_HEALTH',
    employerId: ACME.id,
    startDate: '2025-04-01',
    endDate: null,
    ...o,
  };
}

/** EMPLOYEES_HEALTH, EMPLOYEES_PENSION and EMPLOYMENT_INSURANCE with one employer. */
function employeeSchemes(
  employerId: string,
  startDate: CalendarDate,
  endDate: CalendarDate | null = null,
): EnrollmentFact[] {
  return (['EMPLOYEES_HEALTH', 'EMPLOYEES_PENSION', 'EMPLOYMENT_INSURANCE'] as const).map(
    (scheme) => enrollment({ scheme, employerId, startDate, endDate }),
  );
}

export function arrears(o: Partial<ArrearsFact> = {}): ArrearsFact {
  return {
    id: '',
    scheme: 'NATIONAL_PENSION',
    since: '2026-01-31',
    amount: 50_000,
    settledOn: null,
    ...o,
  };
}

export function employerTaxArrears(
  o: Partial<EmployerTaxArrearsFact> = {},
): EmployerTaxArrearsFact {
  return { id: '', since: '2026-01-31', amount: 1_200_000, settledOn: null, ...o };
}

export function assessment(o: Partial<TaxAssessmentFact> = {}): TaxAssessmentFact {
  return {
    id: '',
    kind: 'RESIDENT_TAX',
    fiscalYear: 2025,
    amount: 120_000,
    dueDate: '2026-05-31',
    collection: 'ORDINARY',
    collectingEmployerId: null,
    payments: [],
    ...o,
  };
}

export function withholding(o: Partial<WithholdingFact> = {}): WithholdingFact {
  return { id: '', employerId: ACME.id, year: 2025, ...o };
}

/** An address in Shinjuku, moved in and notified on 2025-04-01, not moved out. */
export function registration(o: Partial<AddressRegistrationFact> = {}): AddressRegistrationFact {
  return {
    id: '',
    municipalityCode: '131041',
    movedInOn: '2025-04-01',
    notifiedOn: '2025-04-01',
    movedOutOn: null,
    ...o,
  };
}

/** The builders' default resident record: registered since long before any test date. */
const SETTLED = registration({ movedInOn: '2000-01-01', notifiedOn: '2000-01-01' });

interface WorkerSpec {
  id?: string;
  dateOfBirth?: CalendarDate;
  permits?: PermitFact[];
  applications?: ApplicationFact[];
  permissions?: PermissionFact[];
  employments?: EmploymentFact[];
  enrollments?: EnrollmentFact[];
  contributionArrears?: ArrearsFact[];
  assessments?: TaxAssessmentFact[];
  withholdingReports?: WithholdingFact[];
  /** Default: one address registered since 2000-01-01, so the address rules stay quiet. */
  addressRegistrations?: AddressRegistrationFact[];
  /** Sources that could not be read. */
  missing?: Source[];
}

function numbered<T extends { id: string }>(items: T[], prefix: string): T[] {
  return items.map((item, i) => (item.id ? item : { ...item, id: `${prefix}-${i + 1}` }));
}

function numberEmployer(e: EmployerFact): EmployerFact {
  return {
    ...e,
    contributionArrears:
      e.contributionArrears && numbered(e.contributionArrears, `${e.id}-arrears`),
    taxArrears: e.taxArrears && numbered(e.taxArrears, `${e.id}-tax-arrears`),
  };
}

/**
 * The facts of one worker. Defaults: born 1995-05-10, one ENGINEER permit 2025-04-01..2028-03-31,
 * an address registered since 2000-01-01, nothing else (no employment, no enrollment, no tax).
 */
export function worker(spec: WorkerSpec = {}): WorkerFacts {
  const missing = new Set(spec.missing ?? []);
  const employments = numbered(spec.employments ?? [], 'employment').map((e, i) => ({
    ...e,
    employer: numberEmployer(e.employer),
    notifications: numbered(e.notifications, `notification-${i + 1}`),
  }));
  return {
    id: spec.id ?? 'worker-1',
    residence: missing.has('RESIDENCE')
      ? null
      : {
          dateOfBirth: spec.dateOfBirth ?? '1995-05-10',
          permits: numbered(spec.permits ?? [permit()], 'permit'),
          applications: numbered(spec.applications ?? [], 'application'),
          permissions: numbered(spec.permissions ?? [], 'permission'),
        },
    employment: missing.has('EMPLOYMENT') ? null : { employments },
    insurance: missing.has('INSURANCE')
      ? null
      : {
          enrollments: numbered(spec.enrollments ?? [], 'enrollment'),
          contributionArrears: numbered(spec.contributionArrears ?? [], 'arrears'),
        },
    tax: missing.has('TAX')
      ? null
      : {
          assessments: numbered(spec.assessments ?? [], 'assessment').map((a) => ({
            ...a,
            payments: numbered(a.payments, `${a.id || 'assessment'}-payment`),
          })),
          withholdingReports: numbered(spec.withholdingReports ?? [], 'withholding'),
        },
    municipality: missing.has('MUNICIPALITY')
      ? null
      : { addressRegistrations: numbered(spec.addressRegistrations ?? [SETTLED], 'address') },
  };
}

/**
 * A worker with nothing to report on ASOF: ENGINEER permit, employed by ACME since 2025-04-01 at
 * 40 h/week, enrolled in the three employee schemes, hire notified, 2025 withholding reported.
 */
export function compliant(spec: WorkerSpec = {}): WorkerFacts {
  return worker({
    employments: [employment({ notifications: [notification()] })],
    enrollments: employeeSchemes(ACME.id, '2025-04-01'),
    withholdingReports: [withholding()],
    ...spec,
  });
}

/** The findings of one rule. */
function findingsOf(report: Report, ruleId: RuleId): Finding[] {
  return report.findings.filter((f) => f.ruleId === ruleId);
}

/** Evaluates on `asOf` and returns the findings of one rule. */
export function check(facts: WorkerFacts, asOf: CalendarDate, ruleId: RuleId): Finding[] {
  return findingsOf(evaluate(facts, asOf), ruleId);
}

/** Evaluates on `asOf` and returns the one finding of a rule (fails when there is not exactly one). */
export function single(facts: WorkerFacts, asOf: CalendarDate, ruleId: RuleId): Finding {
  const found = check(facts, asOf, ruleId);
  if (found.length !== 1) {
    throw new Error(`Expected exactly one ${ruleId} on ${asOf}, got ${found.length}`);
  }
  return found[0];
}

/** The rule ids that fire, in report order. */
export function ruleIds(report: Report): string[] {
  return report.findings.map((f) => f.ruleId);
}

/** Evidence matcher: an entry with these fields, and the id they determine. */
export function ev(
  source: Source,
  entity: string,
  recordId: string,
  field: string,
  value: string | null,
): Evidence {
  return evidenceItem({ source, entity, recordId, field, value });
}
