import type { Context } from '../loaders';

type Ref = { id: string };
/** A Worker reference, with the employers of its employments when the plan brings them. */
type WorkerRef = Ref & { employmentRecords?: { employer: Ref }[] | null };

/** Worker is owned by residence: the owner decides existence, so no query here. */
export const Worker = {
  __resolveReference: (ref: WorkerRef): WorkerRef => ({
    id: ref.id,
    employmentRecords: ref.employmentRecords,
  }),
  taxAssessments: (w: Ref, _: unknown, ctx: Context) => ctx.loaders.assessmentsByWorker.load(w.id),
  withholdingReports: (w: Ref, _: unknown, ctx: Context) => ctx.loaders.reportsByWorker.load(w.id),
  /** The arrears of the worker's employers (none known when employment could not be read). */
  async employerTaxArrears(w: WorkerRef, _: unknown, ctx: Context) {
    const employers = [...new Set((w.employmentRecords ?? []).map((e) => e.employer.id))];
    const rows = await Promise.all(employers.map((id) => ctx.loaders.arrearsByEmployer.load(id)));
    return rows.flat();
  },
};

/** Employer is owned by employment: the owner decides existence, so no query here. */
export const Employer = {
  __resolveReference: (ref: Ref): Ref => ({ id: ref.id }),
  taxArrears: (e: Ref, _: unknown, ctx: Context) => ctx.loaders.arrearsByEmployer.load(e.id),
};
