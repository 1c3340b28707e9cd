import { addDays, addMonths, daysBetween } from '../../subgraphs/kit/dates';

/** The same arithmetic through JavaScript's own UTC calendar, as a reference. */
const utc = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
};
const iso = (t: Date) => t.toISOString().slice(0, 10);

function referenceAddMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
  first.setUTCDate(Math.min(d, last.getUTCDate()));
  return iso(first);
}

describe('calendar arithmetic (integer day numbers)', () => {
  it('agrees with the UTC calendar on every third day from 1896 to 2036 (leap centuries and a non-leap 1900)', () => {
    const mismatches: string[] = [];
    for (let t = utc('1896-01-01'); t <= utc('2036-12-31'); t.setUTCDate(t.getUTCDate() + 3)) {
      const day = iso(t);
      for (const n of [-400, -90, -1, 1, 6, 91, 366]) {
        const expected = iso(new Date(t.getTime() + n * 86_400_000));
        if (addDays(day, n) !== expected) mismatches.push(`${day} + ${n} days`);
        if (daysBetween(day, expected) !== n) mismatches.push(`${day} → ${expected}`);
      }
      for (const n of [-13, -1, 1, 2, 3, 12, 24]) {
        if (addMonths(day, n) !== referenceAddMonths(day, n))
          mismatches.push(`${day} + ${n} months`);
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('clamps to the end of the month and knows leap years', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2100-01-31', 1)).toBe('2100-02-28');
    expect(addMonths('2000-01-31', 1)).toBe('2000-02-29');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
  });
});
