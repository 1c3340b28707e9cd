/** The demo dataset as plain data: what the seeder sends through the public mutations. */
import type { CalendarDate } from './dates';
import type { JobField, ResidenceStatus } from '../../subgraphs/law/vocabulary';

export type LegalForm = 'CORPORATION' | 'SOLE_PROPRIETOR';
export type InsuranceScheme =
  | 'EMPLOYEES_HEALTH'
  | 'EMPLOYEES_PENSION'
  | 'NATIONAL_HEALTH'
  | 'NATIONAL_PENSION'
  | 'EMPLOYMENT_INSURANCE';
export type ApplicationKind = 'RENEWAL' | 'CHANGE_OF_STATUS' | 'PERMANENT_RESIDENCE';

/** Stable identifiers (`e01`, `w017`, `w017.emp1`) name every record; the seeder maps them to ids. */
export interface DemoArrears {
  scheme: InsuranceScheme;
  since: CalendarDate;
  amount: number;
  settledOn: CalendarDate | null;
}

export interface DemoEmployerTaxArrears {
  since: CalendarDate;
  amount: number;
  settledOn: CalendarDate | null;
}

export interface DemoEmployer {
  key: string;
  name: string;
  legalForm: LegalForm;
  employeeCount: number;
  insuredHeadcount: number;
  corporateNumber: string | null;
  contributionArrears: DemoArrears[];
  taxArrears: DemoEmployerTaxArrears[];
}

export interface DemoPermit {
  status: ResidenceStatus;
  grantedOn: CalendarDate;
  expiresOn: CalendarDate | null;
  designatedFields: JobField[];
  /** Employer key. */
  designatedEmployer: string | null;
  enrolledUntil: CalendarDate | null;
}

export interface DemoApplication {
  kind: ApplicationKind;
  filedOn: CalendarDate;
  decision: { decidedOn: CalendarDate; outcome: 'GRANTED' | 'DENIED' } | null;
}

export interface DemoWorkPermission {
  grantedOn: CalendarDate;
  expiresOn: CalendarDate | null;
  maxWeeklyHours: number;
}

export interface DemoNotification {
  kind: 'HIRE' | 'SEPARATION';
  filedOn: CalendarDate;
  reportedStatus: ResidenceStatus | null;
  reportedExpiresOn: CalendarDate | null;
}

export interface DemoEmployment {
  key: string;
  /** Employer key. */
  employer: string;
  startDate: CalendarDate;
  /** The contracted end, sent with startEmployment. */
  endDate: CalendarDate | null;
  /** An early end recorded afterwards with endEmployment. */
  endedOn: CalendarDate | null;
  jobField: JobField;
  weeklyHours: number;
  monthlyWage: number;
  supportPlan: {
    provider: 'SELF' | 'REGISTERED_SUPPORT_ORGANIZATION';
    organizationName: string | null;
  } | null;
  notifications: DemoNotification[];
}

export interface DemoEnrollment {
  scheme: InsuranceScheme;
  /** Employer key, for employee schemes only. */
  employer: string | null;
  startDate: CalendarDate;
  endDate: CalendarDate | null;
}

export interface DemoAssessment {
  kind: 'RESIDENT_TAX' | 'INCOME_TAX';
  fiscalYear: number;
  amount: number;
  dueDate: CalendarDate;
  collection: 'SPECIAL' | 'ORDINARY';
  /** Employer key, for SPECIAL collection only. */
  collectingEmployer: string | null;
  payments: { paidOn: CalendarDate; amount: number }[];
}

export interface DemoWithholdingReport {
  /** Employer key. */
  employer: string;
  year: number;
  grossPay: number;
  taxWithheld: number;
}

/**
 * Facts a registry keeps about a worker beyond the four registries' own fields, one optional key
 * per registry. A registry's demo module adds its key by declaration merging:
 * `declare module '../types' { interface RegistryFacts { addresses?: DemoAddress[] } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RegistryFacts {}

export interface DemoWorker {
  key: string;
  fullName: string;
  nationality: string;
  dateOfBirth: CalendarDate;
  /** What the record is meant to show (for people reading the data, not sent). */
  story: string;
  permits: DemoPermit[];
  applications: DemoApplication[];
  permissions: DemoWorkPermission[];
  employments: DemoEmployment[];
  enrollments: DemoEnrollment[];
  arrears: DemoArrears[];
  assessments: DemoAssessment[];
  withholdingReports: DemoWithholdingReport[];
  /** Set by the scenarios (WorkerBuilder.facts) or derived by the registries (DemoRegistry.derive). */
  registryFacts: Partial<RegistryFacts>;
}

export interface DemoDataset {
  referenceDate: CalendarDate;
  employers: DemoEmployer[];
  workers: DemoWorker[];
}
