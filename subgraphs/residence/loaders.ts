import type { RegistryContext } from '../kit/context';
import type { DataSource } from 'typeorm';
import { byIdLoader, groupLoader } from '../kit/loaders';
import {
  ResidenceApplicationEntity,
  ResidencePermitEntity,
  WorkerEntity,
  WorkPermissionEntity,
} from './entities';

/** Built per request: every batch is one SQL statement. */
export function createLoaders(ds: DataSource) {
  return {
    worker: byIdLoader(ds, WorkerEntity),
    application: byIdLoader(ds, ResidenceApplicationEntity),
    permitsByWorker: groupLoader(ds, ResidencePermitEntity, 'workerId', ['grantedOn']),
    applicationsByWorker: groupLoader(ds, ResidenceApplicationEntity, 'workerId', ['filedOn']),
    permissionsByWorker: groupLoader(ds, WorkPermissionEntity, 'workerId', ['grantedOn']),
  };
}

type Loaders = ReturnType<typeof createLoaders>;

/** The residence registry's request context. */
export type Context = RegistryContext<Loaders>;
