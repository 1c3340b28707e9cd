import { changeFeed } from '../../kit/changes';
import type { Resolvers } from '../generated/resolvers';
import { Mutation } from './Mutation';
import { EmployerTaxArrears, TaxAssessment, TaxPayment, WithholdingReport } from './TaxAssessment';
import { Employer, Worker } from './Worker';

export const resolvers: Resolvers = {
  Query: { changes: changeFeed },
  Mutation,
  Worker,
  Employer,
  TaxAssessment,
  TaxPayment,
  WithholdingReport,
  EmployerTaxArrears,
};
