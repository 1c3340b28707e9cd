/** Client tokens must expire, and within the configured maximum lifetime (issue 10, item 8). */
import { SignJWT } from 'jose';
import {
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  GATEWAY_AUDIENCE,
  TokenVerifier,
} from '../../subgraphs/kit/auth';
import { authConfig, commonShape, parseEnv } from '../../subgraphs/kit/config';
import { TEST_AUTH, testToken } from '../support/auth';

const secret = new TextEncoder().encode(TEST_AUTH.secret as string);
const claims = { agency: 'ANALYST', scope: 'residence:read' };

async function outcome(verifier: TokenVerifier, token: string): Promise<string> {
  return verifier.verify(token).then(
    () => 'accepted',
    (e: { extensions?: { code?: string } }) => String(e.extensions?.code),
  );
}

describe('token lifetime', () => {
  const verifier = new TokenVerifier(TEST_AUTH, GATEWAY_AUDIENCE);

  it('defaults to 24 hours, configurable with AUTH_MAX_TOKEN_LIFETIME_SECONDS', () => {
    expect(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS).toBe(86_400);
    const config = (env: Record<string, string>) => authConfig(parseEnv(commonShape, env));
    expect(config({}).maxTokenLifetimeSeconds).toBe(86_400);
    expect(config({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' }).maxTokenLifetimeSeconds).toBe(3600);
    expect(() => config({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: 'a day' })).toThrow(
      /AUTH_MAX_TOKEN_LIFETIME_SECONDS/,
    );
  });

  it('refuses a token without exp', async () => {
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('forever')
      .setAudience(GATEWAY_AUDIENCE)
      .setIssuedAt()
      .sign(secret);
    expect(await outcome(verifier, token)).toBe('UNAUTHENTICATED');
  });

  it('refuses a token living longer than the maximum, with or without iat', async () => {
    const long = await testToken(GATEWAY_AUDIENCE, {}, '25h');
    expect(await outcome(verifier, long)).toBe('UNAUTHENTICATED');
    const noIat = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('no-iat')
      .setAudience(GATEWAY_AUDIENCE)
      .setExpirationTime('30d')
      .sign(secret);
    expect(await outcome(verifier, noIat)).toBe('UNAUTHENTICATED');
  });

  it('accepts the tokens npm run token and npm start issue (12 h) and a 24 h one', async () => {
    expect(await outcome(verifier, await testToken(GATEWAY_AUDIENCE, {}, '12h'))).toBe('accepted');
    expect(await outcome(verifier, await testToken(GATEWAY_AUDIENCE, {}, '24h'))).toBe('accepted');
  });

  it('follows a stricter configuration', async () => {
    const strict = new TokenVerifier(
      { ...TEST_AUTH, maxTokenLifetimeSeconds: 3600 },
      GATEWAY_AUDIENCE,
    );
    expect(await outcome(strict, await testToken(GATEWAY_AUDIENCE, {}, '2h'))).toBe(
      'UNAUTHENTICATED',
    );
    expect(await outcome(strict, await testToken(GATEWAY_AUDIENCE, {}, '1h'))).toBe('accepted');
  });
});
