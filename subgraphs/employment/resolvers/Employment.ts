import type { Context } from '../loaders';
import type { EmploymentEntity, EmploymentNotificationEntity } from '../entities';

export const Employment = {
  worker: (e: EmploymentEntity) => ({ __typename: 'Worker', id: e.workerId }),
  employer: (e: EmploymentEntity, _: unknown, ctx: Context) =>
    ctx.loaders.employer.load(e.employerId),
  supportPlan: (e: EmploymentEntity) =>
    e.supportPlanProvider
      ? { provider: e.supportPlanProvider, organizationName: e.supportPlanOrganizationName }
      : null,
  notifications: (e: EmploymentEntity, _: unknown, ctx: Context) =>
    ctx.loaders.notificationsByEmployment.load(e.id),
};

export const EmploymentNotification = {
  employment: (n: EmploymentNotificationEntity, _: unknown, ctx: Context) =>
    ctx.loaders.employment.load(n.employmentId),
};
