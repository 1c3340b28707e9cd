import type { Resolvers } from '../generated/resolvers';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { ResidenceApplication, ResidencePermit, WorkPermission } from './ResidencePermit';
import { Worker } from './Worker';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Worker,
  ResidencePermit,
  ResidenceApplication,
  WorkPermission,
};
