import {
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  SCOPES,
  signDevelopmentToken,
  type Agency,
  type AuthConfig,
} from '../../subgraphs/kit/auth';

/** The keys every test service uses. */
export const TEST_AUTH: AuthConfig = {
  secret: 'kyosei-test-secret-0123456789',
  jwks: null,
  issuer: null,
  internalSecret: 'kyosei-test-internal-0123456789',
  maxTokenLifetimeSeconds: DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
};

export const ALL_SCOPES = SCOPES.join(' ');

/** Which audience each service started by a test answers to (by its GraphQL URL). */
const audiences = new Map<string, string>();
export function registerAudience(url: string, audience: string): void {
  audiences.set(url, audience);
}
export function audienceOf(url: string): string | undefined {
  return audiences.get(url);
}

interface TokenClaims {
  sub?: string;
  agency?: Agency;
  scope?: string;
  purpose?: string;
}

/** A token for one audience (default: an analyst with every scope and a stated purpose). */
export function testToken(
  audience: string,
  claims: TokenClaims = {},
  expiresIn = '10m',
): Promise<string> {
  return signDevelopmentToken(
    {
      sub: claims.sub ?? 'test-analyst',
      agency: claims.agency ?? 'ANALYST',
      scope: claims.scope ?? ALL_SCOPES,
      ...(claims.purpose === undefined
        ? { purpose: 'automated test' }
        : claims.purpose
          ? { purpose: claims.purpose }
          : {}),
    },
    { secret: TEST_AUTH.secret as string, audience, expiresIn },
  );
}

/** Authorization for a request to `url`, unless the test set its own (an empty value sends none). */
export async function withAuth(
  url: string,
  headers: Record<string, string>,
): Promise<Record<string, string>> {
  if ('authorization' in headers) {
    return headers.authorization
      ? headers
      : Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'authorization'));
  }
  const audience = audienceOf(url);
  if (!audience) return headers;
  return { ...headers, authorization: `Bearer ${await testToken(audience)}` };
}
