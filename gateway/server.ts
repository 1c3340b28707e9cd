import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/kit/config';
import { createLogger } from '../subgraphs/kit/logger';
import { formatError } from '../subgraphs/kit/server';
import { SUPERGRAPH_PATH } from './compose';
import type { GatewayConfig } from './config';
import { explorerPlugin } from './explorer';
import { unavailableResponse } from './unavailable';

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

function readyzUrl(graphqlUrl: string): string {
  return new URL('/readyz', graphqlUrl).toString();
}

/** Every subgraph answers /readyz with 200. */
export async function subgraphsReady(
  urls: Record<SubgraphName, string>,
): Promise<Record<SubgraphName, boolean>> {
  const entries = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => {
      try {
        const res = await fetch(readyzUrl(urls[name]), { signal: AbortSignal.timeout(3000) });
        return [name, res.ok] as const;
      } catch {
        return [name, false] as const;
      }
    }),
  );
  return Object.fromEntries(entries) as Record<SubgraphName, boolean>;
}

/** Observes every fetch the gateway sends to a subgraph (metrics, and tests that prove batching). */
export type SubgraphFetchListener = (subgraph: SubgraphName, query: string) => void;

class SubgraphDataSource extends RemoteGraphQLDataSource {
  constructor(
    readonly subgraph: SubgraphName,
    url: string,
    private readonly listener?: SubgraphFetchListener,
  ) {
    super({ url });
  }

  override willSendRequest({ request }: { request: { query?: string } }): void {
    this.listener?.(this.subgraph, request.query ?? '');
  }

  /** A subgraph that cannot be reached answers as unavailable instead of failing the whole plan. */
  override async process(options: Parameters<RemoteGraphQLDataSource['process']>[0]) {
    try {
      return await super.process(options);
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code) throw error; // the subgraph refused
      return unavailableResponse(this.subgraph, options.request, (error as Error).message);
    }
  }

  /** A subgraph's refusal (HTTP 4xx with GraphQL errors) reaches the client as the subgraph said it. */
  override async errorFromResponse(
    response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0],
  ): Promise<GraphQLError> {
    const body = await this.parseBody(response).catch(() => null);
    const first = (body as { errors?: GraphQLFormattedError[] } | null)?.errors?.[0];
    if (!first) return super.errorFromResponse(response);
    return new GraphQLError(first.message, { extensions: first.extensions });
  }
}

/** The federated gateway over the committed supergraph, with each subgraph at its configured URL. */
export function buildGateway(
  config: GatewayConfig,
  listener?: SubgraphFetchListener,
): ApolloServer {
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
    buildService: ({ name }) =>
      new SubgraphDataSource(
        name as SubgraphName,
        config.subgraphUrls[name as SubgraphName],
        listener,
      ),
  });
  const development = config.nodeEnv === 'development';
  return new ApolloServer({
    gateway,
    includeStacktraceInErrorResponses: development,
    formatError: formatError(development),
    introspection: config.nodeEnv !== 'production',
    plugins: [
      config.explorer
        ? explorerPlugin({ endpoint: '/graphql' })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
}

export async function startGateway(
  config: GatewayConfig,
  listener?: SubgraphFetchListener,
): Promise<RunningGateway> {
  const logger = createLogger('gateway', config.logLevel);
  const server = buildGateway(config, listener);
  await server.start();
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/readyz', async (_req, res) => {
    const subgraphs = await subgraphsReady(config.subgraphUrls);
    const ready = Object.values(subgraphs).every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', subgraphs });
  });
  app.get('/', (_req, res) => res.redirect('/graphql'));
  app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(server));
  const httpServer = http.createServer(app);
  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}/graphql`;
  logger.info({ url }, 'gateway ready');
  return {
    url,
    port,
    async stop() {
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await server.stop();
    },
  };
}
