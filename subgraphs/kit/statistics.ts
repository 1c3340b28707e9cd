/**
 * What `statistics:read` reaches (DESIGN.md "Access"): population counts, nothing about a person.
 * Root fields and whole types, checked by the gateway (gateway/scopes.ts) and by the monitor's
 * guard (subgraphs/monitor/index.ts); the counts come back suppressed (monitor/views/suppression.ts).
 * PageInfo (riskOverview's groupsPageInfo) holds no data of its own, and statistics:read reaches
 * no other connection: every root field leading to one needs another scope.
 */
export const STATISTICS_SCOPE = 'statistics:read';
export const STATISTICS_READABLE = [
  'Query.riskOverview',
  'RiskOverview',
  'RiskGroup',
  'StatusCount',
  'RuleCount',
  'PageInfo',
];

/** Is `Type.field` readable with statistics:read? */
export const isStatistics = (typeName: string, coordinate: string) =>
  STATISTICS_READABLE.includes(typeName) || STATISTICS_READABLE.includes(coordinate);
