import { GraphQLScalarType, Kind } from 'graphql';
import type { Identity } from '../kit/auth';
import { ErrorCode, graphError } from '../kit/errors';
import { redactFinding } from '../consistency/redaction';
import type { Finding } from '../consistency/engine/report';
import { currentQueueStatus } from './consumers';
import type { Context, TransitionRow } from './loaders';
import type { StoredFinding } from './report';

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

type ShownFinding = ReturnType<typeof redactFinding<Finding & { workerId: string }>>;

/**
 * A stored finding as this caller may see it, exactly as Worker.consistency shows it (evidence
 * redacted by the caller's source scopes); a value the monitor could not read stays withheld.
 */
function shown(f: StoredFinding, workerId: string, identity: Identity): ShownFinding {
  const finding = redactFinding(
    {
      ...(f as unknown as Finding),
      workerId,
      evidence: f.evidence.map(({ redacted: _, ...e }) => e) as Finding['evidence'],
    },
    identity,
  );
  const withheld = new Set(f.evidence.filter((e) => e.redacted).map((e) => e.id));
  return {
    ...finding,
    // Each item names its worker, for the access policy (index.ts).
    evidence: finding.evidence.map((e) => ({
      ...(withheld.has(e.id) ? { ...e, value: null, redacted: true } : e),
      workerId,
    })),
  };
}

export const resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    async monitorStatus(_: unknown, __: unknown, ctx: Context) {
      const s = await ctx.loaders.status();
      return { ...s, ...(await currentQueueStatus()) };
    },
  },
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
