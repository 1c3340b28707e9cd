import { EmployerEntity } from './Employer';
import { EmploymentEntity } from './Employment';
import { EmploymentNotificationEntity } from './EmploymentNotification';

export { EmployerEntity, EmploymentEntity, EmploymentNotificationEntity };
export const entities = [EmployerEntity, EmploymentEntity, EmploymentNotificationEntity];
