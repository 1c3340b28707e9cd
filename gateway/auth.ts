import type { ApolloServerPlugin } from '@apollo/server';
import type { Request } from 'express';
import {
  bearer,
  GATEWAY_AUDIENCE,
  TokenVerifier,
  type AuthConfig,
  type Identity,
} from '../subgraphs/kit/auth';
import { forbidden } from '../subgraphs/kit/guard';
import { missingScopes, type FieldOwners } from './scopes';

/** What every gateway request carries: the verified caller. */
export interface GatewayContext {
  identity: Identity;
}

/** Verifies the client's token (audience kyosei-graph) and its stated purpose. */
export function gatewayContext(auth: AuthConfig) {
  const verifier = new TokenVerifier(auth, GATEWAY_AUDIENCE);
  return async ({ req }: { req: Request }): Promise<GatewayContext> => {
    const purpose = req.headers['x-purpose'];
    const identity = await verifier.verify(
      bearer(req.headers.authorization),
      typeof purpose === 'string' ? purpose : null,
    );
    return { identity };
  };
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
