import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { bearer, subgraphAudience, TokenVerifier, type Identity } from '../kit/auth';
import { httpErrors } from '../kit/body';
import { DEFAULT_HTTP_TIMEOUTS, jsonBody, listen, serviceApp, type Listening } from '../kit/http';
import { createLogger } from '../kit/logger';
import { operationLimits } from '../kit/limits';
import { formatError, servicePlugins } from '../kit/server';
import type { ConsistencyConfig } from './config';
import { buildConsistencySchema } from './index';

/** Serves the consistency subgraph over HTTP, for gateways other than ours (Hive, Router). */
export async function startConsistency(config: ConsistencyConfig): Promise<Listening> {
  const development = config.nodeEnv === 'development';
  const introspection = config.nodeEnv !== 'production';
  const logger = createLogger('consistency', config.logLevel);
  const limits = operationLimits<{ identity: Identity }>({
    costExempt: (ctx) => ctx.identity.viaGateway,
  });
  const server = new ApolloServer<{ identity: Identity }>({
    schema: buildConsistencySchema(logger),
    logger,
    includeStacktraceInErrorResponses: development,
    introspection,
    csrfPrevention: true,
    formatError: formatError(development, { suggestions: introspection }),
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
    plugins: [...servicePlugins<{ identity: Identity }>('consistency'), ...limits.plugins],
  });
  await server.start();
  const app = serviceApp('consistency', async () => ({ ready: true }));
  const verifier = new TokenVerifier(config.auth, subgraphAudience('consistency'));
  app.use(
    '/graphql',
    jsonBody('10mb', config.http?.bodyTimeoutMs ?? DEFAULT_HTTP_TIMEOUTS.bodyTimeoutMs),
    expressMiddleware(server, {
      context: async ({ req }) => ({
        identity: await verifier.verify(bearer(req.headers.authorization)),
      }),
    }),
  );
  app.use(httpErrors(logger));
  const listening = await listen(app, config.host, config.port, config.http);
  logger.info({ url: listening.url }, 'consistency subgraph ready');
  return {
    ...listening,
    async close() {
      await listening.close();
      await server.stop();
    },
  };
}
