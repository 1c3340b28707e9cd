import { z } from 'zod';
import type { AuthConfig } from '../subgraphs/kit/auth';
import type { HttpTimeouts } from '../subgraphs/kit/http';
import {
  authConfig,
  commonShape,
  httpTimeouts,
  DEFAULT_PORTS,
  GRAPH_PORTS,
  parseEnv,
  SUBGRAPH_NAMES,
  type Env,
  type SubgraphName,
} from '../subgraphs/kit/config';

export interface GatewayConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  auth: AuthConfig;
  /** Where each subgraph's GraphQL endpoint is. */
  subgraphUrls: Record<SubgraphName, string>;
  /** Where the consistency subgraph runs; null = inside the gateway process (the default). */
  consistencyUrl: string | null;
  /** Where the monitor's subgraph is (MONITOR_URL; default http://127.0.0.1:4007/graphql). */
  monitorUrl?: string;
  /** Answer introspection queries (default: on outside production). */
  introspection: boolean;
  /** Serve the GraphiQL explorer at the gateway URL (default: on outside production). */
  explorer: boolean;
  /** GraphQL requests executed at once; more wait their turn (bounds memory under load). */
  maxConcurrentOperations: number;
  /**
   * How long one read from a subgraph may take before the gateway gives up on it and answers with
   * that registry's fields missing (SOURCE_UNAVAILABLE, consistency INCOMPLETE). Mutations are
   * waited for (giving up would not undo the write).
   */
  subgraphTimeoutMs?: number;
  /**
   * Slots one caller (token subject) may hold at once; callers waiting are served fewest-held
   * first, in turn (default: three quarters of maxConcurrentOperations, at least 1).
   */
  maxOperationsPerCaller?: number;
  /** HTTP server timeouts (defaults: DEFAULT_HTTP_TIMEOUTS). */
  http?: Partial<HttpTimeouts>;
  /** The most an operation may cost (subgraphs/kit/limits.ts; default LIMITS.cost). */
  maxOperationCost?: number;
  /** The intervention feed's push form at /graphql/stream (gateway/stream.ts; DEFAULT_STREAM). */
  stream?: Partial<StreamConfig>;
}

/** The push form of the intervention feed (README, "The intervention feed"). */
export interface StreamConfig {
  /** Serve /graphql/stream (STREAM; default on: it reads only what the query would, as it would). */
  enabled: boolean;
  /** Between two reads of the feed while nothing is new (STREAM_POLL_INTERVAL_MS). */
  pollIntervalMs: number;
  /** Streams one caller (token subject) may hold open at once (STREAM_MAX_PER_CALLER). */
  maxPerCaller: number;
}

export const DEFAULT_STREAM: StreamConfig = {
  enabled: true,
  pollIntervalMs: 1000,
  maxPerCaller: 4,
};

/** How long one read from a subgraph may take by default (SUBGRAPH_TIMEOUT_MS). */
export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 5000;

/** Three quarters of the slots: one caller alone keeps the cores busy, another always gets in. */
export function defaultPerCaller(maxConcurrentOperations: number): number {
  return Math.max(1, Math.floor((maxConcurrentOperations * 3) / 4));
}

/**
 * Node flags the gateway runs with wherever this project starts it (npm start, npm run
 * start:gateway, docker-compose.yml, the benchmark): a V8 old-space cap. With admission control
 * (MAX_CONCURRENT_OPERATIONS) bounding what is live, the cap makes V8 collect instead of growing:
 * bench, c=64: peak RSS 961 -> 297 MB on the employer workload at the same throughput. Raise it
 * (NODE_OPTIONS) for deployments that run much larger operations or a higher limit.
 */
export const GATEWAY_NODE_OPTIONS = '--max-old-space-size=192';

/** The monitor's subgraph on this host (its default port). */
export const defaultMonitorUrl = () => `http://127.0.0.1:${GRAPH_PORTS.monitor}/graphql`;

