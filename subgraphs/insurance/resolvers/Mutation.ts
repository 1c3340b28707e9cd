import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { badInput, conflict, notFound } from '../../kit/errors';
import { runMutation } from '../../kit/idempotency';
import { findById } from '../../kit/loaders';
import type { Reference } from '../../kit/references';
import { validate } from '../../kit/validation';
import type { Context } from '../loaders';
import { ContributionArrearsEntity, InsuranceEnrollmentEntity } from '../entities';
import {
  endInsuranceEnrollmentInput,
  enrollInsuranceInput,
  recordContributionArrearsInput,
  settleContributionArrearsInput,
} from '../validation';

type Args<S extends z.ZodType> = { input: z.input<S> };

/** The worker and employer an input names, to be checked with their owning registries. */
function references(input: { workerId?: string | null; employerId?: string | null }): Reference[] {
  return [
    ...(input.workerId ? [{ type: 'Worker' as const, id: input.workerId, field: 'workerId' }] : []),
    ...(input.employerId
      ? [{ type: 'Employer' as const, id: input.employerId, field: 'employerId' }]
      : []),
  ];
}

const loadEnrollment = (m: EntityManager, id: string) => findById(m, InsuranceEnrollmentEntity, id);
const loadArrears = (m: EntityManager, id: string) => findById(m, ContributionArrearsEntity, id);

export const Mutation = {
  async enrollInsurance(_: unknown, args: Args<typeof enrollInsuranceInput>, ctx: Context) {
    const input = validate(enrollInsuranceInput, args.input);
    await ctx.references.assertExist(references(input));
    return runMutation(ctx.db, {
      operation: 'enrollInsurance',
      input,
      execute: (m) =>
        m.save(
          m.create(InsuranceEnrollmentEntity, {
            workerId: input.workerId,
            scheme: input.scheme,
            employerId: input.employerId ?? null,
            startDate: input.startDate,
            endDate: input.endDate ?? null,
          }),
        ),
      load: loadEnrollment,
    });
  },

  endInsuranceEnrollment(_: unknown, args: Args<typeof endInsuranceEnrollmentInput>, ctx: Context) {
    const input = validate(endInsuranceEnrollmentInput, args.input);
    return runMutation(ctx.db, {
      operation: 'endInsuranceEnrollment',
      input,
      execute: async (m) => {
        const enrollment = await findById(m, InsuranceEnrollmentEntity, input.enrollmentId, {
          forUpdate: true,
        });
        if (!enrollment) {
          throw notFound('InsuranceEnrollment', input.enrollmentId, 'enrollmentId');
        }
        if (enrollment.endDate !== null) {
          if (enrollment.endDate === input.endDate) return enrollment;
          throw conflict(
            `Enrollment ${enrollment.id} already ended on ${enrollment.endDate}`,
            'enrollmentId',
          );
        }
        if (input.endDate < enrollment.startDate) {
          throw badInput(
            'endDate',
            `endDate: must not be before startDate (${enrollment.startDate})`,
          );
        }
        enrollment.endDate = input.endDate;
        return m.save(enrollment);
      },
      load: loadEnrollment,
    });
  },

  async recordContributionArrears(
    _: unknown,
    args: Args<typeof recordContributionArrearsInput>,
    ctx: Context,
  ) {
    const input = validate(recordContributionArrearsInput, args.input);
    await ctx.references.assertExist(references(input));
    return runMutation(ctx.db, {
      operation: 'recordContributionArrears',
      input,
      execute: (m) =>
        m.save(
          m.create(ContributionArrearsEntity, {
            workerId: input.workerId ?? null,
            employerId: input.employerId ?? null,
            scheme: input.scheme,
            since: input.since,
            amount: input.amount,
            settledOn: null,
          }),
        ),
      load: loadArrears,
    });
  },

  settleContributionArrears(
    _: unknown,
    args: Args<typeof settleContributionArrearsInput>,
    ctx: Context,
  ) {
    const input = validate(settleContributionArrearsInput, args.input);
    return runMutation(ctx.db, {
      operation: 'settleContributionArrears',
      input,
      execute: async (m) => {
        const arrears = await findById(m, ContributionArrearsEntity, input.arrearsId, {
          forUpdate: true,
        });
        if (!arrears) throw notFound('ContributionArrears', input.arrearsId, 'arrearsId');
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
      load: loadArrears,
    });
  },
};
