import { workCategory } from '../../law/vocabulary';
import { loadReferenced } from '../../kit/loaders';
import type { Context } from '../loaders';
import type {
  ResidenceApplicationResolvers,
  ResidencePermitResolvers,
  WorkPermissionResolvers,
} from '../generated/resolvers';

const worker = (row: { workerId: string }, _: unknown, ctx: Context) =>
  loadReferenced(ctx.loaders.worker, row.workerId);

export const ResidencePermit: ResidencePermitResolvers = {
  worker,
  designatedEmployer: (p) =>
    p.designatedEmployerId ? { __typename: 'Employer', id: p.designatedEmployerId } : null,
  workCategory: (p) => workCategory(p.status),
};

export const ResidenceApplication: ResidenceApplicationResolvers = { worker };

export const WorkPermission: WorkPermissionResolvers = { worker };
