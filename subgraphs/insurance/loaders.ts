import type { RegistryContext } from '../kit/context';
import type { DataSource } from 'typeorm';
import { groupLoader } from '../kit/loaders';
import { ContributionArrearsEntity, InsuranceEnrollmentEntity } from './entities';

/** Built per request: every batch is one SQL statement. */
export function createLoaders(ds: DataSource) {
  return {
    enrollmentsByWorker: groupLoader(ds, InsuranceEnrollmentEntity, 'workerId', ['startDate']),
    arrearsByWorker: groupLoader(ds, ContributionArrearsEntity, 'workerId', ['since']),
    arrearsByEmployer: groupLoader(ds, ContributionArrearsEntity, 'employerId', ['since']),
  };
}

type Loaders = ReturnType<typeof createLoaders>;

/** The insurance registry's request context. */
export type Context = RegistryContext<Loaders>;
