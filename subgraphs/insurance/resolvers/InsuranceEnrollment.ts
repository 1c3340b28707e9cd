import type { ContributionArrearsEntity, InsuranceEnrollmentEntity } from '../entities';

const workerRef = (id: string | null) => (id ? { __typename: 'Worker', id } : null);
const employerRef = (id: string | null) => (id ? { __typename: 'Employer', id } : null);

export const InsuranceEnrollment = {
  worker: (e: InsuranceEnrollmentEntity) => workerRef(e.workerId),
  employer: (e: InsuranceEnrollmentEntity) => employerRef(e.employerId),
};

export const ContributionArrears = {
  worker: (a: ContributionArrearsEntity) => workerRef(a.workerId),
  employer: (a: ContributionArrearsEntity) => employerRef(a.employerId),
};
