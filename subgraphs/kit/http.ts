import express, { type Express, type RequestHandler } from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { strictJson } from './body';
import { ErrorCode, formattedError } from './errors';
import { metricsRoutes } from './metrics';

/**
 * An express app with `/healthz` (process up), `/readyz` (what `ready` says) and `/metrics`
 * (Prometheus, no token: aggregate counts only, kit/metrics.ts).
 */
export function serviceApp(
  service: string,
  ready: () => Promise<{ ready: boolean; detail?: object }>,
): Express {
  const app = express();
  app.disable('x-powered-by');
  const metrics = metricsRoutes(service);
  app.use(metrics.count);
  app.get('/metrics', metrics.serve);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service });
  });
  app.get('/readyz', async (_req, res) => {
    const state = await ready();
    res
      .status(state.ready ? 200 : 503)
      .json({ status: state.ready ? 'ready' : 'not ready', service, ...state.detail });
  });
  return app;
}

/**
 * How long a client may take, on every service's HTTP server. Node's defaults let a request's
 * headers and body trickle in for 5 minutes, each holding a socket (and, before its body was read
 * ahead of admission, one of the gateway's operation slots).
 */
export interface HttpTimeouts {
  /** From the first byte of a request to the end of its headers (Node: 408 and close). */
  headersTimeoutMs: number;
  /** From the first byte of a request to the end of its body (Node: 408 and close). */
  requestTimeoutMs: number;
  /** A GraphQL body must be read within this; else 408 REQUEST_TIMEOUT and the socket is closed. */
  bodyTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** A socket with no traffic either way for this long is destroyed (`server.timeout`). */
  socketTimeoutMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  bodyTimeoutMs: 10_000,
  keepAliveTimeoutMs: 65_000,
  socketTimeoutMs: 120_000,
};

/**
 * Reads a JSON body of at most `limit`, within `timeoutMs` of arrival: a client that stops sending
 * gets 408 REQUEST_TIMEOUT and its connection is closed, so it holds nothing for long.
 */
export function jsonBody(limit: string, timeoutMs: number): RequestHandler {
  const parse = strictJson(limit);
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return void req.socket.destroy();
      res.once('finish', () => req.socket.destroy());
      res
        .status(408)
        .set('connection', 'close')
        .json({
          errors: [
            formattedError(
              ErrorCode.REQUEST_TIMEOUT,
              `The request body did not arrive within ${timeoutMs} ms`,
            ),
          ],
        });
    }, timeoutMs);
    parse(req, res, (error?: unknown) => {
      clearTimeout(timer);
      if (!res.headersSent) next(error);
    });
  };
}

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on host:port (0 = a free port) with `timeouts`; `url` is the GraphQL endpoint. */
export async function listen(
  app: Express,
  host: string,
  port: number,
  timeouts: Partial<HttpTimeouts> = {},
): Promise<Listening> {
  const t = { ...DEFAULT_HTTP_TIMEOUTS, ...timeouts };
  const server = http.createServer(
    {
      headersTimeout: t.headersTimeoutMs,
      requestTimeout: t.requestTimeoutMs,
      keepAliveTimeout: t.keepAliveTimeoutMs,
      // How often Node checks the two timeouts above (default 30 s, longer than they are).
      connectionsCheckingInterval: Math.min(1000, t.headersTimeoutMs),
    },
    app,
  );
  server.setTimeout(t.socketTimeoutMs);
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}/graphql`,
    port: actual,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
