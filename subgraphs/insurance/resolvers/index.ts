import { changeFeed } from '../../kit/changes';
import type { Resolvers } from '../generated/resolvers';
import { Employer } from './Employer';
import { ContributionArrears, InsuranceEnrollment } from './InsuranceEnrollment';
import { Mutation } from './Mutation';
import { Worker } from './Worker';

export const resolvers: Resolvers = {
  Query: { changes: changeFeed },
  Mutation,
  Worker,
  Employer,
  InsuranceEnrollment,
  ContributionArrears,
};
