import { todayInTokyo, type CalendarDate } from '../../kit/dates';
import { permitInForce, statusValidity } from '../../law/status';
import type { Context } from '../loaders';
import type { WorkerEntity } from '../entities';

export const Worker = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.worker.load(ref.id),
  residencePermits: (w: WorkerEntity, _: unknown, ctx: Context) =>
    ctx.loaders.permitsByWorker.load(w.id),
  applications: (w: WorkerEntity, _: unknown, ctx: Context) =>
    ctx.loaders.applicationsByWorker.load(w.id),
  workPermissions: (w: WorkerEntity, _: unknown, ctx: Context) =>
    ctx.loaders.permissionsByWorker.load(w.id),
  async residence(w: WorkerEntity, args: { asOf?: CalendarDate | null }, ctx: Context) {
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
