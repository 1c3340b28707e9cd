import type { EmployerResolvers } from '../generated/resolvers';

/** Employer is owned by employment; this registry adds the arrears recorded against it. */
export const Employer: EmployerResolvers = {
  __resolveReference: (ref) => ref,
  contributionArrears: (e, _, ctx) => ctx.loaders.arrearsByEmployer.load(e.id),
};
