import {
  buildASTSchema,
  getNamedType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  parse,
  valueFromASTUntyped,
  type DirectiveNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { readFileSync } from 'node:fs';
import { isCalendarDate } from '../kit/dates';
import { schemaPath } from '../kit/schema';
import { SOURCES, type Source } from './engine/facts';

/**
 * What a representation must hold for one `@requires`, read from the composed supergraph at start:
 * the selection (`@join__field(requires:)` of the consistency graph) and, for every field, its type
 * and the registry that resolves it (the graph of its other `@join__field`, else its parent's).
 */
interface Requirement {
  type: GraphQLObjectType;
  selection: SelectionSetNode;
}

/** Why a source's facts were not used: where, and what type was expected (never the value). */
export interface Defect {
  /** Null when the entity itself is unreadable (no source to blame: no report at all). */
  source: Source | null;
  path: string;
  expected: string;
}

interface Reading<T> {
  /** The representation with absent nullable fields as null and every defective source nulled. */
  value: T;
  /** Sources whose facts were present but malformed. */
  defects: Defect[];
}

const CONSISTENCY_GRAPH = 'CONSISTENCY';

export function loadSupergraph(): GraphQLSchema {
  return buildASTSchema(parse(readFileSync(schemaPath('supergraph'), 'utf8')), {
    assumeValidSDL: true,
  });
}

function joinFields(field: GraphQLField<unknown, unknown>): Record<string, unknown>[] {
  return (field.astNode?.directives ?? [])
    .filter((d: DirectiveNode) => d.name.value === 'join__field')
    .map((d) =>
      Object.fromEntries(
        (d.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]),
      ),
    );
}

/** The `@requires` selection of `type.field` in the consistency graph. */
export function requirementOf(schema: GraphQLSchema, type: string, field: string): Requirement {
  const object = schema.getType(type);
  if (!isObjectType(object)) throw new Error(`${type} is not an object type of the supergraph`);
  const requires = joinFields(object.getFields()[field]).find(
    (j) => j.graph === CONSISTENCY_GRAPH && typeof j.requires === 'string',
  )?.requires as string | undefined;
  if (!requires) throw new Error(`${type}.${field} has no @requires in the supergraph`);
  const doc = parse(`{ ${requires} }`);
  const op = doc.definitions[0];
  if (op.kind !== Kind.OPERATION_DEFINITION) throw new Error(`Unreadable @requires of ${field}`);
  return { type: object, selection: op.selectionSet };
}

/** The requirement found under `path` (field names) of another, e.g. the workers of an employer. */
export function nestedRequirement(req: Requirement, path: string[]): Requirement {
  let current = req;
  for (const name of path) {
    const node = current.selection.selections.find(
      (s) => s.kind === Kind.FIELD && s.name.value === name,
    );
    const type = getNamedType(current.type.getFields()[name]?.type);
    if (node?.kind !== Kind.FIELD || !node.selectionSet || !isObjectType(type)) {
      throw new Error(`No selection at ${path.join('.')}`);
    }
    current = { type, selection: node.selectionSet };
  }
  return current;
}

/** Each field's own registry (null: its parent's), read once from its directives. */
const ownSources = new WeakMap<GraphQLField<unknown, unknown>, Source | null>();

/** The registry resolving a field: its one non-consistency, non-external `@join__field` graph. */
function sourceOf(field: GraphQLField<unknown, unknown>, inherited: Source | null): Source | null {
  let own = ownSources.get(field);
  if (own === undefined) {
    const graphs = joinFields(field)
      .filter((j) => j.graph !== CONSISTENCY_GRAPH && j.external !== true)
      .map((j) => j.graph);
    const graph = graphs.length === 1 ? graphs[0] : null;
    own = (SOURCES as readonly unknown[]).includes(graph) ? (graph as Source) : null;
    ownSources.set(field, own);
  }
  return own ?? inherited;
}

function scalarOk(name: string, value: unknown): boolean {
  switch (name) {
    case 'ID':
    case 'String':
      return typeof value === 'string';
    case 'Int':
      return Number.isInteger(value);
    case 'Float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'Boolean':
      return typeof value === 'boolean';
    case 'Date':
      return isCalendarDate(value);
    default:
      return false;
  }
}

class Walker {
  readonly defects: Defect[] = [];
  constructor(private readonly stopAt: string | null) {}

