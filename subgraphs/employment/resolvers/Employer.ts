import type { CalendarDate } from '../../kit/dates';
import type { Context } from '../loaders';
import type { EmployerEntity } from '../entities';
import { activeOn } from './activeOn';

export const Employer = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.employer.load(ref.id),
  employees: async (e: EmployerEntity, _: unknown, ctx: Context) =>
    [...new Set((await ctx.loaders.employmentsByEmployer.load(e.id)).map((r) => r.workerId))].map(
      (id) => ({ __typename: 'Worker', id }),
    ),
  employmentRecords: (e: EmployerEntity, _: unknown, ctx: Context) =>
    ctx.loaders.employmentsByEmployer.load(e.id),
  employments: async (e: EmployerEntity, args: { activeOn?: CalendarDate | null }, ctx: Context) =>
    activeOn(await ctx.loaders.employmentsByEmployer.load(e.id), args.activeOn),
};
