import { decodeJwt } from 'jose';
import { GATEWAY_AUDIENCE, SCOPES, signDevelopmentToken } from '../kit/auth';
import { ErrorCode } from '../kit/errors';

/** The purpose every read of the monitor states; the registries log it with each read. */
export const MONITOR_PURPOSE = 'continuous consistency monitoring';
export const MONITOR_SUBJECT = 'service:monitor';
/** Every source's read scope and consistency:read (not audit:read: it reads facts, not logs). */
export const MONITOR_SCOPE = SCOPES.filter((s) => s.endsWith(':read') && s !== 'audit:read').join(
  ' ',
);

/** Where the monitor's token comes from: a given one (production), or signed with a secret. */
export type TokenSource = { token: string } | { secret: string; lifetimeSeconds: number };

/**
 * A MONITOR token: the configured one, or one signed here (for the gateway, or for `audience`: a
 * registry read directly for its change feed) and renewed before it expires.
 */
export function monitorToken(
  source: TokenSource,
  audience: string = GATEWAY_AUDIENCE,
): () => Promise<string> {
  if ('token' in source) return async () => source.token;
  let current: { token: string; renewAt: number } | null = null;
  return async () => {
    if (current && Date.now() < current.renewAt) return current.token;
    const token = await signDevelopmentToken(
      { sub: MONITOR_SUBJECT, agency: 'MONITOR', scope: MONITOR_SCOPE, purpose: MONITOR_PURPOSE },
      {
        secret: source.secret,
        audience,
        expiresIn: `${source.lifetimeSeconds}s`,
      },
    );
    const exp = (decodeJwt(token).exp ?? 0) * 1000;
    current = { token, renewAt: Date.now() + (exp - Date.now()) / 2 };
    return token;
  };
}

export interface GatewayError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; source?: string; [key: string]: unknown };
}

export interface GatewayAnswer<T> {
  data: T | null;
  errors: GatewayError[];
}

/** Thrown when the gateway refuses or fails a whole request (other than for a source it could not read). */
export class GatewayRequestError extends Error {}

/** The monitor's only way to the facts: GraphQL requests to the gateway, as MONITOR. */
export class GatewayClient {
  constructor(
    private readonly url: string,
    private readonly token: () => Promise<string>,
    private readonly timeoutMs = 60_000,
  ) {}

  async request<T>(query: string, variables: Record<string, unknown>): Promise<GatewayAnswer<T>> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await this.token()}`,
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(this.timeoutMs),
    }).catch((error: Error & { cause?: { code?: string } }) => {
      const why = error.cause?.code ?? error.message;
      throw new GatewayRequestError(`${this.url} could not be reached (${why})`);
    });
    const body = (await res.json().catch(() => null)) as {
      data?: T | null;
      errors?: GatewayError[];
    } | null;
    // No data because a source could not be read is an answer (its workers are INCOMPLETE).
    const unavailable = body?.errors?.every((e) => unavailableSource(e) !== null) ?? false;
    if (!body || (!body.data && body.errors?.length && !unavailable)) {
      const first = body?.errors?.[0];
      throw new GatewayRequestError(
        `gateway answered HTTP ${res.status}${first ? `: ${first.extensions?.code ?? ''} ${first.message}` : ''}`,
      );
    }
    return { data: body.data ?? null, errors: body.errors ?? [] };
  }
}

/** The source an error says could not be read, when it says so. */
export function unavailableSource(error: GatewayError): string | null {
  if (error.extensions?.code !== ErrorCode.SOURCE_UNAVAILABLE) return null;
  return typeof error.extensions.source === 'string' ? error.extensions.source.toUpperCase() : null;
}
