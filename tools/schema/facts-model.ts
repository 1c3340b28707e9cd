import {
  Kind,
  parse,
  print,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type TypeNode,
} from 'graphql';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/kit/config';
import { projectRoot, schemaPath } from '../../subgraphs/kit/schema';

/**
 * The engine's facts as the registries' fragments (`subgraphs/<name>/facts.graphql`) state them,
 * with every selected field's type read from the SDL of the registry resolving it. The generators
 * (tools/schema/facts-sdl.ts, facts-ts.ts) derive everything else from this.
 */

/** The name standing for every Worker fragment together, spread where an employee's facts go. */
export const WORKER_FACTS = 'WorkerFacts';

/** The consistency field whose `@requires` gathers the fragments on each entity. */
export const REQUIRING_FIELDS = {
  Worker: 'consistency',
  Employer: 'workforceConsistency',
} as const;
export type FactsEntity = keyof typeof REQUIRING_FIELDS;

export interface OwnedField {
  type: TypeNode;
  owner: SubgraphName;
  /** The owner resolves it with a `@requires` of its own: the gateway fetches it last. */
  requires: boolean;
  /** Its rank among every registry field (SDL order, registry by registry). */
  position: number;
}

export interface FactsModel {
  /** Per entity, its merged selection (spreads expanded, fields ordered for the gateways). */
  selections: Record<FactsEntity, FieldNode[]>;
  /** Per entity, the fragments' fields merged in registry order (spreads expanded). */
  written: Record<FactsEntity, FieldNode[]>;
  /** The fragments as written, per entity type, in registry order. */
  fragments: { owner: SubgraphName; fragment: FragmentDefinitionNode }[];
  field(type: string, name: string): OwnedField;
  /** An enum's values as its registry defines them, or null when `name` is no registry enum. */
  enumValues(name: string): string[] | null;
}

export function factsPath(name: SubgraphName): string {
  return path.join(projectRoot(), 'subgraphs', name, 'facts.graphql');
}

function ownerIndex() {
  const fields = new Map<string, OwnedField>();
  const enums = new Map<string, string[]>();
  for (const owner of SUBGRAPH_NAMES) {
    for (const def of parse(readFileSync(schemaPath(owner), 'utf8')).definitions) {
      if (def.kind === Kind.ENUM_TYPE_DEFINITION && !enums.has(def.name.value)) {
        enums.set(
          def.name.value,
          (def.values ?? []).map((v) => v.name.value),
        );
      }
      if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) {
        continue;
      }
      const typeExternal = def.directives?.some((d) => d.name.value === 'external');
      for (const f of def.fields ?? []) {
        const has = (name: string) => f.directives?.some((d) => d.name.value === name) ?? false;
        const key = `${def.name.value}.${f.name.value}`;
        if (typeExternal || has('external') || fields.has(key)) continue;
        fields.set(key, { type: f.type, owner, requires: has('requires'), position: fields.size });
      }
    }
  }
  return { fields, enums };
}

/** A registry's facts file, or null when it has none. */
export type FactsReader = (name: SubgraphName) => string | null;

export const readFactsFile: FactsReader = (name) =>
  existsSync(factsPath(name)) ? readFileSync(factsPath(name), 'utf8') : null;

function readFragments(read: FactsReader): FactsModel['fragments'] {
  return SUBGRAPH_NAMES.flatMap((owner) => {
    const text = read(owner);
    return !text
      ? []
      : parse(text).definitions.map((fragment) => {
          if (fragment.kind !== Kind.FRAGMENT_DEFINITION) {
            throw new Error(`${factsPath(owner)}: only fragments belong in a facts file`);
          }
          if (!(fragment.typeCondition.name.value in REQUIRING_FIELDS)) {
            throw new Error(`${fragment.name.value}: facts are on Worker or Employer`);
          }
          return { owner, fragment };
        });
  });
}

/** Fields with the same name merged (sub-selections united), in first-seen order. */
function merge(fields: readonly FieldNode[]): FieldNode[] {
  const byName = new Map<string, FieldNode>();
  for (const f of fields) {
    const seen = byName.get(f.name.value);
    if (!seen) byName.set(f.name.value, f);
    else if (seen.selectionSet && f.selectionSet) {
      const selections = merge([...fieldsOf(seen.selectionSet), ...fieldsOf(f.selectionSet)]);
      byName.set(f.name.value, { ...seen, selectionSet: { ...seen.selectionSet, selections } });
    }
  }
  return [...byName.values()];
}

export function fieldsOf(set: SelectionSetNode): FieldNode[] {
  return set.selections.map((s) => {
    if (s.kind !== Kind.FIELD) throw new Error(`Unexpected ${print(s)} in a facts selection`);
    return s;
  });
}

export function loadFactsModel(read: FactsReader = readFactsFile): FactsModel {
  const { fields, enums } = ownerIndex();
  const fragments = readFragments(read);
  const field = (type: string, name: string): OwnedField => {
    const found = fields.get(`${type}.${name}`);
    if (!found) throw new Error(`${type}.${name} is resolved by no registry's SDL`);
    return found;
  };
  const on = (entity: FactsEntity) =>
    fragments
      .filter((f) => f.fragment.typeCondition.name.value === entity)
      .flatMap((f) => f.fragment.selectionSet.selections);
  /**
   * Leaf fields first, then the fields their registry resolves with a `@requires` (fetched last),
   * then the rest: Hive Gateway's default planner checks a `@requires` only up to its first
   * sub-selection (docs/INTEROP.md, section 1), which therefore waits for the last stage.
   */
  const ordered = (type: string, list: FieldNode[]) => {
    const rank = (f: FieldNode) =>
      !f.selectionSet ? 0 : field(type, f.name.value).requires ? 1 : 2;
    return merge(list).sort((a, b) => rank(a) - rank(b));
  };
  const workerWritten = merge(fieldsOf({ kind: Kind.SELECTION_SET, selections: on('Worker') }));
  const workerFields = ordered('Worker', workerWritten);
  const expand = (type: string, set: SelectionSetNode): FieldNode[] =>
    set.selections.flatMap((s): FieldNode[] => {
      if (s.kind === Kind.FRAGMENT_SPREAD && s.name.value === WORKER_FACTS) return workerFields;
      if (s.kind !== Kind.FIELD) throw new Error(`Unexpected ${print(s)} in a facts selection`);
      if (!s.selectionSet) return [s];
      const inner = namedType(field(type, s.name.value).type);
      const expanded = expand(inner, s.selectionSet);
      const selections = inner in REQUIRING_FIELDS ? ordered(inner, expanded) : merge(expanded);
      return [{ ...s, selectionSet: { ...s.selectionSet, selections } }];
    });
  const employerWritten = merge(
    on('Employer').flatMap((s) =>
      expand('Employer', { kind: Kind.SELECTION_SET, selections: [s] }),
    ),
  );
  return {
    selections: { Worker: workerFields, Employer: ordered('Employer', employerWritten) },
    written: { Worker: workerWritten, Employer: employerWritten },
    fragments,
    field,
    enumValues: (name) => enums.get(name) ?? null,
  };
}

export function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

/** A selection on one line, as `@requires(fields:)` holds it: `a b { c d }`. */
export function selectionText(fields: readonly FieldNode[]): string {
  return fields
    .map((f) =>
      f.selectionSet
        ? `${f.name.value} { ${selectionText(fieldsOf(f.selectionSet))} }`
        : f.name.value,
    )
    .join(' ');
}
