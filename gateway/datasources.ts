import {
  LocalGraphQLDataSource,
  RemoteGraphQLDataSource,
  type GraphQLDataSource,
} from '@apollo/gateway';
import {
  execute,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { buildConsistencySchema } from '../subgraphs/consistency';
import type { Fetcher } from '@apollo/utils.fetcher';
import type { InternalTokenSigner } from '../subgraphs/kit/auth';
import type { GraphName } from '../subgraphs/kit/config';
import type { GatewayContext } from './auth';
import type { Logger } from '../subgraphs/kit/logger';
import { DEFAULT_SUBGRAPH_TIMEOUT_MS, defaultMonitorUrl, type GatewayConfig } from './config';
import { ErrorCode, graphError, relayedError } from '../subgraphs/kit/errors';
import { subgraphFetches } from '../subgraphs/kit/metrics';
import { TIMEOUT_HEADER } from './fetcher';
import { isSourceFailure, unavailableResponse } from './unavailable';

/** Observes every fetch the gateway sends to a subgraph (metrics, and tests that prove batching). */
export type SubgraphFetchListener = (subgraph: GraphName, query: string) => void;

export interface GatewayHooks {
  internalTokens: InternalTokenSigner;
  /** The HTTP client to subgraphs (gateway/fetcher.ts). */
  fetcher: Fetcher;
  listener?: SubgraphFetchListener;
  logger?: Logger;
}

class SubgraphDataSource extends RemoteGraphQLDataSource {
  constructor(
    readonly subgraph: GraphName,
    url: string,
    private readonly hooks: GatewayHooks,
    private readonly timeoutMs: number,
  ) {
    // undici over keep-alive connections (gateway/fetcher.ts): the default make-fetch-happen and
    // then Node's fetch both showed up in the gateway's CPU profile (bench).
    super({ url, fetcher: hooks.fetcher });
  }

  /**
   * Forwards the verified caller as a short-lived token for this subgraph only, and bounds every
   * read by the configured timeout. A mutation is waited for: giving up would not undo its write,
   * only report a done write as failed.
   */
  override async willSendRequest({
    request,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource['willSendRequest']>>[0]): Promise<void> {
    this.hooks.listener?.(this.subgraph, request.query ?? '');
    if (request.http && !/^\s*mutation\b/.test(request.query ?? ''))
      request.http.headers.set(TIMEOUT_HEADER, String(this.timeoutMs));
    const identity = (context as Partial<GatewayContext>).identity;
    if (identity && request.http) {
      request.http.headers.set(
        'authorization',
        `Bearer ${await this.hooks.internalTokens.token(identity, this.subgraph)}`,
      );
    }
  }

  /**
   * A subgraph that cannot be reached, times out (TIMEOUT_HEADER), answers 5xx or garbage, or
   * says its source failed answers as unavailable instead of failing the whole plan; a refusal
   * (a coded 4xx: bad input, forbidden…) reaches the client as the subgraph said it.
   */
  override async process(options: Parameters<RemoteGraphQLDataSource['process']>[0]) {
    let response: Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;
    const done = subgraphFetches().startTimer({ subgraph: this.subgraph });
    try {
      response = await super.process(options);
    } catch (error) {
      const refused = error instanceof GraphQLError && !isSourceFailure(error);
      done({ outcome: refused ? 'refused' : 'unavailable' });
      if (refused) throw error;
      return this.unavailable(options.request, error as Error);
    }
    const failure = response.errors?.find(isSourceFailure);
    done({ outcome: failure ? 'unavailable' : 'ok' });
    return failure ? this.unavailable(options.request, failure) : response;
  }

  private unavailable(
    request: Parameters<RemoteGraphQLDataSource['process']>[0]['request'],
    failure: { message: string; extensions?: Record<string, unknown> },
  ) {
    this.hooks.logger?.warn(
      { subgraph: this.subgraph, reason: failure.message, code: failure.extensions?.code },
      'subgraph unavailable',
    );
    return unavailableResponse(this.subgraph, request, failure);
  }

  /**
   * A subgraph's refusal (HTTP 4xx with GraphQL errors) reaches the client as the subgraph said it;
   * a 5xx is a failure of the subgraph (kept when it named a failed source).
   */
  override async errorFromResponse(
    response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0],
  ): Promise<GraphQLError> {
    const body = await this.parseBody(response).catch(() => null);
    const first = (body as { errors?: GraphQLFormattedError[] } | null)?.errors?.[0];
    if (
      !first ||
      (response.status >= 500 && first.extensions?.code !== ErrorCode.SOURCE_UNAVAILABLE)
    )
      return graphError(
        ErrorCode.INTERNAL_SERVER_ERROR,
        `${this.subgraph} answered HTTP ${response.status}`,
      );
    return relayedError(first);
  }
}

/**
 * The consistency layer inside the gateway process: same schema, no network hop. The query plan
 * sends the same few operations over and over, so each is parsed and validated once (LRU) and then
 * only executed: re-parsing showed in the gateway's CPU profile.
 */
class InProcessDataSource extends LocalGraphQLDataSource {
  private readonly documents = new LRUCache<string, DocumentNode | readonly GraphQLError[]>({
    max: 500,
  });

  constructor(private readonly hooks: GatewayHooks) {
    super(buildConsistencySchema(hooks.logger));
  }

  override async process({ request, context }: Parameters<LocalGraphQLDataSource['process']>[0]) {
    const query = request.query ?? '';
    this.hooks.listener?.('consistency', query);
    const done = subgraphFetches().startTimer({ subgraph: 'consistency' });
    const document = this.document(query);
    if (!('kind' in document)) {
      done({ outcome: 'refused' });
      return { errors: document };
    }
    const result = await (execute({
      schema: this.schema,
      document,
      variableValues: request.variables,
      operationName: request.operationName,
      contextValue: context,
    }) as Promise<ExecutionResult>);
    done({ outcome: 'ok' });
    return result;
  }

  private document(query: string): DocumentNode | readonly GraphQLError[] {
    let known = this.documents.get(query);
    if (!known) {
      try {
        const parsed = parse(query);
        const errors = validate(this.schema, parsed);
        known = errors.length ? errors : parsed;
      } catch (error) {
        known = [error as GraphQLError];
      }
      this.documents.set(query, known);
    }
    return known;
  }
}

/** How the gateway reaches each subgraph: over HTTP, or in-process for the consistency layer. */
export function buildDataSource(
  name: GraphName,
  config: GatewayConfig,
  hooks: GatewayHooks,
): GraphQLDataSource {
  if (name === 'consistency') {
    return config.consistencyUrl
      ? new SubgraphDataSource(
          name,
          config.consistencyUrl,
          hooks,
          config.subgraphTimeoutMs ?? DEFAULT_SUBGRAPH_TIMEOUT_MS,
        )
      : new InProcessDataSource(hooks);
  }
  return new SubgraphDataSource(
    name,
    name === 'monitor' ? (config.monitorUrl ?? defaultMonitorUrl()) : config.subgraphUrls[name],
    hooks,
    config.subgraphTimeoutMs ?? DEFAULT_SUBGRAPH_TIMEOUT_MS,
  );
}
