/**
 * Evidence identity over the whole demo population (../shared/RULES.md, Report): `Evidence.id` is
 * a function of source, entity, recordId, field and value — equal facts share one id, different
 * facts never do — and a withheld value leaves an id that does not depend on it.
 */
import { buildDataset } from '../../tools/demo/dataset';
import { workerFacts } from '../../tools/demo/facts';
import { evaluate } from '../../subgraphs/consistency/engine/evaluate';
import { evidenceId, type Evidence } from '../../subgraphs/consistency/engine/report';
import { redactFinding } from '../../subgraphs/consistency/redaction';
import type { Identity } from '../../subgraphs/kit/auth';

const DATES = ['2026-11-28', '2027-06-01', '2028-01-20'];

const fact = (e: Omit<Evidence, 'id'>): string =>
  JSON.stringify([e.source, e.entity, e.recordId, e.field, e.value]);

/** Every evidence item of every demo worker's report on each date, as the engine gives it. */
function demoEvidence(): Evidence[] {
  return DATES.flatMap((asOf) => {
    const data = buildDataset(asOf);
    return data.workers.flatMap((w) =>
      evaluate(workerFacts(w, data), asOf).findings.flatMap((f) => f.evidence),
    );
  });
}

/** For each key, the distinct values it maps to, keeping only keys with more than one. */
function ambiguous<T>(items: T[], key: (t: T) => string, value: (t: T) => string): string[][] {
  const seen = new Map<string, Set<string>>();
  for (const item of items) {
    const k = key(item);
    seen.set(k, (seen.get(k) ?? new Set()).add(value(item)));
  }
  return [...seen.values()].filter((v) => v.size > 1).map((v) => [...v]);
}

const identity = (scopes: string[]): Identity => ({
  sub: 'inspector',
  agency: 'LABOR_INSPECTION',
  scopes: new Set(['consistency:read', ...scopes]),
  purpose: 'test',
  operation: null,
  viaGateway: false,
});

describe('Evidence.id over the demo population', () => {
  const items = demoEvidence();

  it('covers a population where record ids alone would collide', () => {
    expect(items.length).toBeGreaterThan(500);
    // The old id (the source record's id) stood for several different facts.
    expect(ambiguous(items, (e) => e.recordId, fact).length).toBeGreaterThan(0);
  });

  it('gives different facts different ids and equal facts one id', () => {
    expect(ambiguous(items, (e) => e.id, fact)).toEqual([]);
    expect(ambiguous(items, fact, (e) => e.id)).toEqual([]);
    expect(new Set(items.map((e) => e.id)).size).toBe(new Set(items.map(fact)).size);
  });

  it('is a fixed function of the fact, the same in every process', () => {
    expect(
      evidenceId({
        source: 'RESIDENCE',
        entity: 'ResidencePermit',
        recordId: 'permit-1',
        field: 'expiresOn',
        value: '2026-09-13',
      }),
    ).toBe('ev_tQphL5GCZbBy2N_GMGIz7S');
    for (const e of items.slice(0, 50)) expect(evidenceId(e)).toBe(e.id);
  });

  it('gives withheld evidence an id that does not depend on the value', () => {
    const asOf = DATES[0];
    const data = buildDataset(asOf);
    const findings = data.workers.flatMap((w) =>
      evaluate(workerFacts(w, data), asOf).findings.map((f) => ({ ...f, workerId: w.key })),
    );
    const shown = findings.flatMap((f) => f.evidence);
    const withheld = findings
      .map((f) => redactFinding(f, identity(['employment:read'])))
      .flatMap((f) => f.evidence);
    const hidden = withheld.filter((e) => e.redacted);
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.every((e) => e.value === null)).toBe(true);
    // Stable: the same record field withheld has one id, whatever its value.
    const place = (e: Evidence) => JSON.stringify([e.source, e.entity, e.recordId, e.field]);
    expect(ambiguous(hidden, place, (e) => e.id)).toEqual([]);
    expect(ambiguous(hidden, (e) => e.id, place)).toEqual([]);
    // Never the id of a fact shown with its value, so no cache mixes the two.
    const shownIds = new Set(shown.map((e) => e.id));
    expect(hidden.filter((e) => shownIds.has(e.id))).toEqual([]);
    // Evidence the caller may read keeps its id.
    const visible = withheld.filter((e) => !e.redacted);
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.every((e) => e.id === evidenceId(e))).toBe(true);
  });
});
