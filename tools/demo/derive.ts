/** The paperwork a diligent employer and worker produce, derived from permits and employments. */
import {
  coveredBySocialInsurance as socialInsuranceCovers,
  employmentInsuranceHours,
  obligedEmployer,
} from '../../subgraphs/law/coverage';
import { permitInForce } from '../../subgraphs/law/status';
import { addDays, daysBetween, type CalendarDate } from './dates';
import type { EmployerIndex } from './employers';
import type {
  DemoAssessment,
  DemoEmployment,
  DemoEnrollment,
  DemoNotification,
  DemoPermit,
  DemoWithholdingReport,
} from './types';

export const min = (a: CalendarDate, b: CalendarDate): CalendarDate => (a < b ? a : b);
export const max = (a: CalendarDate, b: CalendarDate): CalendarDate => (a > b ? a : b);
export const endOf = (e: DemoEmployment): CalendarDate | null => e.endedOn ?? e.endDate;
const yearOf = (d: CalendarDate) => Number(d.slice(0, 4));
const hundreds = (yen: number) => Math.round(yen / 100) * 100;

/** Whether the employer must enrol this employment in employees' health and pension insurance. */
export function coveredBySocialInsurance(
  e: DemoEmployment,
  employers: EmployerIndex,
  permits: readonly DemoPermit[],
  ref: CalendarDate,
): boolean {
  const employer = employers.get(e.employer);
  if (!employer) throw new Error(`Unknown employer ${e.employer}`);
  const status = permitInForce(withIds(permits), e.startDate)?.status;
  return (
    obligedEmployer(employer) &&
    socialInsuranceCovers({ ...e, insuredHeadcount: employer.insuredHeadcount, status }, ref)
  );
}

export function coveredByEmploymentInsurance(
  e: DemoEmployment,
  permits: readonly DemoPermit[],
  ref: CalendarDate,
): boolean {
  const minHours = employmentInsuranceHours(ref);
  const status = permitInForce(withIds(permits), e.startDate)?.status;
  const end = endOf(e);
  return (
    e.weeklyHours >= minHours &&
    (end === null || daysBetween(e.startDate, end) >= 30) &&
    status !== 'STUDENT'
  );
}

function withIds(permits: readonly DemoPermit[]) {
  return permits.map((p, i) => ({ ...p, id: String(i) }));
}

/** Hire notice within a few days of the start; separation notice within a few days of the end. */
export function notifications(
  e: DemoEmployment,
  permits: readonly DemoPermit[],
  ref: CalendarDate,
): DemoNotification[] {
  const permit = permitInForce(withIds(permits), e.startDate);
  const out: DemoNotification[] = [
    {
      kind: 'HIRE',
      filedOn: min(addDays(e.startDate, 4), ref),
      reportedStatus: permit?.status ?? null,
      reportedExpiresOn: permit?.expiresOn ?? null,
    },
  ];
  const end = endOf(e);
  if (end !== null && end < ref) {
    out.push({
      kind: 'SEPARATION',
      filedOn: min(addDays(end, 3), ref),
      reportedStatus: null,
      reportedExpiresOn: null,
    });
  }
  return out;
}

/** National health and pension insurance over every stretch since arrival not covered by an employer. */
export function nationalCover(
  arrival: CalendarDate,
  employeeCover: readonly DemoEnrollment[],
  ref: CalendarDate,
  via: string | null,
): DemoEnrollment[] {
  const out: DemoEnrollment[] = [];
  const add = (startDate: CalendarDate, endDate: CalendarDate | null) => {
    if (via) out.push({ scheme: 'EMPLOYEES_HEALTH', employer: via, startDate, endDate });
    else {
      out.push({ scheme: 'NATIONAL_HEALTH', employer: null, startDate, endDate });
      out.push({ scheme: 'NATIONAL_PENSION', employer: null, startDate, endDate });
    }
  };
  const health = employeeCover
    .filter((c) => c.scheme === 'EMPLOYEES_HEALTH')
    .sort((a, b) => a.startDate.localeCompare(b.startDate));
  let cursor: CalendarDate | null = addDays(arrival, 3);
  for (const c of health) {
    if (cursor === null) break;
    if (cursor < c.startDate) add(cursor, addDays(c.startDate, -1));
    cursor = c.endDate === null ? null : max(cursor, addDays(c.endDate, 1));
  }
  if (cursor !== null && cursor <= ref) add(cursor, null);
  return out;
}

function monthsActiveIn(e: DemoEmployment, year: number): number {
  const from = max(e.startDate, `${year}-01-01`);
  const to = min(endOf(e) ?? `${year}-12-31`, `${year}-12-31`);
  if (to < from) return 0;
  return Math.max(1, Math.round(daysBetween(from, to) / 30.4));
}

/** Calendar years whose withholding report is due by `ref` (D > (Y+1)-01-31) and in which `e` was active. */
export function reportYears(e: DemoEmployment, ref: CalendarDate): number[] {
  const years: number[] = [];
  for (let y = yearOf(e.startDate); y < yearOf(ref); y += 1) {
    if (ref > `${y + 1}-01-31` && monthsActiveIn(e, y) > 0) years.push(y);
  }
  return years;
}

export function withholdingReport(e: DemoEmployment, year: number): DemoWithholdingReport {
  const grossPay = e.monthlyWage * monthsActiveIn(e, year);
  return { employer: e.employer, year, grossPay, taxWithheld: hundreds(grossPay * 0.03) };
}

/** Resident tax for each fiscal year due before `ref`, on the previous year's pay, paid on time. */
export function residentTax(
  employments: readonly DemoEmployment[],
  employers: EmployerIndex,
  ref: CalendarDate,
): DemoAssessment[] {
  const out: DemoAssessment[] = [];
  for (const fy of [yearOf(ref) - 2, yearOf(ref) - 1, yearOf(ref)]) {
    const income = employments.reduce(
      (sum, e) => sum + e.monthlyWage * monthsActiveIn(e, fy - 1),
      0,
    );
    if (income < 1_000_000) continue;
    const june = `${fy}-06-01`;
    const collector = employments.find(
      (e) =>
        e.startDate <= june &&
        (endOf(e) ?? june) >= june &&
        e.weeklyHours >= 20 &&
        employers.get(e.employer)?.legalForm === 'CORPORATION',
    );
    const dueDate = collector ? `${fy}-07-10` : `${fy}-06-30`;
    if (dueDate >= ref) continue;
    const amount = hundreds((income - 1_000_000) * 0.1 + 5_000);
    out.push({
      kind: 'RESIDENT_TAX',
      fiscalYear: fy,
      amount,
      dueDate,
      collection: collector ? 'SPECIAL' : 'ORDINARY',
      collectingEmployer: collector?.employer ?? null,
      payments: [{ paidOn: addDays(dueDate, -5), amount }],
    });
  }
  return out;
}
