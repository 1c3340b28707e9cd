import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { conflict, notFound } from '../../kit/errors';
import { findById } from '../../kit/loaders';
import { arrearsSettlement, changed, closeOnce, mutation } from '../../kit/mutation';
import {
  EmployerTaxArrearsEntity,
  TaxAssessmentEntity,
  TaxPaymentEntity,
  WithholdingReportEntity,
} from '../entities';
import {
  assessTaxInput,
  fileWithholdingReportInput,
  recordEmployerTaxArrearsInput,
  recordTaxPaymentInput,
  settleEmployerTaxArrearsInput,
} from '../validation';

function isUniqueViolation(error: unknown): boolean {
  return (error as { driverError?: { code?: string } })?.driverError?.code === '23505';
}

/** The unique index (employer, worker, year) decides, so concurrent filings cannot both win. */
async function insertWithholdingReport(
  m: EntityManager,
  input: z.infer<typeof fileWithholdingReportInput>,
): Promise<WithholdingReportEntity> {
  try {
    return await m.save(
      m.create(WithholdingReportEntity, {
        employerId: input.employerId,
        workerId: input.workerId,
        year: input.year,
        grossPay: input.grossPay,
        taxWithheld: input.taxWithheld,
      }),
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw conflict(
      `Employer ${input.employerId} already filed a withholding report for worker ${input.workerId} for ${input.year}`,
      'year',
    );
  }
}

/** An assessment concerns its worker and, for SPECIAL collection, the collecting employer. */
const assessed = (a: TaxAssessmentEntity | null) =>
  changed({ workers: [a?.workerId], employers: [a?.collectingEmployerId] });

export const Mutation = {
  assessTax: mutation({
    name: 'assessTax',
    input: assessTaxInput,
    references: { workerId: 'Worker', collectingEmployerId: 'Employer' },
    entity: TaxAssessmentEntity,
    execute: (m, input) =>
      m.save(
        m.create(TaxAssessmentEntity, {
          workerId: input.workerId,
          kind: input.kind,
          fiscalYear: input.fiscalYear,
          amount: input.amount,
          dueDate: input.dueDate,
          collection: input.collection,
          collectingEmployerId: input.collectingEmployerId ?? null,
        }),
      ),
    changes: assessed,
  }),

  recordTaxPayment: mutation({
    name: 'recordTaxPayment',
    input: recordTaxPaymentInput,
    entity: TaxPaymentEntity,
    execute: async (m, input) => {
      const assessment = await findById(m, TaxAssessmentEntity, input.assessmentId);
      if (!assessment) throw notFound('TaxAssessment', input.assessmentId, 'assessmentId');
      return m.save(
        m.create(TaxPaymentEntity, {
          assessmentId: assessment.id,
          paidOn: input.paidOn,
          amount: input.amount,
        }),
      );
    },
    changes: async (payment, m) =>
      assessed(await findById(m, TaxAssessmentEntity, payment.assessmentId)),
  }),

  fileWithholdingReport: mutation({
    name: 'fileWithholdingReport',
    input: fileWithholdingReportInput,
    references: { workerId: 'Worker', employerId: 'Employer' },
    entity: WithholdingReportEntity,
    execute: insertWithholdingReport,
    changes: (r) => changed({ workers: [r.workerId], employers: [r.employerId] }),
  }),

  recordEmployerTaxArrears: mutation({
    name: 'recordEmployerTaxArrears',
    input: recordEmployerTaxArrearsInput,
    references: { employerId: 'Employer' },
    entity: EmployerTaxArrearsEntity,
    execute: (m, input) =>
      m.save(
        m.create(EmployerTaxArrearsEntity, {
          employerId: input.employerId,
          since: input.since,
          amount: input.amount,
          settledOn: null,
        }),
      ),
    changes: (a) => changed({ employers: [a.employerId] }),
  }),

  settleEmployerTaxArrears: mutation({
    name: 'settleEmployerTaxArrears',
    input: settleEmployerTaxArrearsInput,
    entity: EmployerTaxArrearsEntity,
    execute: (m, input) =>
      closeOnce(
        m,
        arrearsSettlement(EmployerTaxArrearsEntity, 'EmployerTaxArrears'),
        input.arrearsId,
        { settledOn: input.settledOn },
      ),
    changes: (a) => changed({ employers: [a.employerId] }),
  }),
};
