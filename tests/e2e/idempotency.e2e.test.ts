import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { schemaPath } from '../../subgraphs/kit/schema';
import { buildWorld, tableCounts, type World } from '../support/access';
import { mutationInputs } from '../support/access-mutations';
import { startStack, type Stack } from '../support/stack';

/**
 * DESIGN.md: the same idempotency key with the same input returns the first result again and
 * writes nothing more — also when the retries arrive at once. Every mutation of the graph, through
 * the gateway over real HTTP.
 */

const CONCURRENT = 30;

let stack: Stack;
let world: World;
beforeAll(async () => {
  stack = await startStack();
  world = await buildWorld(stack);
}, 120_000);
afterAll(() => stack.stop());

const MUTATIONS = mutationInputs(
  () => stack,
  () => world,
);

/**
 * Rows added per table (the access log is left out: every read appends to it; so is the change
 * outbox, checked on its own: one row per worker or employer changed).
 */
const APART = new Set(['access_log', 'change_outbox']);
function added(before: Record<string, number>, after: Record<string, number>) {
  return Object.fromEntries(
    Object.entries(after)
      .filter(([table, n]) => !APART.has(table) && n !== (before[table] ?? 0))
      .map(([table, n]) => [table, n - (before[table] ?? 0)]),
  );
}

it('covers every mutation of the graph', () => {
  const api = buildSchema(readFileSync(schemaPath('api'), 'utf8'));
  const mutations = Object.keys(api.getMutationType()?.getFields() ?? {}).sort();
  expect(MUTATIONS.map(([, name]) => name).sort()).toEqual(mutations);
});

describe.each(MUTATIONS)('%s.%s', (owner, name, build) => {
  it(`answers ${CONCURRENT} concurrent identical requests with one key alike, with one row`, async () => {
    const input = { ...(await build()), idempotencyKey: randomUUID() };
    const type = `${name[0].toUpperCase()}${name.slice(1)}Input`;
    const before = await tableCounts(stack, owner);
    const responses = await Promise.all(
      Array.from({ length: CONCURRENT }, () =>
        stack.query(`mutation($input: ${type}!) { ${name}(input: $input) { __typename id } }`, {
          input,
        }),
      ),
    );
    const after = await tableCounts(stack, owner);
    const codes = responses.map((r) =>
      r.errors ? String(r.errors[0].extensions?.code ?? r.errors[0].message) : 'OK',
    );
    const tally = Object.fromEntries(
      [...new Set(codes)].map((c) => [c, codes.filter((x) => x === c).length]),
    );
    expect(tally).toEqual({ OK: CONCURRENT });
    const answers = new Set(responses.map((r) => JSON.stringify(r.data)));
    expect(answers.size).toBe(1);
    const rows = added(before, after);
    // One key remembered; a creating mutation adds exactly one row, a changing one adds none.
    expect(rows.idempotency_keys).toBe(1);
    expect(Object.values(rows).every((n) => n === 1)).toBe(true);
    expect(Object.keys(rows).length).toBeLessThanOrEqual(2);
    // The change is recorded once (its worker and/or employer), not once per request.
    const recorded = after.change_outbox - before.change_outbox;
    expect(recorded).toBeGreaterThanOrEqual(1);
    expect(recorded).toBeLessThanOrEqual(2);
  });
});
