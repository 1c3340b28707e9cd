import type { RunningGateway } from '../../gateway/server';
import { LIMITS } from '../../gateway/protection';
import { EXAMPLE_OPERATIONS } from '../../gateway/explorer';
import { withAuth } from '../support/auth';
import { gql } from '../support/graphql';
import { startProductionGateway, startStack, type Stack } from '../support/stack';

/** A gateway in production mode over the same subgraphs. */
let stack: Stack;
let production: RunningGateway;

beforeAll(async () => {
  stack = await startStack();
  production = await startProductionGateway(stack);
}, 120_000);
afterAll(async () => {
  await production.stop();
  await stack.stop();
});

describe('production mode', () => {
  it('refuses introspection and serves no explorer', async () => {
    const res = await gql(production.url, '{ __schema { types { name } } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const page = await fetch(new URL('/', production.url), { headers: { accept: 'text/html' } });
    expect(page.status).toBe(404);
  });

  it('prevents CSRF: a simple GET without a preflight header is refused', async () => {
    const url = new URL(production.url);
    url.searchParams.set('query', '{ consistencyRules { id } }');
    const res = await fetch(url, { headers: await withAuth(production.url, {}) });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF|preflight/i);
  });

  it('limits depth and aliases, and the body size', async () => {
    const deep = `{ workers { edges { node { employments { employer { employments { worker { employments { employer { employments { worker { employments { employer { name } } } } } } } } } } } } } }`;
    const tooDeep = await gql(production.url, deep);
    expect(tooDeep.errors?.[0]?.message).toMatch(/depth/i);
    const aliases = Array.from(
      { length: LIMITS.aliases + 5 },
      (_, i) => `a${i}: consistencyRules { id }`,
    ).join(' ');
    const tooMany = await gql(production.url, `{ ${aliases} }`);
    expect(tooMany.errors?.[0]?.message).toMatch(/alias/i);
    const big = await fetch(production.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ consistencyRules { id } }`,
        variables: { pad: 'x'.repeat(2_000_000) },
      }),
    });
    expect(big.status).toBe(413);
  });

  it('lets every example operation through the limits', async () => {
    for (const op of EXAMPLE_OPERATIONS) {
      const res = await gql(
        production.url,
        op.query,
        op.variables({ workerId: null, employerId: null }) as Record<string, unknown>,
      );
      const codes = (res.errors ?? []).map((e) => e.extensions?.code);
      // Null ids may make a variable invalid, but never a limit or a validation failure.
      expect(codes).not.toContain('GRAPHQL_VALIDATION_FAILED');
    }
  });

  it('shows no stack traces', async () => {
    const res = await gql(
      production.url,
      `mutation { registerWorker(input: { fullName: "A", nationality: "ZZ", dateOfBirth: "2000-01-01" }) { id } }`,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res)).not.toMatch(/stacktrace|\.ts:\d+/);
  });
});
