import { ResidenceApplicationEntity } from './ResidenceApplication';
import { ResidencePermitEntity } from './ResidencePermit';
import { WorkerEntity } from './Worker';
import { WorkPermissionEntity } from './WorkPermission';

export { ResidenceApplicationEntity, ResidencePermitEntity, WorkerEntity, WorkPermissionEntity };
export const entities = [
  WorkerEntity,
  ResidencePermitEntity,
  ResidenceApplicationEntity,
  WorkPermissionEntity,
];
