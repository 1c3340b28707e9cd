import { seqPage } from '../../kit/pagination';
import type { Context } from '../loaders';
import { EmployerEntity } from '../entities';

export const Query = {
  employer: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.employer.load(args.id),
  employers: (_: unknown, args: { first?: number | null; after?: string | null }, ctx: Context) =>
    seqPage(ctx.db, EmployerEntity, args),
};
