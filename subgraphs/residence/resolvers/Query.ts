import { changeFeed } from '../../kit/changes';
import { badInput } from '../../kit/errors';
import { MAX_PAGE_SIZE, seqPage } from '../../kit/pagination';
import type { QueryResolvers } from '../generated/resolvers';
import { WorkerEntity } from '../entities';

export const Query: QueryResolvers = {
  worker: (_, args, ctx) => ctx.loaders.worker.load(args.id),
  workers: (_, args, ctx) => seqPage(ctx.db, WorkerEntity, args),
  workersByIds: (_, { ids }, ctx) => {
    if (ids.length > MAX_PAGE_SIZE)
      throw badInput('ids', `ids: at most ${MAX_PAGE_SIZE} workers per request`);
    return Promise.all(ids.map((id) => ctx.loaders.worker.load(id)));
  },
  changes: changeFeed,
};
