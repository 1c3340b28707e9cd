import { GraphQLScalarType, Kind } from 'graphql';
import { ErrorCode, graphError } from '../kit/errors';
import { currentQueueStatus } from './consumers';
import type { Context, TransitionRow } from './loaders';
import { shown } from './views/shown';
import { viewResolvers } from './views/resolvers';

function toIso(value: unknown): string {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime()))
    throw graphError(ErrorCode.BAD_USER_INPUT, 'Expected an ISO 8601 timestamp');
  return date.toISOString();
}

export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An ISO 8601 timestamp with offset.',
  serialize: toIso,
  parseValue: toIso,
  parseLiteral: (ast) => toIso(ast.kind === Kind.STRING ? ast.value : null),
});

export const resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    async monitorStatus(_: unknown, __: unknown, ctx: Context) {
      const s = await ctx.loaders.status();
      return { ...s, ...(await currentQueueStatus()) };
    },
    ...viewResolvers.Query,
  },
  Employer: viewResolvers.Employer,
  UpcomingRisk: viewResolvers.UpcomingRisk,
  Worker: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    riskHistory: (w: { id: string }, _: unknown, ctx: Context) => ctx.loaders.history.load(w.id),
  },
  RiskTransition: {
    worker: (t: TransitionRow) => ({ __typename: 'Worker', id: t.workerId }),
    findingsAdded: (t: TransitionRow, _: unknown, ctx: Context) =>
      t.findingsAdded.map((f) => shown(f, t.workerId, ctx.identity)),
    findingsResolved: (t: TransitionRow, _: unknown, ctx: Context) =>
      t.findingsResolved.map((f) => shown(f, t.workerId, ctx.identity)),
  },
  Finding: {
    worker: (f: { workerId: string }) => ({ __typename: 'Worker', id: f.workerId }),
    employer: (f: { employerId: string | null }) =>
      f.employerId ? { __typename: 'Employer', id: f.employerId } : null,
  },
};
