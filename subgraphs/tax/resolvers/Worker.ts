import type { EmployerResolvers, WorkerResolvers } from '../generated/resolvers';

/** Worker is owned by residence: the owner decides existence, so no query here. */
export const Worker: WorkerResolvers = {
  __resolveReference: (ref) => ref,
  taxAssessments: (w, _, ctx) => ctx.loaders.assessmentsByWorker.load(w.id),
  withholdingReports: (w, _, ctx) => ctx.loaders.reportsByWorker.load(w.id),
  /** The arrears of the worker's employers (none known when employment could not be read). */
  async employerTaxArrears(w, _, ctx) {
    const records = 'employmentRecords' in w ? w.employmentRecords : null;
    const employers = [...new Set((records ?? []).map((e) => e.employer.id))];
    const rows = await Promise.all(employers.map((id) => ctx.loaders.arrearsByEmployer.load(id)));
    return rows.flat();
  },
};

/** Employer is owned by employment: the owner decides existence, so no query here. */
export const Employer: EmployerResolvers = {
  __resolveReference: (ref) => ref,
  taxArrears: (e, _, ctx) => ctx.loaders.arrearsByEmployer.load(e.id),
};
