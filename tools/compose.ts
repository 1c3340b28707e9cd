import {
  composeServices,
  type CompositionResult,
  type CompositionSuccess,
} from '@apollo/composition';
import { readFileSync } from 'node:fs';
import { parse, printSchema } from 'graphql';
import { GRAPH_NAMES, GRAPH_PORTS, type GraphName } from '../subgraphs/kit/config';
import { schemaPath } from '../subgraphs/kit/schema';

export const SUPERGRAPH_PATH = schemaPath('supergraph');
/** The schema clients see, for client code generators (production turns introspection off). */
export const API_SCHEMA_PATH = schemaPath('api');

/** One subgraph's SDL in place of its committed `schema/<name>.graphql` (a proposed change). */
export interface SdlOverride {
  name: GraphName;
  sdl: string;
}

/**
 * Composition hints (https://www.apollographql.com/docs/graphos/reference/federation/hints) fail
 * `npm run compose` like errors do, except the codes listed here, each with the reason it is
 * accepted. Empty: the subgraphs compose without a single hint.
 */
const ALLOWED_HINTS: ReadonlySet<string> = new Set<string>([]);

function services(override?: SdlOverride): Parameters<typeof composeServices>[0] {
  return GRAPH_NAMES.map((name) => ({
    name,
    url: `http://127.0.0.1:${GRAPH_PORTS[name]}/graphql`,
    typeDefs: parse(
      override?.name === name ? override.sdl : readFileSync(schemaPath(name), 'utf8'),
    ),
  }));
}

/**
 * Composes every subgraph's committed SDL, or `override.sdl` for that one subgraph, and returns
 * Apollo's result as it is: errors on failure, the supergraph and hints on success. Throws the
 * GraphQL syntax error when an SDL does not parse.
 */
export function composeSubgraphs(override?: SdlOverride): CompositionResult {
  return composeServices(services(override));
}

/** Composes `services`; an error or a hint not allowed above throws, naming them all. */
export function composeStrictly(
  subgraphs: Parameters<typeof composeServices>[0],
): CompositionSuccess {
  const result = composeServices(subgraphs);
  if (result.errors) {
    throw new Error(
      `Composition failed:\n${result.errors.map((e) => `  ${e.message}`).join('\n')}`,
    );
  }
  const hints = result.hints.filter((h) => !ALLOWED_HINTS.has(h.definition.code));
  if (hints.length > 0) {
    throw new Error(
      `Composition hints are errors here:\n${hints.map((h) => `  [${h.definition.code}] ${h.message}`).join('\n')}`,
    );
  }
  return result;
}

/** The API schema (SDL) of a successful composition, as client code generators read it. */
export function apiSchemaSdl(result: CompositionSuccess): string {
  return `${printSchema(result.schema.toAPISchema().toGraphQLJSSchema())}\n`;
}

function compose(): CompositionSuccess {
  return composeStrictly(services());
}

/** Composes `schema/<name>.graphql` of every subgraph into the supergraph SDL. */
export function composeSupergraph(): string {
  return compose().supergraphSdl;
}

/**
 * The API schema of the composed supergraph, as Apollo's composition derives it: no federation
 * types or directives, no `@inaccessible` elements.
 */
export function composeApiSchema(): string {
  return apiSchemaSdl(compose());
}
