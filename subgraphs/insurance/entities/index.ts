import { ContributionArrearsEntity } from './ContributionArrears';
import { InsuranceEnrollmentEntity } from './InsuranceEnrollment';

export { ContributionArrearsEntity, InsuranceEnrollmentEntity };
export const entities = [InsuranceEnrollmentEntity, ContributionArrearsEntity];
