import { changeFeed } from '../../kit/changes';
import { seqPage } from '../../kit/pagination';
import type { QueryResolvers } from '../generated/resolvers';
import { EmployerEntity } from '../entities';

export const Query: QueryResolvers = {
  employer: (_, args, ctx) => ctx.loaders.employer.load(args.id),
  employers: (_, args, ctx) => seqPage(ctx.db, EmployerEntity, args),
  changes: changeFeed,
};
