import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { conflict } from '../../kit/errors';
import { changed, closeOnce, mutation, type CloseOnce } from '../../kit/mutation';
import { AddressRegistrationEntity } from '../entities';
import { notifyAddressInput, notifyMoveOutInput } from '../validation';

function isUniqueViolation(error: unknown): boolean {
  return (error as { driverError?: { code?: string } })?.driverError?.code === '23505';
}

/** The partial unique index (worker, current) decides, so concurrent notifications cannot both win. */
async function insertRegistration(
  m: EntityManager,
  input: z.infer<typeof notifyAddressInput>,
): Promise<AddressRegistrationEntity> {
  try {
    return await m.save(
      m.create(AddressRegistrationEntity, {
        workerId: input.workerId,
        municipalityCode: input.municipalityCode,
        movedInOn: input.movedInOn,
        notifiedOn: input.notifiedOn,
        movedOutOn: null,
      }),
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw conflict(
      `Worker ${input.workerId} already has a current address registration: notify the move-out first`,
      'workerId',
    );
  }
}

/** A registration is closed once, by its move-out, never before the move-in. */
const moveOut: CloseOnce<AddressRegistrationEntity> = {
  entity: AddressRegistrationEntity,
  type: 'AddressRegistration',
  idField: 'registrationId',
  date: 'movedOutOn',
  notBefore: 'movedInOn',
  closed: (r) => `Registration ${r.id} was already closed by a move-out on ${r.movedOutOn}`,
};

export const Mutation = {
  notifyAddress: mutation({
    name: 'notifyAddress',
    input: notifyAddressInput,
    references: { workerId: 'Worker' },
    entity: AddressRegistrationEntity,
    execute: insertRegistration,
    changes: (r) => changed({ workers: [r.workerId] }),
  }),

  notifyMoveOut: mutation({
    name: 'notifyMoveOut',
    input: notifyMoveOutInput,
    entity: AddressRegistrationEntity,
    execute: (m, input) =>
      closeOnce(m, moveOut, input.registrationId, { movedOutOn: input.movedOutOn }),
    changes: (r) => changed({ workers: [r.workerId] }),
  }),
};
