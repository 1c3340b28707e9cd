import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { GraphQLSchema } from 'graphql';
import { DateScalar } from '../kit/dates';
import { loadSchema } from '../kit/schema';
import type { Logger } from '../kit/logger';
import { identityResolvers } from './identity';
import { representationReader } from './reading';
import { consistencyResolvers } from './resolvers';

/**
 * The consistency layer as a subgraph: no database, only the pure rule engine over the facts the
 * query plan brings (`@requires`). The gateway runs it in-process; `main.ts` serves it over HTTP
 * for other federation gateways. Representations are checked against the supergraph's `@requires`
 * selections (reading.ts): malformed facts make their source missing, never a guess.
 */
export function buildConsistencySchema(logger?: Logger): GraphQLSchema {
  return buildSubgraphSchema({
    typeDefs: loadSchema('consistency'),
    resolvers: {
      Date: DateScalar,
      ...consistencyResolvers(representationReader(logger)),
      ...identityResolvers,
    } as GraphQLResolverMap<unknown>,
  });
}
