import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, DEVELOPMENT_SECRET, type AuthConfig } from './auth';
import { DEFAULT_CHECKPOINT_EVERY, DEVELOPMENT_AUDIT_KEY, type AuditConfig } from './audit-chain';
import type { DatabaseTarget } from './database';
import { DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts } from './http';

export const SUBGRAPH_NAMES = [
  'residence',
  'employment',
  'insurance',
  'tax',
  'municipality',
] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const DEFAULT_PORTS: Record<SubgraphName, number> = {
  residence: 4001,
  employment: 4002,
  insurance: 4003,
  tax: 4004,
  municipality: 4006,
};

/** Services with a database of their own: the registries and the monitor (subgraphs/monitor). */
export type ServiceName = SubgraphName | 'monitor';
export const SERVICE_PORTS: Record<ServiceName, number> = { ...DEFAULT_PORTS, monitor: 4007 };

/** Every subgraph of the supergraph: the registries, the consistency layer (no database), the monitor. */
export const GRAPH_NAMES = [...SUBGRAPH_NAMES, 'consistency', 'monitor'] as const;
export type GraphName = (typeof GRAPH_NAMES)[number];
export const GRAPH_PORTS: Record<GraphName, number> = { ...SERVICE_PORTS, consistency: 4005 };

export type Env = Record<string, string | undefined>;

/** Thrown when the environment is invalid; the message names the variable. */
export class ConfigError extends Error {}

export function parseEnv<T extends z.ZodRawShape>(shape: T, env: Env): z.infer<z.ZodObject<T>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return result.data;
}

const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url().optional());

function milliseconds(fallback: number) {
  return z.coerce.number().int().min(1).max(3_600_000).default(fallback);
}

export const commonShape = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  AUTH_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  AUTH_JWKS: z.string().optional(),
  AUTH_ISSUER: z.string().optional(),
  INTERNAL_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  AUTH_MAX_TOKEN_LIFETIME_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 24 * 3600)
    .default(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KYOSEI_DATA_DIR: z.string().default('.data'),
  DATABASE_URL: optionalUrl,
  MIGRATION_DATABASE_URL: optionalUrl,
  AUDIT_CHECKPOINT_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().min(1).default(DEFAULT_CHECKPOINT_EVERY),
  HTTP_HEADERS_TIMEOUT_MS: milliseconds(DEFAULT_HTTP_TIMEOUTS.headersTimeoutMs),
  HTTP_REQUEST_TIMEOUT_MS: milliseconds(DEFAULT_HTTP_TIMEOUTS.requestTimeoutMs),
  HTTP_BODY_TIMEOUT_MS: milliseconds(DEFAULT_HTTP_TIMEOUTS.bodyTimeoutMs),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: milliseconds(DEFAULT_HTTP_TIMEOUTS.keepAliveTimeoutMs),
  HTTP_SOCKET_TIMEOUT_MS: milliseconds(DEFAULT_HTTP_TIMEOUTS.socketTimeoutMs),
};

/** The HTTP server's timeouts (HTTP_*_TIMEOUT_MS); headers must not outlast the whole request. */
export function httpTimeouts(parsed: {
  HTTP_HEADERS_TIMEOUT_MS: number;
  HTTP_REQUEST_TIMEOUT_MS: number;
  HTTP_BODY_TIMEOUT_MS: number;
  HTTP_KEEP_ALIVE_TIMEOUT_MS: number;
  HTTP_SOCKET_TIMEOUT_MS: number;
}): HttpTimeouts {
  if (parsed.HTTP_HEADERS_TIMEOUT_MS > parsed.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError(
      'Invalid configuration:\n  HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS',
    );
  }
  return {
    headersTimeoutMs: parsed.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: parsed.HTTP_REQUEST_TIMEOUT_MS,
    bodyTimeoutMs: parsed.HTTP_BODY_TIMEOUT_MS,
    keepAliveTimeoutMs: parsed.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    socketTimeoutMs: parsed.HTTP_SOCKET_TIMEOUT_MS,
  };
}

/**
 * Token verification: AUTH_SECRET (HS256, local tokens) or AUTH_JWKS (the issuer's public keys), and
 * INTERNAL_SECRET for the gateway's tokens to subgraphs. Outside production a development secret
 * stands in, so `npm start` works with nothing configured; production must name its keys.
 */
export function authConfig(parsed: {
  NODE_ENV: string;
  AUTH_SECRET?: string;
  AUTH_JWKS?: string;
  AUTH_ISSUER?: string;
  INTERNAL_SECRET?: string;
  AUTH_MAX_TOKEN_LIFETIME_SECONDS: number;
}): AuthConfig {
  const production = parsed.NODE_ENV === 'production';
  if (production && !parsed.AUTH_SECRET && !parsed.AUTH_JWKS) {
    throw new ConfigError(
      'Invalid configuration:\n  AUTH_SECRET or AUTH_JWKS: required in production',
    );
  }
  // A separate key, so whoever can sign client tokens cannot pose as the gateway.
  if (production && (!parsed.INTERNAL_SECRET || parsed.INTERNAL_SECRET === parsed.AUTH_SECRET)) {
    throw new ConfigError(
      'Invalid configuration:\n  INTERNAL_SECRET: required in production, and different from AUTH_SECRET',
    );
  }
  const secret = parsed.AUTH_SECRET ?? (parsed.AUTH_JWKS ? null : DEVELOPMENT_SECRET);
  return {
    secret,
    jwks: parsed.AUTH_JWKS ?? null,
    issuer: parsed.AUTH_ISSUER ?? null,
    internalSecret: parsed.INTERNAL_SECRET ?? secret ?? DEVELOPMENT_SECRET,
    maxTokenLifetimeSeconds: parsed.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
  };
}

