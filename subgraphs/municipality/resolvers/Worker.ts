import type { AddressRegistrationResolvers, WorkerResolvers } from '../generated/resolvers';

/** Worker is owned by residence: the owner decides existence, so no query here. */
export const Worker: WorkerResolvers = {
  __resolveReference: (ref) => ref,
  addressRegistrations: (w, _, ctx) => ctx.loaders.registrationsByWorker.load(w.id),
};

export const AddressRegistration: AddressRegistrationResolvers = {
  worker: (r) => ({ __typename: 'Worker', id: r.workerId }),
};
