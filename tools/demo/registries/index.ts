/** The registries the demo loads, in no particular order (phases order the mutations). */
import { employmentDemo } from './employment';
import { insuranceDemo } from './insurance';
import { municipalityDemo } from './municipality';
import type { DemoRegistry } from './registry';
import { residenceDemo } from './residence';
import { taxDemo } from './tax';

/**
 * The municipality registry's mutations reach the API with its subgraph (schema/municipality.graphql).
 * Until that is composed the demo derives its facts (the engine reads them offline, ../facts.ts) but
 * sends none of them; once it is, list `municipalityDemo` itself here.
 */
export const MUNICIPALITY_FACTS_ONLY: DemoRegistry = { ...municipalityDemo, phases: {} };

export const DEMO_REGISTRIES: readonly DemoRegistry[] = [
  residenceDemo,
  employmentDemo,
  insuranceDemo,
  taxDemo,
  MUNICIPALITY_FACTS_ONLY,
];

export type { DemoRegistry } from './registry';
