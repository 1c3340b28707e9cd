import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { expressMiddleware } from '@as-integrations/express5';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ServiceName, SubgraphConfig } from './config';
import { openDatabase, type Database, type DatabaseOptions } from './database';
import { DateScalar } from './dates';
import { AccessRecorder, accessLogLoader, accessLogPlugin } from './audit';
import { bearer, signInternalToken, subgraphAudience, TokenVerifier, type Identity } from './auth';
import { ErrorCode, formattedError } from './errors';
import { formatSourceFaults } from './faults';
import { operationLimits } from './limits';
import { guardSchema, type AccessPolicy, type GuardedContext } from './guard';
import { httpErrors } from './body';
import { DEFAULT_HTTP_TIMEOUTS, jsonBody, listen, serviceApp } from './http';
import { createLogger, type Logger } from './logger';
import { metricsPlugin } from './metrics';
import { ReferenceClient } from './references';
import { requestHygienePlugin } from './requests';
import { loadSchema } from './schema';

/** The resolver map `buildSubgraphSchema` takes (@apollo/subgraph exports the function, not the type). */
export type SchemaResolvers = NonNullable<
  Extract<Parameters<typeof buildSubgraphSchema>[0], { typeDefs: unknown }>['resolvers']
>;

/** A subgraph's resolvers by type name: its generated `Resolvers` (npm run codegen). */
export type ResolverMap = Readonly<Record<string, object | undefined>>;

/** What the process gives every request of a subgraph. */
export interface SubgraphDeps {
  db: Database;
  references: ReferenceClient;
  logger: Logger;
}

/** One agency's subgraph: its schema name, tables, resolvers and access policy. Same shape for all four. */
export interface SubgraphModule<C extends GuardedContext, N extends ServiceName = ServiceName> {
  name: N;
  entities: DatabaseOptions['entities'];
  migrations: DatabaseOptions['migrations'];
  resolvers: ResolverMap;
  policy: AccessPolicy;
  /** Builds the per-request context (fresh DataLoaders each time); the kit adds the caller. */
  createContext(deps: SubgraphDeps): Omit<C, keyof GuardedContext>;
}

/** The service identity a subgraph uses to check references with another registry. */
function serviceIdentity(name: ServiceName): Identity {
  return {
    sub: `service:${name}`,
    agency: name.toUpperCase() as Identity['agency'],
    scopes: new Set(),
    purpose: 'reference check',
    operation: null,
    viaGateway: true,
  };
}

const VARIABLE_PATH = /at "[^".]+\.([^"]+)"/;
const MISSING_INPUT_FIELD = /Field "([^"]+)" of required type "[^"]+" was not provided/;
const VARIABLE = /^Variable "\$([^"]+)"/;
/** graphql-js ends a message with its suggestions: `Did you mean "x"?`, `Did you mean the enum value "X"?`. */
const STACK_OVERFLOW = /Maximum call stack size exceeded/;
const SUGGESTION = / ?Did you mean [^?]*\?$/;

/** The input field a BAD_USER_INPUT message from graphql-js is about (variable coercion errors). */
function fieldOf(message: string): string | undefined {
  const at = VARIABLE_PATH.exec(message)?.[1];
  const missing = MISSING_INPUT_FIELD.exec(message)?.[1];
  if (missing) return at ? `${at}.${missing}` : missing;
  return at ?? VARIABLE.exec(message)?.[1];
}

/**
 * Public error shape: codes from errors.ts, the offending field for bad input, and no internals
 * (stack traces, SQL) outside development. With `suggestions: false` (introspection off), no
 * "Did you mean …" that would reveal the schema.
 */
export function formatError(development: boolean, options: { suggestions?: boolean } = {}) {
  const suggestions = options.suggestions ?? true;
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = formatPublic(development, formatted, error);
    return suggestions ? result : { ...result, message: result.message.replace(SUGGESTION, '') };
  };
}

function formatPublic(
  development: boolean,
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = formatted.extensions?.code;
  // graphql-js parses recursively: a document nested thousands deep overflows the stack.
  if (code === ErrorCode.GRAPHQL_PARSE_FAILED && STACK_OVERFLOW.test(formatted.message)) {
    return { ...formatted, message: 'Syntax Error: the document is nested too deeply' };
  }
  if (code === ErrorCode.BAD_USER_INPUT || code === ErrorCode.GRAPHQL_VALIDATION_FAILED) {
    const inner = original instanceof GraphQLError ? original.originalError : undefined;
    const innerCode = inner instanceof GraphQLError ? inner.extensions.code : undefined;
    const field = formatted.extensions?.field ?? fieldOf(formatted.message);
    if (code === ErrorCode.BAD_USER_INPUT || innerCode === ErrorCode.BAD_USER_INPUT) {
      return {
        ...formatted,
        extensions: {
          ...formatted.extensions,
          code: ErrorCode.BAD_USER_INPUT,
          ...(field ? { field } : {}),
        },
      };
    }
  }
  // Errors without a public code are internal: SQL, driver or programming errors stay in the logs.
  if (!development && (code === undefined || code === ErrorCode.INTERNAL_SERVER_ERROR)) {
    return {
      ...formattedError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error'),
      path: formatted.path,
    };
  }
  return formatted;
}

