import { z } from 'zod';
import type { AuthConfig } from '../kit/auth';
import { authConfig, commonShape, GRAPH_PORTS, parseEnv, type Env } from '../kit/config';

export interface ConsistencyConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  auth: AuthConfig;
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
  };
}
