import pino from 'pino';

/** Structured logs: operational facts only, never tokens or personal records. */
export function createLogger(service: string, level: string): pino.Logger {
  return pino({
    name: service,
    level,
    redact: { paths: ['req.headers.authorization', '*.authorization', '*.token'], remove: true },
  });
}

export type Logger = pino.Logger;
