import { sharedDefinitions } from './shared';
import { print, type FieldNode } from 'graphql';
import { readSection, replaceSection } from '../sections';
import {
  fieldsOf,
  namedType,
  REQUIRING_FIELDS,
  selectionText,
  type FactsEntity,
  type FactsModel,
} from './facts-model';

/**
 * The generated parts of schema/consistency.graphql: per entity, the `@requires` of its consistency
 * field and its `@external` fields; then the `@external` value types and the registries' enums they
 * use. Everything else in the file is hand-written.
 */

const BUILT_IN = new Set(['ID', 'String', 'Int', 'Float', 'Boolean']);

/**
 * Every object type's selected fields with their SDL type: types in the fragments' order, fields
 * in their registry's SDL order (Worker's and Employer's in the fragments' order).
 */
function selectedFields(model: FactsModel): Map<string, Map<string, string>> {
  const byType = new Map<string, Map<string, string>>();
  const walk = (type: string, fields: readonly FieldNode[]) => {
    const own = byType.get(type) ?? new Map<string, string>();
    byType.set(type, own);
    const inSdlOrder = [...fields].sort(
      (a, b) => model.field(type, a.name.value).position - model.field(type, b.name.value).position,
    );
    for (const f of type in REQUIRING_FIELDS ? fields : inSdlOrder) {
      const owned = model.field(type, f.name.value);
      own.set(f.name.value, print(owned.type));
      if (f.selectionSet) walk(namedType(owned.type), fieldsOf(f.selectionSet));
    }
  };
  for (const entity of Object.keys(REQUIRING_FIELDS) as FactsEntity[]) {
    walk(entity, model.written[entity]);
  }
  return byType;
}

function requiresSection(model: FactsModel, entity: FactsEntity): string {
  return `    @requires(fields: "${selectionText(model.selections[entity])}")\n`;
}

function externalFieldsSection(fields: Map<string, string> | undefined): string {
  return [...(fields ?? [])]
    .filter(([name]) => name !== 'id')
    .map(([name, type]) => `  ${name}: ${type} @external\n`)
    .join('');
}

function typesSection(model: FactsModel, byType: Map<string, Map<string, string>>): string {
  const blocks: string[] = [];
  const enums: string[] = [];
  for (const [type, fields] of byType) {
    for (const sdlType of fields.values()) {
      const named = sdlType.replace(/[[\]!]/g, '');
      if (!BUILT_IN.has(named) && model.enumValues(named) && !enums.includes(named)) {
        enums.push(named);
      }
    }
    if (type in REQUIRING_FIELDS) continue;
    const lines = [...fields].map(([name, sdlType]) => `  ${name}: ${sdlType}\n`).join('');
    blocks.push(`type ${type} @external {\n${lines}}\n`);
  }
  // Enums written once in schema/shared reach consistency.graphql by the shared section instead.
  const shared = new Set(sharedDefinitions().map((d) => d.name));
  for (const name of enums.filter((n) => !shared.has(n))) {
    const values = (model.enumValues(name) ?? []).map((v) => `  ${v}\n`).join('');
    blocks.push(`enum ${name} {\n${values}}\n`);
  }
  return blocks.join('\n');
}

/** `sdl` (schema/consistency.graphql) with every facts section regenerated (not yet formatted). */
export function withFactsSections(sdl: string, model: FactsModel): string {
  const byType = selectedFields(model);
  const sections: [string, string][] = [];
  for (const entity of Object.keys(REQUIRING_FIELDS) as FactsEntity[]) {
    const name = entity.toLowerCase();
    sections.push([`${name}-facts-requires`, requiresSection(model, entity)]);
    sections.push([`${name}-facts-external`, externalFieldsSection(byType.get(entity))]);
  }
  sections.push(['facts-types', typesSection(model, byType)]);
  return sections.reduce((text, [name, body]) => {
    if (readSection(text, name) === null) {
      throw new Error(`schema/consistency.graphql has no generated section "${name}"`);
    }
    return replaceSection(text, name, body);
  }, sdl);
}
