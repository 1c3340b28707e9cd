import { isActiveOn, type CalendarDate } from '../../kit/dates';
import type { Context } from '../loaders';

type Ref = { id: string };
/** A Worker reference, with the employers of its employments when the plan brings them. */
type WorkerRef = Ref & { employmentRecords?: { employer: Ref }[] | null };

/** Worker is owned by residence, which decides existence: a reference resolves without a query. */
export const Worker = {
  __resolveReference: (ref: WorkerRef): WorkerRef => ({
    id: ref.id,
    employmentRecords: ref.employmentRecords,
  }),
  async insuranceEnrollments(w: Ref, args: { activeOn?: CalendarDate | null }, ctx: Context) {
    const rows = await ctx.loaders.enrollmentsByWorker.load(w.id);
    const on = args.activeOn;
    return on ? rows.filter((e) => isActiveOn(e.startDate, e.endDate, on)) : rows;
  },
  insuranceEnrollmentRecords: (w: Ref, _: unknown, ctx: Context) =>
    ctx.loaders.enrollmentsByWorker.load(w.id),
  contributionArrears: (w: Ref, _: unknown, ctx: Context) => ctx.loaders.arrearsByWorker.load(w.id),
  /** The arrears of the worker's employers (none known when employment could not be read). */
  async employerContributionArrears(w: WorkerRef, _: unknown, ctx: Context) {
    const employers = [...new Set((w.employmentRecords ?? []).map((e) => e.employer.id))];
    const rows = await Promise.all(employers.map((id) => ctx.loaders.arrearsByEmployer.load(id)));
    return rows.flat();
  },
};
