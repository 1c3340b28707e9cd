/**
 * The GraphQL operations the dashboard (/dashboard) sends to /graphql, with the caller's own token
 * and purpose. Served to the page as data (never evaluated), checked by `npm run schema:check`.
 */

/**
 * Today's counts, and the employers with most workers with a finding the employer must cure (the
 * first page of EMPLOYER groups: most selected workers first; two more than the ten shown, for
 * the NONE and UNKNOWN groups).
 */
export const DASHBOARD_OVERVIEW = `query DashboardOverview {
  overview: riskOverview {
    asOf workers workersSuppressed
    byStatus { status count suppressed }
    byRule { ruleId count suppressed }
  }
  employers: riskOverview(
    groupBy: EMPLOYER
    filter: { responsibleParty: EMPLOYER }
    groupsFirst: 12
  ) {
    groups { key label byRule { ruleId count suppressed } }
  }
}`;

/** The stored transitions since a moment, oldest first, a page at a time (history and feed). */
export const DASHBOARD_TRANSITIONS = `query DashboardTransitions($since: DateTime!, $after: String) {
  riskTransitions(since: $since, first: 500, after: $after) {
    edges { node {
      at from to cause source
      worker { id }
      findingsAdded { id ruleId }
      findingsResolved { id ruleId }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Workers whose status may worsen within 90 days, by date, a page at a time. */
export const DASHBOARD_FORECAST = `query DashboardForecast($after: String) {
  upcomingRisks(within: 90, first: 500, after: $after) {
    edges { node { on status ruleIds worker { id } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** An employer's name, for the top employers' labels (employment:read; else the id is shown). */
export const DASHBOARD_EMPLOYER = `query DashboardEmployer($id: ID!) {
  employer(id: $id) { id name }
}`;

export const DASHBOARD_OPERATIONS = {
  overview: DASHBOARD_OVERVIEW,
  employer: DASHBOARD_EMPLOYER,
  transitions: DASHBOARD_TRANSITIONS,
  forecast: DASHBOARD_FORECAST,
};

/** Where the stored history starts (every transition ever stored). */
export const HISTORY_SINCE = '1970-01-01T00:00:00.000Z';
