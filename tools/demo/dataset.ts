/**
 * The demo dataset: 20 employers and about 200 workers, mostly consistent, with situations that
 * make every rule of RULES.md fire on the reference date. Pure and deterministic: the same date
 * gives the same data (a seeded PRNG, no clock, no Math.random).
 */
import type { CalendarDate } from '../../subgraphs/kit/dates';
import { compliantWorkers } from './compliant';
import { buildEmployers, indexEmployers } from './employers';
import { NameBook } from './names';
import type { Ctx } from './people';
import { mulberry32 } from './random';
import type { DemoDataset } from './types';
import { violatingWorkers } from './violations';

export const DEMO_SEED = 20_251_128;

export function buildDataset(referenceDate: CalendarDate): DemoDataset {
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
  return { referenceDate, employers, workers };
}

export type { DemoDataset, DemoEmployer, DemoWorker } from './types';
