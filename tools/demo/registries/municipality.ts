/**
 * Municipal resident registry: where each worker's address is registered. Derived for every worker
 * with a residence permit (moved in on arrival, notified within days; some moved once since), unless
 * a scenario states it (violations/address.ts).
 */
import { addDays, daysBetween, type CalendarDate } from '../dates';
import { min } from '../derive';
import type { Random } from '../random';
import type { DemoWorker } from '../types';
import { each, type DemoRegistry } from './registry';

export interface DemoAddressRegistration {
  /** The 6-digit local government code. */
  municipalityCode: string;
  movedInOn: CalendarDate;
  notifiedOn: CalendarDate;
  movedOutOn: CalendarDate | null;
}

declare module '../types' {
  interface RegistryFacts {
    /** At most two, oldest first; only the first may have moved out before the second. */
    addressRegistrations?: DemoAddressRegistration[];
  }
}

/** Local government codes of towns with many foreign residents. */
export const MUNICIPALITY_CODES = [
  '131041', // Shinjuku, Tokyo
  '131113', // Ota, Tokyo
  '112038', // Kawaguchi, Saitama
  '105236', // Oizumi, Gunma
  '141003', // Yokohama
  '231002', // Nagoya
  '232114', // Toyota, Aichi
  '221309', // Hamamatsu, Shizuoka
  '271004', // Osaka
  '401005', // Kitakyushu, Fukuoka
] as const;

export const NOTIFY_ADDRESS = /* GraphQL */ `
  mutation NotifyAddress($input: NotifyAddressInput!) {
    notifyAddress(input: $input) {
      id
    }
  }
`;

export const NOTIFY_MOVE_OUT = /* GraphQL */ `
  mutation NotifyMoveOut($input: NotifyMoveOutInput!) {
    notifyMoveOut(input: $input) {
      id
    }
  }
`;

/** An address moved into on `movedInOn` and notified 0–9 days later (never after `ref`). */
export function moveIn(
  rng: Random,
  movedInOn: CalendarDate,
  ref: CalendarDate,
): DemoAddressRegistration {
  return {
    municipalityCode: rng.pick(MUNICIPALITY_CODES),
    movedInOn,
    notifiedOn: min(addDays(movedInOn, rng.int(0, 9)), ref),
    movedOutOn: null,
  };
}

/** The day the worker first came under a residence permit, or null without one. */
export function arrivalOf(worker: Pick<DemoWorker, 'permits'>): CalendarDate | null {
  return worker.permits.reduce<CalendarDate | null>(
    (a, p) => (a === null || p.grantedOn < a ? p.grantedOn : a),
    null,
  );
}

/**
 * A diligent resident: registered within days of arrival and, one in four, moved once since
 * (moved out and in on the same day, the new address notified within the 14 days). Short-term
 * visitors and workers without a permit have no resident record.
 */
function derive(worker: DemoWorker, rng: Random, ref: CalendarDate): DemoAddressRegistration[] {
  const arrival = arrivalOf(worker);
  if (arrival === null || worker.permits.every((p) => p.status === 'TEMPORARY_VISITOR')) return [];
  const first = moveIn(rng, min(addDays(arrival, rng.int(0, 4)), ref), ref);
  const span = daysBetween(first.notifiedOn, ref);
  if (span < 200 || !rng.chance(0.25)) return [first];
  const moved = addDays(first.notifiedOn, rng.int(60, span - 30));
  return [{ ...first, movedOutOn: moved }, moveIn(rng, moved, ref)];
}

const notifyAddress = (workerId: string, r: DemoAddressRegistration) => ({
  workerId,
  municipalityCode: r.municipalityCode,
  movedInOn: r.movedInOn,
  notifiedOn: r.notifiedOn,
});

export const municipalityDemo: DemoRegistry = {
  name: 'municipality',
  derive: (worker, { rng, ref }) => ({ addressRegistrations: derive(worker, rng, ref) }),
  phases: {
    records: ({ workers }, { id, keep }) =>
      workers.flatMap((w) =>
        each(w.registryFacts.addressRegistrations?.slice(0, 1) ?? [], (r) => ({
          document: NOTIFY_ADDRESS,
          ref: `address:${w.key}:0`,
          input: notifyAddress(id(w.key), r),
          onId: keep(`${w.key}:address:0`),
        })),
      ),
    followUps: ({ workers }, { id }) =>
      workers.flatMap((w) =>
        each(w.registryFacts.addressRegistrations?.slice(0, 1) ?? [], (r) =>
          r.movedOutOn
            ? {
                document: NOTIFY_MOVE_OUT,
                ref: `move-out:${w.key}:0`,
                input: { registrationId: id(`${w.key}:address:0`), movedOutOn: r.movedOutOn },
              }
            : null,
        ),
      ),
    // After the first address is moved out of: a second open registration would conflict.
    notices: ({ workers }, { id }) =>
      workers.flatMap((w) =>
        each(w.registryFacts.addressRegistrations?.slice(1) ?? [], (r, i) => {
          if (i > 0 || r.movedOutOn) throw new Error(`${w.key}: only the first address moves out`);
          return {
            document: NOTIFY_ADDRESS,
            ref: `address:${w.key}:1`,
            input: notifyAddress(id(w.key), r),
          };
        }),
      ),
  },
};
