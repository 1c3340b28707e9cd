import { addDays, type CalendarDate } from '../../kit/dates';
import { evaluate } from './evaluate';
import type { WorkerFacts } from './facts';
import type { ConsistencyStatus, Report } from './report';
import { nextReviewOn, reviewCandidates } from './review';

/**
 * How far ahead the outlook looks: 366 days, a whole year from any day, a 29 February included,
 * so every yearly deadline (a withholding report due each 1 February, a fiscal year's tax due
 * dates, a one-year permit) falls in it once. `upcomingRisks(within:)` accepts at most this.
 */
export const OUTLOOK_HORIZON_DAYS = 366;

/**
 * Worse means higher here: the order reportStatus applies (report.ts). INCOMPLETE ranks above
 * AT_RISK and below VIOLATION; the same facts keep the same missing sources every day, so a
 * complete report never becomes INCOMPLETE, and an INCOMPLETE one worsens only to VIOLATION.
 */
const RANK: Record<ConsistencyStatus, number> = {
  CONSISTENT: 0,
  AT_RISK: 1,
  INCOMPLETE: 2,
  VIOLATION: 3,
};

export const isWorse = (a: ConsistencyStatus, than: ConsistencyStatus): boolean =>
  RANK[a] > RANK[than];

/** `ConsistencyReport.outlook`: the first day the status worsens if no fact changes. */
export interface Outlook {
  on: CalendarDate;
  status: ConsistencyStatus;
  /** The rules with a finding on `on` and none on `asOf`, in catalogue order. */
  ruleIds: string[];
}

/** The rules with a finding in `later` and none in `base`, in catalogue order (findings' order). */
export function newRules(base: Report, later: Report): string[] {
  const firing = new Set(base.findings.map((f) => f.ruleId));
  return [...new Set(later.findings.map((f) => f.ruleId))].filter((id) => !firing.has(id));
}

/** What a caller already has of the report on `asOf`, and how far to look. */
export interface OutlookOptions {
  /** The report on `asOf` (default: evaluated here). */
  report?: Report;
  /** Its nextReviewOn, when already computed. */
  next?: CalendarDate | null;
  /** Days after `asOf` (default OUTLOOK_HORIZON_DAYS). */
  horizon?: number;
  /** reviewCandidates(facts, asOf), when already listed. */
  candidates?: readonly CalendarDate[];
}

/**
 * The first day after `asOf`, up to `asOf` + `horizon` days, on which the status is worse than on
 * `asOf` if no fact changes, with that day's status and new rules; null when there is none. Exact:
 * the report changes only on review candidates (review.ts), none before nextReviewOn, so only
 * those from nextReviewOn on are evaluated. From an INCOMPLETE report it finds a VIOLATION among
 * the rules evaluated.
 */
export function outlook(
  facts: WorkerFacts,
  asOf: CalendarDate,
  options: OutlookOptions = {},
): Outlook | null {
  const report = options.report ?? evaluate(facts, asOf);
  if (report.status === 'VIOLATION') return null;
  const candidates = options.candidates ?? reviewCandidates(facts, asOf);
  const next =
    options.next === undefined ? nextReviewOn(facts, asOf, report, candidates) : options.next;
  const until = addDays(asOf, options.horizon ?? OUTLOOK_HORIZON_DAYS);
  if (next === null || next > until) return null;
  for (const day of candidates) {
    if (day < next) continue;
    if (day > until) break;
    const later = evaluate(facts, day);
    if (isWorse(later.status, report.status))
      return { on: day, status: later.status, ruleIds: newRules(report, later) };
  }
  return null;
}
