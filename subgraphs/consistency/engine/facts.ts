import type { CalendarDate } from '../../kit/dates';
import type {
  ApplicationKind,
  ApplicationOutcome,
  InsuranceScheme,
  JobField,
  LegalForm,
  NotificationKind,
  ResidenceStatus,
  SupportProvider,
  TaxCollection,
  TaxKind,
} from '../../law/vocabulary';

/** The registries a rule reads. */
export const SOURCES = ['RESIDENCE', 'EMPLOYMENT', 'INSURANCE', 'TAX', 'MUNICIPALITY'] as const;
export type Source = (typeof SOURCES)[number];

export type { InsuranceScheme };

export interface PermitFact {
  id: string;
  status: ResidenceStatus;
  grantedOn: CalendarDate;
  expiresOn: CalendarDate | null;
  designatedFields: JobField[];
  designatedEmployerId: string | null;
  enrolledUntil: CalendarDate | null;
}

export interface ApplicationFact {
  id: string;
  kind: ApplicationKind;
  filedOn: CalendarDate;
  decidedOn: CalendarDate | null;
  outcome: ApplicationOutcome | null;
}

export interface PermissionFact {
  id: string;
  grantedOn: CalendarDate;
  expiresOn: CalendarDate | null;
  maxWeeklyHours: number;
}

export interface ArrearsFact {
  id: string;
  scheme: InsuranceScheme;
  since: CalendarDate;
  amount: number;
  settledOn: CalendarDate | null;
}

export interface EmployerTaxArrearsFact {
  id: string;
  since: CalendarDate;
  amount: number;
  settledOn: CalendarDate | null;
}

export interface EmployerFact {
  id: string;
  name: string;
  legalForm: LegalForm;
  employeeCount: number;
  insuredHeadcount: number;
  /** Null when the insurance registry could not be read. */
  contributionArrears: ArrearsFact[] | null;
  /** Null when the tax registry could not be read. */
  taxArrears: EmployerTaxArrearsFact[] | null;
}

export interface NotificationFact {
  id: string;
  kind: NotificationKind;
  filedOn: CalendarDate;
  reportedStatus: ResidenceStatus | null;
  reportedExpiresOn: CalendarDate | null;
}

export interface EmploymentFact {
  id: string;
  employer: EmployerFact;
  startDate: CalendarDate;
  endDate: CalendarDate | null;
  jobField: JobField;
  weeklyHours: number;
  monthlyWage: number;
  supportPlan: {
    provider: SupportProvider;
    organizationName: string | null;
  } | null;
  notifications: NotificationFact[];
}

export interface EnrollmentFact {
  id: string;
  scheme: InsuranceScheme;
  employerId: string | null;
  startDate: CalendarDate;
  endDate: CalendarDate | null;
}

export interface TaxAssessmentFact {
  id: string;
  kind: TaxKind;
  fiscalYear: number;
  amount: number;
  dueDate: CalendarDate;
  collection: TaxCollection;
  collectingEmployerId: string | null;
  payments: { id: string; paidOn: CalendarDate; amount: number }[];
}

export interface WithholdingFact {
  id: string;
  employerId: string;
  year: number;
}

/**
 * An address registration in the municipal resident registry: `fragment MunicipalityFacts` of
 * subgraphs/municipality/facts.graphql (`addressRegistrations { id municipalityCode movedInOn
 * notifiedOn movedOutOn }` on Worker). Declared here by hand until that subgraph is composed; then
 * generated/facts.ts carries the same shape.
 */
export interface AddressRegistrationFact {
  id: string;
  /** The 6-digit local government code. */
  municipalityCode: string;
  movedInOn: CalendarDate;
  notifiedOn: CalendarDate;
  movedOutOn: CalendarDate | null;
}

/**
 * Everything the rules read about one worker, per source. A source is null when it could not be
 * read; the rules that need it are then not evaluated.
 */
export interface WorkerFacts {
  id: string;
  residence: {
    dateOfBirth: CalendarDate;
    permits: PermitFact[];
    applications: ApplicationFact[];
    permissions: PermissionFact[];
  } | null;
  employment: { employments: EmploymentFact[] } | null;
  insurance: { enrollments: EnrollmentFact[]; contributionArrears: ArrearsFact[] } | null;
  tax: { assessments: TaxAssessmentFact[]; withholdingReports: WithholdingFact[] } | null;
  municipality: { addressRegistrations: AddressRegistrationFact[] } | null;
}

/** The sources that could not be read, in the fixed order of SOURCES. */
export function missingSources(facts: WorkerFacts): Source[] {
  const employers = facts.employment?.employments.map((e) => e.employer) ?? [];
  const missing = new Set<Source>();
  if (!facts.residence) missing.add('RESIDENCE');
  if (!facts.employment) missing.add('EMPLOYMENT');
  if (!facts.insurance || employers.some((e) => e.contributionArrears === null))
    missing.add('INSURANCE');
  if (!facts.tax || employers.some((e) => e.taxArrears === null)) missing.add('TAX');
  if (!facts.municipality) missing.add('MUNICIPALITY');
  return SOURCES.filter((s) => missing.has(s));
}
