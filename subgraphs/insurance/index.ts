import type { AccessPolicy } from '../kit/guard';
import { KIT_MIGRATIONS } from '../kit/migrations';
import type { SubgraphModule } from '../kit/server';
import { registryContext } from '../kit/context';
import { createLoaders, type Context } from './loaders';
import { entities } from './entities';
import { Initial1764000000000 } from './migrations/1764000000000-Initial';
import { resolvers } from './resolvers';

/** Who may read and write the insurance registry's data (see kit/guard.ts). */
const policy: AccessPolicy = {
  source: 'insurance',
  personal: {
    Worker: (r) => r.id,
    InsuranceEnrollment: (r) => r.workerId,
    ContributionArrears: (r) => r.workerId,
  },
};

/** The insurance registry: workers' social-insurance enrollments and unpaid contributions. */
export const insurance: SubgraphModule<Context, 'insurance'> = {
  name: 'insurance',
  entities,
  migrations: [Initial1764000000000, ...KIT_MIGRATIONS],
  resolvers,
  createContext: registryContext(createLoaders),
  policy,
};
