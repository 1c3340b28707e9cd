import { SCOPES, signDevelopmentToken, type Agency } from '../subgraphs/kit/auth';

export const READ_SCOPES =
  'residence:read employment:read insurance:read tax:read municipality:read';

/** Ready-made development roles `npm start` prints tokens for. */
export const DEMO_ROLES: { role: string; agency: Agency; scope: string; purpose: string }[] = [
  {
    role: 'analyst',
    agency: 'ANALYST',
    scope: `${READ_SCOPES} consistency:read audit:read`,
    purpose: 'analysis',
  },
  {
    role: 'labour inspector',
    agency: 'LABOR_INSPECTION',
    scope: 'employment:read consistency:read',
    purpose: 'labour inspection',
  },
  {
    role: 'tax office',
    agency: 'TAX',
    scope: 'tax:read tax:write consistency:read',
    purpose: 'tax administration',
  },
  {
    role: 'municipal office',
    agency: 'MUNICIPALITY',
    scope: 'municipality:read municipality:write consistency:read',
    purpose: 'resident registration',
  },
  {
    role: 'residence registry',
    agency: 'RESIDENCE',
    scope: 'residence:read residence:write consistency:read',
    purpose: 'residence administration',
  },
];

/** Every scope: what the demo loader uses to write through the gateway. */
export const ALL_SCOPES = SCOPES.join(' ');

export function demoToken(
  secret: string,
  role: { agency: Agency; scope: string; purpose?: string; sub?: string },
): Promise<string> {
  return signDevelopmentToken(
    {
      sub: role.sub ?? `demo-${role.agency.toLowerCase()}`,
      agency: role.agency,
      scope: role.scope,
      purpose: role.purpose,
    },
    { secret },
  );
}
