import { seqPage } from '../../kit/pagination';
import type { Context } from '../loaders';
import { WorkerEntity } from '../entities';

export const Query = {
  worker: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.worker.load(args.id),
  workers: (_: unknown, args: { first?: number | null; after?: string | null }, ctx: Context) =>
    seqPage(ctx.db, WorkerEntity, args),
};
