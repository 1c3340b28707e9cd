import { z } from 'zod';
import { endNotBeforeStart, schemas as s } from '../kit/validation';

export const notifyAddressInput = z
  .object({
    workerId: s.id,
    municipalityCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit local government code'),
    movedInOn: s.date,
    notifiedOn: s.date,
    idempotencyKey: s.idempotencyKey,
  })
  .superRefine((v, ctx) =>
    endNotBeforeStart(v.movedInOn, v.notifiedOn, ctx, 'notifiedOn', 'movedInOn'),
  );

/** `movedOutOn ≥ movedInOn` is checked against the stored registration (kit/mutation.ts closeOnce). */
export const notifyMoveOutInput = z.object({
  registrationId: s.id,
  movedOutOn: s.date,
  idempotencyKey: s.idempotencyKey,
});
