import type { Context } from '../loaders';

type Ref = { id: string };

/** Employer is owned by employment; this registry adds the arrears recorded against it. */
export const Employer = {
  __resolveReference: (ref: Ref): Ref => ({ id: ref.id }),
  contributionArrears: (e: Ref, _: unknown, ctx: Context) =>
    ctx.loaders.arrearsByEmployer.load(e.id),
};
