/**
 * Operation cost and limits over real HTTP: the gateway refuses, with COST_LIMIT_EXCEEDED naming the
 * limit, an operation whose estimated cost (subgraphs/kit/limits.ts, calibrated by bench/cost.ts)
 * exceeds it, while the explorer's examples and the benchmark's workloads pass; a subgraph called
 * directly applies the same limits.
 */
import { EXAMPLE_OPERATIONS } from '../../gateway/explorer';
import { EMPLOYER_500, PAGE_100, WORKER_360 } from '../../bench/workloads';
import { LIMITS } from '../../subgraphs/kit/limits';
import { subgraphAudience } from '../../subgraphs/kit/auth';
import { testToken } from '../support/auth';
import { gql, type GraphQLResponse } from '../support/graphql';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack.stop());

const ID = '00000000-0000-4000-8000-000000000001';
const aliases = (n: number, field: string) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const codes = (res: GraphQLResponse<unknown>) => (res.errors ?? []).map((e) => e.extensions?.code);

describe('the gateway', () => {
  it('refuses 119 aliased consistency evaluations with COST_LIMIT_EXCEEDED naming the limit', async () => {
    stack.resetCounters();
    const res = await stack.query(
      aliases(119, `worker(id: "${ID}") { consistency(asOf: "2026-06-01") { status } }`),
    );
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors).toHaveLength(1);
    const { code, limit, cost } = res.errors![0].extensions as Record<string, number>;
    expect({ code, limit }).toEqual({ code: 'COST_LIMIT_EXCEEDED', limit: LIMITS.cost });
    expect(cost).toBeGreaterThan(LIMITS.cost);
    expect(res.errors![0].message).toContain(String(LIMITS.cost));
    expect(stack.fetches).toEqual([]);
  });

  it('counts `first` from the variables: a page of 500 workers per alias is refused', async () => {
    const res = await stack.query(
      'query($n: Int) { a: workers(first: $n) { edges { node { consistency { status } } } } b: workers(first: $n) { edges { node { consistency { status } } } } }',
      { n: 500 },
    );
    expect([res.status, codes(res)]).toEqual([400, ['COST_LIMIT_EXCEEDED']]);
    const one = await stack.query(
      'query($n: Int) { a: workers(first: $n) { edges { node { consistency { status } } } } }',
      { n: 500 },
    );
    expect([one.status, one.errors]).toEqual([200, undefined]);
  });

  it("accepts the explorer's examples and the benchmark's workloads", async () => {
    const ids = { workerId: ID, employerId: ID };
    const operations: [string, Record<string, unknown>][] = [
      ...EXAMPLE_OPERATIONS.map((op): [string, Record<string, unknown>] => [
        op.query,
        op.variables(ids) as Record<string, unknown>,
      ]),
      [WORKER_360, { id: ID, asOf: '2026-06-01' }],
      [PAGE_100, { first: 100, asOf: '2026-06-01' }],
      [EMPLOYER_500, { id: ID, asOf: '2026-06-01' }],
      [
        '{ workers(first: 100) { edges { node { id consistency { status findings { ruleId } } } } } }',
        {},
      ],
    ];
    for (const [query, variables] of operations) {
      const res = await stack.query(query, variables);
      expect({ query, status: res.status, codes: codes(res) }).toEqual({
        query,
        status: 200,
        codes: codes(res).filter((c) => c === 'NOT_FOUND'),
      });
    }
  });
});

describe('a subgraph called directly', () => {
  const residence = async () => ({
    authorization: `Bearer ${await testToken(subgraphAudience('residence'), {
      agency: 'RESIDENCE',
      scope: 'residence:read',
    })}`,
  });

  it('refuses many aliased pages with COST_LIMIT_EXCEEDED, and too many aliases', async () => {
    const url = stack.subgraphs.residence.url;
    const pages = await gql(
      url,
      aliases(100, 'workers(first: 500) { edges { node { id fullName } } }'),
      undefined,
      await residence(),
    );
    expect(codes(pages)).toEqual(['COST_LIMIT_EXCEEDED']);
    expect(pages.errors![0].extensions?.limit).toBe(LIMITS.cost);
    expect(pages.data).toBeUndefined();

    const many = await gql(
      url,
      aliases(3000, 'workers(first: 500) { edges { node { id } } }'),
      undefined,
      await residence(),
    );
    expect(many.data).toBeUndefined();
    expect(codes(many)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(many.errors?.[0]?.message).toMatch(new RegExp(`${LIMITS.tokens} tokens`));
    const small = await gql(
      url,
      aliases(LIMITS.aliases + 1, 'workers(first: 1) { totalCount }'),
      undefined,
      await residence(),
    );
    expect(small.data).toBeUndefined();
    expect(small.errors?.[0]?.message).toMatch(/alias/i);
  });

  it('refuses an operation deeper than the limit', async () => {
    let query = 'id';
    for (let i = 0; i < LIMITS.depth + 2; i++) query = `employments { worker { ${query} } }`;
    const res = await gql(
      stack.subgraphs.employment.url,
      `{ employers(first: 1) { edges { node { ${query} } } } }`,
      undefined,
      {
        authorization: `Bearer ${await testToken(subgraphAudience('employment'), {
          agency: 'EMPLOYMENT',
          scope: 'employment:read',
        })}`,
      },
    );
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('accepts one page of 500 workers', async () => {
    const res = await gql(
      stack.subgraphs.residence.url,
      '{ workers(first: 500) { edges { node { id fullName } } } }',
      undefined,
      await residence(),
    );
    expect([res.status, res.errors]).toEqual([200, undefined]);
  });
});
