/** The registries the demo loads, in no particular order (phases order the mutations). */
import { employmentDemo } from './employment';
import { insuranceDemo } from './insurance';
import { municipalityDemo } from './municipality';
import type { DemoRegistry } from './registry';
import { residenceDemo } from './residence';
import { taxDemo } from './tax';

export const DEMO_REGISTRIES: readonly DemoRegistry[] = [
  residenceDemo,
  employmentDemo,
  insuranceDemo,
  taxDemo,
  municipalityDemo,
];

export type { DemoRegistry } from './registry';
