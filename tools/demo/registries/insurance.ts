/** Insurance registry: enrollments, and contribution arrears of workers and employers. */
import { each, type DemoRegistry } from './registry';

export const ENROLL_INSURANCE = /* GraphQL */ `
  mutation EnrollInsurance($input: EnrollInsuranceInput!) {
    enrollInsurance(input: $input) {
      id
    }
  }
`;

export const RECORD_CONTRIBUTION_ARREARS = /* GraphQL */ `
  mutation RecordContributionArrears($input: RecordContributionArrearsInput!) {
    recordContributionArrears(input: $input) {
      id
    }
  }
`;

export const SETTLE_CONTRIBUTION_ARREARS = /* GraphQL */ `
  mutation SettleContributionArrears($input: SettleContributionArrearsInput!) {
    settleContributionArrears(input: $input) {
      id
    }
  }
`;

export const insuranceDemo: DemoRegistry = {
  name: 'insurance',
  phases: {
    records: ({ workers, employers }, { id, keep }) => [
      ...workers.flatMap((w) => [
        ...each(w.enrollments, (n, i) => ({
          document: ENROLL_INSURANCE,
          ref: `enrollment:${w.key}:${i}`,
          input: {
            workerId: id(w.key),
            scheme: n.scheme,
            employerId: n.employer && id(n.employer),
            startDate: n.startDate,
            endDate: n.endDate,
          },
        })),
        ...each(w.arrears, (a, i) => ({
          document: RECORD_CONTRIBUTION_ARREARS,
          ref: `arrears:${w.key}:${i}`,
          input: { workerId: id(w.key), scheme: a.scheme, since: a.since, amount: a.amount },
          onId: keep(`${w.key}:arrears:${i}`),
        })),
      ]),
      ...employers.flatMap((e) =>
        each(e.contributionArrears, (a, i) => ({
          document: RECORD_CONTRIBUTION_ARREARS,
          ref: `employer-arrears:${e.key}:${i}`,
          input: { employerId: id(e.key), scheme: a.scheme, since: a.since, amount: a.amount },
          onId: keep(`${e.key}:arrears:${i}`),
        })),
      ),
    ],
    followUps: ({ workers, employers }, { id }) => [
      ...workers.flatMap((w) =>
        each(w.arrears, (a, i) =>
          a.settledOn
            ? {
                document: SETTLE_CONTRIBUTION_ARREARS,
                ref: `settle:${w.key}:${i}`,
                input: { arrearsId: id(`${w.key}:arrears:${i}`), settledOn: a.settledOn },
              }
            : null,
        ),
      ),
      ...employers.flatMap((e) =>
        each(e.contributionArrears, (a, i) =>
          a.settledOn
            ? {
                document: SETTLE_CONTRIBUTION_ARREARS,
                ref: `employer-settle:${e.key}:${i}`,
                input: { arrearsId: id(`${e.key}:arrears:${i}`), settledOn: a.settledOn },
              }
            : null,
        ),
      ),
    ],
  },
};
