import { addDays, type CalendarDate } from '../../subgraphs/kit/dates';
import { evaluate } from '../../subgraphs/consistency/engine/evaluate';
import type { WorkerFacts } from '../../subgraphs/consistency/engine/facts';
import { isWorse, OUTLOOK_HORIZON_DAYS, outlook } from '../../subgraphs/consistency/engine/outlook';
import { nextReviewOn } from '../../subgraphs/consistency/engine/review';
import { compliant, permit, withholding, worker } from './engine/builders';
import { randomCase } from './engine/random-facts';

/** Checking every day: the first day within the horizon whose status is worse than asOf's. */
function firstWorseByDay(facts: WorkerFacts, asOf: CalendarDate) {
  const base = evaluate(facts, asOf);
  for (let k = 1; k <= OUTLOOK_HORIZON_DAYS; k++) {
    const day = addDays(asOf, k);
    const report = evaluate(facts, day);
    if (isWorse(report.status, base.status)) {
      const today = new Set(base.findings.map((f) => f.ruleId));
      const ruleIds = [...new Set(report.findings.map((f) => f.ruleId))].filter(
        (id) => !today.has(id),
      );
      return { on: day, status: report.status, ruleIds };
    }
  }
  return null;
}

describe('ConsistencyReport.outlook', () => {
  it('is the first day the status worsens, checked day by day on random workers', () => {
    const seen = { found: 0, none: 0, fromIncomplete: 0 };
    for (let seed = 1; seed <= 300; seed++) {
      const { facts, asOf } = randomCase(seed);
      const found = outlook(facts, asOf);
      // Nothing is worse than VIOLATION: checked day by day for the other statuses.
      const expected =
        evaluate(facts, asOf).status === 'VIOLATION' ? null : firstWorseByDay(facts, asOf);
      expect({ seed, found }).toEqual({ seed, found: expected });
      if (found) {
        seen.found++;
        // The calendar re-evaluates on nextReviewOn, never later than the forecast day.
        expect(nextReviewOn(facts, asOf)! <= found.on).toBe(true);
        expect(found.ruleIds.length).toBeGreaterThan(0);
        if (evaluate(facts, asOf).status === 'INCOMPLETE') seen.fromIncomplete++;
      } else seen.none++;
    }
    // The generator exercises both outcomes, and a worsening from INCOMPLETE.
    expect(seen.found).toBeGreaterThan(40);
    expect(seen.none).toBeGreaterThan(40);
    expect(seen.fromIncomplete).toBeGreaterThan(0);
    process.stdout.write(`outlook on random workers: ${JSON.stringify(seen)}\n`);
  });

  const expiring = (expiresOn: CalendarDate) =>
    compliant({
      permits: [permit({ expiresOn })],
      withholdingReports: [withholding(), withholding({ year: 2026 }), withholding({ year: 2027 })],
    });

  it('names the day a permit enters its last 90 days, then the day it lapses', () => {
    const facts = expiring('2027-03-31');
    expect(evaluate(facts, '2026-06-15').status).toBe('CONSISTENT');
    expect(outlook(facts, '2026-06-15')).toEqual({
      on: '2026-12-31',
      status: 'AT_RISK',
      ruleIds: ['RESIDENCE_EXPIRING'],
    });
    // Already AT_RISK: the next worse day is the expiry, past the days the wording changes; the
    // employment goes on without a status.
    expect(outlook(facts, '2027-01-15')).toEqual({
      on: '2027-04-01',
      status: 'VIOLATION',
      ruleIds: ['UNAUTHORIZED_WORK', 'RESIDENCE_EXPIRED'],
    });
    expect(outlook(facts, '2027-04-01')).toBeNull();
  });

  it('looks exactly OUTLOOK_HORIZON_DAYS ahead', () => {
    const facts = expiring('2027-03-31');
    const worse = '2026-12-31';
    expect(outlook(facts, addDays(worse, -OUTLOOK_HORIZON_DAYS))?.on).toBe(worse);
    expect(outlook(facts, addDays(worse, -OUTLOOK_HORIZON_DAYS - 1))).toBeNull();
    expect(outlook(facts, addDays(worse, -30), { horizon: 29 })).toBeNull();
  });

  it('from an INCOMPLETE report, is the first VIOLATION among the rules evaluated', () => {
    const facts = worker({
      permits: [permit({ expiresOn: '2027-03-31' })],
      missing: ['TAX'],
    });
    expect(evaluate(facts, '2026-06-15').status).toBe('INCOMPLETE');
    expect(outlook(facts, '2026-06-15')).toEqual({
      on: '2027-04-01',
      status: 'VIOLATION',
      ruleIds: ['RESIDENCE_EXPIRED'],
    });
  });

  it('orders statuses as the report does: VIOLATION > INCOMPLETE > AT_RISK > CONSISTENT', () => {
    const order = ['CONSISTENT', 'AT_RISK', 'INCOMPLETE', 'VIOLATION'] as const;
    for (const [i, a] of order.entries())
      for (const [j, b] of order.entries()) expect(isWorse(a, b)).toBe(i > j);
  });
});
