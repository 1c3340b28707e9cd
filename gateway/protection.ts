import type { ApolloServerPlugin } from '@apollo/server';
import { LIMITS, operationLimits } from '../subgraphs/kit/limits';

export { LIMITS };

/** The gateway's operation limits: the same as every subgraph's (subgraphs/kit/limits.ts). */
export function protection<C extends object>(production: boolean, maxCost = LIMITS.cost) {
  return operationLimits<C>({ production, maxCost }) as {
    validationRules: ReturnType<typeof operationLimits>['validationRules'];
    plugins: ApolloServerPlugin<C>[];
    parseOptions: { maxTokens: number };
  };
}
