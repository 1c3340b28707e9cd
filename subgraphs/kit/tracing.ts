/**
 * OpenTelemetry tracing, gateway → subgraph → SQL. Imported FIRST by every main (gateway/main.ts,
 * subgraphs/*\/main.ts) so its instrumentations hook http, undici (the gateway's fetches to
 * subgraphs), graphql and pg before they load. Off unless the standard variables ask for it:
 * `OTEL_TRACES_EXPORTER` (other than `none`) or `OTEL_EXPORTER_OTLP_ENDPOINT` /
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`; `OTEL_SDK_DISABLED=true` wins. Everything else (protocol,
 * headers, sampler, resource attributes) is the SDK's own reading of the `OTEL_*` variables. The
 * service name is `OTEL_SERVICE_NAME`, else `kyosei-<directory of the main>` (kyosei-gateway,
 * kyosei-residence…). GraphQL field values and SQL parameters are never recorded.
 */
import type * as GraphQL from '@opentelemetry/instrumentation-graphql';
import type * as Http from '@opentelemetry/instrumentation-http';
import type * as Pg from '@opentelemetry/instrumentation-pg';
import type * as Undici from '@opentelemetry/instrumentation-undici';
import type * as Sdk from '@opentelemetry/sdk-node';
import type { NodeSDK } from '@opentelemetry/sdk-node';
import { basename, dirname } from 'node:path';

// This runs before every other module, config modules included: it reads its own variables.
// eslint-disable-next-line no-restricted-syntax
export function tracingWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((s) => s.trim());
  if (exporters.some((e) => e && e !== 'none')) return true;
  if (exporters.includes('none')) return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * What is traced: HTTP in and out, the gateway's undici fetches, GraphQL phases, pg queries. The
 * SDK is loaded only when tracing is on (about 50 MB and 0.9 s of startup otherwise).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
function createSdk(serviceName: string): NodeSDK {
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof Sdk;
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof Http;
  const { UndiciInstrumentation } =
    require('@opentelemetry/instrumentation-undici') as typeof Undici;
  const { GraphQLInstrumentation } =
    require('@opentelemetry/instrumentation-graphql') as typeof GraphQL;
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof Pg;
  return new NodeSDK({
    serviceName,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes are not requests worth a trace.
        ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)\b/.test(req.url ?? ''),
      }),
      new UndiciInstrumentation(),
      // No field values; pg records statement text with its $n placeholders, never parameters.
      new GraphQLInstrumentation({
        allowValues: false,
        mergeItems: true,
        ignoreTrivialResolveSpans: true,
      }),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
}
/* eslint-enable @typescript-eslint/no-require-imports */

let sdk: NodeSDK | null = null;

/** Starts the SDK when the variables ask for it (once per process). */
function startTracing(
  // eslint-disable-next-line no-restricted-syntax
  service = process.env.OTEL_SERVICE_NAME ??
    `kyosei-${basename(dirname(process.argv[1] ?? 'service'))}`,
): void {
  if (sdk || !tracingWanted()) return;
  sdk = createSdk(service);
  sdk.start();
  // The mains exit on SIGINT/SIGTERM after stopping; an idle process flushes here.
  process.once('beforeExit', () => void stopTracing());
}

/** Flushes the spans still buffered and stops the SDK. */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = null;
  await running?.shutdown().catch(() => undefined);
}

startTracing();
