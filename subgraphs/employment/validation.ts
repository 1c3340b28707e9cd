import { z } from 'zod';
import {
  JOB_FIELDS,
  LEGAL_FORMS,
  NOTIFICATION_KINDS,
  RESIDENCE_STATUSES,
  SUPPORT_PROVIDERS,
} from '../law/vocabulary';
import { endNotBeforeStart, schemas as s } from '../kit/validation';

const headcount = z.number().int('must be a whole number').min(0, 'must not be negative');

export const registerEmployerInput = z.object({
  name: s.text(200),
  legalForm: z.enum(LEGAL_FORMS),
  employeeCount: headcount,
  insuredHeadcount: headcount,
  corporateNumber: z
    .string()
    .regex(/^\d{13}$/, 'must be exactly 13 digits')
    .nullish(),
  idempotencyKey: s.idempotencyKey,
});

const supportPlanInput = z
  .object({
    provider: z.enum(SUPPORT_PROVIDERS),
    organizationName: s.text(200).nullish(),
  })
  .superRefine((v, ctx) => {
    const issue = (message: string) =>
      ctx.addIssue({ code: 'custom', path: ['organizationName'], message });
    if (v.provider === 'REGISTERED_SUPPORT_ORGANIZATION' && !v.organizationName) {
      issue('is required when the provider is REGISTERED_SUPPORT_ORGANIZATION');
    } else if (v.provider === 'SELF' && v.organizationName) {
      issue(
        'applies only to REGISTERED_SUPPORT_ORGANIZATION; the employer supports the worker itself',
      );
    }
  });

export const startEmploymentInput = z
  .object({
    workerId: s.id,
    employerId: s.id,
    startDate: s.date,
    endDate: s.date.nullish(),
    jobField: z.enum(JOB_FIELDS),
    weeklyHours: s.hours,
    monthlyWage: s.yen,
    supportPlan: supportPlanInput.nullish(),
    idempotencyKey: s.idempotencyKey,
  })
  .superRefine((v, ctx) => endNotBeforeStart(v.startDate, v.endDate, ctx, 'endDate', 'startDate'));

export const endEmploymentInput = z.object({
  employmentId: s.id,
  endDate: s.date,
  idempotencyKey: s.idempotencyKey,
});

export const fileEmploymentNotificationInput = z.object({
  employmentId: s.id,
  kind: z.enum(NOTIFICATION_KINDS),
  filedOn: s.date,
  reportedStatus: z.enum(RESIDENCE_STATUSES).nullish(),
  reportedExpiresOn: s.date.nullish(),
  idempotencyKey: s.idempotencyKey,
});
