import type { SubgraphModule } from '../kit/server';
import { createContext, type Context } from './context';
import { entities } from './entities';
import { Initial1764000000000 } from './migrations/1764000000000-Initial';
import { resolvers } from './resolvers';

/** The residence registry: workers' identity, permits, applications and work permissions. */
export const residence: SubgraphModule<Context> = {
  name: 'residence',
  entities,
  migrations: [Initial1764000000000],
  resolvers,
  createContext,
};
