import type { WorkerResolvers } from '../generated/resolvers';
import { activeOn } from './activeOn';

/** Worker is owned by the residence registry; this subgraph adds its employments to it. */
export const Worker: WorkerResolvers = {
  __resolveReference: (ref) => ref,
  employments: async (w, args, ctx) =>
    activeOn(await ctx.loaders.employmentsByWorker.load(w.id), args.activeOn),
  employmentRecords: (w, _, ctx) => ctx.loaders.employmentsByWorker.load(w.id),
  employmentNotifications: (w, _, ctx) => ctx.loaders.notificationsByWorker.load(w.id),
};
