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

export function protection() {
  const armor = new ApolloArmor({
    maxDepth: { n: LIMITS.depth },
    maxAliases: { n: LIMITS.aliases },
    costLimit: { maxCost: LIMITS.cost },
    // The token limit is graphql-js's own parser option (below): armor's runs its own parser in a
    // plugin hook, so a document that does not parse (or nests 5,000 deep) became an HTTP 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: LIMITS.directives },
    // Suggestions are removed by the kit's formatError when introspection is off (armor's mask
    // leaves "[Suggestion hidden]?" and misses enum-value suggestions).
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { ...armor, parseOptions: { maxTokens: LIMITS.tokens } };
}