  /** `value` read as `type` (absent = null), or `undefined` when malformed (a defect recorded). */
  read(
    value: unknown,
    type: GraphQLOutputType,
    selection: SelectionSetNode | undefined,
    source: Source | null,
    path: string,
  ): unknown {
    if (value === undefined || value === null) {
      if (isNonNullType(type)) return this.defect(source, path, type);
      return null;
    }
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) {
      if (!Array.isArray(value)) return this.defect(source, path, type);
      const items = value.map((v, i) =>
        this.read(v, inner.ofType, selection, source, `${path}[${i}]`),
      );
      return items.includes(undefined) ? undefined : items;
    }
    if (isEnumType(inner)) {
      return typeof value === 'string' && inner.getValue(value)
        ? value
        : this.defect(source, path, type);
    }
    if (isScalarType(inner)) {
      return scalarOk(inner.name, value) ? value : this.defect(source, path, type);
    }
    if (!isObjectType(inner) || typeof value !== 'object' || Array.isArray(value)) {
      return this.defect(source, path, type);
    }
    if (inner.name === this.stopAt) {
      // A nested entity read on its own (each worker of an employer): only its key is checked here.
      const id = (value as { id?: unknown }).id;
      return typeof id === 'string' ? value : this.defect(source, `${path}.id`, type);
    }
    return this.object(value as Record<string, unknown>, inner, selection, source, path);
  }

  object(
    value: Record<string, unknown>,
    type: GraphQLObjectType,
    selection: SelectionSetNode | undefined,
    source: Source | null,
    path: string,
  ): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = {};
    let ok = true;
    for (const node of selection?.selections ?? []) {
      if (node.kind !== Kind.FIELD || node.name.value === '__typename') continue;
      const name = node.name.value;
      const field = type.getFields()[name];
      const fieldSource = sourceOf(field, source);
      const read = this.read(
        value[name],
        field.type,
        node.selectionSet,
        fieldSource,
        path ? `${path}.${name}` : name,
      );
      if (read === undefined && fieldSource === source) ok = false;
      // A defect in another source's field nulls that field only; the rest of this object stands.
      out[name] = read === undefined ? null : read;
    }
    return ok ? out : undefined;
  }

  private defect(source: Source | null, path: string, type: GraphQLOutputType): undefined {
    this.defects.push({ source, path, expected: String(type) });
    return undefined;
  }
}

/** Every field of a defective source set to null, as if that registry had not answered. */
function withoutSources(
  value: Record<string, unknown>,
  type: GraphQLObjectType,
  selection: SelectionSetNode,
  failed: ReadonlySet<Source>,
  parent: Source | null,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value };
  for (const node of selection.selections) {
    if (node.kind !== Kind.FIELD) continue;
    const name = node.name.value;
    const field = type.getFields()[name];
    const source = sourceOf(field, parent);
    if (source && failed.has(source) && source !== parent) {
      out[name] = null;
      continue;
    }
    const named = getNamedType(field.type);
    const v = out[name];
    if (!node.selectionSet || !isObjectType(named) || v === null || v === undefined) continue;
    const strip = (item: unknown) =>
      withoutSources(item as Record<string, unknown>, named, node.selectionSet!, failed, source);
    out[name] = Array.isArray(v) ? v.map(strip) : strip(v);
  }
  return out;
}

/**
 * Reads one representation against a requirement: absent nullable fields become null; a source
 * with a missing non-null field, a wrong type or an unknown enum value is nulled as a whole (the
 * engine then treats it as missing). `stopAt` names an entity type whose objects are left as they
 * are (read on their own later). Throws nothing: an entity without its key, or a defect in a field
 * no source resolves, yields `value: null`.
 */
export function readRepresentation<T>(
  representation: unknown,
  req: Requirement,
  stopAt: string | null = null,
): Reading<T | null> {
  const walker = new Walker(stopAt);
  const root =
    typeof representation === 'object' && representation !== null
      ? (representation as Record<string, unknown>)
      : {};
  const id = root.id;
  const read = walker.object(root, req.type, req.selection, null, '');
  const failed = new Set(walker.defects.flatMap((d) => (d.source ? [d.source] : [])));
  const value =
    read && typeof id === 'string' && walker.defects.every((d) => d.source)
      ? failed.size
        ? withoutSources({ ...read, id }, req.type, req.selection, failed, null)
        : { ...read, id }
      : null;
  return { value: value as T | null, defects: walker.defects };
}
