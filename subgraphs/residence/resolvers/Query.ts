import { changeFeed } from '../../kit/changes';
import { seqPage } from '../../kit/pagination';
import type { QueryResolvers } from '../generated/resolvers';
import { WorkerEntity } from '../entities';

export const Query: QueryResolvers = {
  worker: (_, args, ctx) => ctx.loaders.worker.load(args.id),
  workers: (_, args, ctx) => seqPage(ctx.db, WorkerEntity, args),
  changes: changeFeed,
};
