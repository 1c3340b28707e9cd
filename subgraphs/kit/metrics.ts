import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
} from 'prom-client';

/**
 * Prometheus metrics, served by every service at `/metrics` (kit/http.ts serviceApp). One registry
 * per service name, so services sharing a process (the tests' stack) keep their own series; the
 * process metrics (RSS, CPU, event-loop lag, GC, heap) are collected once per process and shown
 * by each. Labels are bounded: operation names only of named operations that parsed and validated
 * (`anonymous`, `invalid` otherwise), the first MAX_OPERATION_NAMES of them (then `other`); error codes only of the form `SOME_CODE`; never an
 * id, a token or a value from a request.
 */
export const MAX_OPERATION_NAMES = 200;
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
const CODE = /^[A-Z][A-Z0-9_]{0,49}$/;
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry });

interface ServiceMetrics {
  registry: Registry;
  requests: Counter<'operation'>;
  duration: Histogram<'operation'>;
  errors: Counter<'operation' | 'code'>;
  http: Counter<'route' | 'status'>;
  /** Names seen so far (label values), capped at MAX_OPERATION_NAMES. */
  operations: Set<string>;
  /** Readers behind gauges that report a current value (admission queue, database pool). */
  readers: Map<string, () => number>;
}

const services = new Map<string, ServiceMetrics>();

/** The metrics of one service (created once per process and name). */
export function serviceMetrics(service: string): ServiceMetrics {
  let m = services.get(service);
  if (m) return m;
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  const counter = <L extends string>(c: CounterConfiguration<L>) =>
    new Counter<L>({ ...c, registers: [registry] });
  m = {
    registry,
    requests: counter({
      name: 'kyosei_graphql_requests_total',
      help: 'GraphQL operations answered, by operation name',
      labelNames: ['operation'],
    }),
    duration: new Histogram({
      name: 'kyosei_graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL operation to sending its response',
      labelNames: ['operation'],
      buckets: SECONDS,
      registers: [registry],
    }),
    errors: counter({
      name: 'kyosei_graphql_errors_total',
      help: 'GraphQL errors in responses, by extensions.code',
      labelNames: ['operation', 'code'],
    }),
    http: counter({
      name: 'kyosei_http_responses_total',
      help: 'HTTP responses by route and status (includes refusals before GraphQL: 401, 408, 413…)',
      labelNames: ['route', 'status'],
    }),
    operations: new Set(),
    readers: new Map(),
  };
  services.set(service, m);
  return m;
}

/** A gauge whose value is read at scrape time; registering the same name again replaces the reader. */
export function gaugeFrom(service: string, name: string, help: string, read: () => number): void {
  const m = serviceMetrics(service);
  const known = m.readers.has(name);
  m.readers.set(name, read);
  if (known) return;
  new Gauge({
    name,
    help,
    registers: [m.registry],
    collect() {
      this.set(m.readers.get(name)!());
    },
  });
}

/** The label for an operation name: bounded in form and number. */
export function operationLabel(m: ServiceMetrics, name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (!NAME.test(name)) return 'other';
  if (m.operations.has(name)) return name;
  if (m.operations.size >= MAX_OPERATION_NAMES) return 'other';
  m.operations.add(name);
  return name;
}

/** Counts, times and classifies (errors by code) every GraphQL operation of `service`. */
export function metricsPlugin<C extends object>(service: string): ApolloServerPlugin<C> {
  const m = serviceMetrics(service);
  return {
    async requestDidStart() {
      const end = m.duration.startTimer();
      return {
        async willSendResponse({ operation: resolved, operationName, response }) {
          // Before an operation resolves (a parse or validation error) its name is the client's.
          const operation = resolved ? operationLabel(m, operationName) : 'invalid';
          m.requests.inc({ operation });
          end({ operation });
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : null;
          for (const error of errors ?? []) {
            const code = error.extensions?.code;
            m.errors.inc({
              operation,
              code: typeof code === 'string' && CODE.test(code) ? code : 'OTHER',
            });
          }
        },
      };
    },
  };
}

let fetches: Histogram<'subgraph' | 'outcome'> | undefined;

/** The gateway's fetches to each subgraph: duration by subgraph and outcome (ok, unavailable, refused). */
export function subgraphFetches(): Histogram<'subgraph' | 'outcome'> {
  return (fetches ??= new Histogram({
    name: 'kyosei_gateway_subgraph_fetch_duration_seconds',
    help: 'Time of one fetch from the gateway to a subgraph, by subgraph and outcome',
    labelNames: ['subgraph', 'outcome'],
    buckets: SECONDS,
    registers: [serviceMetrics('gateway').registry],
  }));
}

const ROUTES = new Set(['/graphql', '/healthz', '/readyz', '/metrics', '/']);

/** Counts HTTP responses by route (known routes only) and status; serves `/metrics`. */
export function metricsRoutes(service: string): { count: RequestHandler; serve: RequestHandler } {
  const m = serviceMetrics(service);
  return {
    count: (req, res, next) => {
      // Read now: a mounted router (`app.use('/graphql', …)`) rewrites req.path on the way.
      const route = ROUTES.has(req.path) ? req.path : 'other';
      res.once('finish', () => m.http.inc({ route, status: String(res.statusCode) }));
      next();
    },
    serve: async (_req, res) => {
      const text = (await processRegistry.metrics()) + (await m.registry.metrics());
      res.set('content-type', m.registry.contentType).send(text);
    },
  };
}
