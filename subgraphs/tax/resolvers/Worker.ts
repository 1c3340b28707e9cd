import type { Context } from '../context';

type Ref = { id: string };

/** Worker is owned by residence: the owner decides existence, so no query here. */
export const Worker = {
  __resolveReference: (ref: Ref): Ref => ({ id: ref.id }),
  taxAssessments: (w: Ref, _: unknown, ctx: Context) => ctx.loaders.assessmentsByWorker.load(w.id),
  withholdingReports: (w: Ref, _: unknown, ctx: Context) => ctx.loaders.reportsByWorker.load(w.id),
};

/** Employer is owned by employment: the owner decides existence, so no query here. */
export const Employer = {
  __resolveReference: (ref: Ref): Ref => ({ id: ref.id }),
  taxArrears: (e: Ref, _: unknown, ctx: Context) => ctx.loaders.arrearsByEmployer.load(e.id),
};
