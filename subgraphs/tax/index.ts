import type { AccessPolicy } from '../kit/guard';
import { KIT_MIGRATIONS } from '../kit/migrations';
import type { SubgraphModule } from '../kit/server';
import { registryContext } from '../kit/context';
import { createLoaders, type Context } from './loaders';
import { entities } from './entities';
import { Initial1764000000000 } from './migrations/1764000000000-Initial';
import { resolvers } from './resolvers';

/** Who may read and write the tax registry's data (see kit/guard.ts). */
const policy: AccessPolicy = {
  source: 'tax',
  personal: {
    Worker: (r) => r.id,
    TaxAssessment: (r) => r.workerId,
    WithholdingReport: (r) => r.workerId,
  },
};

/** The tax registry: assessments and payments, withholding reports, employers' tax arrears. */
export const tax: SubgraphModule<Context, 'tax'> = {
  name: 'tax',
  entities,
  migrations: [Initial1764000000000, ...KIT_MIGRATIONS],
  resolvers,
  createContext: registryContext(createLoaders),
  policy,
};
