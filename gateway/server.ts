import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway } from '@apollo/gateway';
import { expressMiddleware } from '@as-integrations/express5';
import { readFileSync } from 'node:fs';
import { SUBGRAPH_NAMES, type GraphName, type SubgraphName } from '../subgraphs/kit/config';
import { httpErrors } from '../subgraphs/kit/body';
import { DEFAULT_HTTP_TIMEOUTS, jsonBody, listen, serviceApp } from '../subgraphs/kit/http';
import { createLogger } from '../subgraphs/kit/logger';
import { metricsPlugin } from '../subgraphs/kit/metrics';
import { formatError } from '../subgraphs/kit/server';
import { requestHygienePlugin } from '../subgraphs/kit/requests';
import { hideInaccessible } from './inaccessible';
import { schemaPath } from '../subgraphs/kit/schema';
import { defaultPerCaller, optOutOfApolloTelemetry, type GatewayConfig } from './config';
import { authenticate, callerOf, gatewayContext, scopePlugin, type GatewayContext } from './auth';
import { explorerHandler } from './explorer';
import { dashboardRoutes } from './dashboard';
import { admission } from './admission';
import { mountTransitionStream } from './stream';
import { protection } from './protection';
import { fieldOwners } from './scopes';
import { InternalTokenSigner } from '../subgraphs/kit/auth';
import { subgraphFetcher } from './fetcher';
import { buildDataSource, type GatewayHooks, type SubgraphFetchListener } from './datasources';

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

function readyzUrl(graphqlUrl: string): string {
  return new URL('/readyz', graphqlUrl).toString();
}

/** Every subgraph answers /readyz with 200. */
async function subgraphsReady(
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

/** The federated gateway over the committed supergraph, with each subgraph at its configured URL. */
function buildGateway(
  config: GatewayConfig,
  hooks: Omit<GatewayHooks, 'internalTokens' | 'fetcher'> = {},
): ApolloServer<GatewayContext> {
  const supergraphSdl = readFileSync(schemaPath('supergraph'), 'utf8');
  const http = subgraphFetcher();
  const internalTokens = new InternalTokenSigner(config.auth.internalSecret);
  optOutOfApolloTelemetry();
  const gateway = new ApolloGateway({
    supergraphSdl,
    ...(hooks.logger ? { logger: hooks.logger } : {}),
    buildService: ({ name }) =>
      buildDataSource(name as GraphName, config, {
        ...hooks,
        internalTokens,
        fetcher: http.fetcher,
      }),
  });
  const closeConnections: ApolloServerPlugin<GatewayContext> = {
    serverWillStart: async () => ({ serverWillStop: () => http.close() }),
  };
  const development = config.nodeEnv === 'development';
  const armor = protection<GatewayContext>(config.maxOperationCost);
  return new ApolloServer<GatewayContext>({
    gateway,
    // Apollo's own messages go through pino (redaction) too, not to the console.
    ...(hooks.logger ? { logger: hooks.logger } : {}),
    includeStacktraceInErrorResponses: development,
    formatError: formatError(development, { suggestions: config.introspection }),
    introspection: config.introspection,
    csrfPrevention: true,
    validationRules: armor.validationRules,
    parseOptions: armor.parseOptions,
    // The explorer is served by explorerHandler (with live example ids), not as a landing page.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      requestHygienePlugin<GatewayContext>(),
      hideInaccessible(supergraphSdl),
      closeConnections,
      scopePlugin(fieldOwners(supergraphSdl)),
      ...armor.plugins,
      metricsPlugin<GatewayContext>('gateway'),
    ],
  });
}

export async function startGateway(
  config: GatewayConfig,
  listener?: SubgraphFetchListener,
): Promise<RunningGateway> {
  const logger = createLogger('gateway', config.logLevel);
  const server = buildGateway(config, { listener, logger });
  await server.start();
  const app = serviceApp('gateway', async () => {
    const subgraphs = await subgraphsReady(config.subgraphUrls);
    return { ready: Object.values(subgraphs).every(Boolean), detail: { subgraphs } };
  });
  if (config.explorer)
    app.get(
      ['/', '/graphql'],
      explorerHandler(server, '/graphql', {
        auth: config.auth,
        development: config.nodeEnv !== 'production',
      }),
    );
  const stream = mountTransitionStream(app, config, logger); // before /graphql, which it prefixes
  const development = config.nodeEnv !== 'production';
  app.use('/dashboard', dashboardRoutes({ endpoint: '/graphql', auth: config.auth, development }));
  // Body, then caller, then a slot: a slow body or a missing token never holds a slot.
  const limit = config.maxConcurrentOperations;
  app.use(
    '/graphql',
    jsonBody('1mb', config.http?.bodyTimeoutMs ?? DEFAULT_HTTP_TIMEOUTS.bodyTimeoutMs),
    authenticate(config.auth),
    admission({
      limit,
      perCaller: config.maxOperationsPerCaller ?? defaultPerCaller(limit),
      caller: (_req, res) => `${callerOf(res).agency}:${callerOf(res).sub}`,
    }),
    expressMiddleware(server, { context: gatewayContext }),
  );
  app.use(httpErrors(logger));
  const listening = await listen(app, config.host, config.port, config.http);
  logger.info({ url: listening.url }, 'gateway ready');
  return {
    url: listening.url,
    port: listening.port,
    async stop() {
      await stream?.close();
      await listening.close();
      await server.stop();
    },
  };
}