/**
 * @apollo/gateway sends anonymous usage metrics to Apollo unless APOLLO_TELEMETRY_DISABLED is set
 * (it reads the variable itself): nothing leaves the deployment unless its operator opts in with
 * APOLLO_TELEMETRY_DISABLED=false.
 */
export function optOutOfApolloTelemetry(env: Env = process.env): void {
  env.APOLLO_TELEMETRY_DISABLED ??= 'true';
}

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** The gateway's configuration: PORT, <NAME>_URL for each subgraph, EXPLORER, SUBGRAPH_TIMEOUT_MS, STREAM_*. */
export function loadGatewayConfig(env: Env = process.env): GatewayConfig {
  const parsed = parseEnv(
    {
      ...commonShape,
      PORT: z.coerce.number().int().min(0).max(65535).default(4000),
      RESIDENCE_URL: z.url().optional(),
      EMPLOYMENT_URL: z.url().optional(),
      INSURANCE_URL: z.url().optional(),
      TAX_URL: z.url().optional(),
      MUNICIPALITY_URL: z.url().optional(),
      CONSISTENCY_URL: z.url().optional(),
      MONITOR_URL: z.url().optional(),
      EXPLORER: flag.optional(),
      INTROSPECTION: flag.optional(),
      MAX_CONCURRENT_OPERATIONS: z.coerce.number().int().min(1).max(10_000).default(8),
      SUBGRAPH_TIMEOUT_MS: z.coerce
        .number()
        .int()
        .min(100)
        .max(600_000)
        .default(DEFAULT_SUBGRAPH_TIMEOUT_MS),
      MAX_OPERATIONS_PER_CALLER: z.coerce.number().int().min(1).max(10_000).optional(),
      MAX_OPERATION_COST: z.coerce.number().int().min(1).optional(),
      STREAM: flag.optional(),
      STREAM_POLL_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).optional(),
      STREAM_MAX_PER_CALLER: z.coerce.number().int().min(1).max(1000).optional(),
    },
    env,
  );
  const urls = {
    residence: parsed.RESIDENCE_URL,
    employment: parsed.EMPLOYMENT_URL,
    insurance: parsed.INSURANCE_URL,
    tax: parsed.TAX_URL,
    municipality: parsed.MUNICIPALITY_URL,
  };
  return {
    nodeEnv: parsed.NODE_ENV,
    host: parsed.HOST,
    port: parsed.PORT,
    logLevel: parsed.LOG_LEVEL,
    auth: authConfig(parsed),
    consistencyUrl: parsed.CONSISTENCY_URL ?? null,
    monitorUrl: parsed.MONITOR_URL ?? defaultMonitorUrl(),
    introspection: parsed.INTROSPECTION ?? parsed.NODE_ENV !== 'production',
    explorer: parsed.EXPLORER ?? parsed.NODE_ENV !== 'production',
    maxConcurrentOperations: parsed.MAX_CONCURRENT_OPERATIONS,
    subgraphTimeoutMs: parsed.SUBGRAPH_TIMEOUT_MS,
    maxOperationsPerCaller:
      parsed.MAX_OPERATIONS_PER_CALLER ?? defaultPerCaller(parsed.MAX_CONCURRENT_OPERATIONS),
    http: httpTimeouts(parsed),
    maxOperationCost: parsed.MAX_OPERATION_COST,
    stream: {
      enabled: parsed.STREAM ?? DEFAULT_STREAM.enabled,
      pollIntervalMs: parsed.STREAM_POLL_INTERVAL_MS ?? DEFAULT_STREAM.pollIntervalMs,
      maxPerCaller: parsed.STREAM_MAX_PER_CALLER ?? DEFAULT_STREAM.maxPerCaller,
    },
    subgraphUrls: Object.fromEntries(
      SUBGRAPH_NAMES.map((n) => [n, urls[n] ?? `http://127.0.0.1:${DEFAULT_PORTS[n]}/graphql`]),
    ) as Record<SubgraphName, string>,
  };
}
