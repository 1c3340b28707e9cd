import { Mutation } from './Mutation';
import { Query } from './Query';
import { ResidenceApplication, ResidencePermit, WorkPermission } from './ResidencePermit';
import { Worker } from './Worker';

export const resolvers = {
  Query,
  Mutation,
  Worker,
  ResidencePermit,
  ResidenceApplication,
  WorkPermission,
};
