import { loadReferenced } from '../../kit/loaders';
import type { EmploymentNotificationResolvers, EmploymentResolvers } from '../generated/resolvers';

export const Employment: EmploymentResolvers = {
  worker: (e) => ({ __typename: 'Worker', id: e.workerId }),
  employer: (e, _, ctx) => loadReferenced(ctx.loaders.employer, e.employerId),
  supportPlan: (e) =>
    e.supportPlanProvider
      ? { provider: e.supportPlanProvider, organizationName: e.supportPlanOrganizationName }
      : null,
  notifications: (e, _, ctx) => ctx.loaders.notificationsByEmployment.load(e.id),
};

export const EmploymentNotification: EmploymentNotificationResolvers = {
  employment: (n, _, ctx) => loadReferenced(ctx.loaders.employment, n.employmentId),
};
