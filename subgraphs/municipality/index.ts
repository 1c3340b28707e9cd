import type { AccessPolicy } from '../kit/guard';
import { KIT_MIGRATIONS } from '../kit/migrations';
import type { SubgraphModule } from '../kit/server';
import { registryContext } from '../kit/context';
import { createLoaders, type Context } from './loaders';
import { entities } from './entities';
import { Initial1764000000000 } from './migrations/1764000000000-Initial';
import { resolvers } from './resolvers';

/** Who may read and write the municipal resident registry's data (see kit/guard.ts). */
const policy: AccessPolicy = {
  source: 'municipality',
  personal: {
    Worker: (r) => r.id,
    AddressRegistration: (r) => r.workerId,
  },
};

/** The municipal resident registry (住民基本台帳): workers' address registrations. */
export const municipality: SubgraphModule<Context, 'municipality'> = {
  name: 'municipality',
  entities,
  migrations: [Initial1764000000000, ...KIT_MIGRATIONS],
  resolvers,
  createContext: registryContext(createLoaders),
  policy,
};
