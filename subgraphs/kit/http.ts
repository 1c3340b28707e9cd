import express, { type Express } from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** An express app with `/healthz` (process up) and `/readyz` (what `ready` says). */
export function serviceApp(
  service: string,
  ready: () => Promise<{ ready: boolean; detail?: object }>,
): Express {
  const app = express();
  app.disable('x-powered-by');
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

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on host:port (0 = a free port); `url` is the GraphQL endpoint. */
export async function listen(app: Express, host: string, port: number): Promise<Listening> {
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
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
