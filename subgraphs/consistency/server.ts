import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { bearer, subgraphAudience, TokenVerifier } from '../kit/auth';
import { listen, serviceApp, type Listening } from '../kit/http';
import { httpErrors, jsonBody } from '../kit/body';
import { createLogger } from '../kit/logger';
import { formatError, servicePlugins } from '../kit/server';
import type { ConsistencyConfig } from './config';
import { buildConsistencySchema } from './index';

/** Serves the consistency subgraph over HTTP, for gateways other than ours (Hive, Router). */
export async function startConsistency(config: ConsistencyConfig): Promise<Listening> {
  const development = config.nodeEnv === 'development';
  const introspection = config.nodeEnv !== 'production';
  const logger = createLogger('consistency', config.logLevel);
  const server = new ApolloServer({
    schema: buildConsistencySchema(),
    logger,
    includeStacktraceInErrorResponses: development,
    introspection,
    csrfPrevention: true,
    formatError: formatError(development, { suggestions: introspection }),
    plugins: servicePlugins(),
  });
  await server.start();
  const app = serviceApp('consistency', async () => ({ ready: true }));
  const verifier = new TokenVerifier(config.auth, subgraphAudience('consistency'));
  app.use(
    '/graphql',
    jsonBody('10mb'),
    expressMiddleware(server, {
      context: async ({ req }) => ({
        identity: await verifier.verify(bearer(req.headers.authorization)),
      }),
    }),
  );
  app.use(httpErrors(logger));
  const listening = await listen(app, config.host, config.port);
  logger.info({ url: listening.url }, 'consistency subgraph ready');
  return {
    ...listening,
    async close() {
      await listening.close();
      await server.stop();
    },
  };
}
