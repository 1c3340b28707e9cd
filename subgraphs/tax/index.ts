import type { SubgraphModule } from '../kit/server';
import { createContext, type Context } from './context';
import { entities } from './entities';
import { Initial1764000000000 } from './migrations/1764000000000-Initial';
import { resolvers } from './resolvers';

/** The tax registry: assessments and payments, withholding reports, employers' tax arrears. */
export const tax: SubgraphModule<Context> = {
  name: 'tax',
  entities,
  migrations: [Initial1764000000000],
  resolvers,
  createContext,
};
