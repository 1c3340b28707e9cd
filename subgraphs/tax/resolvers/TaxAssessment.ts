import type { Context } from '../loaders';
import type {
  EmployerTaxArrearsEntity,
  TaxAssessmentEntity,
  TaxPaymentEntity,
  WithholdingReportEntity,
} from '../entities';

const workerRef = (row: { workerId: string }) => ({ __typename: 'Worker', id: row.workerId });
const employerRef = (row: { employerId: string }) => ({
  __typename: 'Employer',
  id: row.employerId,
});

async function paidAmount(a: TaxAssessmentEntity, ctx: Context): Promise<number> {
  const payments = await ctx.loaders.paymentsByAssessment.load(a.id);
  return payments.reduce((sum, p) => sum + p.amount, 0);
}

export const TaxAssessment = {
  worker: workerRef,
  collectingEmployer: (a: TaxAssessmentEntity) =>
    a.collectingEmployerId ? { __typename: 'Employer', id: a.collectingEmployerId } : null,
  payments: (a: TaxAssessmentEntity, _: unknown, ctx: Context) =>
    ctx.loaders.paymentsByAssessment.load(a.id),
  paidAmount: (a: TaxAssessmentEntity, _: unknown, ctx: Context) => paidAmount(a, ctx),
  outstandingAmount: async (a: TaxAssessmentEntity, _: unknown, ctx: Context) =>
    Math.max(0, a.amount - (await paidAmount(a, ctx))),
};

export const TaxPayment = {
  assessment: (p: TaxPaymentEntity, _: unknown, ctx: Context) =>
    ctx.loaders.assessment.load(p.assessmentId),
};

export const WithholdingReport = {
  worker: workerRef,
  employer: employerRef,
} satisfies Record<string, (row: WithholdingReportEntity) => unknown>;

export const EmployerTaxArrears = {
  employer: employerRef,
} satisfies Record<string, (row: EmployerTaxArrearsEntity) => unknown>;
