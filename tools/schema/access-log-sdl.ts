import { Kind, parse, print, type DocumentNode, type FieldDefinitionNode } from 'graphql';
import { loadSchema } from '../../subgraphs/kit/schema';
import { ACCESS_LOG_SOURCES } from '../../subgraphs/consistency/resolvers';
import { readSection, replaceSection } from '../sections';
import { sharedDefinitions } from './shared';

/**
 * The generated parts of Worker.accessLog in schema/consistency.graphql: the field's `@requires`
 * (every registry's and the monitor's `<name>AccessLog` with every field of the shared
 * `AccessRecord`) and those fields' `@external` stubs, typed as their subgraph declares them. The
 * list of sources is the resolver's (ACCESS_LOG_SOURCES: SUBGRAPH_NAMES and the monitor), so a
 * registry added to SUBGRAPH_NAMES reaches the supergraph with `npm run compose`.
 */
export const ACCESS_LOG_SECTIONS = {
  requires: 'access-log-requires',
  external: 'access-log-external',
} as const;

/** Where the generator reads a source's SDL and the shared `AccessRecord` (tests substitute them). */
export interface AccessLogInputs {
  sources: readonly string[];
  schemaOf: (name: string) => DocumentNode;
  accessRecord: () => string;
}

const DEFAULT_INPUTS: AccessLogInputs = {
  sources: ACCESS_LOG_SOURCES,
  schemaOf: loadSchema,
  accessRecord: () => {
    const definition = sharedDefinitions().find((d) => d.name === 'AccessRecord');
    if (!definition) throw new Error('schema/shared has no AccessRecord');
    return definition.text;
  },
};

/** `<name>AccessLog` as the source's own SDL declares it on Worker. */
function accessLogField(name: string, sdl: DocumentNode): FieldDefinitionNode {
  const field = sdl.definitions
    .flatMap((d) =>
      (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) &&
      d.name.value === 'Worker'
        ? (d.fields ?? [])
        : [],
    )
    .find((f) => f.name.value === `${name}AccessLog`);
  if (!field) throw new Error(`schema/${name}.graphql: Worker has no ${name}AccessLog field`);
  return field;
}

/** The two section bodies, unformatted. */
export function accessLogSections(inputs: AccessLogInputs = DEFAULT_INPUTS): {
  requires: string;
  external: string;
} {
  const record = parse(inputs.accessRecord()).definitions[0];
  if (record?.kind !== Kind.OBJECT_TYPE_DEFINITION) throw new Error('AccessRecord is not a type');
  const recordFields = (record.fields ?? []).map((f) => f.name.value).join(' ');
  const fields = inputs.sources.map((name) => accessLogField(name, inputs.schemaOf(name)));
  const selection = fields.map((f) => `${f.name.value} { ${recordFields} }`).join(' ');
  return {
    requires: `    @requires(fields: "${selection}")\n`,
    external: fields.map((f) => `  ${f.name.value}: ${print(f.type)} @external\n`).join(''),
  };
}

/** `sdl` (schema/consistency.graphql) with the access-log sections regenerated (not yet formatted). */
export function withAccessLogSections(sdl: string, inputs?: AccessLogInputs): string {
  const bodies = accessLogSections(inputs);
  return (Object.keys(ACCESS_LOG_SECTIONS) as (keyof typeof ACCESS_LOG_SECTIONS)[]).reduce(
    (text, key) => {
      const name = ACCESS_LOG_SECTIONS[key];
      if (readSection(text, name) === null)
        throw new Error(`schema/consistency.graphql has no generated section "${name}"`);
      return replaceSection(text, name, bodies[key]);
    },
    sdl,
  );
}
