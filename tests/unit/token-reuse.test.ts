/**
 * Verified tokens are remembered and internal tokens reused (the gateway's per-fetch cost), without
 * ever accepting a token past its `exp` or mixing up callers.
 */
import {
  GATEWAY_AUDIENCE,
  InternalTokenSigner,
  subgraphAudience,
  TokenVerifier,
  type Identity,
} from '../../subgraphs/kit/auth';
import { TEST_AUTH, testToken } from '../support/auth';

const T0 = new Date('2026-06-01T00:00:00Z').getTime();

beforeEach(() => {
  jest.useFakeTimers({ now: T0, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
});
afterEach(() => jest.useRealTimers());

const analyst: Identity = {
  sub: 'analyst-1',
  agency: 'ANALYST',
  scopes: new Set(['residence:read', 'tax:read']),
  purpose: 'statistics',
  operation: 'Worker360',
  viaGateway: false,
};

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => 'accepted',
    (e: { extensions?: { code?: string } }) => e.extensions?.code,
  );
}

describe('TokenVerifier', () => {
  it('accepts a remembered token only until its exp', async () => {
    const verifier = new TokenVerifier(TEST_AUTH, GATEWAY_AUDIENCE);
    const token = await testToken(GATEWAY_AUDIENCE, { sub: 'u1' }, '60s');
    expect((await verifier.verify(token)).sub).toBe('u1');
    jest.setSystemTime(T0 + 59_000);
    expect((await verifier.verify(token)).sub).toBe('u1');
    jest.setSystemTime(T0 + 61_000);
    expect(await rejection(verifier.verify(token))).toBe('UNAUTHENTICATED');
  });

  it('applies the X-Purpose header of each request, not the first one seen', async () => {
    const verifier = new TokenVerifier(TEST_AUTH, GATEWAY_AUDIENCE);
    const token = await testToken(GATEWAY_AUDIENCE, { purpose: 'from-token' });
    expect((await verifier.verify(token, 'first')).purpose).toBe('first');
    expect((await verifier.verify(token, 'second')).purpose).toBe('second');
    expect((await verifier.verify(token)).purpose).toBe('from-token');
  });

  it('never remembers a token that failed: a forged one stays refused', async () => {
    const verifier = new TokenVerifier(TEST_AUTH, GATEWAY_AUDIENCE);
    const token = await testToken(GATEWAY_AUDIENCE);
    const forged = `${token.slice(0, -4)}AAAA`;
    expect(await rejection(verifier.verify(forged))).toBe('UNAUTHENTICATED');
    expect(await rejection(verifier.verify(forged))).toBe('UNAUTHENTICATED');
    expect((await verifier.verify(token)).agency).toBe('ANALYST');
  });
});

describe('InternalTokenSigner', () => {
  it('reuses one token per caller and subgraph while it has more than 20 s to live', async () => {
    const signer = new InternalTokenSigner(TEST_AUTH.internalSecret);
    const first = await signer.token(analyst, 'tax');
    jest.setSystemTime(T0 + 35_000);
    expect(await signer.token(analyst, 'tax')).toBe(first);
    jest.setSystemTime(T0 + 45_000);
    const renewed = await signer.token(analyst, 'tax');
    expect(renewed).not.toBe(first);
    const verifier = new TokenVerifier(TEST_AUTH, subgraphAudience('tax'));
    expect(await verifier.verify(renewed)).toEqual({ ...analyst, viaGateway: true });
  });

  it('gives each subgraph, caller, scope set, purpose and operation its own token', async () => {
    const signer = new InternalTokenSigner(TEST_AUTH.internalSecret);
    const variants: Identity[] = [
      analyst,
      { ...analyst, sub: 'analyst-2' },
      { ...analyst, agency: 'TAX' },
      { ...analyst, scopes: new Set(['residence:read']) },
      { ...analyst, purpose: 'other' },
      { ...analyst, operation: 'Other' },
    ];
    const tokens = await Promise.all([
      ...variants.map((v) => signer.token(v, 'tax')),
      signer.token(analyst, 'residence'),
    ]);
    expect(new Set(tokens).size).toBe(tokens.length);
    const residence = new TokenVerifier(TEST_AUTH, subgraphAudience('residence'));
    expect(await rejection(residence.verify(tokens[0]))).toBe('UNAUTHENTICATED');
    expect((await residence.verify(tokens[tokens.length - 1])).sub).toBe('analyst-1');
  });
});