/**
 * The Apollo Server plugins every subgraph server runs with: no landing page, no inline traces, and
 * no cache-control plugin (it wraps every resolver to compute hints nobody reads here), a
 * client's mistakes refused with a code and a 4xx (requests.ts), and with a `service` name, its
 * Prometheus metrics (kit/metrics.ts).
 */
export function servicePlugins<C extends object>(service?: string): ApolloServerPlugin<C>[] {
  return [
    ApolloServerPluginLandingPageDisabled(),
    ApolloServerPluginInlineTraceDisabled(),
    ApolloServerPluginCacheControlDisabled(),
    requestHygienePlugin<C>(),
    ...(service ? [metricsPlugin<C>(service)] : []),
  ] as ApolloServerPlugin<C>[];
}

function buildSubgraphServer<C extends GuardedContext>(
  module: SubgraphModule<C>,
  options: {
    development: boolean;
    production?: boolean;
    plugins?: ApolloServerPlugin<C>[];
    logger?: Logger;
  },
): ApolloServer<C> {
  // Every registry shows its part of a worker's access log; the kit adds the field once.
  const logField = `${module.name}AccessLog`;
  const resolvers = {
    Date: DateScalar,
    ...module.resolvers,
    Worker: {
      ...module.resolvers.Worker,
      [logField]: (w: { id: string }, _: unknown, ctx: GuardedContext) => ctx.accessLog.load(w.id),
    },
  };
  const schema = guardSchema(
    buildSubgraphSchema({
      typeDefs: loadSchema(module.name),
      resolvers: resolvers as SchemaResolvers,
    }),
    { ...module.policy, auditFields: [...(module.policy.auditFields ?? []), `Worker.${logField}`] },
  );
  // The gateway's limits; its own fetches (internal token) were costed as the client's operation.
  const limits = operationLimits<C>({
    costExempt: (ctx) => ctx.identity.viaGateway,
  });
  return new ApolloServer<C>({
    schema,
    ...(options.logger ? { logger: options.logger } : {}),
    includeStacktraceInErrorResponses: options.development,
    introspection: !options.production,
    csrfPrevention: true,
    formatError: formatSourceFaults(
      module.name,
      formatError(options.development, { suggestions: !options.production }),
    ),
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
    plugins: [...servicePlugins<C>(module.name), ...limits.plugins, ...(options.plugins ?? [])],
  });
}

export interface RunningSubgraph {
  name: ServiceName;
  url: string;
  port: number;
  db: Database;
  stop(): Promise<void>;
}

/** Opens the database, migrates, and serves `/graphql`, `/healthz` and `/readyz`. */
export async function startSubgraph<C extends GuardedContext>(
  module: SubgraphModule<C>,
  config: SubgraphConfig,
): Promise<RunningSubgraph> {
  const logger = createLogger(module.name, config.logLevel);
  const db = await openDatabase({
    name: module.name,
    target: config.database,
    entities: module.entities,
    migrations: module.migrations,
    countStatements: config.countStatements ?? false,
  });
  const references = new ReferenceClient(config.references, async (owner) => ({
    authorization: `Bearer ${await signInternalToken(serviceIdentity(module.name), owner, config.auth.internalSecret)}`,
  }));
  const deps: SubgraphDeps = { db, logger, references };
  const verifier = new TokenVerifier(config.auth, subgraphAudience(module.name));
  const server = buildSubgraphServer(module, {
    development: config.nodeEnv === 'development',
    production: config.nodeEnv === 'production',
    plugins: [accessLogPlugin<C>(db.dataSource, module.name.toUpperCase(), config.audit)],
    logger,
  });
  await server.start();

  const app = serviceApp(module.name, async () => ({ ready: await db.ready() }));
  app.use(
    '/graphql',
    jsonBody('2mb', config.http?.bodyTimeoutMs ?? DEFAULT_HTTP_TIMEOUTS.bodyTimeoutMs),
    expressMiddleware(server, {
      context: async ({ req }) => {
        const purpose = req.headers['x-purpose'];
        const identity = await verifier.verify(
          bearer(req.headers.authorization),
          typeof purpose === 'string' ? purpose : null,
        );
        return {
          ...module.createContext(deps),
          identity,
          audit: new AccessRecorder(),
          accessLog: accessLogLoader(db.dataSource),
        } as C;
      },
    }),
  );
  app.use(httpErrors(logger));
  const listening = await listen(app, config.host, config.port, config.http);
  logger.info({ url: listening.url }, `${module.name} subgraph ready`);

  return {
    name: module.name,
    url: listening.url,
    port: listening.port,
    db,
    async stop() {
      await listening.close();
      await server.stop();
      await db.close();
    },
  };
}
