import type { Request, RequestHandler, Response } from 'express';
import { gaugeFrom } from '../subgraphs/kit/metrics';

interface AdmissionOptions {
  /** Requests executing at once, all callers together. */
  limit: number;
  /** Requests one caller may have executing at once. */
  perCaller: number;
  /** Who is asking (the authenticated subject): admission runs after the body and the token. */
  caller(req: Request, res: Response): string;
}

interface Caller {
  active: number;
  waiting: (() => boolean)[];
}

/**
 * Admission control: at most `limit` GraphQL requests execute at once, at most `perCaller` of them
 * for one caller. Each executing query plan holds its subgraphs' responses in memory, so under a
 * burst the gateway's memory follows the number executing, not the number waiting (bench: peak RSS
 * at c=64). A freed slot goes to the waiting caller holding the fewest slots, callers taking turns
 * (round-robin) and each caller's requests in arrival order, so one caller's flood delays another's
 * query by at most one operation, not by the flood. Runs after the body was read and the caller
 * authenticated: a slow or anonymous client never holds a slot. A request whose client has gone
 * away while waiting is skipped.
 */
export function admission(options: AdmissionOptions): RequestHandler & { readonly active: number } {
  const { limit, perCaller } = options;
  const callers = new Map<string, Caller>();
  /** Callers with requests waiting, in turn order. */
  const turns: string[] = [];
  let active = 0;

  const next = (): void => {
    while (active < limit) {
      let pick = -1;
      for (let i = 0; i < turns.length; i++) {
        const c = callers.get(turns[i])!;
        if (c.active < perCaller && (pick < 0 || c.active < callers.get(turns[pick])!.active))
          pick = i;
      }
      if (pick < 0) return;
      const [key] = turns.splice(pick, 1);
      const caller = callers.get(key)!;
      const start = caller.waiting.shift()!;
      if (caller.waiting.length) turns.push(key);
      start();
    }
  };

  const handler = ((req, res, proceed) => {
    const key = options.caller(req, res);
    let caller = callers.get(key);
    if (!caller) callers.set(key, (caller = { active: 0, waiting: [] }));
    const own = caller;
    const start = () => {
      if (res.destroyed || req.socket.destroyed) {
        if (own.active === 0 && own.waiting.length === 0) callers.delete(key);
        return false;
      }
      active += 1;
      own.active += 1;
      res.once('close', () => {
        active -= 1;
        own.active -= 1;
        if (own.active === 0 && own.waiting.length === 0) callers.delete(key);
        next();
      });
      proceed();
      return true;
    };
    own.waiting.push(start);
    if (own.waiting.length === 1) turns.push(key);
    next();
  }) as RequestHandler & { readonly active: number };
  Object.defineProperty(handler, 'active', { get: () => active });
  gaugeFrom('gateway', 'kyosei_gateway_admission_active', 'Operations executing', () => active);
  gaugeFrom('gateway', 'kyosei_gateway_admission_waiting', 'Operations waiting for a slot', () =>
    turns.reduce((n, key) => n + (callers.get(key)?.waiting.length ?? 0), 0),
  );
  return handler;
}
