/** Small-count suppression for statistics:read (subgraphs/monitor/views/suppression.ts). */
import {
  cell,
  published,
  suppress,
  type Cell,
  type Line,
} from '../../subgraphs/monitor/views/suppression';

/**
 * What a reader can work out by subtraction: repeatedly, a line with a single unknown member gives
 * it away. Returns the withheld cells so derived.
 */
function derivable(lines: Line[]): Set<Cell> {
  const known = new Set<Cell>();
  const isKnown = (c: Cell) => !c.suppressed || known.has(c);
  let changed = true;
  while (changed) {
    changed = false;
    for (const l of lines) {
      const unknown = [...l.parts, l.total].filter((c) => !isKnown(c));
      if (unknown.length === 1) {
        known.add(unknown[0]);
        changed = true;
      }
    }
  }
  return known;
}

/** A groups × statuses table with its margins, as riskOverview publishes it. */
function table(values: number[][]) {
  const cells = values.map((row) => row.map(cell));
  const columns = values[0].map((_, j) => cell(values.reduce((s, row) => s + row[j], 0)));
  const workers = cell(columns.reduce((s, c) => s + c.value, 0));
  const lines: Line[] = [
    { parts: columns, total: workers },
    ...columns.map((total, j) => ({ parts: cells.map((row) => row[j]), total })),
  ];
  return { all: [workers, ...columns, ...cells.flat()], lines };
}

describe('suppress', () => {
  it('withholds every count from 1 to 9 and shows 0 and 10 and more', () => {
    const cells = [0, 1, 9, 10, 250].map(cell);
    suppress(cells, []);
    expect(cells.map(published)).toEqual([
      { count: 0, suppressed: false },
      { count: null, suppressed: true },
      { count: null, suppressed: true },
      { count: 10, suppressed: false },
      { count: 250, suppressed: false },
    ]);
  });

  it('withholds a second part when a total would give a single withheld part away', () => {
    const parts = [5, 20, 30, 0].map(cell);
    const total = cell(55);
    suppress([...parts, total], [{ parts, total }]);
    expect(parts.map((c) => c.suppressed)).toEqual([true, true, false, false]);
    expect(total.suppressed).toBe(false);
    expect(derivable([{ parts, total }]).size).toBe(0);
  });

  it('leaves a line with two small parts as it is', () => {
    const parts = [3, 4, 40].map(cell);
    const total = cell(47);
    suppress([...parts, total], [{ parts, total }]);
    expect(parts.map((c) => c.suppressed)).toEqual([true, true, false]);
  });

  it('follows the chain through crossing lines of a table (complementary suppression)', () => {
    // The 3 withholds a second cell of column 0, the 7 one of column 1; the column totals follow.
    const { all, lines } = table([
      [3, 40, 50],
      [12, 7, 60],
      [30, 25, 0],
    ]);
    suppress(all, lines);
    expect(all.filter((c) => c.suppressed).length).toBeGreaterThanOrEqual(4);
    expect(derivable(lines).size).toBe(0);
  });

  it('lets nothing be derived by subtraction in random tables', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 300; run++) {
      const rows = 1 + Math.floor(random() * 6);
      const values = Array.from({ length: rows }, () =>
        Array.from({ length: 4 }, () => Math.floor(random() ** 2 * 40)),
      );
      const { all, lines } = table(values);
      suppress(all, lines);
      for (const c of all) if (c.value >= 1 && c.value <= 9) expect(c.suppressed).toBe(true);
      for (const l of lines) {
        const withheld = [...l.parts, l.total].filter((c) => c.suppressed).length;
        expect(withheld === 0 || withheld >= 2).toBe(true);
      }
      expect(derivable(lines).size).toBe(0);
    }
  });
});
