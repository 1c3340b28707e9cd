/** The insurance schemes of ../shared/RULES.md and who pays into them. */
export const INSURANCE_SCHEMES = [
  'EMPLOYEES_HEALTH',
  'EMPLOYEES_PENSION',
  'NATIONAL_HEALTH',
  'NATIONAL_PENSION',
  'EMPLOYMENT_INSURANCE',
] as const;
export type InsuranceScheme = (typeof INSURANCE_SCHEMES)[number];

/** Employee schemes run through an employer; national schemes are the resident's own. */
export function isEmployeeScheme(scheme: InsuranceScheme): boolean {
  switch (scheme) {
    case 'EMPLOYEES_HEALTH':
    case 'EMPLOYEES_PENSION':
    case 'EMPLOYMENT_INSURANCE':
      return true;
    case 'NATIONAL_HEALTH':
    case 'NATIONAL_PENSION':
      return false;
    default: {
      const never: never = scheme;
      throw new Error(`Unknown scheme ${String(never)}`);
    }
  }
}
