import type { DataSource } from 'typeorm';
import type { RegistryContext } from '../kit/context';
import { groupLoader } from '../kit/loaders';
import { AddressRegistrationEntity } from './entities';

/** Built per request: every batch is one SQL statement. */
export function createLoaders(ds: DataSource) {
  return {
    registrationsByWorker: groupLoader(ds, AddressRegistrationEntity, 'workerId', [
      'movedInOn',
      'notifiedOn',
    ]),
  };
}

type Loaders = ReturnType<typeof createLoaders>;

/** The municipal resident registry's request context. */
export type Context = RegistryContext<Loaders>;
