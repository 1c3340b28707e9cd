import { AS_OF, type Ids } from '../tools/demo/population';
import { encodeCursor } from '../subgraphs/kit/pagination';
import type {
  AssessMutationVariables,
  EmployerEmployeesQueryVariables,
  EnrolMutationVariables,
  PayMutationVariables,
  RegisterMutationVariables,
  StartMutationVariables,
  Worker360QueryVariables,
  WorkersPageQueryVariables,
} from '../tools/codegen/generated/operations';

/** The four workloads: the GraphQL operations and how each request picks its ids. */
export type WorkloadName = 'worker360' | 'page100' | 'employer500' | 'writes';

export const WORKLOAD_TITLES: Record<WorkloadName, string> = {
  worker360: '(a) Worker 360',
  page100: '(b) page of 100 workers + consistency',
  employer500: '(c) employer with 500 active employees + workforceConsistency',
  writes: '(d) write mix',
};

export const WORKER_360 = /* GraphQL */ `
  query Worker360($id: ID!, $asOf: Date) {
    worker(id: $id) {
      id
      fullName
      nationality
      dateOfBirth
      residence(asOf: $asOf) {
        status
        validity
        expiresOn
        validUntil
        workCategory
      }
      residencePermits {
        id
        status
        grantedOn
        expiresOn
        designatedFields
        designatedEmployer {
          id
          name
        }
        enrolledUntil
      }
      applications {
        id
        kind
        filedOn
        decidedOn
        outcome
      }
      workPermissions {
        id
        grantedOn
        expiresOn
        maxWeeklyHours
      }
      employments {
        id
        employer {
          id
          name
          legalForm
          employeeCount
          insuredHeadcount
          corporateNumber
          contributionArrears {
            scheme
            since
            amount
            settledOn
          }
          taxArrears {
            since
            amount
            settledOn
          }
        }
        startDate
        endDate
        jobField
        weeklyHours
        monthlyWage
        supportPlan {
          provider
          organizationName
        }
        notifications {
          kind
          filedOn
          reportedStatus
          reportedExpiresOn
        }
      }
      employmentNotifications {
        id
        kind
        filedOn
        reportedStatus
        reportedExpiresOn
      }
      insuranceEnrollments {
        id
        scheme
        employer {
          id
          name
        }
        startDate
        endDate
      }
      contributionArrears {
        id
        scheme
        since
        amount
        settledOn
      }
      taxAssessments {
        id
        kind
        fiscalYear
        amount
        dueDate
        collection
        collectingEmployer {
          id
          name
        }
        payments {
          id
          paidOn
          amount
        }
        paidAmount
        outstandingAmount
      }
      withholdingReports {
        id
        year
        employer {
          id
          name
        }
        grossPay
        taxWithheld
      }
      addressRegistrations {
        id
        municipalityCode
        movedInOn
        notifiedOn
        movedOutOn
      }
      consistency(asOf: $asOf) {
        asOf
        status
        missingSources
        unevaluatedRules
        findings {
          ruleId
          severity
          title
          explanation
          responsibleParty
          affectedParty
          legalBasis
          recommendedAction
          dueBy
          employer {
            id
            name
          }
          evidence {
            source
            entity
            id
            field
            value
          }
        }
      }
    }
  }
`;

export const PAGE_100 = /* GraphQL */ `
  query WorkersPage($first: Int!, $after: String, $asOf: Date) {
    workers(first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          fullName
          nationality
          residence(asOf: $asOf) {
            status
            validity
            expiresOn
          }
          employments(activeOn: $asOf) {
            employer {
              name
            }
            weeklyHours
          }
          consistency(asOf: $asOf) {
            status
            findings {
              ruleId
              severity
              responsibleParty
              dueBy
              explanation
            }
          }
        }
      }
    }
  }
`;

/**
 * workforceConsistency comes first: Hive Gateway's default planner loses it when another Employer
 * field precedes it (docs/INTEROP.md); the order changes nothing for the other systems.
 */
export const EMPLOYER_500 = /* GraphQL */ `
  query EmployerEmployees($id: ID!, $asOf: Date) {
    employer(id: $id) {
      workforceConsistency(asOf: $asOf) {
        asOf
        activeEmployees
        workersByStatus {
          status
          count
        }
        findingsByRule {
          ruleId
          count
        }
        findings {
          ruleId
          title
          explanation
          dueBy
          worker {
            id
            fullName
          }
        }
      }
      id
      name
      legalForm
      employeeCount
      insuredHeadcount
      corporateNumber
      contributionArrears {
        scheme
        since
        amount
        settledOn
      }
      taxArrears {
        since
        amount
        settledOn
      }
      employments(activeOn: $asOf) {
        id
        startDate
        endDate
        jobField
        weeklyHours
        worker {
          id
          fullName
          nationality
          residence(asOf: $asOf) {
            status
            expiresOn
          }
        }
      }
    }
  }
`;

