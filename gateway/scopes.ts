import {
  Kind,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type ConstDirectiveNode,
  type ConstValueNode,
  type ObjectTypeDefinitionNode,
} from 'graphql';
import type { Identity } from '../subgraphs/kit/auth';
import { isStatistics, STATISTICS_SCOPE } from '../subgraphs/kit/statistics';

/** Which subgraphs resolve each `Type.field` of the supergraph (from its join__ directives). */
export type FieldOwners = Map<string, string[]>;

function argument(d: ConstDirectiveNode, name: string): ConstValueNode | undefined {
  return d.arguments?.find((a) => a.name.value === name)?.value;
}

/** The graphs named by a type's or field's join directives (external fields excluded). */
function graphsOf(directives: readonly ConstDirectiveNode[] | undefined, name: string): string[] {
  return (directives ?? [])
    .filter((d) => d.name.value === name)
    .filter((d) => {
      const external = argument(d, 'external');
      return !(external?.kind === Kind.BOOLEAN && external.value);
    })
    .map((d) => argument(d, 'graph'))
    .flatMap((g) => (g?.kind === Kind.ENUM ? [g.value.toLowerCase()] : []));
}

export function fieldOwners(supergraphSdl: string): FieldOwners {
  const owners: FieldOwners = new Map();
  for (const def of parse(supergraphSdl).definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const type = def as ObjectTypeDefinitionNode;
    const typeGraphs = graphsOf(type.directives, 'join__type');
    for (const field of type.fields ?? []) {
      const joins = (field.directives ?? []).filter((d) => d.name.value === 'join__field');
      const graphs = joins.length ? graphsOf(field.directives, 'join__field') : typeGraphs;
      owners.set(`${type.name.value}.${field.name.value}`, graphs);
    }
  }
  return owners;
}

/** Ways into the graph, open to any reader of their owner or to consistency readers. */
const ENTRY_TYPES = /(Connection|Edge)$|^PageInfo$/;
const ENTRY_FIELDS = new Set([
  'Query.worker',
  'Query.workers',
  'Query.workersByIds',
  'Query.employer',
  'Query.employers',
]);
const OPEN_FIELDS = new Set(['id', '__typename']);
/** Access logs: the worker concerned (checked where the data lives) or audit:read. */
const AUDIT_FIELD = /^Worker\.\w*[aA]ccessLog$/;

interface ScopeProblem {
  field: string;
  /** Any one of these scopes allows the field. */
  anyOf: string[];
}

/**
 * The fields of an operation the caller may not select: each field needs the read scope of a
 * subgraph that resolves it (write scope for mutations; consistency:read for computed fields).
 */
export function missingScopes(
  schema: GraphQLSchema,
  owners: FieldOwners,
  document: DocumentNode,
  identity: Pick<Identity, 'scopes' | 'agency'>,
): ScopeProblem[] {
  const scopes = identity.scopes;
  const problems: ScopeProblem[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent || OPEN_FIELDS.has(node.name.value) || parent.name.startsWith('__')) return;
        if (parent.name === 'AccessRecord') return; // guarded by the access-log field above it
        if (node.name.value.startsWith('__')) return;
        const coordinate = `${parent.name}.${node.name.value}`;
        if (AUDIT_FIELD.test(coordinate)) {
          if (identity.agency !== 'WORKER' && !scopes.has('audit:read')) {
            problems.push({ field: coordinate, anyOf: ['audit:read'] });
          }
          return;
        }
        const graphs = owners.get(coordinate) ?? [];
        // A worker's own timeline: the monitor checks it is theirs (subgraphs/monitor/index.ts).
        if (identity.agency === 'WORKER' && graphs.includes('monitor')) return;
        const verb = parent.name === 'Mutation' ? 'write' : 'read';
        // The monitor serves stored reports: what reads reports (consistency:read) reads them.
        const anyOf = graphs.map((g) =>
          g === 'monitor' ? 'consistency:read' : `${g}:${verb === 'write' ? 'write' : 'read'}`,
        );
        if (verb === 'read' && (ENTRY_FIELDS.has(coordinate) || ENTRY_TYPES.test(parent.name))) {
          anyOf.push('consistency:read');
        }
        // An auditor reaches a worker's access log (and nothing else of the worker) this way.
        // Every registry reaches its own part of a worker by id; the auditor its access log.
        if (coordinate === 'Query.worker') {
          anyOf.push(
            'employment:read',
            'insurance:read',
            'tax:read',
            'municipality:read',
            'audit:read',
          );
        }
        if (isStatistics(parent.name, coordinate)) anyOf.push(STATISTICS_SCOPE);
        if (anyOf.length > 0 && !anyOf.some((s) => scopes.has(s)))
          problems.push({ field: coordinate, anyOf });
      },
    }),
  );
  return problems;
}
