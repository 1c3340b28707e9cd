import { composeServices, type CompositionSuccess } from '@apollo/composition';
import { readFileSync } from 'node:fs';
import { parse, printSchema } from 'graphql';
import { GRAPH_NAMES, GRAPH_PORTS } from '../subgraphs/kit/config';
import { schemaPath } from '../subgraphs/kit/schema';

export const SUPERGRAPH_PATH = schemaPath('supergraph');
/** The schema clients see, for client code generators (production turns introspection off). */
export const API_SCHEMA_PATH = schemaPath('api');

/**
 * Composition hints (https://www.apollographql.com/docs/graphos/reference/federation/hints) fail
 * `npm run compose` like errors do, except the codes listed here, each with the reason it is
 * accepted. Empty: the subgraphs compose without a single hint.
 */
const ALLOWED_HINTS: ReadonlySet<string> = new Set<string>([]);

/** Composes `services`; an error or a hint not allowed above throws, naming them all. */
export function composeStrictly(
  services: Parameters<typeof composeServices>[0],
): CompositionSuccess {
  const result = composeServices(services);
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

function compose(): CompositionSuccess {
  return composeStrictly(
    GRAPH_NAMES.map((name) => ({
      name,
      url: `http://127.0.0.1:${GRAPH_PORTS[name]}/graphql`,
      typeDefs: parse(readFileSync(schemaPath(name), 'utf8')),
    })),
  );
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
  return `${printSchema(compose().schema.toAPISchema().toGraphQLJSSchema())}\n`;
}
