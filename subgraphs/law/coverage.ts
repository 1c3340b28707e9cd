/**
 * Who social and employment insurance cover (RULES.md SOCIAL_INSURANCE_NOT_ENROLLED and
 * EMPLOYMENT_INSURANCE_NOT_ENROLLED), shared by the consistency engine and the demo dataset.
 */
import type { ResidenceStatus } from './vocabulary';

/** T(D): the insured headcount from which 20-hour workers are covered. */
export function headcountThreshold(on: string): number {
  if (on >= '2035-10-01') return 0;
  if (on >= '2032-10-01') return 11;
  if (on >= '2029-10-01') return 21;
  if (on >= '2027-10-01') return 36;
  return 51;
}

/** Employment-insurance weekly hours threshold: 20, and 10 from 2028-10-01. */
export function employmentInsuranceHours(on: string): number {
  return on >= '2028-10-01' ? 10 : 20;
}

/** A corporation, or a sole proprietor with 5 or more employees, must enrol its employees. */
export function obligedEmployer(e: { legalForm: string; employeeCount: number }): boolean {
  return e.legalForm === 'CORPORATION' || e.employeeCount >= 5;
}

export interface CoverageCase {
  weeklyHours: number;
  monthlyWage: number;
  insuredHeadcount: number;
  /** The worker's status (a student is not covered part-time). */
  status: ResidenceStatus | null | undefined;
}

/** Covered by employees' health and pension insurance on `on`: 30+ h, or 20+ h part-time. */
export function coveredBySocialInsurance(c: CoverageCase, on: string): boolean {
  if (c.weeklyHours >= 30) return true;
  return (
    c.weeklyHours >= 20 &&
    c.monthlyWage >= 88_000 &&
    c.insuredHeadcount >= headcountThreshold(on) &&
    c.status !== 'STUDENT'
  );
}
