import { z } from 'zod';
import {
  ConfigError,
  DEFAULT_PORTS,
  SUBGRAPH_NAMES,
  type SubgraphName,
  loadSubgraphConfig,
  parseEnv,
  type Env,
  type SubgraphConfig,
} from '../kit/config';
import { DEFAULT_BATCH_SIZE, DEFAULT_PAGE_SIZE, MAX_BATCH_SIZE, MAX_PAGE_SIZE } from './evaluate';
import type { TokenSource } from './gateway';

/**
 * The monitor: a subgraph with its own database (MONITOR_DATABASE_URL, or DATABASE_URL's server
 * with database kyosei_monitor, else PGlite under KYOSEI_DATA_DIR/monitor; PORT, default 4007),
 * plus where and as whom it reads the facts:
 *
 * - GATEWAY_URL: the gateway's GraphQL endpoint (default http://127.0.0.1:4000/graphql).
 * - MONITOR_TOKEN: the token it sends, agency MONITOR, every source's read scope and
 *   consistency:read, purpose "continuous consistency monitoring". Required in production when
 *   tokens come from an external issuer (AUTH_JWKS); with AUTH_SECRET (or outside production the
 *   development secret) the monitor signs its own, renewed before they expire.
 * - MONITOR_BATCH_SIZE (default 100, at most 500): workers per evaluation request (one
 *   `workersByIds`); MONITOR_SWEEP_PAGE_SIZE
 *   (default and at most 500): workers per page of a sweep. Both fit the gateway's default cost
 *   limit (MAX_OPERATION_COST) at their maximum (tests/unit/monitor-batch.test.ts).
 * - MONITOR_CONSUMER_CONCURRENCY (default 2, at most 16): evaluation batches this process's queue
 *   consumers run at once (each one request to the gateway, then one write).
 * - MONITOR_SWEEP_ON_START (default true): sweep everyone when the store is empty at start.
 * - <NAME>_URL for each registry (default http://127.0.0.1:<its port>/graphql): where its change
 *   feed is read; MONITOR_FOLLOW_INTERVAL_MS (default 1000): between two polls of the feeds.
 * - MONITOR_TODAY (tests): the evaluation date instead of today in Asia/Tokyo.
 */
export interface MonitorConfig extends SubgraphConfig {
  gatewayUrl: string;
  token: TokenSource;
  batchSize: number;
  pageSize: number;
  consumerConcurrency: number;
  sweepOnStart: boolean;
  registryUrls: Record<SubgraphName, string>;
  followIntervalMs: number;
  today: string | null;
}

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export function loadMonitorConfig(env: Env = process.env): MonitorConfig {
  const base = loadSubgraphConfig('monitor', env);
  const parsed = parseEnv(
    {
      GATEWAY_URL: z.url().default('http://127.0.0.1:4000/graphql'),
      MONITOR_TOKEN: z.string().min(1).optional(),
      MONITOR_BATCH_SIZE: z.coerce
        .number()
        .int()
        .min(1)
        .max(MAX_BATCH_SIZE)
        .default(DEFAULT_BATCH_SIZE),
      MONITOR_SWEEP_PAGE_SIZE: z.coerce
        .number()
        .int()
        .min(1)
        .max(MAX_PAGE_SIZE)
        .default(DEFAULT_PAGE_SIZE),
      MONITOR_CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
      MONITOR_SWEEP_ON_START: flag.default(true),
      MONITOR_FOLLOW_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
      MONITOR_TODAY: z.iso.date().optional(),
      ...Object.fromEntries(
        SUBGRAPH_NAMES.map((n) => [`${n.toUpperCase()}_URL`, z.url().optional()]),
      ),
    },
    env,
  );
  const secret = base.auth.secret;
  if (!parsed.MONITOR_TOKEN && !secret)
    throw new ConfigError(
      'Invalid configuration:\n  MONITOR_TOKEN: required when tokens come from an external issuer (AUTH_JWKS)',
    );
  return {
    ...base,
    gatewayUrl: parsed.GATEWAY_URL,
    token: parsed.MONITOR_TOKEN
      ? { token: parsed.MONITOR_TOKEN }
      : { secret: secret as string, lifetimeSeconds: base.auth.maxTokenLifetimeSeconds },
    batchSize: parsed.MONITOR_BATCH_SIZE,
    pageSize: parsed.MONITOR_SWEEP_PAGE_SIZE,
    consumerConcurrency: parsed.MONITOR_CONSUMER_CONCURRENCY,
    sweepOnStart: parsed.MONITOR_SWEEP_ON_START,
    registryUrls: Object.fromEntries(
      SUBGRAPH_NAMES.map((n) => [
        n,
        (parsed as Record<string, unknown>)[`${n.toUpperCase()}_URL`] ??
          `http://127.0.0.1:${DEFAULT_PORTS[n]}/graphql`,
      ]),
    ) as Record<SubgraphName, string>,
    followIntervalMs: parsed.MONITOR_FOLLOW_INTERVAL_MS,
    today: parsed.MONITOR_TODAY ?? null,
  };
}
