import type { SubgraphName } from '../../subgraphs/kit/config';
import { SUBGRAPH_NAMES } from '../../subgraphs/kit/config';
import type { Answer, RawRequest } from './net';
import type { MutationShape } from './mutations';
import type { Tokens } from './tokens';

/** What every hostile request can draw on. */
export interface FuzzContext {
  gateway: string;
  subgraphs: Record<SubgraphName, string>;
  tokens: Tokens;
  workerIds: string[];
  employerIds: string[];
  mutations: MutationShape[];
  enums: Map<string, string[]>;
  /** A deterministic pseudo-random integer in [0, n). */
  pick: (n: number) => number;
}

/** One class of hostile input: `make` builds its k-th request, carrying the class's marker. */
export interface FuzzClass {
  name: string;
  what: string;
  make?(ctx: FuzzContext, marker: string, k: number): RawRequest;
  /** A class that is more than one request (stalled sockets), measured by its own probe. */
  run?(ctx: FuzzContext, marker: string, stallMs: number): Promise<Answer>;
}

export const json = (v: unknown) => JSON.stringify(v);
export const one = <T>(ctx: FuzzContext, xs: readonly T[]): T => xs[ctx.pick(xs.length)];

/** One request in four goes straight to a registry (with a token for its audience), the rest to the gateway. */
export function endpoint(ctx: FuzzContext, k: number): string {
  return k % 4 === 3 ? ctx.subgraphs[SUBGRAPH_NAMES[(k >> 2) % 4]] : ctx.gateway;
}

export function headers(
  ctx: FuzzContext,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    'content-type': 'application/json',
    authorization: `Bearer ${ctx.tokens.valid}`,
    'x-purpose': 'reliability test',
    ...extra,
  };
}

export function graphql(
  ctx: FuzzContext,
  k: number,
  body: unknown,
  extra?: Record<string, string>,
) {
  return { url: endpoint(ctx, k), headers: headers(ctx, extra), body: json(body) };
}

export const person = (marker: string) => `Nguyen Van ${marker}`;
export const REGISTER = 'mutation R($i: RegisterWorkerInput!) { registerWorker(input: $i) { id } }';
export const registerVars = (fullName: string) => ({
  i: { fullName, nationality: 'VN', dateOfBirth: '1990-01-01' },
});
