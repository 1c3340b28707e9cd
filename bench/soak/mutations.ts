import { Kind, parse, type InputObjectTypeDefinitionNode, type TypeNode } from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/kit/config';
import { ROOT } from '../processes';

/** One mutation of a registry's schema and the fields of its input (from schema/*.graphql). */
export interface MutationShape {
  subgraph: SubgraphName;
  field: string;
  inputType: string;
  fields: { name: string; type: string; required: boolean; list: boolean }[];
}

function named(t: TypeNode): { type: string; required: boolean; list: boolean } {
  if (t.kind === Kind.NON_NULL_TYPE) return { ...named(t.type), required: true };
  if (t.kind === Kind.LIST_TYPE) return { ...named(t.type), list: true, required: false };
  return { type: t.name.value, required: false, list: false };
}

/** Every mutation of the four registries, with enum values by enum name. */
export function readMutations(): { mutations: MutationShape[]; enums: Map<string, string[]> } {
  const mutations: MutationShape[] = [];
  const enums = new Map<string, string[]>();
  for (const subgraph of SUBGRAPH_NAMES) {
    const doc = parse(readFileSync(path.join(ROOT, 'schema', `${subgraph}.graphql`), 'utf8'));
    const inputs = new Map<string, InputObjectTypeDefinitionNode>();
    for (const d of doc.definitions) {
      if (d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) inputs.set(d.name.value, d);
      if (d.kind === Kind.ENUM_TYPE_DEFINITION)
        enums.set(
          d.name.value,
          (d.values ?? []).map((v) => v.name.value),
        );
    }
    for (const d of doc.definitions) {
      if (d.kind !== Kind.OBJECT_TYPE_DEFINITION || d.name.value !== 'Mutation') continue;
      for (const f of d.fields ?? []) {
        const arg = f.arguments?.find((a) => a.name.value === 'input');
        if (!arg) continue;
        const inputType = named(arg.type).type;
        const fields = (inputs.get(inputType)?.fields ?? []).map((x) => ({
          name: x.name.value,
          ...named(x.type),
        }));
        mutations.push({ subgraph, field: f.name.value, inputType, fields });
      }
    }
  }
  return { mutations, enums };
}
