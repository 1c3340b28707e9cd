/**
 * The demo dataset: 20 employers and about 200 workers, mostly consistent, with situations that
 * make every rule of RULES.md fire on the reference date. Pure and deterministic: the same date
 * gives the same data (a seeded PRNG, no clock, no Math.random).
 */
import type { CalendarDate } from './dates';
import { compliantWorkers } from './compliant';
import { buildEmployers, indexEmployers } from './employers';
import { NameBook } from './names';
import type { Ctx } from './people';
import { mulberry32, seeded } from './random';
import { DEMO_REGISTRIES, type DemoRegistry } from './registries';
import type { DemoDataset } from './types';
import { violatingWorkers } from './violations';

export const DEMO_SEED = 20_251_128;

/** The dataset the scenarios state, completed by each registry's own facts (DemoRegistry.derive). */
export function buildDataset(
  referenceDate: CalendarDate,
  registries: readonly DemoRegistry[] = DEMO_REGISTRIES,
): DemoDataset {
  const employers = buildEmployers(referenceDate);
  const rng = mulberry32(DEMO_SEED);
  const ctx: Ctx = {
    ref: referenceDate,
    rng,
    employers: indexEmployers(employers),
    names: new NameBook(rng),
    seq: 0,
  };
  const workers = [...compliantWorkers(ctx), ...violatingWorkers(ctx)];
  for (const registry of registries) {
    if (!registry.derive) continue;
    for (const worker of workers) {
      const rng = seeded(DEMO_SEED, registry.name, worker.key);
      const derived = registry.derive(worker, {
        ref: referenceDate,
        employers: ctx.employers,
        rng,
      });
      worker.registryFacts = { ...derived, ...worker.registryFacts };
    }
  }
  return { referenceDate, employers, workers };
}

export type { DemoDataset, DemoEmployer, DemoWorker } from './types';
