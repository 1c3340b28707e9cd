import type { ApolloServerPlugin } from '@apollo/server';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

/** Example operations the explorer opens with, one tab each. */
export const EXAMPLE_OPERATIONS: { name: string; query: string; variables?: object }[] = [
  {
    name: 'Worker 360',
    query: `# Everything the four registries know about one worker.
query Worker360($id: ID!) {
  worker(id: $id) {
    id fullName nationality dateOfBirth
    residence { status validity expiresOn validUntil workCategory }
    residencePermits { status grantedOn expiresOn designatedFields designatedEmployer { id name } }
    applications { kind filedOn decidedOn outcome }
    workPermissions { grantedOn expiresOn maxWeeklyHours }
    employments { employer { name } startDate endDate jobField weeklyHours monthlyWage supportPlan { provider } }
    employmentNotifications { kind filedOn reportedStatus }
    insuranceEnrollments { scheme employer { name } startDate endDate }
    contributionArrears { scheme since amount settledOn }
    taxAssessments { kind fiscalYear amount dueDate collection paidAmount outstandingAmount }
    withholdingReports { year employer { name } grossPay taxWithheld }
  }
}`,
  },
  {
    name: 'Workers page',
    query: `# A page of workers with where they work today.
query WorkersPage($first: Int = 20, $after: String) {
  workers(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id fullName nationality residence { status validity expiresOn } employments { employer { name } weeklyHours } } }
  }
}`,
  },
  {
    name: 'Employer and employees',
    query: `# An employer, its arrears and the people it employs.
query EmployerEmployees($id: ID!) {
  employer(id: $id) {
    id name legalForm employeeCount insuredHeadcount corporateNumber
    contributionArrears { scheme since amount settledOn }
    taxArrears { since amount settledOn }
    employments { startDate endDate jobField weeklyHours worker { id fullName nationality residence { status expiresOn } } }
  }
}`,
  },
  {
    name: 'Find ids',
    query: `# Ids to paste into the other tabs' variables.
query FindIds {
  workers(first: 5) { edges { node { id fullName } } }
  employers(first: 5) { edges { node { id name } } }
}`,
  },
];

/** Serves GraphiQL, bundled in the package, so the explorer works with no internet. */
export function explorerPlugin(options: {
  endpoint: string;
  headers?: Record<string, string>;
}): ApolloServerPlugin {
  const html = renderGraphiQL({
    title: 'Kyosei Graph explorer',
    endpoint: options.endpoint,
    defaultTabs: EXAMPLE_OPERATIONS.map((op) => ({
      query: op.query,
      variables: JSON.stringify(op.variables ?? {}, null, 2),
      headers: JSON.stringify(options.headers ?? {}, null, 2),
    })),
    defaultEditorToolsVisibility: 'variables',
  });
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}