/** A URL on the server `shared` names, for database `kyosei_<name>`. */
function onServer(name: ServiceName, shared: string): string {
  const u = new URL(shared);
  u.pathname = `/kyosei_${name}`;
  return u.toString();
}

/**
 * `DATABASE_URL` names a server; each subgraph gets its own database `kyosei_<name>` on it. The
 * service URL (`<NAME>_DATABASE_URL` or `DATABASE_URL`) is the role requests run as; the migration
 * URL (`<NAME>_MIGRATION_DATABASE_URL` or `MIGRATION_DATABASE_URL`), when set, is the role that
 * owns the tables, runs the migrations and grants the service role what it needs. Without one, the
 * service role migrates and owns everything (local development).
 */
export function databaseTarget(
  name: ServiceName,
  own: string | undefined,
  shared: string | undefined,
  dataDir: string,
  migration: { own?: string; shared?: string } = {},
): DatabaseTarget {
  const url = own ?? (shared ? onServer(name, shared) : undefined);
  const migrationUrl =
    migration.own ?? (migration.shared ? onServer(name, migration.shared) : undefined);
  const upper = name.toUpperCase();
  if (!url) {
    if (migrationUrl)
      throw new ConfigError(
        `Invalid configuration:\n  ${upper}_MIGRATION_DATABASE_URL or MIGRATION_DATABASE_URL: needs ${upper}_DATABASE_URL or DATABASE_URL (the service role)`,
      );
    return { kind: 'pglite', dataDir: path.resolve(dataDir, name) };
  }
  if (!migrationUrl) return { kind: 'postgres', url };
  const where = (u: string) => {
    const p = new URL(u);
    return `${p.host}${p.pathname}`;
  };
  if (where(url) !== where(migrationUrl))
    throw new ConfigError(
      `Invalid configuration:\n  ${upper}_MIGRATION_DATABASE_URL or MIGRATION_DATABASE_URL: must name the same server and database as the service URL (${where(url)})`,
    );
  return { kind: 'postgres', url, migrationUrl };
}

/** The key that signs access-log checkpoints: required in production, a development key elsewhere. */
function auditConfig(parsed: {
  NODE_ENV: string;
  AUDIT_CHECKPOINT_KEY?: string;
  AUDIT_CHECKPOINT_EVERY: number;
  AUTH_SECRET?: string;
  INTERNAL_SECRET?: string;
}): AuditConfig {
  const key = parsed.AUDIT_CHECKPOINT_KEY;
  if (parsed.NODE_ENV === 'production') {
    if (!key || key === parsed.AUTH_SECRET || key === parsed.INTERNAL_SECRET)
      throw new ConfigError(
        'Invalid configuration:\n  AUDIT_CHECKPOINT_KEY: required in production, and different from AUTH_SECRET and INTERNAL_SECRET',
      );
  }
  return {
    checkpointKey: key ?? DEVELOPMENT_AUDIT_KEY,
    checkpointEvery: parsed.AUDIT_CHECKPOINT_EVERY,
  };
}

/** Where a subgraph checks references it does not own ("off" disables the check). */
function referenceUrl(value: string | undefined, owner: SubgraphName): string | null {
  if (value === 'off') return null;
  return value || `http://127.0.0.1:${DEFAULT_PORTS[owner]}/graphql`;
}

export interface SubgraphConfig {
  name: ServiceName;
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  auth: AuthConfig;
  database: DatabaseTarget;
  /** Access-log checkpoints: the signing key and how often (development defaults when absent). */
  audit?: AuditConfig;
  /** GraphQL endpoints of the registries that own referenced entities; null = not checked. */
  references: { residence: string | null; employment: string | null };
  /** HTTP server timeouts (defaults: DEFAULT_HTTP_TIMEOUTS). */
  http?: Partial<HttpTimeouts>;
  /** Count the SQL statements sent (tests and the benchmark; never set from the environment). */
  countStatements?: boolean;
}

/** Reads one subgraph's configuration from the environment, once. */
export function loadSubgraphConfig(name: ServiceName, env: Env = process.env): SubgraphConfig {
  const upper = name.toUpperCase();
  const shape = {
    ...commonShape,
    PORT: z.coerce.number().int().min(0).max(65535).default(SERVICE_PORTS[name]),
    [`${upper}_DATABASE_URL`]: optionalUrl,
    [`${upper}_MIGRATION_DATABASE_URL`]: optionalUrl,
    RESIDENCE_URL: z.string().optional(),
    EMPLOYMENT_URL: z.string().optional(),
  };
  const parsed = parseEnv(shape, env) as z.infer<z.ZodObject<typeof commonShape>> & {
    PORT: number;
    RESIDENCE_URL?: string;
    EMPLOYMENT_URL?: string;
  } & Record<string, string | undefined>;
  return {
    name,
    nodeEnv: parsed.NODE_ENV,
    host: parsed.HOST,
    port: parsed.PORT,
    logLevel: parsed.LOG_LEVEL,
    auth: authConfig(parsed),
    http: httpTimeouts(parsed),
    database: databaseTarget(
      name,
      parsed[`${upper}_DATABASE_URL`],
      parsed.DATABASE_URL,
      parsed.KYOSEI_DATA_DIR,
      { own: parsed[`${upper}_MIGRATION_DATABASE_URL`], shared: parsed.MIGRATION_DATABASE_URL },
    ),
    audit: auditConfig(parsed),
    references: {
      residence: name === 'residence' ? null : referenceUrl(parsed.RESIDENCE_URL, 'residence'),
      employment: name === 'employment' ? null : referenceUrl(parsed.EMPLOYMENT_URL, 'employment'),
    },
  };
}
