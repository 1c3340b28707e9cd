import { todayInTokyo } from '../../kit/dates';
import { permitInForce, statusValidity } from '../../law/status';
import type { WorkerResolvers } from '../generated/resolvers';

export const Worker: WorkerResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.worker.load(ref.id),
  residencePermits: (w, _, ctx) => ctx.loaders.permitsByWorker.load(w.id),
  applications: (w, _, ctx) => ctx.loaders.applicationsByWorker.load(w.id),
  workPermissions: (w, _, ctx) => ctx.loaders.permissionsByWorker.load(w.id),
  async residence(w, args, ctx) {
    const asOf = args.asOf ?? todayInTokyo();
    const [permits, applications] = await Promise.all([
      ctx.loaders.permitsByWorker.load(w.id),
      ctx.loaders.applicationsByWorker.load(w.id),
    ]);
    const permit = permitInForce(permits, asOf);
    if (!permit) return null;
    const { validity, validUntil, category } = statusValidity(permit, applications, asOf);
    return {
      id: `${w.id}@${asOf}`,
      asOf,
      permit,
      status: permit.status,
      grantedOn: permit.grantedOn,
      expiresOn: permit.expiresOn,
      validity,
      validUntil,
      workCategory: category,
    };
  },
};
