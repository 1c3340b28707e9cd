import { isActiveOn } from '../../kit/dates';
import type { WorkerResolvers } from '../generated/resolvers';

/** Worker is owned by residence, which decides existence: a reference resolves without a query. */
export const Worker: WorkerResolvers = {
  __resolveReference: (ref) => ref,
  async insuranceEnrollments(w, args, ctx) {
    const rows = await ctx.loaders.enrollmentsByWorker.load(w.id);
    const on = args.activeOn;
    return on ? rows.filter((e) => isActiveOn(e.startDate, e.endDate, on)) : rows;
  },
  insuranceEnrollmentRecords: (w, _, ctx) => ctx.loaders.enrollmentsByWorker.load(w.id),
  contributionArrears: (w, _, ctx) => ctx.loaders.arrearsByWorker.load(w.id),
  /** The arrears of the worker's employers (none known when employment could not be read). */
  async employerContributionArrears(w, _, ctx) {
    const records = 'employmentRecords' in w ? w.employmentRecords : null;
    const employers = [...new Set((records ?? []).map((e) => e.employer.id))];
    const rows = await Promise.all(employers.map((id) => ctx.loaders.arrearsByEmployer.load(id)));
    return rows.flat();
  },
};
