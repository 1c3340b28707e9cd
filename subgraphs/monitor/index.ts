import type { AccessPolicy } from '../kit/guard';
import { AccessLog1764100000000 } from '../kit/migrations/AccessLog';
import { AuditChain1764200000000 } from '../kit/migrations/AuditChain';
import { AuditChainPlan1766300000000 } from '../kit/migrations/AuditChainPlan';
import { AuditChainCanonical1766500000000 } from '../kit/migrations/AuditChainCanonical';
import type { SubgraphModule } from '../kit/server';
import { registryContext } from '../kit/context';
import { entities } from './entities';
import { createLoaders, type Context } from './loaders';
import { Monitor1764900000000 } from './migrations/1764900000000-Monitor';
import { FeedCursor1765000000000 } from './migrations/1765000000000-FeedCursor';
import { PopulationStore1766100000000 } from './migrations/1766100000000-PopulationStore';
import { Outlook1766200000000 } from './migrations/1766200000000-Outlook';
import { GroupPages1766350000000 } from './migrations/1766350000000-GroupPages';
import { TallyHashed1766400000000 } from './migrations/1766400000000-TallyHashed';
import { StoreMaintenance1766600000000 } from './migrations/1766600000000-StoreMaintenance';
import { resolvers } from './resolvers';

/**
 * Who may read the monitor's store (see kit/guard.ts): reports are consistency facts, so
 * consistency:read through the gateway, or the worker concerned (their own timeline, evidence
 * redacted by their source scopes); a purpose for any personal read, each logged in the monitor's
 * own access log (Worker.monitorAccessLog).
 */
const policy: AccessPolicy = {
  source: 'monitor',
  personal: {
    Worker: (r) => r.id,
    RiskTransition: (r) => r.workerId,
    Finding: (r) => r.workerId,
    Evidence: (r) => r.workerId,
    UpcomingRisk: (r) => r.workerId,
  },
  ownRecord: ['Worker', 'RiskTransition', 'Finding', 'Evidence'],
  notForWorkers: [
    'Query.monitorStatus',
    'Query.riskOverview',
    'Query.findings',
    'Query.riskTransitions',
    'Query.upcomingRisks',
    'Employer.findingsToCure',
  ],
  // riskOverview's counts: also statistics:read, suppressed (views/suppression.ts).
  statistics: true,
};

/** The monitor's subgraph: stored reports, their transitions and its own access log. */
export const monitor: SubgraphModule<Context> = {
  name: 'monitor',
  entities,
  migrations: [
    AccessLog1764100000000,
    AuditChain1764200000000,
    Monitor1764900000000,
    FeedCursor1765000000000,
    PopulationStore1766100000000,
    Outlook1766200000000,
    AuditChainPlan1766300000000,
    GroupPages1766350000000,
    TallyHashed1766400000000,
    AuditChainCanonical1766500000000,
    StoreMaintenance1766600000000,
  ],
  resolvers: resolvers as SubgraphModule<Context>['resolvers'],
  createContext: registryContext(createLoaders),
  policy,
};
