import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import { DateScalar } from '../kit/dates';
import { loadSchema } from '../kit/schema';
import type { Logger } from '../kit/logger';
import type { SchemaResolvers } from '../kit/server';
import type { Resolvers } from './generated/resolvers';
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
  const resolvers: Resolvers = {
    Date: DateScalar,
    ...consistencyResolvers(representationReader(logger)),
    ...identityResolvers,
  };
  return buildSubgraphSchema({
    typeDefs: loadSchema('consistency'),
    resolvers: resolvers as SchemaResolvers,
  });
}
