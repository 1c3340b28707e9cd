/**
 * The operation cost model (subgraphs/kit/limits.ts) on the supergraph's schema: `first` from
 * literals, variables and defaults, fragments counted like inline selections, each alias counted,
 * and the examples and benchmark workloads under the limit.
 */
import { readFileSync } from 'node:fs';
import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { EXAMPLE_OPERATIONS } from '../../gateway/explorer';
import { SUPERGRAPH_PATH } from '../../tools/compose';
import { EMPLOYER_500, PAGE_100, WORKER_360 } from '../../bench/workloads';
import { LIMITS, operationCost } from '../../subgraphs/kit/limits';

const schema = buildSchema(readFileSync(SUPERGRAPH_PATH, 'utf8'), { assumeValidSDL: true });
function cost(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
  )!;
  return operationCost(schema, document, operation, variables);
}
const aliases = (n: number, field: string) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const PAGE = 'workers(first: $n) { edges { node { consistency { status } } } }';

it('takes `first` from a literal, a variable, the variable default, or the schema default', () => {
  const literal = cost('{ workers(first: 100) { edges { node { consistency { status } } } } }');
  expect(cost(`query($n: Int) { ${PAGE} }`, { n: 100 })).toBe(literal);
  expect(cost(`query($n: Int = 100) { ${PAGE} }`)).toBe(literal);
  const twenty = cost('{ workers(first: 20) { edges { node { consistency { status } } } } }');
  expect(cost('{ workers { edges { node { consistency { status } } } } }')).toBe(twenty);
  expect(cost(`query($n: Int) { ${PAGE} }`, { n: 500 })).toBeGreaterThan(4 * literal);
});

it('counts a fragment like the same selection written inline, once per use', () => {
  const inline = cost('{ a: worker(id: "1") { consistency { status } } }');
  const spread = cost(
    '{ a: worker(id: "1") { ...C } } fragment C on Worker { consistency { status } }',
  );
  expect(spread).toBe(inline);
  expect(cost(aliases(10, 'worker(id: "1") { consistency { status } }'))).toBe(10 * inline);
});

it('refuses 119 aliased consistency evaluations and keeps examples and workloads under the limit', () => {
  expect(cost(aliases(119, 'worker(id: "1") { consistency { status } }'))).toBeGreaterThan(
    LIMITS.cost,
  );
  const ids = { workerId: '1', employerId: '2' };
  for (const op of EXAMPLE_OPERATIONS) {
    expect(cost(op.query, op.variables(ids) as Record<string, unknown>)).toBeLessThanOrEqual(
      LIMITS.cost,
    );
  }
  expect(cost(WORKER_360, { id: '1' })).toBeLessThanOrEqual(LIMITS.cost);
  expect(cost(PAGE_100, { first: 100 })).toBeLessThanOrEqual(LIMITS.cost);
  expect(cost(EMPLOYER_500, { id: '1' })).toBeLessThanOrEqual(LIMITS.cost);
});
