import type { CalendarDate } from '../../kit/dates';
import type { Context } from '../loaders';
import { activeOn } from './activeOn';

/** Worker is owned by the residence registry; this subgraph adds its employments to it. */
export const Worker = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  employments: async (w: { id: string }, args: { activeOn?: CalendarDate | null }, ctx: Context) =>
    activeOn(await ctx.loaders.employmentsByWorker.load(w.id), args.activeOn),
  employmentRecords: (w: { id: string }, _: unknown, ctx: Context) =>
    ctx.loaders.employmentsByWorker.load(w.id),
  employmentNotifications: (w: { id: string }, _: unknown, ctx: Context) =>
    ctx.loaders.notificationsByWorker.load(w.id),
};
