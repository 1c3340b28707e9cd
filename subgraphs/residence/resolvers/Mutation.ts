import type { EntityManager } from 'typeorm';
import { badInput, notFound } from '../../kit/errors';
import { findById } from '../../kit/loaders';
import { changed, closeOnce, mutation } from '../../kit/mutation';
import { permitInForce } from '../../law/status';
import { workCategory, DEFAULT_MAX_WEEKLY_HOURS } from '../../law/vocabulary';
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

async function requireWorker(m: EntityManager, id: string): Promise<WorkerEntity> {
  const worker = await findById(m, WorkerEntity, id);
  if (!worker) throw notFound('Worker', id, 'workerId');
  return worker;
}

/** Every residence row but the worker's own concerns its worker. */
const ofWorker = (row: { workerId: string }) => changed({ workers: [row.workerId] });

export const Mutation = {
  registerWorker: mutation({
    name: 'registerWorker',
    input: registerWorkerInput,
    entity: WorkerEntity,
    execute: async (m, input) => {
      const { identifiers } = await m.insert(WorkerEntity, {
        fullName: input.fullName,
        nationality: input.nationality,
        dateOfBirth: input.dateOfBirth,
      });
      return m.findOneByOrFail(WorkerEntity, { id: identifiers[0].id as string });
    },
    changes: (worker) => changed({ workers: [worker.id] }),
  }),

  grantResidencePermit: mutation({
    name: 'grantResidencePermit',
    input: grantResidencePermitInput,
    references: { designatedEmployerId: 'Employer' },
    entity: ResidencePermitEntity,
    execute: async (m, input) => {
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
    changes: (p) => changed({ workers: [p.workerId], employers: [p.designatedEmployerId] }),
  }),

  fileResidenceApplication: mutation({
    name: 'fileResidenceApplication',
    input: fileApplicationInput,
    entity: ResidenceApplicationEntity,
    execute: async (m, input) => {
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
    changes: ofWorker,
  }),

  decideResidenceApplication: mutation({
    name: 'decideResidenceApplication',
    input: decideApplicationInput,
    entity: ResidenceApplicationEntity,
    execute: (m, input) =>
      closeOnce(
        m,
        {
          entity: ResidenceApplicationEntity,
          type: 'ResidenceApplication',
          idField: 'applicationId',
          date: 'decidedOn',
          notBefore: 'filedOn',
          closed: (a) => `Application ${a.id} was already decided on ${a.decidedOn}`,
        },
        input.applicationId,
        { decidedOn: input.decidedOn, outcome: input.outcome },
      ),
    changes: ofWorker,
  }),

  grantWorkPermission: mutation({
    name: 'grantWorkPermission',
    input: grantWorkPermissionInput,
    entity: WorkPermissionEntity,
    execute: async (m, input) => {
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
    changes: ofWorker,
  }),
};
