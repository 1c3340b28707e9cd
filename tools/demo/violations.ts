/** Workers whose records disagree somewhere: together they make every rule of RULES.md fire. */
import type { Ctx } from './people';
import type { DemoWorker } from './types';
import { addressViolations } from './violations/address';
import { arrearsViolations, inactiveWorkers } from './violations/arrears';
import { employerViolations } from './violations/employer';
import { residenceViolations } from './violations/residence';
import { workViolations } from './violations/work';

export { overdueTax } from './violations/helpers';

export function violatingWorkers(ctx: Ctx): DemoWorker[] {
  return [
    ...residenceViolations(ctx),
    ...workViolations(ctx),
    ...employerViolations(ctx),
    ...arrearsViolations(ctx),
    ...inactiveWorkers(ctx),
    ...addressViolations(ctx),
  ].map((b) => b.build());
}
