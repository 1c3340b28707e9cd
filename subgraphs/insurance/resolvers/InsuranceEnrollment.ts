import type {
  ContributionArrearsResolvers,
  InsuranceEnrollmentResolvers,
} from '../generated/resolvers';

const workerRef = (id: string) => ({ __typename: 'Worker' as const, id });
const employerRef = (id: string | null) => (id ? { __typename: 'Employer' as const, id } : null);

export const InsuranceEnrollment: InsuranceEnrollmentResolvers = {
  worker: (e) => workerRef(e.workerId),
  employer: (e) => employerRef(e.employerId),
};

export const ContributionArrears: ContributionArrearsResolvers = {
  worker: (a) => (a.workerId ? workerRef(a.workerId) : null),
  employer: (a) => employerRef(a.employerId),
};
