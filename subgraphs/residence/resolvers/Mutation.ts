import type { z } from 'zod';
import { badInput, conflict, notFound } from '../../kit/errors';
import { runMutation } from '../../kit/idempotency';
import { permitInForce } from '../../law/status';
import { workCategory, DEFAULT_MAX_WEEKLY_HOURS } from '../../law/vocabulary';
import { findById } from '../../kit/loaders';
import { validate } from '../../kit/validation';
import type { Context } from '../loaders';
import {
  ResidenceApplicationEntity,
  ResidencePermitEntity,
  WorkerEntity,
  WorkPermissionEntity,
} from '../entities';
import {
  decideApplicationInput,
  fileApplicationInput,
  grantResidencePermitInput,
  grantWorkPermissionInput,
  registerWorkerInput,
} from '../validation';
import type { EntityManager } from 'typeorm';

type Args<S extends z.ZodType> = { input: z.input<S> };

async function requireWorker(m: EntityManager, id: string): Promise<WorkerEntity> {
  const worker = await findById(m, WorkerEntity, id);
  if (!worker) throw notFound('Worker', id, 'workerId');
  return worker;
}

export const Mutation = {
  registerWorker(_: unknown, args: Args<typeof registerWorkerInput>, ctx: Context) {
    const input = validate(registerWorkerInput, args.input);
    return runMutation(ctx.db, {
      operation: 'registerWorker',
      input,
      execute: async (m) => {
        const { identifiers } = await m.insert(WorkerEntity, {
          fullName: input.fullName,
          nationality: input.nationality,
          dateOfBirth: input.dateOfBirth,
        });
        return m.findOneByOrFail(WorkerEntity, { id: identifiers[0].id as string });
      },
      load: (m, id) => findById(m, WorkerEntity, id),
    });
  },

  async grantResidencePermit(
    _: unknown,
    args: Args<typeof grantResidencePermitInput>,
    ctx: Context,
  ) {
    const input = validate(grantResidencePermitInput, args.input);
    if (input.designatedEmployerId) {
      await ctx.references.assertExist([
        { type: 'Employer', id: input.designatedEmployerId, field: 'designatedEmployerId' },
      ]);
    }
    return runMutation(ctx.db, {
      operation: 'grantResidencePermit',
      input,
      execute: async (m) => {
        await requireWorker(m, input.workerId);
        return m.save(
          m.create(ResidencePermitEntity, {
            workerId: input.workerId,
            status: input.status,
            grantedOn: input.grantedOn,
            expiresOn: input.expiresOn ?? null,
            designatedFields: input.designatedFields ?? [],
            designatedEmployerId: input.designatedEmployerId ?? null,
            enrolledUntil: input.enrolledUntil ?? null,
          }),
        );
      },
      load: (m, id) => findById(m, ResidencePermitEntity, id),
    });
  },

  fileResidenceApplication(_: unknown, args: Args<typeof fileApplicationInput>, ctx: Context) {
    const input = validate(fileApplicationInput, args.input);
    return runMutation(ctx.db, {
      operation: 'fileResidenceApplication',
      input,
      execute: async (m) => {
        await requireWorker(m, input.workerId);
        return m.save(
          m.create(ResidenceApplicationEntity, {
            workerId: input.workerId,
            kind: input.kind,
            filedOn: input.filedOn,
            decidedOn: null,
            outcome: null,
          }),
        );
      },
      load: (m, id) => findById(m, ResidenceApplicationEntity, id),
    });
  },

  decideResidenceApplication(_: unknown, args: Args<typeof decideApplicationInput>, ctx: Context) {
    const input = validate(decideApplicationInput, args.input);
    return runMutation(ctx.db, {
      operation: 'decideResidenceApplication',
      input,
      execute: async (m) => {
        const application = await findById(m, ResidenceApplicationEntity, input.applicationId, {
          forUpdate: true,
        });
        if (!application)
          throw notFound('ResidenceApplication', input.applicationId, 'applicationId');
        if (application.decidedOn !== null) {
          if (application.decidedOn === input.decidedOn && application.outcome === input.outcome)
            return application;
          throw conflict(
            `Application ${application.id} was already decided on ${application.decidedOn}`,
            'applicationId',
          );
        }
        if (input.decidedOn < application.filedOn) {
          throw badInput(
            'decidedOn',
            `decidedOn: must not be before filedOn (${application.filedOn})`,
          );
        }
        application.decidedOn = input.decidedOn;
        application.outcome = input.outcome;
        return m.save(application);
      },
      load: (m, id) => findById(m, ResidenceApplicationEntity, id),
    });
  },

  grantWorkPermission(_: unknown, args: Args<typeof grantWorkPermissionInput>, ctx: Context) {
    const input = validate(grantWorkPermissionInput, args.input);
    return runMutation(ctx.db, {
      operation: 'grantWorkPermission',
      input,
      execute: async (m) => {
        await requireWorker(m, input.workerId);
        const permits = await m.findBy(ResidencePermitEntity, { workerId: input.workerId });
        const permit = permitInForce(permits, input.grantedOn);
        if (!permit || workCategory(permit.status) !== 'PERMISSION_REQUIRED') {
          const held = permit
            ? `the ${permit.status} status in force on ${input.grantedOn}`
            : `no status on ${input.grantedOn}`;
          throw badInput(
            'workerId',
            `workerId: a work permission can only be granted to a STUDENT or DEPENDENT status, and the worker has ${held}`,
          );
        }
        return m.save(
          m.create(WorkPermissionEntity, {
            workerId: input.workerId,
            grantedOn: input.grantedOn,
            expiresOn: input.expiresOn ?? null,
            maxWeeklyHours: input.maxWeeklyHours ?? DEFAULT_MAX_WEEKLY_HOURS,
          }),
        );
      },
      load: (m, id) => findById(m, WorkPermissionEntity, id),
    });
  },
};
