import { z } from 'zod';
import { endNotBeforeStart, schemas as s } from '../kit/validation';
import { INSURANCE_SCHEMES } from '../law/vocabulary';
import { isEmployeeScheme } from './schemes';

export const enrollInsuranceInput = z
  .object({
    workerId: s.id,
    scheme: z.enum(INSURANCE_SCHEMES),
    employerId: s.id.nullish(),
    startDate: s.date,
    endDate: s.date.nullish(),
    idempotencyKey: s.idempotencyKey,
  })
  .superRefine((v, ctx) => {
    const issue = (message: string) =>
      ctx.addIssue({ code: 'custom', path: ['employerId'], message });
    if (isEmployeeScheme(v.scheme) && !v.employerId) {
      issue(`is required for the employee scheme ${v.scheme}`);
    } else if (!isEmployeeScheme(v.scheme) && v.employerId) {
      issue(`must be empty for the national scheme ${v.scheme}, which has no employer`);
    }
    endNotBeforeStart(v.startDate, v.endDate, ctx, 'endDate', 'startDate');
  });

export const endInsuranceEnrollmentInput = z.object({
  enrollmentId: s.id,
  endDate: s.date,
  idempotencyKey: s.idempotencyKey,
});

export const recordContributionArrearsInput = z
  .object({
    workerId: s.id.nullish(),
    employerId: s.id.nullish(),
    scheme: z.enum(INSURANCE_SCHEMES),
    since: s.date,
    amount: s.yen,
    idempotencyKey: s.idempotencyKey,
  })
  .superRefine((v, ctx) => {
    if (!v.workerId === !v.employerId) {
      ctx.addIssue({
        code: 'custom',
        path: ['workerId'],
        message: 'exactly one of workerId and employerId must be given',
      });
    }
  });

export const settleContributionArrearsInput = z.object({
  arrearsId: s.id,
  settledOn: s.date,
  idempotencyKey: s.idempotencyKey,
});
