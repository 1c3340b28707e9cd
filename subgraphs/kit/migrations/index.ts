import { AccessLog1764100000000 } from './AccessLog';
import { AuditChain1764200000000 } from './AuditChain';
import { AuditChainPlan1766300000000 } from './AuditChainPlan';
import { AuditChainCanonical1766500000000 } from './AuditChainCanonical';
import { ChangeOutbox1764300000000 } from './ChangeOutbox';

/**
 * The tables every registry keeps beside its own (access log, its chain, the change outbox), in
 * order: a registry's module lists them after its own migrations, `[Initial…, ...KIT_MIGRATIONS]`.
 */
export const KIT_MIGRATIONS = [
  AccessLog1764100000000,
  AuditChain1764200000000,
  ChangeOutbox1764300000000,
  AuditChainPlan1766300000000,
  AuditChainCanonical1766500000000,
];
