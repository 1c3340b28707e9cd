import type { RegistryContext } from '../kit/context';
import type { DataSource } from 'typeorm';
import { byIdLoader, groupLoader } from '../kit/loaders';
import { EmployerEntity, EmploymentEntity, EmploymentNotificationEntity } from './entities';

/** Built per request: every batch is one SQL statement. */
export function createLoaders(ds: DataSource) {
  return {
    employer: byIdLoader(ds, EmployerEntity),
    employment: byIdLoader(ds, EmploymentEntity),
    employmentsByWorker: groupLoader(ds, EmploymentEntity, 'workerId', ['startDate']),
    employmentsByEmployer: groupLoader(ds, EmploymentEntity, 'employerId', ['startDate']),
    notificationsByWorker: groupLoader(ds, EmploymentNotificationEntity, 'workerId', [
      'filedOn',
      'seq',
    ]),
    notificationsByEmployment: groupLoader(ds, EmploymentNotificationEntity, 'employmentId', [
      'filedOn',
      'seq',
    ]),
  };
}

type Loaders = ReturnType<typeof createLoaders>;

/** The employment registry's request context. */
export type Context = RegistryContext<Loaders>;
