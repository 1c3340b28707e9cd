import type { EmployerResolvers } from '../generated/resolvers';
import { activeOn } from './activeOn';

export const Employer: EmployerResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.employer.load(ref.id),
  employees: async (e, _, ctx) =>
    [...new Set((await ctx.loaders.employmentsByEmployer.load(e.id)).map((r) => r.workerId))].map(
      (id) => ({ __typename: 'Worker', id }),
    ),
  employmentRecords: (e, _, ctx) => ctx.loaders.employmentsByEmployer.load(e.id),
  employments: async (e, args, ctx) =>
    activeOn(await ctx.loaders.employmentsByEmployer.load(e.id), args.activeOn),
};
