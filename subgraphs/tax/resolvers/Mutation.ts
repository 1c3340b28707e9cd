import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { badInput, conflict, notFound } from '../../kit/errors';
import { runMutation } from '../../kit/idempotency';
import { findById } from '../../kit/loaders';
import type { Reference } from '../../kit/references';
import { validate } from '../../kit/validation';
import type { Context } from '../loaders';
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

type Args<S extends z.ZodType> = { input: z.input<S> };

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

export const Mutation = {
  async assessTax(_: unknown, args: Args<typeof assessTaxInput>, ctx: Context) {
    const input = validate(assessTaxInput, args.input);
    const refs: Reference[] = [{ type: 'Worker', id: input.workerId, field: 'workerId' }];
    if (input.collectingEmployerId) {
      refs.push({
        type: 'Employer',
        id: input.collectingEmployerId,
        field: 'collectingEmployerId',
      });
    }
    await ctx.references.assertExist(refs);
    return runMutation(ctx.db, {
      operation: 'assessTax',
      input,
      execute: (m) =>
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
      load: (m, id) => findById(m, TaxAssessmentEntity, id),
    });
  },

  recordTaxPayment(_: unknown, args: Args<typeof recordTaxPaymentInput>, ctx: Context) {
    const input = validate(recordTaxPaymentInput, args.input);
    return runMutation(ctx.db, {
      operation: 'recordTaxPayment',
      input,
      execute: async (m) => {
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
      load: (m, id) => findById(m, TaxPaymentEntity, id),
    });
  },

  async fileWithholdingReport(
    _: unknown,
    args: Args<typeof fileWithholdingReportInput>,
    ctx: Context,
  ) {
    const input = validate(fileWithholdingReportInput, args.input);
    await ctx.references.assertExist([
      { type: 'Worker', id: input.workerId, field: 'workerId' },
      { type: 'Employer', id: input.employerId, field: 'employerId' },
    ]);
    return runMutation(ctx.db, {
      operation: 'fileWithholdingReport',
      input,
      execute: (m) => insertWithholdingReport(m, input),
      load: (m, id) => findById(m, WithholdingReportEntity, id),
    });
  },

  async recordEmployerTaxArrears(
    _: unknown,
    args: Args<typeof recordEmployerTaxArrearsInput>,
    ctx: Context,
  ) {
    const input = validate(recordEmployerTaxArrearsInput, args.input);
    await ctx.references.assertExist([
      { type: 'Employer', id: input.employerId, field: 'employerId' },
    ]);
    return runMutation(ctx.db, {
      operation: 'recordEmployerTaxArrears',
      input,
      execute: (m) =>
        m.save(
          m.create(EmployerTaxArrearsEntity, {
            employerId: input.employerId,
            since: input.since,
            amount: input.amount,
            settledOn: null,
          }),
        ),
      load: (m, id) => findById(m, EmployerTaxArrearsEntity, id),
    });
  },

  settleEmployerTaxArrears(
    _: unknown,
    args: Args<typeof settleEmployerTaxArrearsInput>,
    ctx: Context,
  ) {
    const input = validate(settleEmployerTaxArrearsInput, args.input);
    return runMutation(ctx.db, {
      operation: 'settleEmployerTaxArrears',
      input,
      execute: async (m) => {
        const arrears = await findById(m, EmployerTaxArrearsEntity, input.arrearsId, {
          forUpdate: true,
        });
        if (!arrears) throw notFound('EmployerTaxArrears', input.arrearsId, 'arrearsId');
        if (arrears.settledOn !== null) {
          if (arrears.settledOn === input.settledOn) return arrears;
          throw conflict(
            `Arrears ${arrears.id} were already settled on ${arrears.settledOn}`,
            'arrearsId',
          );
        }
        if (input.settledOn < arrears.since) {
          throw badInput('settledOn', `settledOn: must not be before since (${arrears.since})`);
        }
        arrears.settledOn = input.settledOn;
        return m.save(arrears);
      },
      load: (m, id) => findById(m, EmployerTaxArrearsEntity, id),
    });
  },
};
