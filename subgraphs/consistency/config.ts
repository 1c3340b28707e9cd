import { z } from 'zod';
import type { AuthConfig } from '../kit/auth';
import {
  authConfig,
  commonShape,
  GRAPH_PORTS,
  httpTimeouts,
  parseEnv,
  type Env,
} from '../kit/config';
import type { HttpTimeouts } from '../kit/http';

export interface ConsistencyConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  auth: AuthConfig;
  /** HTTP server timeouts (defaults: DEFAULT_HTTP_TIMEOUTS). */
  http?: Partial<HttpTimeouts>;
}

/** The consistency subgraph served on its own (PORT, default 4005); it has no database. */
export function loadConfig(env: Env = process.env): ConsistencyConfig {
  const parsed = parseEnv(
    {
      ...commonShape,
      PORT: z.coerce.number().int().min(0).max(65535).default(GRAPH_PORTS.consistency),
    },
    env,
  );
  return {
    nodeEnv: parsed.NODE_ENV,
    host: parsed.HOST,
    port: parsed.PORT,
    logLevel: parsed.LOG_LEVEL,
    auth: authConfig(parsed),
    http: httpTimeouts(parsed),
  };
}
