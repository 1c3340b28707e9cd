import {
  createLocalJWKSet,
  createRemoteJWKSet,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { LRUCache } from 'lru-cache';
import { readFileSync } from 'node:fs';
import { unauthenticated } from './errors';

export const AGENCIES = [
  'RESIDENCE',
  'EMPLOYMENT',
  'INSURANCE',
  'TAX',
  'MUNICIPALITY',
  'LABOR_INSPECTION',
  'SUPPORT_ORGANIZATION',
  'ANALYST',
  'WORKER',
  'MONITOR',
] as const;
export type Agency = (typeof AGENCIES)[number];

export const SCOPES = [
  'residence:read',
  'residence:write',
  'employment:read',
  'employment:write',
  'insurance:read',
  'insurance:write',
  'tax:read',
  'tax:write',
  'municipality:read',
  'municipality:write',
  'consistency:read',
  'audit:read',
  'changes:read',
  'statistics:read',
] as const;

/** The verified caller, as every service sees it. */
export interface Identity {
  sub: string;
  agency: Agency;
  scopes: ReadonlySet<string>;
  purpose: string | null;
  /** The client's operation name, forwarded by the gateway for the audit log. */
  operation: string | null;
  /** True when the gateway vouches for the call (internal token). */
  viaGateway: boolean;
}

/** The audience of the gateway, and of each subgraph called directly. */
export const GATEWAY_AUDIENCE = 'kyosei-graph';
export const subgraphAudience = (name: string) => `kyosei:${name}`;
const INTERNAL_ISSUER = 'kyosei-gateway';
const INTERNAL_TTL_SECONDS = 60;

/** The development secret `npm start` uses when none is configured (never in production). */
export const DEVELOPMENT_SECRET = 'kyosei-development-secret-not-for-production';

export interface AuthConfig {
  /** HS256 secret for locally issued tokens. */
  secret: string | null;
  /** JWKS of the token issuer (a file path or an https URL), for RS256/ES256 tokens. */
  jwks: string | null;
  issuer: string | null;
  /** HS256 secret the gateway signs internal tokens with and the subgraphs verify. */
  internalSecret: string;
  /**
   * The longest a client token may live, in seconds (`exp` minus `iat`, and `exp` minus now):
   * a token without `exp`, or valid for longer, is refused. AUTH_MAX_TOKEN_LIFETIME_SECONDS.
   */
  maxTokenLifetimeSeconds: number;
}

/** Default maximum lifetime of a client token: one working day. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;
/** Clock skew tolerated between the issuer and this service. */
const CLOCK_SKEW_SECONDS = 60;

const encode = (secret: string) => new TextEncoder().encode(secret);

function keyResolver(config: AuthConfig): JWTVerifyGetKey | Uint8Array | null {
  if (config.jwks) {
    if (/^https?:\/\//.test(config.jwks)) return createRemoteJWKSet(new URL(config.jwks));
    return createLocalJWKSet(JSON.parse(readFileSync(config.jwks, 'utf8')));
  }
  return config.secret ? encode(config.secret) : null;
}

function toIdentity(payload: Record<string, unknown>, viaGateway: boolean): Identity {
  const agency = payload.agency;
  if (typeof payload.sub !== 'string' || !payload.sub)
    throw unauthenticated('The token has no subject');
  if (typeof agency !== 'string' || !(AGENCIES as readonly string[]).includes(agency)) {
    throw unauthenticated('The token names no known agency');
  }
  const scope = typeof payload.scope === 'string' ? payload.scope : '';
  return {
    sub: payload.sub,
    agency: agency as Agency,
    scopes: new Set(scope.split(/\s+/).filter(Boolean)),
    purpose: typeof payload.purpose === 'string' && payload.purpose ? payload.purpose : null,
    operation: typeof payload.op === 'string' ? payload.op : null,
    viaGateway,
  };
}

export function bearer(header: string | undefined | null): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m ? m[1] : null;
}

/** How long a verified token's identity is reused without verifying its signature again. */
const VERIFIED_REUSE_MS = 5 * 60_000;

interface Verified {
  identity: Identity;
  /** Epoch ms after which the token is no longer accepted (its `exp`). */
  expiresAt: number;
}

/**
 * Verifies tokens for one audience: the issuer's (client) tokens and, for subgraphs, the gateway's.
 * A token whose signature was verified is remembered (by its exact string, until its `exp`) so a
 * client's repeated requests and the gateway's reused internal tokens are not verified again: the
 * HMAC/RSA check was a measurable share of every subgraph fetch (bench CPU profile).
 */
export class TokenVerifier {
  private readonly clientKey: JWTVerifyGetKey | Uint8Array | null;
  private readonly internalKey: Uint8Array;
  private readonly verified = new LRUCache<string, Verified>({ max: 10_000 });

  constructor(
    private readonly config: AuthConfig,
    private readonly audience: string,
  ) {
    this.clientKey = keyResolver(config);
    this.internalKey = encode(config.internalSecret);
  }

  /** The caller behind a bearer token; UNAUTHENTICATED when missing, malformed, forged or expired. */
  async verify(token: string | null, purposeHeader?: string | null): Promise<Identity> {
    if (!token)
      throw unauthenticated('Authentication required: send Authorization: Bearer <token>', false);
    const known = this.verified.get(token);
    const identity =
      known && known.expiresAt > Date.now() ? known.identity : await this.verifyNew(token);
    if (identity.viaGateway) return identity;
    const purpose = purposeHeader?.trim();
    return purpose ? { ...identity, purpose } : identity;
  }

  private async verifyNew(token: string): Promise<Identity> {
    const internal = await jwtVerify(token, this.internalKey, {
      issuer: INTERNAL_ISSUER,
      audience: this.audience,
      algorithms: ['HS256'],
    }).catch(() => null);
    if (internal) return this.remember(token, internal.payload, true);
    if (!this.clientKey) throw unauthenticated('The token could not be verified');
    const client = await (
      this.clientKey instanceof Uint8Array
        ? jwtVerify(token, this.clientKey, this.verifyOptions(['HS256']))
        : jwtVerify(token, this.clientKey, this.verifyOptions(['RS256', 'ES256']))
    ).catch((error: Error) => {
      throw unauthenticated(`The token is not valid: ${error.message}`);
    });
    this.checkLifetime(client.payload);
    return this.remember(token, client.payload, false);
  }

  private remember(token: string, payload: JWTPayload, viaGateway: boolean): Identity {
    const identity = toIdentity(payload as Record<string, unknown>, viaGateway);
    const now = Date.now();
    const exp = typeof payload.exp === 'number' ? payload.exp * 1000 : now + 60_000;
    this.verified.set(token, { identity, expiresAt: Math.min(exp, now + VERIFIED_REUSE_MS) });
    return identity;
  }

  /** A client token must expire, and within the configured maximum lifetime. */
  private checkLifetime(payload: JWTPayload): void {
    const max = this.config.maxTokenLifetimeSeconds;
    const now = Math.floor(Date.now() / 1000);
    const exp = payload.exp as number; // required by verifyOptions
    const lifetime = Math.max(exp - (payload.iat ?? now), exp - now);
    if (lifetime > max + CLOCK_SKEW_SECONDS) {
      throw unauthenticated(
        `The token is not valid: it lives ${lifetime} s, longer than the ${max} s allowed`,
      );
    }
  }

  private verifyOptions(algorithms: string[]) {
    return {
      audience: this.audience,
      algorithms,
      requiredClaims: ['exp'],
      ...(this.config.issuer ? { issuer: this.config.issuer } : {}),
    };
  }
}

/** An internal token is reused while it has at least this long to live. */
const INTERNAL_REUSE_MARGIN_MS = 20_000;

/**
 * Signs internal tokens, reusing one per (caller, subgraph) while it has at least 20 s of its 60 s
 * left: the gateway sends many fetches per operation and operations per caller, and signing each
 * (and the subgraph verifying each) was a measurable share of a fetch (bench CPU profile).
 */
export class InternalTokenSigner {
  private readonly tokens = new LRUCache<string, { token: string; expiresAt: number }>({
    max: 10_000,
  });

  constructor(private readonly internalSecret: string) {}

  async token(identity: Identity, subgraph: string): Promise<string> {
    const key = JSON.stringify([
      subgraph,
      identity.sub,
      identity.agency,
      [...identity.scopes],
      identity.purpose,
      identity.operation,
    ]);
    const now = Date.now();
    const known = this.tokens.get(key);
    if (known && known.expiresAt - now > INTERNAL_REUSE_MARGIN_MS) return known.token;
    const token = await signInternalToken(identity, subgraph, this.internalSecret);
    this.tokens.set(key, { token, expiresAt: now + INTERNAL_TTL_SECONDS * 1000 });
    return token;
  }
}

/** The short-lived token the gateway sends a subgraph on behalf of a verified caller. */
export function signInternalToken(
  identity: Identity,
  subgraph: string,
  internalSecret: string,
): Promise<string> {
  return new SignJWT({
    agency: identity.agency,
    scope: [...identity.scopes].join(' '),
    ...(identity.purpose ? { purpose: identity.purpose } : {}),
    ...(identity.operation ? { op: identity.operation } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.sub)
    .setIssuer(INTERNAL_ISSUER)
    .setAudience(subgraphAudience(subgraph))
    .setIssuedAt()
    .setExpirationTime(`${INTERNAL_TTL_SECONDS}s`)
    .sign(encode(internalSecret));
}

/** A development token (`npm run token`), HS256 with the configured secret. */
export function signDevelopmentToken(
  claims: { sub: string; agency: Agency; scope: string; purpose?: string },
  options: { secret: string; audience?: string; expiresIn?: string; issuer?: string },
): Promise<string> {
  const jwt = new SignJWT({
    agency: claims.agency,
    scope: claims.scope,
    ...(claims.purpose ? { purpose: claims.purpose } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setAudience(options.audience ?? GATEWAY_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h');
  if (options.issuer) jwt.setIssuer(options.issuer);
  return jwt.sign(encode(options.secret));
}
