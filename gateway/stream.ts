import type { Express, Request, Response } from 'express';
import {
  buildSchema,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  Kind,
  parse,
  print,
  validate,
  visit,
  type DefinitionNode,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Response as SseResponse } from 'graphql-sse';
import { createHandler } from 'graphql-sse/lib/use/express';
import { STATUS_CODES } from 'node:http';
import { readFileSync } from 'node:fs';
import type { Identity } from '../subgraphs/kit/auth';
import { ErrorCode, formattedError, statusOf } from '../subgraphs/kit/errors';
import { DEFAULT_HTTP_TIMEOUTS, jsonBody } from '../subgraphs/kit/http';
import type { Logger } from '../subgraphs/kit/logger';
import { LIMITS } from '../subgraphs/kit/limits';
import { schemaPath } from '../subgraphs/kit/schema';
import { authenticate, callerOf } from './auth';
import { DEFAULT_STREAM, type GatewayConfig } from './config';

/** Transitions read per poll. */
const PAGE = 100;
/** How long one poll may take before the stream ends with an error. */
const POLL_TIMEOUT_MS = 30_000;

/** The one operation served: the public query's nodes, pushed as they are recorded. */
const SUBSCRIPTION_SDL = `
type Subscription {
  "Each transition recorded since \`since\` (default: when the stream starts), or after the cursor \`after\` (an event's extensions.cursor), oldest first, once."
  riskTransitions(since: DateTime, filter: RiskFilter, after: String): RiskTransition!
}`;

let schema: GraphQLSchema | null = null;
/** The public API schema (schema/api.graphql) with the subscription: what a document is checked against. */
function streamSchema(): GraphQLSchema {
  schema ??= buildSchema(readFileSync(schemaPath('api'), 'utf8') + SUBSCRIPTION_SDL);
  return schema;
}

const refuse = (status: number, errors: readonly GraphQLFormattedError[]): SseResponse => [
  JSON.stringify({ errors }),
  {
    status,
    statusText: STATUS_CODES[status] ?? 'Refused',
    headers: { 'content-type': 'application/json; charset=utf-8' },
  },
];
const refuseWith = (code: ErrorCode, message: string, ext: Record<string, unknown> = {}) =>
  refuse(statusOf(code) ?? 400, [formattedError(code, message, ext)]);
/** graphql-js's errors with the code the gateway gives the same mistake on /graphql. */
const formatted = (code: ErrorCode, errors: readonly GraphQLError[]) =>
  errors.map((e) => ({
    ...formattedError(code, e.message, e.extensions),
    ...(e.locations ? { locations: e.locations } : {}),
  }));

/** What one poll asks the gateway: the client's selection of RiskTransition, under the page. */
interface Poll {
  document: string;
  operationName: string;
  variables: Record<string, unknown>;
  /** The subscription field's response key (its alias or name). */
  key: string;
}

/**
 * The public query `riskTransitions(since, filter, first, after)` with the subscription's selection
 * as each node's: the same fields, fragments and variables, so the gateway checks and answers them
 * exactly as for the query. The stream's own variables are named stream*.
 */
function pollOf(
  document: DocumentNode,
  op: OperationDefinitionNode,
  field: FieldNode,
  variables: Record<string, unknown>,
  args: Record<string, unknown>,
): Poll {
  const used = new Set<string>();
  const fragments = new Set<string>();
  const collect = (node: Parameters<typeof visit>[0]) =>
    visit(node, {
      Variable: (v) => void used.add(v.name.value),
      FragmentSpread: (s) => void fragments.add(s.name.value),
    });
  collect(field.selectionSet!);
  const definitions: DefinitionNode[] = [];
  for (let grew = true; grew;) {
    grew = false;
    for (const d of document.definitions)
      if (d.kind === Kind.FRAGMENT_DEFINITION && fragments.has(d.name.value)) {
        if (definitions.includes(d)) continue;
        definitions.push(d);
        collect(d);
        grew = true;
      }
  }
  const own = (op.variableDefinitions ?? []).filter((v) => used.has(v.variable.name.value));
  const declared = own.map((v) => print(v));
  const operationName = op.name?.value ?? 'RiskTransitionsStream';
  return {
    operationName,
    key: field.alias?.value ?? field.name.value,
    variables: {
      ...Object.fromEntries(
        own.map((v) => [v.variable.name.value, variables[v.variable.name.value]]),
      ),
      streamSince: args.since ?? (args.after ? new Date(0) : new Date()).toISOString(),
      streamFilter: args.filter ?? null,
    },
    document: `query ${operationName}($streamSince: DateTime!, $streamFilter: RiskFilter, $streamFirst: Int, $streamAfter: String${declared.length ? `, ${declared.join(', ')}` : ''}) {
  riskTransitions(since: $streamSince, filter: $streamFilter, first: $streamFirst, after: $streamAfter) {
    edges { cursor node ${print(field.selectionSet!)} }
    pageInfo { hasNextPage endCursor }
  }
}
${definitions.map((d) => print(d)).join('\n')}`,
  };
}

