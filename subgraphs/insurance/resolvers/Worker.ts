import { isActiveOn, type CalendarDate } from '../../kit/dates';
import type { Context } from '../context';

type Ref = { id: string };

/** Worker is owned by residence, which decides existence: a reference resolves without a query. */
export const Worker = {
  __resolveReference: (ref: Ref): Ref => ({ id: ref.id }),
  async insuranceEnrollments(w: Ref, args: { activeOn?: CalendarDate | null }, ctx: Context) {
    const rows = await ctx.loaders.enrollmentsByWorker.load(w.id);
    const on = args.activeOn;
    return on ? rows.filter((e) => isActiveOn(e.startDate, e.endDate, on)) : rows;
  },
  insuranceEnrollmentRecords: (w: Ref, _: unknown, ctx: Context) =>
    ctx.loaders.enrollmentsByWorker.load(w.id),
  contributionArrears: (w: Ref, _: unknown, ctx: Context) => ctx.loaders.arrearsByWorker.load(w.id),
};
