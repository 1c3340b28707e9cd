import { SignJWT } from 'jose';
import { GATEWAY_AUDIENCE, SCOPES, subgraphAudience } from '../../subgraphs/kit/auth';
import { GRAPH_NAMES } from '../../subgraphs/kit/config';
import { BENCH_SECRET } from '../headers';

/** Every audience the harness's services answer to: the gateway and each subgraph. */
const AUDIENCES = [GATEWAY_AUDIENCE, ...GRAPH_NAMES.map(subgraphAudience)];
const key = (secret: string) => new TextEncoder().encode(secret);
const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** The tokens the fuzzer sends: one valid, and one of each way a token can be wrong. */
export interface Tokens {
  valid: string;
  noPurpose: string;
  /** Each carries the class's marker in its subject, to catch a token written to a log. */
  hostile: Record<string, string>;
}

interface Claims {
  sub: string;
  purpose?: string;
  exp?: number | string | null;
  iat?: number;
  audience?: string[];
  secret?: string;
}

function sign(c: Claims): Promise<string> {
  const claims = {
    agency: 'ANALYST',
    scope: SCOPES.join(' '),
    ...(c.purpose ? { purpose: c.purpose } : {}),
  };
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(c.sub)
    .setAudience(c.audience ?? AUDIENCES)
    .setIssuedAt(c.iat);
  if (c.exp !== null) jwt = jwt.setExpirationTime(c.exp ?? '30m');
  return jwt.sign(key(c.secret ?? BENCH_SECRET));
}

export async function makeTokens(marker: string): Promise<Tokens> {
  const now = Math.floor(Date.now() / 1000);
  const sub = `soak-${marker}`;
  const valid = await sign({ sub: 'kyosei-soak', purpose: 'reliability test' });
  const hostile: Record<string, string> = {
    forged: await sign({ sub, purpose: 'soak', secret: 'not-the-key-of-this-deployment-0000' }),
    expired: await sign({ sub, purpose: 'soak', iat: now - 7200, exp: now - 3600 }),
    noExp: await sign({ sub, purpose: 'soak', exp: null }),
    tenYears: await sign({ sub, purpose: 'soak', exp: '3650d' }),
    wrongAudience: await sign({ sub, purpose: 'soak', audience: ['someone-else'] }),
    algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub, agency: 'ANALYST', scope: SCOPES.join(' '), aud: AUDIENCES, exp: now + 600 })}.`,
    garbage: `${marker}.${marker}.${marker}`,
  };
  return { valid, noPurpose: await sign({ sub: 'kyosei-soak' }), hostile };
}
