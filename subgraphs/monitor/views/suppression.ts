/**
 * Statistical disclosure control for the population counts a `statistics:read` caller sees
 * (docs/PRIVACY.md). Primary suppression: every count from 1 to MAX_SUPPRESSED is withheld (0 is
 * shown). Complementary suppression: the published counts are tied by additive lines (the parts of
 * a line add up to its total: the statuses to the workers, the groups of one status or rule to the
 * population's count); a line with exactly one withheld member would give it away by subtraction,
 * so a second member is withheld, the smallest non-zero one, until no line has exactly one.
 */
export const MAX_SUPPRESSED = 9;

/** One published count. */
export interface Cell {
  value: number;
  suppressed: boolean;
}

/** Counts that add up: `parts` sum to `total`. */
export interface Line {
  parts: Cell[];
  total: Cell;
}

export const cell = (value: number): Cell => ({ value, suppressed: false });

/** Withholds every 1–9 count, then a second member of every line with a single withheld one. */
export function suppress(cells: Iterable<Cell>, lines: Line[]): void {
  for (const c of cells) if (c.value >= 1 && c.value <= MAX_SUPPRESSED) c.suppressed = true;
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const members = [...line.parts, line.total];
      if (members.filter((c) => c.suppressed).length !== 1) continue;
      const candidates = members.filter((c) => !c.suppressed && c.value > 0);
      // Every part withheld or zero, and the total shown, is impossible: the withheld part would
      // equal the total, itself a count from 1 to 9.
      if (candidates.length === 0) continue;
      candidates.sort((a, b) => a.value - b.value)[0].suppressed = true;
      changed = true;
    }
  }
}

/** A count as published: null when withheld. */
export const published = (c: Cell) => ({
  count: c.suppressed ? null : c.value,
  suppressed: c.suppressed,
});
