import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { isUtf8 } from 'node:buffer';
import type { Logger } from './logger';
import { ErrorCode, formattedError } from './errors';

/**
 * The first key that appears twice in one JSON object of `text` (`{"query": …, "query": …}`), or
 * null. JSON.parse keeps the last one silently, so a second `query` (or input field) would run
 * in place of the first one a proxy or an audit looked at. Stops quietly on malformed JSON (the
 * parser reports that).
 */
export function duplicateKey(text: string): string | null {
  const objects: (Set<string> | null)[] = []; // null for an array
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let end = text.indexOf('"', i + 1);
      while (end > 0 && escaped(text, end)) end = text.indexOf('"', end + 1);
      if (end < 0) return null;
      const object = objects[objects.length - 1];
      if (object && expectKey) {
        const raw = text.slice(i, end + 1);
        const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        if (object.has(key)) return key;
        object.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b /* { */) {
      objects.push(new Set());
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      objects.push(null);
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      objects.pop();
    } else if (c === 0x2c /* , */) {
      expectKey = objects[objects.length - 1] != null;
    }
  }
  return null;
}

/** Is the quote at `at` escaped (an odd number of backslashes before it)? */
function escaped(text: string, at: number): boolean {
  let n = 0;
  while (text.charCodeAt(at - 1 - n) === 0x5c) n++;
  return n % 2 === 1;
}

class BodyRefused extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The JSON body of a GraphQL request, up to `limit`: valid UTF-8 (not silently turned into
 * U+FFFD) and without duplicate keys; anything else reaches `bodyErrors` as a coded 4xx.
 */
export function strictJson(limit: string): RequestHandler {
  return express.json({
    limit,
    verify: (_req, _res, buffer) => {
      if (!isUtf8(buffer)) throw new BodyRefused('entity.encoding.invalid', 'not UTF-8');
      const key = duplicateKey(buffer.toString('utf8'));
      if (key !== null) throw new BodyRefused('entity.duplicate.key', key);
    },
  });
}

/** What a client gets for a body that cannot be read, by body-parser's error type. */
const REFUSALS: Record<string, { status: number; message: (e: HttpError) => string }> = {
  'entity.parse.failed': { status: 400, message: () => 'The request body is not valid JSON' },
  'entity.too.large': {
    status: 413,
    message: (e) => `The request body is larger than ${e.limit ?? 'allowed'} bytes`,
  },
  'entity.encoding.invalid': { status: 400, message: () => 'The request body is not UTF-8' },
  'entity.duplicate.key': {
    status: 400,
    message: (e) => `The request body repeats the key "${e.message}" in one object`,
  },
  'encoding.unsupported': { status: 415, message: () => 'Unsupported content encoding' },
  'charset.unsupported': { status: 415, message: () => 'Unsupported charset: send UTF-8' },
  'request.aborted': { status: 400, message: () => 'The request was aborted' },
  'request.size.invalid': { status: 400, message: () => 'The request body size is wrong' },
};

interface HttpError extends Error {
  type?: string;
  status?: number;
  statusCode?: number;
  limit?: number;
  expose?: boolean;
}

function mediaType(req: Request): string {
  return (req.headers.accept ?? '').includes('application/graphql-response+json')
    ? 'application/graphql-response+json; charset=utf-8'
    : 'application/json; charset=utf-8';
}

/**
 * The one error handler of every service (last on the express app): a GraphQL error body with a
 * code, and a log line through pino with the kind of failure only — never the body, which
 * Express's default handler printed to stderr (personal records included).
 */
export function httpErrors(logger: Logger): ErrorRequestHandler {
  return (error: HttpError, req, res, _next) => {
    void _next;
    const refusal = error.type ? REFUSALS[error.type] : undefined;
    const status = refusal?.status ?? 500;
    const code = status === 500 ? ErrorCode.INTERNAL_SERVER_ERROR : ErrorCode.BAD_REQUEST;
    const entry = { type: error.type ?? error.name, status, method: req.method, path: req.path };
    if (status === 500) logger.error(entry, 'request failed');
    else logger.info(entry, 'request refused');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const message = refusal ? refusal.message(error) : 'Internal server error';
    res
      .status(status)
      .type(mediaType(req))
      .send(JSON.stringify({ errors: [formattedError(code, message)] }));
  };
}
