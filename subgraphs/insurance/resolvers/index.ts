import { Employer } from './Employer';
import { ContributionArrears, InsuranceEnrollment } from './InsuranceEnrollment';
import { Mutation } from './Mutation';
import { Worker } from './Worker';

export const resolvers = { Mutation, Worker, Employer, InsuranceEnrollment, ContributionArrears };
