import type { Resolvers } from '../generated/resolvers';
import { Employer } from './Employer';
import { Employment, EmploymentNotification } from './Employment';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { Worker } from './Worker';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Worker,
  Employer,
  Employment,
  EmploymentNotification,
};
