import type { AccessPolicy } from '../kit/guard';
import { KIT_MIGRATIONS } from '../kit/migrations';
import type { SubgraphModule } from '../kit/server';
import { registryContext } from '../kit/context';
import { createLoaders, type Context } from './loaders';
import { entities } from './entities';
import { Initial1764000000000 } from './migrations/1764000000000-Initial';
import { resolvers } from './resolvers';

/** Who may read and write the employment registry's data (see kit/guard.ts). */
const policy: AccessPolicy = {
  source: 'employment',
  personal: {
    Worker: (r) => r.id,
    Employment: (r) => r.workerId,
    EmploymentNotification: (r) => r.workerId,
  },
  notForWorkers: ['Employer.employments'],
};

/** The employment registry: employers, employments and foreign-employment notifications. */
export const employment: SubgraphModule<Context, 'employment'> = {
  name: 'employment',
  entities,
  migrations: [Initial1764000000000, ...KIT_MIGRATIONS],
  resolvers,
  createContext: registryContext(createLoaders),
  policy,
};
