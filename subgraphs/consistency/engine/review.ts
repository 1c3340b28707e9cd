import { isCalendarDate, type CalendarDate } from '../../kit/dates';
import { CATALOGUE } from './catalogue';
import { evaluate } from './evaluate';
import type { WorkerFacts } from './facts';
import type { Evidence, Finding, Report } from './report';
import { addDays, addMonths, endOfNextMonth, tenthOfNextMonth, yearOf } from './terms';

/**
 * The days on which the law changes a threshold a rule reads (rules/insurance.ts): the
 * insured-headcount threshold T(D) and the employment-insurance hours. A rule's effectiveFrom
 * (the permanent-residence review) comes from the catalogue. next-review.test.ts checks this list
 * against the threshold functions.
 */
export const LAW_DATES: readonly CalendarDate[] = [
  '2027-10-01',
  '2028-10-01',
  '2029-10-01',
  '2032-10-01',
  '2035-10-01',
];

/**
 * From one fact date d, every day on which a rule comparing D with d, or with a deadline derived
 * from d, can turn (RULES.md): a rule reads `d ≤ D`, `D ≤ d` or `d < D`, `D > d + 5`, a separation
 * notice 10 days after, 14 days after a grant, expiry within 90 days, the special period of two
 * months, three months without activity, the 10th or the end of the following month, an address
 * not notified 14 days after a move or arrival (R + 15) and not for 90 days (R + 91).
 */
const OFFSETS: readonly ((d: CalendarDate) => CalendarDate)[] = [
  (d) => d,
  (d) => addDays(d, 1),
  (d) => addDays(d, 6),
  (d) => addDays(d, 11),
  (d) => addDays(d, 15),
  (d) => addDays(d, 91),
  (d) => addDays(d, -90),
  (d) => addDays(addMonths(d, 2), 1),
  (d) => addDays(addMonths(d, 3), 1),
  (d) => addDays(tenthOfNextMonth(d), 1),
  (d) => addDays(endOfNextMonth(d), 1),
];

/** Every calendar date anywhere in the facts, and every year a withholding report names. */
function factDates(value: unknown, dates: Set<CalendarDate>, years: Set<number>): void {
  if (typeof value === 'string') {
    if (isCalendarDate(value)) dates.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) factDates(item, dates, years);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'year' && typeof item === 'number') years.add(item);
      else factDates(item, dates, years);
    }
  }
}

/** The day the worker turns 70 (a 29 February birthday counts from 1 March in common years). */
function seventiethBirthday(dateOfBirth: CalendarDate): CalendarDate {
  const day = `${yearOf(dateOfBirth) + 70}${dateOfBirth.slice(4)}`;
  return isCalendarDate(day) ? day : `${yearOf(dateOfBirth) + 70}-03-01`;
}

/**
 * Every day after `asOf` on which the report could change without a new fact, ascending: a
 * superset of the days on which it does. Between two consecutive candidates no rule's reading of
 * D changes. The only unbounded one, a withholding report falling due each 1 February for an
 * open-ended employment, is listed up to the year after the last year any fact names: if it has
 * not changed the report by then, it never does.
 */
export function reviewCandidates(facts: WorkerFacts, asOf: CalendarDate): CalendarDate[] {
  const dates = new Set<CalendarDate>();
  const years = new Set<number>([yearOf(asOf)]);
  factDates(facts, dates, years);
  const days = new Set<CalendarDate>(LAW_DATES);
  for (const rule of CATALOGUE) {
    if (rule.effectiveFrom) days.add(rule.effectiveFrom);
    if (rule.effectiveUntil) days.add(addDays(rule.effectiveUntil, 1));
  }
  // No offset reaches more than 100 days past its date: older dates give no candidate.
  const recent = addDays(asOf, -100);
  for (const d of dates) {
    years.add(yearOf(d));
    if (d >= recent) for (const offset of OFFSETS) days.add(offset(d));
  }
  if (facts.residence) days.add(seventiethBirthday(facts.residence.dateOfBirth));
  const allYears = [...years];
  for (let y = Math.min(...allYears) + 1; y <= Math.max(...allYears) + 2; y++) {
    days.add(`${y}-02-01`);
  }
  return [...days].filter((d) => d > asOf).sort();
}

/** An explanation with these days and every day count ("in 45 days") masked. */
export const maskDays = (text: string, days: readonly CalendarDate[]): string =>
  days.reduce((t, day) => t.split(day).join('D'), text).replace(/\d+ days?\b/g, 'N days');

const sameList = <T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean) =>
  a.length === b.length && a.every((x, i) => same(x, b[i]));

const sameEvidence = (a: Evidence, b: Evidence) =>
  a.id === b.id &&
  a.source === b.source &&
  a.entity === b.entity &&
  a.recordId === b.recordId &&
  a.field === b.field &&
  a.value === b.value;

/**
 * Two findings say the same apart from the day: every field equal, the explanations once both
 * days and their day counts ("in 45 days", "120 days after") are masked, since that wording
 * changes daily while the finding does not. Both days are masked in both texts, so a fact dated
 * on one of them reads the same in each; equal texts need no masking.
 */
function sameFinding(a: Finding, b: Finding, days: readonly CalendarDate[]): boolean {
  return (
    a.ruleId === b.ruleId &&
    a.severity === b.severity &&
    a.title === b.title &&
    a.responsibleParty === b.responsibleParty &&
    a.affectedParty === b.affectedParty &&
    a.legalBasis === b.legalBasis &&
    a.recommendedAction === b.recommendedAction &&
    a.dueBy === b.dueBy &&
    a.employerId === b.employerId &&
    sameList(a.evidence, b.evidence, sameEvidence) &&
    (a.explanation === b.explanation ||
      maskDays(a.explanation, days) === maskDays(b.explanation, days))
  );
}

const same = <T>(x: T, y: T) => x === y;

/**
 * The two reports say the same apart from the day each is computed for: status, sources, rules
 * and every field of every finding ({@link sameFinding}).
 */
export function sameReport(a: Report, b: Report): boolean {
  const days = [a.asOf, b.asOf];
  return (
    a.status === b.status &&
    sameList(a.missingSources, b.missingSources, same) &&
    sameList(a.unevaluatedRules, b.unevaluatedRules, same) &&
    sameList(a.findings, b.findings, (x, y) => sameFinding(x, y, days))
  );
}

/**
 * `ConsistencyReport.nextReviewOn`: the earliest day after `asOf` on which the report differs
 * ({@link sameReport}) if no fact changes, or null when it never does. Exact: the candidate days
 * are evaluated in order until one differs.
 */
export function nextReviewOn(
  facts: WorkerFacts,
  asOf: CalendarDate,
  report: Report = evaluate(facts, asOf),
  candidates: readonly CalendarDate[] = reviewCandidates(facts, asOf),
): CalendarDate | null {
  for (const day of candidates) {
    if (!sameReport(report, evaluate(facts, day))) return day;
  }
  return null;
}
