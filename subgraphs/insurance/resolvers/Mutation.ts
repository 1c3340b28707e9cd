import { arrearsSettlement, changed, closeOnce, mutation } from '../../kit/mutation';
import { ContributionArrearsEntity, InsuranceEnrollmentEntity } from '../entities';
import {
  endInsuranceEnrollmentInput,
  enrollInsuranceInput,
  recordContributionArrearsInput,
  settleContributionArrearsInput,
} from '../validation';

/** Both kinds of input may name a worker and an employer. */
const references = { workerId: 'Worker', employerId: 'Employer' } as const;

/** Both kinds of row name the worker and the employer they concern. */
const concerned = (row: { workerId: string | null; employerId: string | null }) =>
  changed({ workers: [row.workerId], employers: [row.employerId] });

export const Mutation = {
  enrollInsurance: mutation({
    name: 'enrollInsurance',
    input: enrollInsuranceInput,
    references,
    entity: InsuranceEnrollmentEntity,
    execute: (m, input) =>
      m.save(
        m.create(InsuranceEnrollmentEntity, {
          workerId: input.workerId,
          scheme: input.scheme,
          employerId: input.employerId ?? null,
          startDate: input.startDate,
          endDate: input.endDate ?? null,
        }),
      ),
    changes: concerned,
  }),

  endInsuranceEnrollment: mutation({
    name: 'endInsuranceEnrollment',
    input: endInsuranceEnrollmentInput,
    entity: InsuranceEnrollmentEntity,
    execute: (m, input) =>
      closeOnce(
        m,
        {
          entity: InsuranceEnrollmentEntity,
          type: 'InsuranceEnrollment',
          idField: 'enrollmentId',
          date: 'endDate',
          notBefore: 'startDate',
          closed: (e) => `Enrollment ${e.id} already ended on ${e.endDate}`,
        },
        input.enrollmentId,
        { endDate: input.endDate },
      ),
    changes: concerned,
  }),

  recordContributionArrears: mutation({
    name: 'recordContributionArrears',
    input: recordContributionArrearsInput,
    references,
    entity: ContributionArrearsEntity,
    execute: (m, input) =>
      m.save(
        m.create(ContributionArrearsEntity, {
          workerId: input.workerId ?? null,
          employerId: input.employerId ?? null,
          scheme: input.scheme,
          since: input.since,
          amount: input.amount,
          settledOn: null,
        }),
      ),
    changes: concerned,
  }),

  settleContributionArrears: mutation({
    name: 'settleContributionArrears',
    input: settleContributionArrearsInput,
    entity: ContributionArrearsEntity,
    execute: (m, input) =>
      closeOnce(
        m,
        arrearsSettlement(ContributionArrearsEntity, 'ContributionArrears'),
        input.arrearsId,
        { settledOn: input.settledOn },
      ),
    changes: concerned,
  }),
};
