/**
 * The legal vocabulary of ../shared/RULES.md, shared by the registries and the consistency engine;
 * the GraphQL enums of the same names (schema/shared) list the same values (a unit test checks).
 */

export const RESIDENCE_STATUSES = [
  'PERMANENT_RESIDENT',
  'SPOUSE_OF_JAPANESE_NATIONAL',
  'SPOUSE_OF_PERMANENT_RESIDENT',
  'LONG_TERM_RESIDENT',
  'HIGHLY_SKILLED_PROFESSIONAL_I',
  'HIGHLY_SKILLED_PROFESSIONAL_II',
  'ENGINEER_SPECIALIST_INTL_SERVICES',
  'SKILLED_LABOR',
  'SPECIFIED_SKILLED_WORKER_I',
  'SPECIFIED_SKILLED_WORKER_II',
  'TECHNICAL_INTERN_TRAINING',
  'EMPLOYMENT_FOR_SKILL_DEVELOPMENT',
  'DESIGNATED_ACTIVITIES',
  'STUDENT',
  'DEPENDENT',
  'TEMPORARY_VISITOR',
] as const;
export type ResidenceStatus = (typeof RESIDENCE_STATUSES)[number];

export type WorkCategory = 'UNRESTRICTED' | 'DESIGNATED' | 'PERMISSION_REQUIRED' | 'NONE';

export function workCategory(status: ResidenceStatus): WorkCategory {
  switch (status) {
    case 'PERMANENT_RESIDENT':
    case 'SPOUSE_OF_JAPANESE_NATIONAL':
    case 'SPOUSE_OF_PERMANENT_RESIDENT':
    case 'LONG_TERM_RESIDENT':
    case 'HIGHLY_SKILLED_PROFESSIONAL_II':
      return 'UNRESTRICTED';
    case 'ENGINEER_SPECIALIST_INTL_SERVICES':
    case 'SKILLED_LABOR':
    case 'SPECIFIED_SKILLED_WORKER_I':
    case 'SPECIFIED_SKILLED_WORKER_II':
    case 'TECHNICAL_INTERN_TRAINING':
    case 'EMPLOYMENT_FOR_SKILL_DEVELOPMENT':
    case 'HIGHLY_SKILLED_PROFESSIONAL_I':
    case 'DESIGNATED_ACTIVITIES':
      return 'DESIGNATED';
    case 'STUDENT':
    case 'DEPENDENT':
      return 'PERMISSION_REQUIRED';
    case 'TEMPORARY_VISITOR':
      return 'NONE';
    default: {
      const never: never = status;
      throw new Error(`Unknown status ${String(never)}`);
    }
  }
}

/** The 16 Specified Skilled Worker industrial fields (since 2024-09-30). */
export const INDUSTRIAL_FIELDS = [
  'NURSING_CARE',
  'BUILDING_CLEANING',
  'INDUSTRIAL_MANUFACTURING',
  'CONSTRUCTION',
  'SHIPBUILDING',
  'AUTOMOBILE_REPAIR',
  'AVIATION',
  'ACCOMMODATION',
  'AGRICULTURE',
  'FISHERY',
  'FOOD_MANUFACTURING',
  'FOOD_SERVICE',
  'AUTOMOBILE_TRANSPORT',
  'RAILWAY',
  'FORESTRY',
  'WOOD_INDUSTRY',
] as const;

/** SSW II exists for the first twelve industrial fields except NURSING_CARE. */
export const SSW_II_FIELDS: readonly string[] = INDUSTRIAL_FIELDS.slice(1, 12);

export const JOB_FIELDS = [
  ...INDUSTRIAL_FIELDS,
  'ENGINEERING',
  'HUMANITIES',
  'INTERNATIONAL_SERVICES',
  'OTHER',
] as const;
export type JobField = (typeof JOB_FIELDS)[number];

/** EMPLOYMENT_FOR_SKILL_DEVELOPMENT can be granted from this date. */
export const SKILL_DEVELOPMENT_FROM = '2027-04-01';
/** Default and maximum weekly hours of a work permission. */
export const DEFAULT_MAX_WEEKLY_HOURS = 28;

export const APPLICATION_KINDS = ['RENEWAL', 'CHANGE_OF_STATUS', 'PERMANENT_RESIDENCE'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];
export const APPLICATION_OUTCOMES = ['GRANTED', 'DENIED'] as const;
export type ApplicationOutcome = (typeof APPLICATION_OUTCOMES)[number];

export const LEGAL_FORMS = ['CORPORATION', 'SOLE_PROPRIETOR'] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];
export const SUPPORT_PROVIDERS = ['SELF', 'REGISTERED_SUPPORT_ORGANIZATION'] as const;
export type SupportProvider = (typeof SUPPORT_PROVIDERS)[number];
export const NOTIFICATION_KINDS = ['HIRE', 'SEPARATION'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const INSURANCE_SCHEMES = [
  'EMPLOYEES_HEALTH',
  'EMPLOYEES_PENSION',
  'NATIONAL_HEALTH',
  'NATIONAL_PENSION',
  'EMPLOYMENT_INSURANCE',
] as const;
export type InsuranceScheme = (typeof INSURANCE_SCHEMES)[number];

export const TAX_KINDS = ['RESIDENT_TAX', 'INCOME_TAX'] as const;
export type TaxKind = (typeof TAX_KINDS)[number];
/** SPECIAL: the employer deducts and pays it (特別徴収); ORDINARY: the worker pays it (普通徴収). */
export const TAX_COLLECTIONS = ['SPECIAL', 'ORDINARY'] as const;
export type TaxCollection = (typeof TAX_COLLECTIONS)[number];
