import { HeaderMap } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

interface ErrorSpec {
  /** What the code means, for the README's table. */
  meaning: string;
  /** The HTTP status of a response refused with this code (errors, no `data`). */
  status: number;
  /** How the code reaches a client over HTTP, for the README's table. */
  http: string;
}

/**
 * Every error code the graph returns, each described once: the constructors below, the HTTP status
 * of a refused request (kit/requests.ts) and the README's table (`npm run docs`) read it.
 */
export const ERRORS = {
  BAD_USER_INPUT: {
    meaning: 'invalid input; `extensions.field` names the input field (e.g. `expiresOn`, `first`)',
    status: 400,
    http: '200, nothing stored; 400 when a variable does not fit its type',
  },
  NOT_FOUND: {
    meaning: 'a referenced worker, employer or record does not exist',
    status: 404,
    http: '200',
  },
  CONFLICT: {
    meaning: 'contradicts stored state, or an idempotency key reused with other input',
    status: 409,
    http: '200',
  },
  SOURCE_UNAVAILABLE: {
    meaning:
      'a registry (`extensions.source`) could not be reached or its database failed: its fields are null, the rest is answered',
    status: 503,
    http: '200, partial `data`; 503 when nothing can be answered',
  },
  FORBIDDEN: {
    meaning: "the token's scopes do not cover a field (`extensions` name scopes and fields)",
    status: 403,
    http: '200 with `data`; 403 when the whole operation is refused',
  },
  UNAUTHENTICATED: {
    meaning: 'no token, or a forged, expired or wrong-audience one',
    status: 401,
    http: '401 with `WWW-Authenticate: Bearer`',
  },
  COST_LIMIT_EXCEEDED: {
    meaning: 'the operation would cost more than the limit (`extensions.cost`, `limit`)',
    status: 400,
    http: '400',
  },
  GRAPHQL_PARSE_FAILED: { meaning: 'the document does not parse', status: 400, http: '400' },
  GRAPHQL_VALIDATION_FAILED: {
    meaning: 'the document does not fit the schema, or asks for an operation type not served',
    status: 400,
    http: '400',
  },
  OPERATION_RESOLUTION_FAILURE: {
    meaning: 'several operations without `operationName`, or an unknown `operationName`',
    status: 400,
    http: '400',
  },
  BAD_REQUEST: {
    meaning: 'the HTTP body is not JSON or UTF-8, is too large, or uses an unsupported encoding',
    status: 400,
    http: '400; 413 over 1 MB; 415 for an unsupported encoding',
  },
  REQUEST_TIMEOUT: {
    meaning: 'the request body did not arrive in time; the connection is closed',
    status: 408,
    http: '408',
  },
  TOO_MANY_REQUESTS: {
    meaning:
      'the caller already has the most event streams open at once (`extensions.limit`; /graphql/stream)',
    status: 429,
    http: '429',
  },
  INTERNAL_SERVER_ERROR: {
    meaning: 'a fault of the service; the details stay in its logs',
    status: 500,
    http: '500, or 200 beside partial `data`',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;
/** `ErrorCode.NOT_FOUND` reads as the code itself. */
export const ErrorCode = Object.freeze(
  Object.fromEntries(Object.keys(ERRORS).map((code) => [code, code])),
) as { readonly [K in ErrorCode]: K };

/** The status of a request refused with `code`; undefined for a code not in the registry. */
export function statusOf(code: string): number | undefined {
  return (ERRORS as Record<string, ErrorSpec>)[code]?.status;
}

/** An error with a registered code and any further extensions. */
export function graphError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/** An error another service reported (a subgraph's, relayed by the gateway), as it reported it. */
export function relayedError(reported: GraphQLFormattedError): GraphQLError {
  return new GraphQLError(reported.message, { extensions: reported.extensions });
}

/** An error that refuses the whole request, with the code's HTTP status. */
export function refusal(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return graphError(code, message, { http: { status: ERRORS[code].status }, ...extensions });
}

/** An error already in its response shape (formatError, plain HTTP bodies, the gateway). */
export function formattedError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLFormattedError {
  return { message, extensions: { code, ...extensions } };
}

export function badInput(field: string, message: string): GraphQLError {
  return graphError(ErrorCode.BAD_USER_INPUT, message, { field });
}

export function notFound(entity: string, id: string, field?: string): GraphQLError {
  return graphError(ErrorCode.NOT_FOUND, `${entity} ${id} does not exist`, {
    entity,
    id,
    ...(field ? { field } : {}),
  });
}

export function conflict(message: string, field?: string): GraphQLError {
  return graphError(ErrorCode.CONFLICT, message, field ? { field } : {});
}

export function sourceUnavailable(source: string, cause: string): GraphQLError {
  return graphError(
    ErrorCode.SOURCE_UNAVAILABLE,
    `The ${source} registry could not be reached: ${cause}`,
    { source },
  );
}

/** A field the caller may not read: the rest of the answer still comes (HTTP 200). */
export function forbidden(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return graphError(ErrorCode.FORBIDDEN, message, { http: { status: 200 }, ...extensions });
}

/** A 401 with the challenge RFC 6750 asks for (`invalid_token` when a token was sent). */
export function unauthenticated(message: string, tokenSent = true): GraphQLError {
  const challenge = tokenSent ? 'Bearer error="invalid_token"' : 'Bearer';
  // Apollo reads `http.headers` as a Map (graphql-yoga's typings, loaded by the explorer, say Record).
  return graphError(ErrorCode.UNAUTHENTICATED, message, {
    http: { status: 401, headers: new HeaderMap([['www-authenticate', challenge]]) },
  });
}

export function costLimitExceeded(cost: number, limit: number): GraphQLError {
  return refusal(
    ErrorCode.COST_LIMIT_EXCEEDED,
    `Operation cost ${cost} exceeds the limit of ${limit}: ask for fewer items, aliases or consistency evaluations per request`,
    { cost, limit },
  );
}
