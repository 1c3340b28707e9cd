import type { AccessPolicy } from '../kit/guard';
import { KIT_MIGRATIONS } from '../kit/migrations';
import type { SubgraphModule } from '../kit/server';
import { registryContext } from '../kit/context';
import { createLoaders, type Context } from './loaders';
import { entities } from './entities';
import { Initial1764000000000 } from './migrations/1764000000000-Initial';
import { resolvers } from './resolvers';

/** Who may read and write the residence registry's data (see kit/guard.ts). */
const policy: AccessPolicy = {
  source: 'residence',
  personal: {
    Worker: (r) => r.id,
    ResidencePermit: (r) => r.workerId,
    ResidenceApplication: (r) => r.workerId,
    WorkPermission: (r) => r.workerId,
    Residence: (r) => (r.permit as { workerId?: string } | undefined)?.workerId,
  },
  selfArgument: { 'Query.worker': 'id' },
  notForWorkers: ['Query.workers', 'Query.workersByIds'],
};

/** The residence registry: workers' identity, permits, applications and work permissions. */
export const residence: SubgraphModule<Context, 'residence'> = {
  name: 'residence',
  entities,
  migrations: [Initial1764000000000, ...KIT_MIGRATIONS],
  resolvers,
  createContext: registryContext(createLoaders),
  policy,
};