const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterWorkerInput!) {
    registerWorker(input: $input) {
      id
    }
  }
`;
const START = /* GraphQL */ `
  mutation Start($input: StartEmploymentInput!) {
    startEmployment(input: $input) {
      id
    }
  }
`;
const ENROL = /* GraphQL */ `
  mutation Enrol($input: EnrollInsuranceInput!) {
    enrollInsurance(input: $input) {
      id
    }
  }
`;
const ASSESS = /* GraphQL */ `
  mutation Assess($input: AssessTaxInput!) {
    assessTax(input: $input) {
      id
    }
  }
`;
const PAY = /* GraphQL */ `
  mutation Pay($input: RecordTaxPaymentInput!) {
    recordTaxPayment(input: $input) {
      id
    }
  }
`;

export interface GraphQLRequest {
  query: string;
  variables: Record<string, unknown>;
}

/** The write mix, in rotation: hire a new worker, hire, enrol, assess, pay. */
export const WRITE_KINDS = [
  'registerWorker',
  'startEmployment',
  'enrollInsurance',
  'assessTax',
  'recordTaxPayment',
] as const;
export type WriteKind = (typeof WRITE_KINDS)[number];

interface WriteArgs {
  kind: WriteKind;
  workerId: string;
  employerId: string;
  assessmentId: string;
  n: number;
}

export function writeRequest(a: WriteArgs): GraphQLRequest {
  switch (a.kind) {
    case 'registerWorker':
      return {
        query: REGISTER,
        variables: {
          input: { fullName: `Bench Worker ${a.n}`, nationality: 'VN', dateOfBirth: '1998-04-01' },
        } satisfies RegisterMutationVariables,
      };
    case 'startEmployment':
      return {
        query: START,
        variables: {
          input: {
            workerId: a.workerId,
            employerId: a.employerId,
            startDate: '2026-05-01',
            jobField: 'FOOD_SERVICE',
            weeklyHours: 10,
            monthlyWage: 60000,
          },
        } satisfies StartMutationVariables,
      };
    case 'enrollInsurance':
      return {
        query: ENROL,
        variables: {
          input: {
            workerId: a.workerId,
            scheme: 'EMPLOYEES_HEALTH',
            employerId: a.employerId,
            startDate: '2026-05-01',
          },
        } satisfies EnrolMutationVariables,
      };
    case 'assessTax':
      return {
        query: ASSESS,
        variables: {
          input: {
            workerId: a.workerId,
            kind: 'INCOME_TAX',
            fiscalYear: 2026,
            amount: 30000,
            dueDate: '2027-03-15',
            collection: 'ORDINARY',
          },
        } satisfies AssessMutationVariables,
      };
    case 'recordTaxPayment':
      return {
        query: PAY,
        variables: {
          input: { assessmentId: a.assessmentId, paidOn: '2026-05-20', amount: 1000 },
        } satisfies PayMutationVariables,
      };
  }
}

/** A deterministic pseudo-random picker (xorshift), so runs draw the same ids in the same order. */
export function picker(seed: number): (n: number) => number {
  let x = seed | 0 || 1;
  return (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return Math.abs(x) % n;
  };
}

/** A request generator per workload: each call returns the next request's body. */
export function requestSource(
  workload: WorkloadName,
  ids: Ids,
  totalWorkers: number,
  seed = 1,
): () => GraphQLRequest {
  const pick = picker(seed);
  let n = 0;
  switch (workload) {
    case 'worker360':
      return () => ({
        query: WORKER_360,
        variables: {
          id: ids.workers[pick(ids.workers.length)],
          asOf: AS_OF,
        } satisfies Worker360QueryVariables,
      });
    case 'page100':
      return () => {
        const start = pick(Math.max(1, Math.min(totalWorkers, ids.readWorkers) - 100));
        return {
          query: PAGE_100,
          variables: {
            first: 100,
            after: start > 0 ? encodeCursor(String(start)) : null,
            asOf: AS_OF,
          } satisfies WorkersPageQueryVariables,
        };
      };
    case 'employer500':
      return () => ({
        query: EMPLOYER_500,
        variables: {
          id: ids.bigEmployers[pick(ids.bigEmployers.length)],
          asOf: AS_OF,
        } satisfies EmployerEmployeesQueryVariables,
      });
    case 'writes':
      return () => {
        n += 1;
        return writeRequest({
          kind: WRITE_KINDS[n % WRITE_KINDS.length],
          workerId: ids.writeWorkers[pick(ids.writeWorkers.length)],
          employerId: ids.employers[pick(ids.employers.length)],
          assessmentId: ids.assessments[pick(ids.assessments.length)],
          n: seed * 1_000_000 + n,
        });
      };
  }
}
