import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { GraphQLSchema } from 'graphql';
import { DateScalar } from '../kit/dates';
import { loadSchema } from '../kit/schema';
import { identityResolvers } from './identity';
import { resolvers } from './resolvers';

/**
 * The consistency layer as a subgraph: no database, only the pure rule engine over the facts the
 * query plan brings (`@requires`). The gateway runs it in-process; `main.ts` serves it over HTTP
 * for other federation gateways.
 */
export function buildConsistencySchema(): GraphQLSchema {
  return buildSubgraphSchema({
    typeDefs: loadSchema('consistency'),
    resolvers: {
      Date: DateScalar,
      ...resolvers,
      ...identityResolvers,
    } as GraphQLResolverMap<unknown>,
  });
}
