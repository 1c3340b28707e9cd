import { composeServices } from '@apollo/composition';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { GRAPH_NAMES, GRAPH_PORTS } from '../subgraphs/kit/config';
import { schemaPath } from '../subgraphs/kit/schema';

export const SUPERGRAPH_PATH = schemaPath('supergraph');

/** Composes `schema/<name>.graphql` of every subgraph into the supergraph SDL. */
export function composeSupergraph(): string {
  const result = composeServices(
    GRAPH_NAMES.map((name) => ({
      name,
      url: `http://127.0.0.1:${GRAPH_PORTS[name]}/graphql`,
      typeDefs: parse(readFileSync(schemaPath(name), 'utf8')),
    })),
  );
  if (result.errors) {
    throw new Error(
      `Composition failed:\n${result.errors.map((e) => `  ${e.message}`).join('\n')}`,
    );
  }
  return result.supergraphSdl;
}
