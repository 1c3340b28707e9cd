import type { ApolloServerPlugin } from '@apollo/server';
import { parse, visit, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from './auth';
import { ErrorCode } from '../subgraphs/kit/errors';

/** The names of the supergraph's `@inaccessible` fields (plumbing between subgraphs, not API). */
function inaccessibleFields(supergraphSdl: string): Set<string> {
  const names = new Set<string>();
  visit(parse(supergraphSdl), {
    FieldDefinition(node) {
      if (node.directives?.some((d) => d.name.value === 'inaccessible')) names.add(node.name.value);
    },
  });
  return names;
}

/** Every response key (alias or field name) the client's document selects. */
function responseKeys(document: DocumentNode | undefined): Set<string> {
  const keys = new Set<string>();
  if (document)
    visit(document, {
      Field(node) {
        keys.add(node.alias?.value ?? node.name.value);
      },
    });
  return keys;
}

const GENERIC: Record<string, string> = {
  [ErrorCode.FORBIDDEN]: 'Not allowed to read a part of this record',
  [ErrorCode.SOURCE_UNAVAILABLE]: 'A source registry could not provide a part of this answer',
};

/**
 * No error names an `@inaccessible` field: a fact the query plan fetched for the consistency layer
 * (`employmentRecords`, …) is not part of the API. An error's path is cut before the first key the
 * client did not select; a message or extension naming such a field is replaced by a generic one.
 */
export function hideInaccessible(supergraphSdl: string): ApolloServerPlugin<GatewayContext> {
  const hidden = inaccessibleFields(supergraphSdl);
  if (hidden.size === 0) return {};
  const names = [...hidden].join('|');
  const mentions = new RegExp(`\\b(${names})\\b`);
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, document }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const selected = responseKeys(document);
          const secret = (text: string) => {
            const m = mentions.exec(text);
            return m !== null && !selected.has(m[1]);
          };
          const clean = (error: GraphQLFormattedError): GraphQLFormattedError => {
            let path = error.path;
            const cut = path?.findIndex((p) => typeof p === 'string' && !selected.has(p)) ?? -1;
            if (path && cut >= 0) path = path.slice(0, cut);
            const code = String(error.extensions?.code ?? '');
            const extensions = Object.fromEntries(
              Object.entries(error.extensions ?? {}).filter(
                ([key, value]) => key === 'code' || !secret(JSON.stringify(value) ?? ''),
              ),
            );
            return {
              ...error,
              message: secret(error.message)
                ? (GENERIC[code] ?? 'A part of this answer could not be provided')
                : error.message,
              ...(path ? { path } : {}),
              extensions,
            };
          };
          response.body.singleResult.errors = response.body.singleResult.errors.map(clean);
        },
      };
    },
  };
}
