import type { GraphQLResponse } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, formattedError } from './errors';

/**
 * SQLSTATE classes that mean the database could not serve the statement, whatever the statement:
 * connection exceptions (08), insufficient resources (53), operator intervention — shutdown,
 * termination, cancellation (57), system errors (58).
 */
const UNAVAILABLE_SQLSTATE = /^(08|53|57|58)/;
/** Socket errors on the way to the database. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
/** What node-postgres says, without an SQLSTATE, when a connection dies, cannot be made or is refused. */
const DRIVER_MESSAGES =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|not currently accepting connections|Too many connections/i;

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e && typeof e === 'object' && chain.length < 5;) {
    chain.push(e);
    const next = e as { originalError?: unknown; driverError?: unknown; cause?: unknown };
    e = next.driverError ?? next.originalError ?? next.cause;
  }
  return chain;
}

/**
 * True when an error says the registry's own database failed (gone, refusing, shutting down,
 * out of resources) rather than that the request or the code was wrong.
 */
function isDatabaseUnavailable(error: unknown): boolean {
  return causes(unwrapResolverError(error)).some((e) => {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || NETWORK_CODES.has(code)))
      return true;
    return typeof message === 'string' && DRIVER_MESSAGES.test(message);
  });
}

/** SOURCE_UNAVAILABLE naming `source` (upper case, as the graph's `Source` enum spells it). */
export function unavailable(message: string, source: string): GraphQLFormattedError {
  return formattedError(ErrorCode.SOURCE_UNAVAILABLE, message, { source: source.toUpperCase() });
}

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * A registry's database failure leaves as SOURCE_UNAVAILABLE naming the registry (never as an
 * INTERNAL_SERVER_ERROR that reads like a bug or an empty answer), so the gateway can treat it as a
 * missing source; everything else goes to `format`. Nothing of the driver's message leaves.
 */
export function formatSourceFaults(source: string, format: FormatError): FormatError {
  return (formatted, error) =>
    isDatabaseUnavailable(error)
      ? {
          ...unavailable(`The ${source} registry's database did not answer`, source),
          ...(formatted.path ? { path: formatted.path } : {}),
        }
      : format(formatted, error);
}

/**
 * For a request whose reads could not be written to the access log because the database failed:
 * the answer is withheld (no personal record leaves unlogged) and replaced by one
 * SOURCE_UNAVAILABLE error, HTTP 503 — a missing source for the gateway, not a blank answer.
 * Any other error is rethrown.
 */
export function withholdOnDatabaseFailure(
  error: unknown,
  response: GraphQLResponse,
  source: string,
): void {
  if (!isDatabaseUnavailable(error)) throw error;
  response.body = {
    kind: 'single',
    singleResult: {
      errors: [
        unavailable(`The ${source.toLowerCase()} registry's database did not answer`, source),
      ],
    },
  };
  response.http.status = 503;
}
