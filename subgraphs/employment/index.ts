import type { SubgraphModule } from '../kit/server';
import { createContext, type Context } from './context';
import { entities } from './entities';
import { Initial1764000000000 } from './migrations/1764000000000-Initial';
import { resolvers } from './resolvers';

/** The employment registry: employers, employments and foreign-employment notifications. */
export const employment: SubgraphModule<Context> = {
  name: 'employment',
  entities,
  migrations: [Initial1764000000000],
  resolvers,
  createContext,
};
