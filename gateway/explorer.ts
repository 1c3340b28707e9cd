import type { ApolloServer } from '@apollo/server';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { RequestHandler } from 'express';
import type { AuthConfig, Identity } from '../subgraphs/kit/auth';
import type { GatewayContext } from './auth';
import { DEMO_ROLES, demoToken } from './tokens';

type Ids = { workerId: string | null; employerId: string | null };

/**
 * Example operations the explorer opens with, one tab each. They select `id` on every object that
 * has one, so they run unchanged through a normalized client cache (tests/e2e/apollo-client).
 */
export const EXAMPLE_OPERATIONS: {
  name: string;
  query: string;
  variables: (ids: Ids) => object;
}[] = [
  {
    name: 'Worker 360',
    variables: (ids) => ({ id: ids.workerId }),
    query: `# Everything the four registries know about one worker, and whether it holds together.
query Worker360($id: ID!, $asOf: Date) {
  worker(id: $id) {
    id fullName nationality dateOfBirth
    residence(asOf: $asOf) { id status validity expiresOn validUntil workCategory }
    residencePermits { id status grantedOn expiresOn designatedFields designatedEmployer { id name } }
    applications { id kind filedOn decidedOn outcome }
    workPermissions { id grantedOn expiresOn maxWeeklyHours }
    employments { id employer { id name } startDate endDate jobField weeklyHours monthlyWage supportPlan { provider } }
    employmentNotifications { id kind filedOn reportedStatus }
    insuranceEnrollments { id scheme employer { id name } startDate endDate }
    contributionArrears { id scheme since amount settledOn }
    taxAssessments { id kind fiscalYear amount dueDate collection paidAmount outstandingAmount }
    withholdingReports { id year employer { id name } grossPay taxWithheld }
    consistency(asOf: $asOf) {
      id status missingSources unevaluatedRules nextReviewOn
      findings {
        id ruleId severity title explanation responsibleParty affectedParty legalBasis recommendedAction dueBy
        employer { id name }
        evidence { id source entity recordId field value redacted }
      }
    }
  }
}`,
  },
  {
    name: 'Workers page',
    variables: () => ({ first: 20 }),
    query: `# A page of workers with their status today.
query WorkersPage($first: Int = 20, $after: String) {
  workers(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id fullName nationality
      residence { id status validity expiresOn }
      employments { id employer { id name } weeklyHours }
      consistency { id status findings { id ruleId severity responsibleParty } }
    } }
  }
}`,
  },
  {
    name: 'Employer and employees',
    variables: (ids) => ({ id: ids.employerId }),
    query: `# An employer, its arrears, its people, and what it must act on.
query EmployerEmployees($id: ID!, $asOf: Date) {
  employer(id: $id) {
    id name legalForm employeeCount insuredHeadcount corporateNumber
    contributionArrears { id scheme since amount settledOn }
    taxArrears { id since amount settledOn }
    employments(activeOn: $asOf) { id startDate endDate jobField weeklyHours worker { id fullName nationality residence { id status expiresOn } } }
    workforceConsistency(asOf: $asOf) {
      id activeEmployees
      workersByStatus { status count }
      findingsByRule { ruleId count }
      findings { id ruleId title explanation dueBy worker { id fullName } }
    }
  }
}`,
  },
  {
    name: 'Risk overview',
    variables: () => ({ groupBy: 'EMPLOYER', groupsFirst: 20 }),
    query: `# How the population stands today: workers by status and findings by rule, overall and per
# group (groupBy: STATUS_OF_RESIDENCE, NATIONALITY, EMPLOYER, RESPONSIBLE_PARTY, JOB_FIELD, MUNICIPALITY).
# Groups come most workers first, a page at a time: pass groupsPageInfo.endCursor as $groupsAfter.
query RiskOverview(
  $groupBy: RiskDimension
  $filter: RiskFilter
  $groupsFirst: Int
  $groupsAfter: String
) {
  riskOverview(
    groupBy: $groupBy
    filter: $filter
    groupsFirst: $groupsFirst
    groupsAfter: $groupsAfter
  ) {
    asOf workers workersSuppressed
    byStatus { status count suppressed }
    byRule { ruleId count suppressed }
    groupCount
    groups { key label byStatus { status count suppressed } byRule { ruleId count suppressed } }
    groupsPageInfo { hasNextPage endCursor }
  }
}`,
  },
  {
    name: 'My queue',
    variables: () => ({ first: 20 }),
    query: `# A caseworker's queue: every current finding, soonest due first. Narrow it with the filter
# (responsibleParty, employerId, ruleIds, severities, dueBefore).
query MyQueue($filter: FindingFilter, $first: Int, $after: String) {
  findings(filter: $filter, first: $first, after: $after) {
    edges { cursor node {
      id ruleId severity title explanation responsibleParty recommendedAction dueBy
      worker { id fullName }
      employer { id name }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`,
  },
  {
    name: 'Transitions since yesterday',
    variables: () => ({ since: new Date(Date.now() - 24 * 3600 * 1000).toISOString(), first: 50 }),
    query: `# The intervention feed: every change of a worker's status or findings in the last 24 hours, oldest first.
query TransitionsSinceYesterday($since: DateTime!, $filter: RiskFilter, $first: Int, $after: String) {
  riskTransitions(since: $since, filter: $filter, first: $first, after: $after) {
    edges { cursor node {
      at from to cause source
      worker { id fullName }
      findingsAdded { id ruleId severity dueBy }
      findingsResolved { id ruleId severity }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`,
  },
  {
    name: 'Next 90 days',
    variables: () => ({ within: 90, first: 50 }),
    query: `# Workers whose status may worsen within 90 days if nothing changes, soonest first.
query Next90Days($within: Int!, $first: Int, $after: String) {
  upcomingRisks(within: $within, first: $first, after: $after) {
    edges { cursor node { on status ruleIds worker { id fullName } } }
    pageInfo { hasNextPage endCursor }
  }
}`,
  },
  {
    name: 'Rule catalogue',
    variables: () => ({}),
    query: `# The cross-agency rules, their legal basis and who is responsible.
query Rules {
  consistencyRules { id title severity responsibleParty affectedParty legalBasis sources effectiveFrom description }
}`,
  },
];

