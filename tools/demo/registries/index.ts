/** The registries the demo loads, in no particular order (phases order the mutations). */
import { employmentDemo } from './employment';
import { insuranceDemo } from './insurance';
import type { DemoRegistry } from './registry';
import { residenceDemo } from './residence';
import { taxDemo } from './tax';

export const DEMO_REGISTRIES: readonly DemoRegistry[] = [
  residenceDemo,
  employmentDemo,
  insuranceDemo,
  taxDemo,
];

export type { DemoRegistry } from './registry';
