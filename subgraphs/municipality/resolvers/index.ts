import { changeFeed } from '../../kit/changes';
import type { Resolvers } from '../generated/resolvers';
import { Mutation } from './Mutation';
import { AddressRegistration, Worker } from './Worker';

export const resolvers: Resolvers = {
  Query: { changes: changeFeed },
  Mutation,
  Worker,
  AddressRegistration,
};
