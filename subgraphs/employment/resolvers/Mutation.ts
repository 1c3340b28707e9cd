import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { badInput, conflict, notFound } from '../../kit/errors';
import { runMutation } from '../../kit/idempotency';
import { findById } from '../../kit/loaders';
import { validate } from '../../kit/validation';
import type { Context } from '../loaders';
import { EmployerEntity, EmploymentEntity, EmploymentNotificationEntity } from '../entities';
import {
  endEmploymentInput,
  fileEmploymentNotificationInput,
  registerEmployerInput,
  startEmploymentInput,
} from '../validation';

type Args<S extends z.ZodType> = { input: z.input<S> };

async function requireEmployment(
  m: EntityManager,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<EmploymentEntity> {
  const employment = await findById(m, EmploymentEntity, id, options);
  if (!employment) throw notFound('Employment', id, 'employmentId');
  return employment;
}

export const Mutation = {
  registerEmployer(_: unknown, args: Args<typeof registerEmployerInput>, ctx: Context) {
    const input = validate(registerEmployerInput, args.input);
    return runMutation(ctx.db, {
      operation: 'registerEmployer',
      input,
      execute: async (m) => {
        const { identifiers } = await m.insert(EmployerEntity, {
          name: input.name,
          legalForm: input.legalForm,
          employeeCount: input.employeeCount,
          insuredHeadcount: input.insuredHeadcount,
          corporateNumber: input.corporateNumber ?? null,
        });
        return m.findOneByOrFail(EmployerEntity, { id: identifiers[0].id as string });
      },
      load: (m, id) => findById(m, EmployerEntity, id),
    });
  },

  async startEmployment(_: unknown, args: Args<typeof startEmploymentInput>, ctx: Context) {
    const input = validate(startEmploymentInput, args.input);
    await ctx.references.assertExist([{ type: 'Worker', id: input.workerId, field: 'workerId' }]);
    return runMutation(ctx.db, {
      operation: 'startEmployment',
      input,
      execute: async (m) => {
        const employer = await findById(m, EmployerEntity, input.employerId);
        if (!employer) throw notFound('Employer', input.employerId, 'employerId');
        return m.save(
          m.create(EmploymentEntity, {
            workerId: input.workerId,
            employerId: employer.id,
            startDate: input.startDate,
            endDate: input.endDate ?? null,
            jobField: input.jobField,
            weeklyHours: input.weeklyHours,
            monthlyWage: input.monthlyWage,
            supportPlanProvider: input.supportPlan?.provider ?? null,
            supportPlanOrganizationName: input.supportPlan?.organizationName ?? null,
          }),
        );
      },
      load: (m, id) => findById(m, EmploymentEntity, id),
    });
  },

  endEmployment(_: unknown, args: Args<typeof endEmploymentInput>, ctx: Context) {
    const input = validate(endEmploymentInput, args.input);
    return runMutation(ctx.db, {
      operation: 'endEmployment',
      input,
      execute: async (m) => {
        const employment = await requireEmployment(m, input.employmentId, { forUpdate: true });
        // A fixed-term employment may end early; it cannot be extended past its end (that is a
        // new contract).
        if (employment.endDate !== null) {
          if (employment.endDate === input.endDate) return employment;
          if (input.endDate > employment.endDate) {
            throw conflict(
              `Employment ${employment.id} already ends on ${employment.endDate}; an extension is a new employment`,
              'employmentId',
            );
          }
        }
        if (input.endDate < employment.startDate) {
          throw badInput(
            'endDate',
            `endDate: must not be before startDate (${employment.startDate})`,
          );
        }
        employment.endDate = input.endDate;
        return m.save(employment);
      },
      load: (m, id) => findById(m, EmploymentEntity, id),
    });
  },

  fileEmploymentNotification(
    _: unknown,
    args: Args<typeof fileEmploymentNotificationInput>,
    ctx: Context,
  ) {
    const input = validate(fileEmploymentNotificationInput, args.input);
    return runMutation(ctx.db, {
      operation: 'fileEmploymentNotification',
      input,
      execute: async (m) => {
        const employment = await requireEmployment(m, input.employmentId);
        return m.save(
          m.create(EmploymentNotificationEntity, {
            employmentId: employment.id,
            workerId: employment.workerId,
            kind: input.kind,
            filedOn: input.filedOn,
            reportedStatus: input.reportedStatus ?? null,
            reportedExpiresOn: input.reportedExpiresOn ?? null,
          }),
        );
      },
      load: (m, id) => findById(m, EmploymentNotificationEntity, id),
    });
  },
};
