import { workCategory } from '../../law/vocabulary';
import type { Context } from '../loaders';
import type {
  ResidenceApplicationEntity,
  ResidencePermitEntity,
  WorkPermissionEntity,
} from '../entities';

const worker = (row: { workerId: string }, _: unknown, ctx: Context) =>
  ctx.loaders.worker.load(row.workerId);

export const ResidencePermit = {
  worker,
  designatedEmployer: (p: ResidencePermitEntity) =>
    p.designatedEmployerId ? { __typename: 'Employer', id: p.designatedEmployerId } : null,
  workCategory: (p: ResidencePermitEntity) => workCategory(p.status),
};

export const ResidenceApplication = { worker } satisfies Record<
  string,
  (row: ResidenceApplicationEntity, a: unknown, c: Context) => unknown
>;

export const WorkPermission = { worker } satisfies Record<
  string,
  (row: WorkPermissionEntity, a: unknown, c: Context) => unknown
>;
