import { addDays, type CalendarDate } from '../../subgraphs/kit/dates';
import { evaluate } from '../../subgraphs/consistency/engine/evaluate';
import type { WorkerFacts } from '../../subgraphs/consistency/engine/facts';
import { employmentInsuranceHours, headcountThreshold } from '../../subgraphs/law/coverage';
import { LAW_DATES, nextReviewOn, sameReport } from '../../subgraphs/consistency/engine/review';
import {
  assessment,
  compliant,
  employment,
  enrollment,
  permit,
  withholding,
  worker,
  ACME,
} from './engine/builders';
import { randomCase } from './engine/random-facts';

/** Five years: a null nextReviewOn means no change in at least this long. */
const HORIZON = 5 * 365 + 1;

/** The first day in (asOf, until] whose report differs from asOf's, checking every day; or null. */
function firstChangeByDay(facts: WorkerFacts, asOf: CalendarDate, until: CalendarDate) {
  const base = evaluate(facts, asOf);
  for (let day = addDays(asOf, 1); day <= until; day = addDays(day, 1)) {
    if (!sameReport(base, evaluate(facts, day))) return day;
  }
  return null;
}

describe('ConsistencyReport.nextReviewOn', () => {
  it('is the first day the report changes, checked day by day on random workers', () => {
    const seen = { changes: 0, nulls: 0, withFindings: 0 };
    for (let seed = 1; seed <= 120; seed++) {
      const { facts, asOf } = randomCase(seed);
      const next = nextReviewOn(facts, asOf);
      const horizon = addDays(asOf, HORIZON);
      const until = next !== null && next < horizon ? next : horizon;
      const expected = firstChangeByDay(facts, asOf, until);
      // Every day before nextReviewOn reads the same; nextReviewOn itself differs.
      expect({ seed, asOf, next: next !== null && next > horizon ? 'beyond' : next }).toEqual({
        seed,
        asOf,
        next: expected ?? (next === null ? null : 'beyond'),
      });
      if (next) seen.changes++;
      else seen.nulls++;
      if (evaluate(facts, asOf).findings.length > 0) seen.withFindings++;
    }
    // The generator exercises both outcomes and real findings.
    expect(seen.changes).toBeGreaterThan(60);
    expect(seen.nulls).toBeGreaterThan(3);
    expect(seen.withFindings).toBeGreaterThan(60);
  });

  it('is the day a permit enters its last 90 days, not the day before', () => {
    const facts = compliant({ permits: [permit({ expiresOn: '2027-03-31' })] });
    expect(nextReviewOn(facts, '2026-12-30')).toBe('2026-12-31');
    expect(evaluate(facts, '2026-12-31').findings.map((f) => f.ruleId)).toEqual([
      'RESIDENCE_EXPIRING',
    ]);
  });

  it('ignores the daily count in an explanation while the finding stands', () => {
    const facts = compliant({
      permits: [permit({ expiresOn: '2027-03-31' })],
      withholdingReports: [withholding(), withholding({ year: 2026 })],
    });
    // RESIDENCE_EXPIRING says "in N days" every day; the next change is the expiry itself.
    expect(nextReviewOn(facts, '2027-01-15')).toBe('2027-04-01');
  });

  it('follows a law threshold: T(D) falls to 36 on 2027-10-01', () => {
    const part = employment({
      weeklyHours: 25,
      monthlyWage: 100_000,
      employer: { ...ACME, insuredHeadcount: 40 },
    });
    const facts = worker({
      employments: [part],
      enrollments: [enrollment({ scheme: 'EMPLOYMENT_INSURANCE', employerId: ACME.id })],
    });
    expect(nextReviewOn(facts, '2027-06-01')).toBe('2027-10-01');
  });

  it('is the 70th birthday when pension enrollment stops being required', () => {
    const healthOnly = (dateOfBirth: CalendarDate) =>
      compliant({
        dateOfBirth,
        enrollments: [
          enrollment({ scheme: 'EMPLOYEES_HEALTH' }),
          enrollment({ scheme: 'EMPLOYMENT_INSURANCE' }),
        ],
        withholdingReports: [withholding(), withholding({ year: 2026 })],
      });
    expect(nextReviewOn(healthOnly('1957-03-15'), '2027-01-01')).toBe('2027-03-15');
    // Born on 29 February: 70 on 1 March of a common year.
    expect(nextReviewOn(healthOnly('1956-02-29'), '2026-01-01')).toBe('2026-03-01');
  });

  it('lists every day a law threshold changes', () => {
    const changes: CalendarDate[] = [];
    for (let day = '2020-01-01'; day <= '2045-12-31'; day = addDays(day, 1)) {
      const before = addDays(day, -1);
      if (
        headcountThreshold(day) !== headcountThreshold(before) ||
        employmentInsuranceHours(day) !== employmentInsuranceHours(before)
      )
        changes.push(day);
    }
    expect([...LAW_DATES]).toEqual(changes);
  });

  it('is null when nothing can change, and a tax payment date when one is recorded', () => {
    const resident = {
      permits: [permit({ status: 'PERMANENT_RESIDENT', grantedOn: '2020-01-01', expiresOn: null })],
      enrollments: [
        enrollment({ scheme: 'NATIONAL_HEALTH', employerId: null, startDate: '2020-01-01' }),
      ],
    };
    expect(nextReviewOn(worker(resident), '2036-01-01')).toBeNull();
    const paying = worker({
      ...resident,
      assessments: [
        assessment({
          dueDate: '2035-05-31',
          payments: [{ id: 'p', paidOn: '2036-03-02', amount: 120_000 }],
        }),
      ],
    });
    expect(evaluate(paying, '2036-01-01').findings.map((f) => f.ruleId)).toEqual([
      'TAX_ARREARS',
      'PERMANENT_RESIDENCE_REVIEW',
    ]);
    expect(nextReviewOn(paying, '2036-01-01')).toBe('2036-03-02');
  });
});
