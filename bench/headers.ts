import { SignJWT } from 'jose';
import { GATEWAY_AUDIENCE, SCOPES, subgraphAudience } from '../subgraphs/kit/auth';
import { GRAPH_NAMES } from '../subgraphs/kit/config';

/**
 * Everything the harness sends or sets for access control, in one place: the services' keys, the
 * bearer token and the X-Purpose header. Adapt here when access control changes.
 */

/** A secret for the bench's own services only (never a real key). */
export const BENCH_SECRET = 'kyosei-bench-secret-not-for-production';
/** The gateway's key for its tokens to subgraphs (production requires a separate one). */
const BENCH_INTERNAL_SECRET = 'kyosei-bench-internal-not-for-production';

let token: string | null = null;

/**
 * Signs the bench's token once: an analyst with every scope, for the gateway's audience and each
 * subgraph's (so a peer gateway that only forwards the header, like Hive Gateway, is let through).
 */
export async function initAuth(): Promise<void> {
  token ??= await new SignJWT({ agency: 'ANALYST', scope: SCOPES.join(' '), purpose: 'benchmark' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('kyosei-bench')
    .setAudience([GATEWAY_AUDIENCE, ...GRAPH_NAMES.map(subgraphAudience)])
    .setIssuedAt()
    .setExpirationTime('6h')
    .sign(new TextEncoder().encode(BENCH_SECRET));
}

/** Every HTTP header a request to a gateway (or the readiness probe) carries. */
export function requestHeaders(): Record<string, string> {
  return {
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    'x-purpose': 'benchmark',
  };
}

/** Environment every service the harness starts gets (production requires named keys). */
export function serviceEnv(): Record<string, string> {
  return {
    AUTH_SECRET: BENCH_SECRET,
    INTERNAL_SECRET: BENCH_INTERNAL_SECRET,
    AUDIT_CHECKPOINT_KEY: 'kyosei-bench-audit-checkpoint-key',
  };
}

/** Hive Gateway's query planner: its default (JavaScript) one, or the Rust one. */
export type HivePlanner = 'default' | 'rust';

/**
 * Hive Gateway configuration: forward the caller's headers to the subgraphs; for the Rust planner,
 * @graphql-hive/router-runtime's drop-in `unifiedGraphHandler`.
 */
export const hiveConfig = (planner: HivePlanner) => `${
  planner === 'rust' ? "import { unifiedGraphHandler } from '@graphql-hive/router-runtime';\n" : ''
}export const gatewayConfig = {${planner === 'rust' ? '\n  unifiedGraphHandler,' : ''}
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      return {
        authorization: request.headers.get('authorization') ?? undefined,
        'x-purpose': request.headers.get('x-purpose') ?? undefined,
      };
    },
  },
};
`;
