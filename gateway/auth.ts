import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import {
  bearer,
  GATEWAY_AUDIENCE,
  TokenVerifier,
  type AuthConfig,
  type Identity,
} from '../subgraphs/kit/auth';
import { ErrorCode, forbidden, formattedError } from '../subgraphs/kit/errors';
import { missingScopes, type FieldOwners } from './scopes';

/** What every gateway request carries: the verified caller. */
export interface GatewayContext {
  identity: Identity;
}

/**
 * Verifies the client's token (audience kyosei-graph) and its stated purpose before the request
 * may wait for an operation slot: a caller without a valid token gets 401 UNAUTHENTICATED at once
 * and never holds or waits for a slot. The identity is kept in `res.locals.identity`.
 */
export function authenticate(auth: AuthConfig): RequestHandler {
  const verifier = new TokenVerifier(auth, GATEWAY_AUDIENCE);
  return (req, res, next) => {
    const purpose = req.headers['x-purpose'];
    verifier
      .verify(bearer(req.headers.authorization), typeof purpose === 'string' ? purpose : null)
      .then(
        (identity) => {
          res.locals.identity = identity;
          next();
        },
        (error: unknown) => {
          if (!(error instanceof GraphQLError)) return next(error);
          // The challenge (WWW-Authenticate) the verifier put on the error, as Apollo would send it.
          const http = error.extensions.http as { headers?: Map<string, string> } | undefined;
          for (const [name, value] of http?.headers ?? []) res.setHeader(name, value);
          // The verifier refuses with UNAUTHENTICATED only (kit/auth.ts).
          res.status(401).json({
            errors: [formattedError(ErrorCode.UNAUTHENTICATED, error.message)],
          });
        },
      );
  };
}

/** The caller `authenticate` verified, for admission (one queue per subject) and the context. */
export const callerOf = (res: Response): Identity => res.locals.identity as Identity;

export async function gatewayContext({ res }: { res: Response }): Promise<GatewayContext> {
  return { identity: callerOf(res) };
}

/**
 * Refuses, before any fetch, an operation that selects fields the caller's scopes do not cover,
 * and records the operation name for the subgraphs' access logs.
 */
export function scopePlugin(owners: FieldOwners): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, schema, operationName }) {
          contextValue.identity = { ...contextValue.identity, operation: operationName ?? null };
          const problems = missingScopes(schema, owners, document, contextValue.identity);
          if (problems.length === 0) return;
          const scopes = [...new Set(problems.map((p) => p.anyOf.join(' or ')))];
          throw forbidden(
            `Missing scope: ${scopes.join('; ')} (for ${problems.map((p) => p.field).join(', ')})`,
            // The whole operation is refused, no `data`: a 403, not a 200 (GraphQL over HTTP).
            { scopes, fields: problems.map((p) => p.field), http: { status: 403 } },
          );
        },
      };
    },
  };
}
