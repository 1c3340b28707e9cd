import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, visit, type ASTNode, type DocumentNode } from 'graphql';
import { ErrorCode, refusal, statusOf } from './errors';

/**
 * What every GraphQL server here (gateway, registries, consistency) does with a request that is a
 * client's mistake: refuse it with a code and an HTTP 4xx before anything runs, never a 500.
 */

/** A string no registry may store: a NUL character, or an unpaired UTF-16 surrogate. */
function isStorableString(value: string): boolean {
  return !value.includes('\0') && !LONE_SURROGATE.test(value);
}
/** In a `u` regex a surrogate pair is one code point, so `Cs` matches only unpaired halves. */
const LONE_SURROGATE = /\p{Cs}/u;

interface Step {
  key: string;
  parent: Step | null;
}

/**
 * The path of the first variable string that is not storable. Iterative, with paths built only
 * for the culprit: a body may nest its variables a million levels deep within the size limit.
 */
function badVariable(value: unknown, name: string): string[] | null {
  const pending: [unknown, Step][] = [[value, { key: name, parent: null }]];
  while (pending.length > 0) {
    const [item, step] = pending.pop()!;
    if (typeof item === 'string') {
      if (isStorableString(item)) continue;
      const path: string[] = [];
      for (let s: Step | null = step; s; s = s.parent) path.push(s.key);
      return path.reverse();
    }
    if (!item || typeof item !== 'object') continue;
    const keys = Object.keys(item);
    for (let i = keys.length - 1; i >= 0; i--) {
      pending.push([(item as Record<string, unknown>)[keys[i]], { key: keys[i], parent: step }]);
    }
  }
  return null;
}

/** The first string literal of the document that is not storable, named by its argument/input field. */
function badLiteral(document: DocumentNode): string | null {
  let found: string | null = null;
  visit(document, {
    StringValue(node, _key, parent, _path, ancestors) {
      if (found !== null || isStorableString(node.value)) return;
      const names: string[] = [];
      for (const a of [...ancestors, parent] as readonly ASTNode[]) {
        if (!a) continue;
        if (!('kind' in a)) continue;
        if (a.kind === Kind.ARGUMENT) names.splice(0, names.length, a.name.value);
        else if (a.kind === Kind.OBJECT_FIELD) names.push(a.name.value);
      }
      // Inside an input object the argument's own name (`input`) says nothing: name the field.
      found = (names.length > 1 ? names.slice(1) : names).join('.') || 'query';
    },
  });
  return found;
}

/**
 * - an operation that does not resolve (several without `operationName`, an unknown name) or of a
 *   type the schema does not serve (`subscription`): 400 before execution;
 * - a string with NUL or an unpaired surrogate in the variables or the document: BAD_USER_INPUT
 *   naming the field, 400 (PostgreSQL refuses NUL with a raw SQL error; surrogates would be
 *   stored as U+FFFD);
 * - a refusal without `data` is never HTTP 200 (GraphQL over HTTP: a request error is 4xx/5xx).
 */
export function requestHygienePlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request }) {
          if (!operation) {
            throw refusal(
              ErrorCode.OPERATION_RESOLUTION_FAILURE,
              request.operationName
                ? `No operation named "${request.operationName}" in the document`
                : 'The document has several operations: send operationName',
            );
          }
          if (!schema.getRootType(operation.operation)) {
            throw refusal(
              ErrorCode.GRAPHQL_VALIDATION_FAILED,
              `This graph serves no ${operation.operation} operations`,
            );
          }
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            const path = badVariable(value, name);
            if (!path) continue;
            // `$input.fullName` is the field fullName (as validate() names it); a list keeps its name.
            const field = (path.length > 1 && !/^\d+$/.test(path[1]) ? path.slice(1) : path)
              .join('.')
              .slice(0, 200);
            throw refusal(
              ErrorCode.BAD_USER_INPUT,
              `${field}: must not contain NUL characters or unpaired surrogates`,
              { field },
            );
          }
          const literal = badLiteral(document);
          if (literal) {
            throw refusal(
              ErrorCode.BAD_USER_INPUT,
              `${literal}: must not contain NUL characters or unpaired surrogates`,
              { field: literal },
            );
          }
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (result.data !== undefined || !result.errors?.length) return;
          const status = response.http.status;
          if (status !== undefined && status !== 200 && status !== 500) return;
          const code = result.errors[0].extensions?.code;
          const mapped = typeof code === 'string' ? statusOf(code) : undefined;
          response.http.status = mapped ?? 500;
        },
      };
    },
  };
}
