import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * Limits on what one operation may ask (graphql-armor), tuned so every example operation, the
 * benchmark's and the demo loader's (50 aliased mutations per request) pass with room to spare.
 */
export const LIMITS = {
  depth: 12,
  aliases: 120,
  cost: 60_000,
  tokens: 30_000,
  directives: 50,
};

export function protection(production: boolean) {
  return new ApolloArmor({
    maxDepth: { n: LIMITS.depth },
    maxAliases: { n: LIMITS.aliases },
    costLimit: { maxCost: LIMITS.cost },
    maxTokens: { n: LIMITS.tokens },
    maxDirectives: { n: LIMITS.directives },
    // Field suggestions reveal the schema when introspection is off.
    blockFieldSuggestion: { enabled: production },
  }).protect();
}
