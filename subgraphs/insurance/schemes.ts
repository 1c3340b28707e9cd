import type { InsuranceScheme } from '../law/vocabulary';

/**
 * Who pays into the insurance schemes of ../shared/RULES.md: employee schemes run through an
 * employer; national schemes are the resident's own.
 */
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
