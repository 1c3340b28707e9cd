import { z } from 'zod';
import { schemas as s } from '../kit/validation';
import { TAX_COLLECTIONS, TAX_KINDS } from '../law/vocabulary';

const positiveYen = s.yen.refine((n) => n > 0, 'must be a positive whole number of yen');

export const assessTaxInput = z
  .object({
    workerId: s.id,
    kind: z.enum(TAX_KINDS),
    fiscalYear: s.year,
    amount: s.yen,
    dueDate: s.date,
    collection: z.enum(TAX_COLLECTIONS),
    collectingEmployerId: s.id.nullish(),
    idempotencyKey: s.idempotencyKey,
  })
  .superRefine((v, ctx) => {
    const issue = (message: string) =>
      ctx.addIssue({ code: 'custom', path: ['collectingEmployerId'], message });
    if (v.collection === 'SPECIAL' && !v.collectingEmployerId) {
      issue('is required for SPECIAL collection, where the employer deducts and pays the tax');
    } else if (v.collection === 'ORDINARY' && v.collectingEmployerId) {
      issue('must be empty for ORDINARY collection, where the worker pays the tax');
    }
  });

export const recordTaxPaymentInput = z.object({
  assessmentId: s.id,
  paidOn: s.date,
  amount: positiveYen,
  idempotencyKey: s.idempotencyKey,
});

export const fileWithholdingReportInput = z
  .object({
    employerId: s.id,
    workerId: s.id,
    year: s.year,
    grossPay: s.yen,
    taxWithheld: s.yen,
    idempotencyKey: s.idempotencyKey,
  })
  .superRefine((v, ctx) => {
    if (v.taxWithheld > v.grossPay) {
      ctx.addIssue({
        code: 'custom',
        path: ['taxWithheld'],
        message: `must not exceed grossPay (${v.grossPay})`,
      });
    }
  });

export const recordEmployerTaxArrearsInput = z.object({
  employerId: s.id,
  since: s.date,
  amount: s.yen,
  idempotencyKey: s.idempotencyKey,
});

export const settleEmployerTaxArrearsInput = z.object({
  arrearsId: s.id,
  settledOn: s.date,
  idempotencyKey: s.idempotencyKey,
});
