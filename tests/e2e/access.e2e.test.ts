/**
 * Authentication at the gateway and at each subgraph called directly (the role × field matrix is in
 * access-matrix.e2e.test.ts; a worker's own record, purpose and redaction in access-subject).
 */
import {
  GATEWAY_AUDIENCE,
  signDevelopmentToken,
  signInternalToken,
  subgraphAudience,
  type Agency,
} from '../../subgraphs/kit/auth';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/kit/config';
import { buildWorld, role, roleHeaders, type World } from '../support/access';
import { TEST_AUTH, testToken } from '../support/auth';
import { gql, type GraphQLResponse } from '../support/graphql';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let world: World;
beforeAll(async () => {
  stack = await startStack();
  world = await buildWorld(stack);
}, 120_000);
afterAll(() => stack.stop());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const codes = (res: GraphQLResponse<unknown>) => (res.errors ?? []).map((e) => e.extensions?.code);

/** Tokens that must never be accepted, for an audience (`other`: an audience that is not it). */
async function badTokens(
  audience: string,
  other: string,
): Promise<[string, Record<string, string>][]> {
  const claims = {
    sub: 'intruder',
    agency: 'ANALYST' as Agency,
    scope: 'residence:read employment:read insurance:read tax:read consistency:read audit:read',
    purpose: 'test',
  };
  const unsigned = [
    { alg: 'none', typ: 'JWT' },
    { ...claims, aud: audience, exp: Math.floor(Date.now() / 1000) + 600 },
  ]
    .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
    .join('.');
  return [
    ['no token', { authorization: '' }],
    ['a malformed header', { authorization: 'Token abc' }],
    ['a malformed token', bearer('not.a.jwt')],
    ['an unsigned token (alg none)', bearer(`${unsigned}.`)],
    [
      'a forged token (wrong secret)',
      bearer(await signDevelopmentToken(claims, { secret: 'not-the-secret-0123456789', audience })),
    ],
    ['an expired token', bearer(await testToken(audience, {}, '-5m'))],
    ['a token for another audience', bearer(await testToken(other))],
    [
      'an internal token for another audience',
      bearer(
        await signInternalToken(
          {
            ...claims,
            scopes: new Set(claims.scope.split(' ')),
            operation: null,
            viaGateway: true,
          },
          other.replace(/^kyosei:/, ''),
          TEST_AUTH.internalSecret,
        ),
      ),
    ],
  ];
}

/** Each registry's own data about a worker, asked through `_entities` (and a root field where it has one). */
const DIRECT: Record<SubgraphName, { agency: Agency; field: string; root?: string }> = {
  residence: {
    agency: 'RESIDENCE',
    field: 'fullName residencePermits { id status }',
    root: 'query($w: ID!) { worker(id: $w) { id fullName } }',
  },
  employment: {
    agency: 'EMPLOYMENT',
    field: 'employments { id startDate }',
    root: 'query($e: ID!) { employer(id: $e) { id name } }',
  },
  insurance: { agency: 'INSURANCE', field: 'insuranceEnrollments { id scheme }' },
  tax: { agency: 'TAX', field: 'taxAssessments { id amount }' },
  municipality: { agency: 'MUNICIPALITY', field: 'addressRegistrations { id municipalityCode }' },
};
const entities = (field: string) =>
  `query($r: [_Any!]!) { _entities(representations: $r) { ... on Worker { id ${field} } } }`;

describe.each(SUBGRAPH_NAMES.map((n) => [n] as const))(
  'the %s subgraph called directly',
  (name) => {
    const url = () => stack.subgraphs[name].url;
    const reps = () => ({
      r: [{ __typename: 'Worker', id: world.worker }],
      w: world.worker,
      e: world.employer,
    });
    const { agency, field, root } = DIRECT[name];

    it('answers nobody without a valid token for its own audience: UNAUTHENTICATED, no data', async () => {
      const other = name === 'tax' ? 'residence' : 'tax';
      for (const [what, headers] of await badTokens(
        subgraphAudience(name),
        subgraphAudience(other),
      )) {
        for (const query of [entities(field), ...(root ? [root] : []), '{ _service { sdl } }']) {
          const res = await gql(url(), query, reps(), headers);
          expect({ what, status: res.status, codes: codes(res), data: res.data }).toEqual({
            what,
            status: 401,
            codes: ['UNAUTHENTICATED'],
            data: undefined,
          });
        }
      }
      // The gateway's own audience is not this subgraph's either.
      const res = await gql(
        url(),
        entities(field),
        reps(),
        bearer(await testToken(GATEWAY_AUDIENCE)),
      );
      expect([res.status, codes(res), res.data]).toEqual([401, ['UNAUTHENTICATED'], undefined]);
    });

    it('answers its own agency with its own scopes, and refuses consistency:read alone', async () => {
      const own = bearer(
        await testToken(subgraphAudience(name), { agency, scope: `${name}:read ${name}:write` }),
      );
      for (const query of [entities(field), ...(root ? [root] : [])]) {
        const res = await gql(url(), query, reps(), own);
        expect(res.errors).toBeUndefined();
        expect(JSON.stringify(res.data)).toMatch(/"id"/);
      }
      const fact = (await gql(url(), entities(field), reps(), own)).data!._entities[0];
      expect(Object.values(fact).every((v) => v !== null)).toBe(true);

      // consistency:read opens the facts only to the gateway's internal calls, not to a direct caller.
      const inspector = bearer(
        await testToken(subgraphAudience(name), {
          agency: 'LABOR_INSPECTION',
          scope: 'consistency:read',
        }),
      );
      const res = await gql(url(), entities(field), reps(), inspector);
      expect(codes(res)).toContain('FORBIDDEN');
      expect(res.data?._entities?.[0]?.[field.split(' ')[0]] ?? null).toBeNull();
    });
  },
);

describe('the gateway', () => {
  it('refuses missing, malformed, forged, expired and wrong-audience tokens with 401 and no data', async () => {
    const q = 'query($w: ID!) { worker(id: $w) { id fullName } consistencyRules { id } }';
    stack.resetCounters();
    for (const [what, headers] of await badTokens(
      GATEWAY_AUDIENCE,
      subgraphAudience('residence'),
    )) {
      const res = await stack.query(q, { w: world.worker }, headers);
      expect({ what, status: res.status, codes: codes(res), data: res.data }).toEqual({
        what,
        status: 401,
        codes: ['UNAUTHENTICATED'],
        data: undefined,
      });
    }
    expect(stack.fetches.filter((f) => f.subgraph !== 'consistency')).toEqual([]);
  });

  it('refuses up front an operation selecting fields the scopes do not cover, naming scope and field', async () => {
    stack.resetCounters();
    const res = await stack.query(
      'query($w: ID!) { worker(id: $w) { fullName taxAssessments { amount } } }',
      { w: world.worker },
      await roleHeaders(role('SUPPORT_ORGANIZATION'), world),
    );
    expect(res.data ?? null).toBeNull();
    expect(res.errors![0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      // Query.worker itself is open to employment:read (each registry reaches its own part).
      fields: expect.arrayContaining([
        'Worker.fullName',
        'Worker.taxAssessments',
        'TaxAssessment.amount',
      ]),
      scopes: expect.arrayContaining(['tax:read']),
    });
    expect(stack.fetches).toEqual([]);
  });
});
