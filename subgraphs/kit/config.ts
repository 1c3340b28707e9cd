import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, DEVELOPMENT_SECRET, type AuthConfig } from './auth';
import type { DatabaseTarget } from './database';

export const SUBGRAPH_NAMES = ['residence', 'employment', 'insurance', 'tax'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const DEFAULT_PORTS: Record<SubgraphName, number> = {
  residence: 4001,
  employment: 4002,
  insurance: 4003,
  tax: 4004,
};

/** Every subgraph of the supergraph: the four registries and the consistency layer (no database). */
export const GRAPH_NAMES = [...SUBGRAPH_NAMES, 'consistency'] as const;
export type GraphName = (typeof GRAPH_NAMES)[number];
export const GRAPH_PORTS: Record<GraphName, number> = { ...DEFAULT_PORTS, consistency: 4005 };

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
};

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

/** `DATABASE_URL` names a server; each subgraph gets its own database `kyosei_<name>` on it. */
export function databaseTarget(
  name: SubgraphName,
  own: string | undefined,
  shared: string | undefined,
  dataDir: string,
): DatabaseTarget {
  if (own) return { kind: 'postgres', url: own };
  if (shared) {
    const u = new URL(shared);
    u.pathname = `/kyosei_${name}`;
    return { kind: 'postgres', url: u.toString() };
  }
  return { kind: 'pglite', dataDir: path.resolve(dataDir, name) };
}

/** Where a subgraph checks references it does not own ("off" disables the check). */
export function referenceUrl(value: string | undefined, owner: SubgraphName): string | null {
  if (value === 'off') return null;
  return value || `http://127.0.0.1:${DEFAULT_PORTS[owner]}/graphql`;
}

export interface SubgraphConfig {
  name: SubgraphName;
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  auth: AuthConfig;
  database: DatabaseTarget;
  /** GraphQL endpoints of the registries that own referenced entities; null = not checked. */
  references: { residence: string | null; employment: string | null };
}

/** Reads one subgraph's configuration from the environment, once. */
export function loadSubgraphConfig(name: SubgraphName, env: Env): SubgraphConfig {
  const upper = name.toUpperCase();
  const shape = {
    ...commonShape,
    PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORTS[name]),
    [`${upper}_DATABASE_URL`]: optionalUrl,
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
    database: databaseTarget(
      name,
      parsed[`${upper}_DATABASE_URL`],
      parsed.DATABASE_URL,
      parsed.KYOSEI_DATA_DIR,
    ),
    references: {
      residence: name === 'residence' ? null : referenceUrl(parsed.RESIDENCE_URL, 'residence'),
      employment: name === 'employment' ? null : referenceUrl(parsed.EMPLOYMENT_URL, 'employment'),
    },
  };
}
