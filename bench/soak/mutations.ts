import { Kind, parse, type InputObjectTypeDefinitionNode, type TypeNode } from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/kit/config';
import { ROOT } from '../processes';
import type { RawRequest } from './net';
import { headers, json, one, person, type FuzzContext } from './requests';

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

/** A value for an input field: mostly of the right shape (so it reaches the resolver), else anything. */
function value(ctx: FuzzContext, marker: string, type: string): unknown {
  if (ctx.pick(4) === 0)
    return one(ctx, [
      null,
      0,
      -1,
      2 ** 53,
      1e308,
      -0.5,
      true,
      '',
      marker,
      [marker],
      { a: marker },
      '9999-99-99',
      'NaN',
    ]);
  const uuid = () =>
    one(ctx, [
      ...ctx.workerIds.slice(0, 20),
      ...ctx.employerIds.slice(0, 20),
      '00000000-0000-0000-0000-000000000000',
      `${marker}-id`,
    ]);
  switch (type) {
    case 'ID':
      return uuid();
    case 'Int':
      return one(ctx, [0, 1, 40, -5, 100_000, 2 ** 31, 30000]);
    case 'Float':
      return one(ctx, [0.5, -1, 1e12, 1234.5]);
    case 'Boolean':
      return ctx.pick(2) === 0;
    case 'Date':
      return one(ctx, [
        '2026-05-01',
        '1900-01-01',
        '2026-02-30',
        '2026-13-01',
        '0000-00-00',
        '20260501',
        '2026-05-01T00:00:00Z',
      ]);
    case 'String':
      return one(ctx, [
        person(marker),
        `${marker}${'x'.repeat(5000)}`,
        `\u202e${marker}`,
        `${marker}'; DROP TABLE workers; --`,
      ]);
    default: {
      const values = ctx.enums.get(type);
      return values ? one(ctx, [...values, values[0].toLowerCase(), marker]) : marker;
    }
  }
}

export function randomMutation(ctx: FuzzContext, marker: string, k: number): RawRequest {
  const m = ctx.mutations[k % ctx.mutations.length];
  const input: Record<string, unknown> = {};
  for (const f of m.fields) {
    if (!f.required && ctx.pick(3) === 0) continue;
    if (f.required && ctx.pick(12) === 0) continue;
    const v = value(ctx, marker, f.type);
    input[f.name] = f.list && ctx.pick(2) ? [v] : v;
  }
  if (ctx.pick(6) === 0) input[`unknown_${marker}`] = marker;
  const query = `mutation M($input: ${m.inputType}!) { ${m.field}(input: $input) { __typename } }`;
  const url = k % 4 === 3 ? ctx.subgraphs[m.subgraph] : ctx.gateway;
  return { url, headers: headers(ctx), body: json({ query, variables: { input } }) };
}