interface Page {
  status: number;
  edges: { cursor: string; node: unknown }[];
  endCursor: string | null;
  hasNextPage: boolean;
  /** Errors of the whole read (no page): the stream ends with them. */
  refused: GraphQLFormattedError[] | null;
  /** Errors inside the page, by edge. */
  errors: Map<number, GraphQLFormattedError[]>;
}

interface Connection {
  edges: { cursor: string; node: unknown }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

type Read = (after: string | null, signal: AbortSignal) => Promise<Page>;

/**
 * Reads one page through the gateway's own /graphql, with the caller's token and purpose: scopes,
 * purpose, admission, redaction and the monitor's access log apply as to any query.
 */
function reader(req: Request, poll: Poll): Read {
  const address = req.socket.localAddress ?? '127.0.0.1';
  const host = address.includes(':') ? `[${address}]` : address;
  const url = `http://${host}:${req.socket.localPort}/graphql`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const name of ['authorization', 'x-purpose']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return async (after, signal) => {
    const res = await fetch(url, {
      method: 'POST',
      headers,
      signal: AbortSignal.any([signal, AbortSignal.timeout(POLL_TIMEOUT_MS)]),
      body: JSON.stringify({
        query: poll.document,
        operationName: poll.operationName,
        variables: { ...poll.variables, streamFirst: PAGE, streamAfter: after },
      }),
    });
    const body = (await res.json()) as {
      data?: { riskTransitions?: Connection } | null;
      errors?: GraphQLFormattedError[];
    };
    const page = body.data?.riskTransitions;
    const errors = new Map<number, GraphQLFormattedError[]>();
    if (!page)
      return {
        status: res.status,
        edges: [],
        endCursor: null,
        hasNextPage: false,
        errors,
        refused: body.errors ?? [formattedError(ErrorCode.INTERNAL_SERVER_ERROR, 'No answer')],
      };
    for (const e of body.errors ?? []) {
      // ['riskTransitions', 'edges', i, 'node', ...rest] -> [key, ...rest] on event i
      const [, , i, , ...rest] = e.path ?? [];
      if (typeof i !== 'number') continue;
      errors.set(i, [...(errors.get(i) ?? []), { ...e, path: [poll.key, ...rest] }]);
    }
    return {
      status: res.status,
      edges: page.edges,
      endCursor: page.pageInfo.endCursor,
      hasNextPage: page.pageInfo.hasNextPage,
      refused: null,
      errors,
    };
  };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * Each transition once, in the feed's order, from the first page on: the cursor moves past every
 * edge delivered, so a poll never repeats one. Ends when the read is refused (an expired token:
 * UNAUTHENTICATED), the client goes or the server stops.
 */
async function* follow(
  first: Page,
  read: Read,
  key: string,
  intervalMs: number,
  signal: AbortSignal,
  logger: Logger,
): AsyncGenerator<ExecutionResult> {
  let page = first;
  let after: string | null = null;
  for (;;) {
    if (page.refused) {
      yield { errors: page.refused } as unknown as ExecutionResult;
      return;
    }
    for (const [i, edge] of page.edges.entries()) {
      const errors = page.errors.get(i);
      yield {
        data: { [key]: edge.node },
        extensions: { cursor: edge.cursor },
        ...(errors ? { errors } : {}),
      } as unknown as ExecutionResult;
    }
    after = page.endCursor ?? after;
    if (!page.hasNextPage) await sleep(intervalMs, signal);
    if (signal.aborted) return;
    try {
      page = await read(after, signal);
    } catch (error) {
      if (signal.aborted) return;
      logger.warn({ error: (error as Error).name }, 'stream: reading the feed failed');
      page = {
        ...first,
        refused: [formattedError(ErrorCode.INTERNAL_SERVER_ERROR, 'Reading the feed failed')],
      };
    }
  }
}

export interface TransitionStream {
  /** Streams open now. */
  readonly open: number;
  /** Ends every stream (each gets `complete`), for a graceful shutdown. */
  close(): Promise<void>;
}

/**
 * Serves `subscription { riskTransitions(since, filter, after) }` at /graphql/stream over GraphQL
 * over SSE (graphql-sse, distinct connections mode): token and purpose as on /graphql, checked with
 * the first read before the stream starts (401/403 with the gateway's errors), then each
 * transition as one `next` event whose `extensions.cursor` resumes after it. Mount before /graphql.
 */
export function mountTransitionStream(
  app: Express,
  config: Pick<GatewayConfig, 'auth' | 'http' | 'stream'>,
  logger: Logger,
): TransitionStream | null {
  const options = { ...DEFAULT_STREAM, ...config.stream };
  if (!options.enabled) return null;
  const shutdown = new AbortController();
  const perCaller = new Map<string, number>();
  /** Settles when that stream's response has closed. */
  const running = new Set<Promise<void>>();
  const handler = createHandler({
    // Distinct connections only: no reservation tokens (single connection mode would outlive requests).
    authenticate: () => undefined,
    async onSubscribe(req, params) {
      const res = req.context.res;
      let document: DocumentNode;
      try {
        document = parse(params.query, { maxTokens: LIMITS.tokens });
      } catch (error) {
        return refuseWith(ErrorCode.GRAPHQL_PARSE_FAILED, (error as Error).message);
      }
      const errors = validate(streamSchema(), document);
      if (errors.length) return refuse(400, formatted(ErrorCode.GRAPHQL_VALIDATION_FAILED, errors));
      const op = getOperationAST(document, params.operationName);
      if (!op)
        return refuseWith(ErrorCode.OPERATION_RESOLUTION_FAILURE, 'Name the operation to run');
      if (op.operation !== 'subscription')
        return refuseWith(
          ErrorCode.GRAPHQL_VALIDATION_FAILED,
          '/graphql/stream serves subscriptions; send queries and mutations to /graphql',
        );
      const vars = getVariableValues(
        streamSchema(),
        op.variableDefinitions ?? [],
        params.variables ?? {},
      );
      if (vars.errors) return refuse(400, formatted(ErrorCode.BAD_USER_INPUT, vars.errors));
      const field = op.selectionSet.selections[0];
      if (field.kind !== Kind.FIELD)
        return refuseWith(ErrorCode.GRAPHQL_VALIDATION_FAILED, 'Select riskTransitions itself');
      const def = streamSchema().getSubscriptionType()!.getFields()[field.name.value];
      const args = getArgumentValues(def, field, vars.coerced);
      const identity: Identity = callerOf(res);
      const caller = `${identity.agency}:${identity.sub}`;
      const held = perCaller.get(caller) ?? 0;
      if (held >= options.maxPerCaller)
        return refuseWith(
          ErrorCode.TOO_MANY_REQUESTS,
          `At most ${options.maxPerCaller} streams open at once per caller: close one first`,
          { limit: options.maxPerCaller },
        );
      const poll = pollOf(document, op, field, vars.coerced, args);
      const read = reader(req.raw, poll);
      const stream = new AbortController();
      const signal = AbortSignal.any([shutdown.signal, stream.signal]);
      perCaller.set(caller, held + 1);
      let ended!: () => void;
      const closed = new Promise<void>((resolve) => (ended = resolve));
      running.add(closed);
      const done = () => {
        stream.abort();
        const n = (perCaller.get(caller) ?? 1) - 1;
        if (n > 0) perCaller.set(caller, n);
        else perCaller.delete(caller);
        running.delete(closed);
        ended();
      };
      res.once('close', done);
      let first: Page;
      try {
        first = await read(typeof args.after === 'string' ? args.after : null, signal);
      } catch (error) {
        logger.warn({ error: (error as Error).name }, 'stream: first read failed');
        first = {
          status: 502,
          edges: [],
          endCursor: null,
          hasNextPage: false,
          errors: new Map(),
          refused: [formattedError(ErrorCode.INTERNAL_SERVER_ERROR, 'Reading the feed failed')],
        };
      }
      if (first.refused) {
        res.off('close', done);
        done();
        const code = first.refused[0]?.extensions?.code;
        const status = first.status >= 400 ? first.status : statusOf(String(code));
        return refuse(status ?? 400, first.refused);
      }
      logger.debug({ agency: identity.agency, open: running.size }, 'stream opened');
      return follow(first, read, poll.key, options.pollIntervalMs, signal, logger);
    },
  });
  const body = jsonBody('1mb', config.http?.bodyTimeoutMs ?? DEFAULT_HTTP_TIMEOUTS.bodyTimeoutMs);
  app.use(
    '/graphql/stream',
    body,
    authenticate(config.auth),
    (req: Request, res: Response, next) => {
      handler(req, res).catch(next);
    },
  );
  return {
    get open() {
      return running.size;
    },
    async close() {
      shutdown.abort();
      // Each stream sends `complete` and ends its response; a stuck client is cut by the server.
      await Promise.race([
        Promise.all(running),
        new Promise((resolve) => setTimeout(resolve, 2000).unref()),
      ]);
    },
  };
}
