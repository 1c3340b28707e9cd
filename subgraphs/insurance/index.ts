import type { SubgraphModule } from '../kit/server';
import { createContext, type Context } from './context';
import { entities } from './entities';
import { Initial1764000000000 } from './migrations/1764000000000-Initial';
import { resolvers } from './resolvers';

/** The insurance registry: workers' social-insurance enrollments and unpaid contributions. */
export const insurance: SubgraphModule<Context> = {
  name: 'insurance',
  entities,
  migrations: [Initial1764000000000],
  resolvers,
  createContext,
};
