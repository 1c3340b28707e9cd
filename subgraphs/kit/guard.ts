import {
  defaultFieldResolver,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import type DataLoader from 'dataloader';
import type { AccessRecorder, AccessRecordView } from './audit';
import type { Identity } from './auth';
import { assertMayReadChanges, CHANGE_FEED_TYPES, CHANGES_FIELD, CHANGES_SCOPE } from './changes';
import type { SubgraphName } from './config';
import { forbidden } from './errors';
import { isStatistics, STATISTICS_SCOPE } from './statistics';

export interface GuardedContext {
  identity: Identity;
  audit: AccessRecorder;
  accessLog: DataLoader<string, AccessRecordView[]>;
}

/** Who may read and write what in one subgraph. */
export interface AccessPolicy {
  /** `<source>:read` and `<source>:write` guard every field the subgraph owns. */
  source: SubgraphName | 'monitor';
  /** Types whose rows belong to one worker, and how to find that worker's id on a row. */
  personal: Record<string, (row: Record<string, unknown>) => unknown>;
  /** Root fields that take a worker id argument (a WORKER caller may pass only its own). */
  selfArgument?: Record<string, string>;
  /** Fields a WORKER caller may never read (they list other workers). */
  notForWorkers?: string[];
  /** Fields readable only by the worker concerned and by `audit:read` (the access log). */
  auditFields?: string[];
  /** Personal types the worker concerned may read without the read scope (their own timeline). */
  ownRecord?: string[];
  /** True when statistics:read may read this subgraph's population counts (kit/statistics.ts). */
  statistics?: boolean;
}

/**
 * Not guarded field by field: federation plumbing, access records (guarded by the log field), the
 * change feed's types (guarded by `Query.changes`) and `PageInfo` (reached only through a guarded
 * connection, and holding no data of its own).
 */
const SKIPPED_TYPES = new Set([
  '_Service',
  '_Entity',
  'AccessRecord',
  'PageInfo',
  ...CHANGE_FEED_TYPES,
]);
const OPEN_FIELDS = new Set(['id', '__typename', '_entities', '_service']);

/** May this caller read the subgraph's fields (its own scope, or consistency facts via the gateway)? */
function canRead(identity: Identity, source: string): boolean {
  return (
    identity.scopes.has(`${source}:read`) ||
    (identity.viaGateway && identity.scopes.has('consistency:read'))
  );
}

/**
 * A root field taking a worker id is the way to that worker for every registry reading its own
 * part (through the gateway) and for the auditor reading the access log; it yields the id only.
 */
function isWorkerEntry(identity: Identity, coordinate: string, policy: AccessPolicy): boolean {
  if (!(coordinate in (policy.selfArgument ?? {}))) return false;
  const anyRead = [...identity.scopes].some((s) => s.endsWith(':read') && s !== CHANGES_SCOPE);
  return identity.scopes.has('audit:read') || (identity.viaGateway && anyRead);
}

function check(
  policy: AccessPolicy,
  typeName: string,
  fieldName: string,
  parent: Record<string, unknown> | undefined,
  args: Record<string, unknown>,
  ctx: GuardedContext,
): void {
  const id = ctx.identity;
  const coordinate = `${typeName}.${fieldName}`;
  if (coordinate === CHANGES_FIELD) return assertMayReadChanges(id);
  if (typeName === 'Mutation') {
    const scope = `${policy.source}:write`;
    if (!id.scopes.has(scope))
      throw forbidden(`${fieldName} requires the scope ${scope}`, { scope });
    return;
  }
  const worker =
    typeName === 'Query'
      ? args[policy.selfArgument?.[coordinate] ?? '']
      : policy.personal[typeName]?.(parent ?? {});
  const isAudit = policy.auditFields?.includes(coordinate) ?? false;
  if (isAudit) {
    if (!(id.scopes.has('audit:read') || (id.agency === 'WORKER' && worker === id.sub))) {
      throw forbidden(`${coordinate} is shown only to the worker concerned and to audit:read`, {
        scope: 'audit:read',
      });
    }
  } else if (
    !canRead(id, policy.source) &&
    !(policy.statistics && isStatistics(typeName, coordinate) && id.scopes.has(STATISTICS_SCOPE)) &&
    !isWorkerEntry(id, coordinate, policy) &&
    !(policy.ownRecord?.includes(typeName) && id.agency === 'WORKER' && worker === id.sub)
  ) {
    const scope = `${policy.source}:read`;
    throw forbidden(`${coordinate} requires the scope ${scope}`, { scope });
  }
  if (id.agency === 'WORKER') {
    if (policy.notForWorkers?.includes(coordinate))
      throw forbidden(`${coordinate} is not available to a worker`);
    if (typeof worker === 'string' && worker !== id.sub) {
      throw forbidden('A worker may read only their own record');
    }
  }
  if (typeof worker === 'string' && typeName !== 'Query') {
    if (!id.purpose) {
      throw forbidden(
        'Reading personal data requires a purpose: send X-Purpose or a purpose claim',
        {
          reason: 'PURPOSE_REQUIRED',
        },
      );
    }
    ctx.audit.record(worker, coordinate);
  }
}

/**
 * Puts every field the subgraph owns behind its scopes, the worker's own-record rule and the
 * purpose rule, and records each personal read for the access log. Applied once to the built
 * schema, so no resolver can forget it.
 */
export function guardSchema(schema: GraphQLSchema, policy: AccessPolicy): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || SKIPPED_TYPES.has(type.name)) continue;
    for (const field of Object.values(type.getFields())) {
      if (OPEN_FIELDS.has(field.name) && type.name !== 'Mutation') continue;
      const resolve: GraphQLFieldResolver<unknown, GuardedContext> =
        field.resolve ?? defaultFieldResolver;
      field.resolve = (parent, args, ctx, info) => {
        check(policy, type.name, field.name, parent as Record<string, unknown>, args, ctx);
        return resolve(parent, args, ctx, info);
      };
    }
  }
  return schema;
}
