import { LIMITS, operationLimits } from '../subgraphs/kit/limits';

export { LIMITS };

/** The gateway's operation limits: the same as every subgraph's (subgraphs/kit/limits.ts). */
export function protection<C extends object>(maxCost = LIMITS.cost) {
  return operationLimits<C>({ maxCost });
}