/** GraphiQL bundled in the package: the explorer works with no internet. */
function renderExplorer(options: {
  endpoint: string;
  ids: Ids;
  headers?: Record<string, string>;
}): string {
  const tabs = EXAMPLE_OPERATIONS.map((op) => ({
    query: op.query,
    variables: JSON.stringify(op.variables(options.ids), null, 2),
    headers: JSON.stringify(options.headers ?? {}, null, 2),
  }));
  return renderGraphiQL({
    title: 'Kyosei Graph explorer',
    endpoint: options.endpoint,
    defaultTabs: tabs,
    // GraphiQL fills the first tab's editors from these (defaultTabs alone leaves them empty).
    ...({ variables: tabs[0].variables } as object),
    defaultHeaders: tabs[0].headers,
    defaultEditorToolsVisibility: 'variables',
  });
}

/** The gateway itself, reading one worker and one employer id for the example tabs. */
const EXPLORER_IDENTITY: Identity = {
  sub: 'gateway:explorer',
  agency: 'ANALYST',
  scopes: new Set(['residence:read', 'employment:read']),
  purpose: 'explorer example ids',
  operation: 'ExplorerIds',
  viaGateway: false,
};

export const FIRST_IDS = `{ workers(first: 1) { edges { node { id } } } employers(first: 1) { edges { node { id } } } }`;

/**
 * Serves the explorer to browsers, its example tabs filled with a real worker and employer id so
 * an analyst can run them at once.
 */
export function explorerHandler(
  server: ApolloServer<GatewayContext>,
  endpoint: string,
  options: { auth: AuthConfig; development: boolean },
): RequestHandler {
  return async (req, res, next) => {
    if (req.method !== 'GET' || !req.accepts('html') || req.query.query) return next();
    const result = await server
      .executeOperation({ query: FIRST_IDS }, { contextValue: { identity: EXPLORER_IDENTITY } })
      .catch(() => null);
    const data =
      result?.body.kind === 'single'
        ? (result.body.singleResult.data as {
            workers?: { edges: { node: { id: string } }[] };
            employers?: { edges: { node: { id: string } }[] };
          } | null)
        : null;
    const ids = {
      workerId: data?.workers?.edges[0]?.node.id ?? null,
      employerId: data?.employers?.edges[0]?.node.id ?? null,
    };
    // Outside production the explorer comes with an analyst's development token, ready to run.
    const headers: Record<string, string> =
      options.development && options.auth.secret
        ? {
            Authorization: `Bearer ${await demoToken(options.auth.secret, { ...DEMO_ROLES[0], sub: 'explorer-analyst' })}`,
          }
        : {};
    res.type('html').send(renderExplorer({ endpoint, ids, headers }));
  };
}
