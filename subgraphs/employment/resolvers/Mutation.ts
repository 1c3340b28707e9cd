import { badInput, notFound } from '../../kit/errors';
import { findById } from '../../kit/loaders';
import { changed, closeOnce, mutation } from '../../kit/mutation';
import { EmployerEntity, EmploymentEntity, EmploymentNotificationEntity } from '../entities';
import {
  endEmploymentInput,
  fileEmploymentNotificationInput,
  registerEmployerInput,
  startEmploymentInput,
} from '../validation';

/** An employment concerns its worker and its employer. */
const parties = (e: EmploymentEntity) =>
  changed({ workers: [e.workerId], employers: [e.employerId] });

/**
 * A notification reports a hire or a separation that happened: it is not filed before the
 * employment's startDate (HIRE) or endDate (SEPARATION; none yet means the employment has not ended).
 */
function assertNotBefore(employment: EmploymentEntity, kind: 'HIRE' | 'SEPARATION', on: string) {
  const [date, name] =
    kind === 'HIRE' ? [employment.startDate, 'startDate'] : [employment.endDate, 'endDate'];
  if (date === null) {
    throw badInput(
      'filedOn',
      `filedOn: a SEPARATION is not filed before the endDate, and the employment has none yet`,
    );
  }
  if (on < date) {
    throw badInput('filedOn', `filedOn: a ${kind} is not filed before the ${name} (${date})`);
  }
}

export const Mutation = {
  registerEmployer: mutation({
    name: 'registerEmployer',
    input: registerEmployerInput,
    entity: EmployerEntity,
    execute: async (m, input) => {
      const { identifiers } = await m.insert(EmployerEntity, {
        name: input.name,
        legalForm: input.legalForm,
        employeeCount: input.employeeCount,
        insuredHeadcount: input.insuredHeadcount,
        corporateNumber: input.corporateNumber ?? null,
      });
      return m.findOneByOrFail(EmployerEntity, { id: identifiers[0].id as string });
    },
    changes: (employer) => changed({ employers: [employer.id] }),
  }),

  startEmployment: mutation({
    name: 'startEmployment',
    input: startEmploymentInput,
    references: { workerId: 'Worker' },
    entity: EmploymentEntity,
    execute: async (m, input) => {
      const employer = await findById(m, EmployerEntity, input.employerId);
      if (!employer) throw notFound('Employer', input.employerId, 'employerId');
      return m.save(
        m.create(EmploymentEntity, {
          workerId: input.workerId,
          employerId: employer.id,
          startDate: input.startDate,
          endDate: input.endDate ?? null,
          jobField: input.jobField,
          weeklyHours: input.weeklyHours,
          monthlyWage: input.monthlyWage,
          supportPlanProvider: input.supportPlan?.provider ?? null,
          supportPlanOrganizationName: input.supportPlan?.organizationName ?? null,
        }),
      );
    },
    changes: parties,
  }),

  endEmployment: mutation({
    name: 'endEmployment',
    input: endEmploymentInput,
    entity: EmploymentEntity,
    // A fixed-term employment may end early; it cannot be extended past its end (that is a new
    // contract).
    execute: (m, input) =>
      closeOnce(
        m,
        {
          entity: EmploymentEntity,
          type: 'Employment',
          idField: 'employmentId',
          date: 'endDate',
          notBefore: 'startDate',
          closed: (e) =>
            `Employment ${e.id} already ends on ${e.endDate}; an extension is a new employment`,
          mayShorten: true,
        },
        input.employmentId,
        { endDate: input.endDate },
      ),
    changes: parties,
  }),

  fileEmploymentNotification: mutation({
    name: 'fileEmploymentNotification',
    input: fileEmploymentNotificationInput,
    entity: EmploymentNotificationEntity,
    execute: async (m, input) => {
      const employment = await findById(m, EmploymentEntity, input.employmentId);
      if (!employment) throw notFound('Employment', input.employmentId, 'employmentId');
      assertNotBefore(employment, input.kind, input.filedOn);
      return m.save(
        m.create(EmploymentNotificationEntity, {
          employmentId: employment.id,
          workerId: employment.workerId,
          kind: input.kind,
          filedOn: input.filedOn,
          reportedStatus: input.reportedStatus ?? null,
          reportedExpiresOn: input.reportedExpiresOn ?? null,
        }),
      );
    },
    changes: async (n, m) =>
      parties(await m.findOneByOrFail(EmploymentEntity, { id: n.employmentId })),
  }),
};
