/** Employment registry: employers, employments, their ends and notifications. */
import { clean, each, type DemoRegistry } from './registry';

export const REGISTER_EMPLOYER = /* GraphQL */ `
  mutation RegisterEmployer($input: RegisterEmployerInput!) {
    registerEmployer(input: $input) {
      id
    }
  }
`;

export const START_EMPLOYMENT = /* GraphQL */ `
  mutation StartEmployment($input: StartEmploymentInput!) {
    startEmployment(input: $input) {
      id
    }
  }
`;

export const END_EMPLOYMENT = /* GraphQL */ `
  mutation EndEmployment($input: EndEmploymentInput!) {
    endEmployment(input: $input) {
      id
    }
  }
`;

export const FILE_EMPLOYMENT_NOTIFICATION = /* GraphQL */ `
  mutation FileEmploymentNotification($input: FileEmploymentNotificationInput!) {
    fileEmploymentNotification(input: $input) {
      id
    }
  }
`;

export const employmentDemo: DemoRegistry = {
  name: 'employment',
  phases: {
    identities: ({ employers }, { keep }) =>
      each(employers, (e) => ({
        document: REGISTER_EMPLOYER,
        ref: `employer:${e.key}`,
        input: {
          name: e.name,
          legalForm: e.legalForm,
          employeeCount: e.employeeCount,
          insuredHeadcount: e.insuredHeadcount,
          corporateNumber: e.corporateNumber,
        },
        onId: keep(e.key),
      })),
    records: ({ workers }, { id, keep }) =>
      workers.flatMap((w) =>
        each(w.employments, (e) => ({
          document: START_EMPLOYMENT,
          ref: `employment:${e.key}`,
          input: {
            workerId: id(w.key),
            employerId: id(e.employer),
            startDate: e.startDate,
            endDate: e.endDate,
            jobField: e.jobField,
            weeklyHours: e.weeklyHours,
            monthlyWage: e.monthlyWage,
            supportPlan: e.supportPlan && clean(e.supportPlan),
          },
          onId: keep(e.key),
        })),
      ),
    followUps: ({ workers }, { id }) =>
      workers.flatMap((w) =>
        each(w.employments, (e) =>
          e.endedOn
            ? {
                document: END_EMPLOYMENT,
                ref: `end:${e.key}`,
                input: { employmentId: id(e.key), endDate: e.endedOn },
              }
            : null,
        ),
      ),
    // After endEmployment, so a separation notice finds the employment ended.
    notices: ({ workers }, { id }) =>
      workers.flatMap((w) =>
        w.employments.flatMap((e) =>
          each(e.notifications, (n, i) => ({
            document: FILE_EMPLOYMENT_NOTIFICATION,
            ref: `notice:${e.key}:${i}`,
            input: {
              employmentId: id(e.key),
              kind: n.kind,
              filedOn: n.filedOn,
              reportedStatus: n.reportedStatus,
              reportedExpiresOn: n.reportedExpiresOn,
            },
          })),
        ),
      ),
  },
};
