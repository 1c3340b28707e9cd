import { GraphQLError } from 'graphql';

/** Every error code the graph returns, each described once. */
export enum ErrorCode {
  /** The input is invalid; `extensions.field` names the offending input field. */
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  /** A referenced record (worker, employer, permit…) does not exist. */
  NOT_FOUND = 'NOT_FOUND',
  /** The request contradicts stored state, or reuses an idempotency key with other input. */
  CONFLICT = 'CONFLICT',
  /** No valid credentials. */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** Valid credentials without the right to this operation. */
  FORBIDDEN = 'FORBIDDEN',
  /**
   * A source this operation depends on failed: a subgraph unreachable, too slow, answering garbage,
   * or its database gone; `extensions.source` names it.
   */
  SOURCE_UNAVAILABLE = 'SOURCE_UNAVAILABLE',
  /** The request's body did not arrive in time (HTTP 408); the connection is closed. */
  REQUEST_TIMEOUT = 'REQUEST_TIMEOUT',
  /** The operation would cost more than the service's limit (`extensions.limit`, `cost`). */
  COST_LIMIT_EXCEEDED = 'COST_LIMIT_EXCEEDED',
}

export function badInput(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field } });
}

export function notFound(entity: string, id: string, field?: string): GraphQLError {
  return new GraphQLError(`${entity} ${id} does not exist`, {
    extensions: { code: ErrorCode.NOT_FOUND, entity, id, ...(field ? { field } : {}) },
  });
}

export function conflict(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.CONFLICT, ...(field ? { field } : {}) },
  });
}

export function sourceUnavailable(source: string, cause: string): GraphQLError {
  return new GraphQLError(`The ${source} registry could not be reached: ${cause}`, {
    extensions: { code: ErrorCode.SOURCE_UNAVAILABLE, source },
  });
}
