import { Agent, request } from 'undici';

/** The harness talks to loopback only: every URL it is given is checked here first. */
export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) {
    throw new Error(`soak: refusing ${host}: only 127.0.0.0/8 is allowed`);
  }
}

/** What one request came back with: an HTTP status, `reset` (connection failed) or `stall`. */
export interface Answer {
  status: number | 'reset' | 'stall';
  ms: number;
  body: string;
}

export interface RawRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

let current: Agent | null = null;
/** One dispatcher per run, so connections are reused; `closeAgent` ends them. */
function agent(): Agent {
  current ??= new Agent({ connections: 128, pipelining: 1, keepAliveTimeout: 4_000 });
  return current;
}

export async function closeAgent(): Promise<void> {
  const a = current;
  current = null;
  await a?.close();
}

/**
 * Sends one request as given (any bytes, any content type) and waits at most `stallMs` for the
 * whole answer; an answer that does not arrive in time is a stall, a failed connection a reset.
 */
export async function send(r: RawRequest, stallMs: number): Promise<Answer> {
  assertLoopback(r.url);
  const t0 = performance.now();
  const signal = AbortSignal.timeout(stallMs);
  try {
    const res = await request(r.url, {
      method: (r.method ?? 'POST') as 'POST',
      headers: r.headers,
      body: r.body,
      signal,
      dispatcher: agent(),
      headersTimeout: stallMs + 1000,
      bodyTimeout: stallMs + 1000,
    });
    const body = await res.body.text();
    return { status: res.statusCode, ms: performance.now() - t0, body };
  } catch {
    return { status: signal.aborted ? 'stall' : 'reset', ms: performance.now() - t0, body: '' };
  }
}

/** Runs `fn` over `items` with at most `concurrency` at once, in order of the items. */
export async function pool<T>(
  items: T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const runners = Array.from(
    { length: Math.max(1, Math.min(concurrency, items.length)) },
    async () => {
      while (next < items.length) {
        const k = next++;
        await fn(items[k], k);
      }
    },
  );
  await Promise.all(runners);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The first error's extensions.code of a GraphQL answer, if it is JSON with errors. */
export function errorCode(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: { code?: string } }[] };
    return parsed.errors?.[0]?.extensions?.code ?? (parsed.errors ? 'NO_CODE' : null);
  } catch {
    return body ? 'NOT_JSON' : null;
  }
}
