import { loadReferenced } from '../../kit/loaders';
import type { Context } from '../loaders';
import type { TaxAssessmentEntity } from '../entities';
import type {
  EmployerTaxArrearsResolvers,
  TaxAssessmentResolvers,
  TaxPaymentResolvers,
  WithholdingReportResolvers,
} from '../generated/resolvers';

const workerRef = (row: { workerId: string }) => ({
  __typename: 'Worker' as const,
  id: row.workerId,
});
const employerRef = (row: { employerId: string }) => ({
  __typename: 'Employer' as const,
  id: row.employerId,
});

async function paidAmount(a: TaxAssessmentEntity, ctx: Context): Promise<number> {
  const payments = await ctx.loaders.paymentsByAssessment.load(a.id);
  return payments.reduce((sum, p) => sum + p.amount, 0);
}

export const TaxAssessment: TaxAssessmentResolvers = {
  worker: workerRef,
  collectingEmployer: (a) =>
    a.collectingEmployerId ? { __typename: 'Employer', id: a.collectingEmployerId } : null,
  payments: (a, _, ctx) => ctx.loaders.paymentsByAssessment.load(a.id),
  paidAmount: (a, _, ctx) => paidAmount(a, ctx),
  outstandingAmount: async (a, _, ctx) => Math.max(0, a.amount - (await paidAmount(a, ctx))),
};

export const TaxPayment: TaxPaymentResolvers = {
  assessment: (p, _, ctx) => loadReferenced(ctx.loaders.assessment, p.assessmentId),
};

export const WithholdingReport: WithholdingReportResolvers = {
  worker: workerRef,
  employer: employerRef,
};

export const EmployerTaxArrears: EmployerTaxArrearsResolvers = {
  employer: employerRef,
};
