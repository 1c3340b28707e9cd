import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { parse } from 'graphql';

/**
 * The minimal reproductions of docs/INTEROP.md (sections 1, 2 and 4), run against Hive Gateway with
 * both planners, asserting what Hive does today. Our schema works around each; the day a Hive
 * release fixes one, its assertion fails here and the workaround can be reconsidered (section 1:
 * the facts generator's ordering, tools/schema/facts-model.ts; section 2: the facts read on
 * Employer.employees and the employers' arrears as worker-level facts; section 4: the consistency
 * subgraph's reading of an absent nullable field as null).
 */
const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7",
  import: ["@key", "@external", "@requires"])`;

/** Three subgraphs: `a` and `b` each own a list on T; `d` answers with the representation it got. */
const SUBGRAPHS = {
  a: {
    sdl: `${LINK}
      type Query { t: T }
      type T @key(fields: "id") { id: ID! x: [X!]! n: Int rs: [R!]! }
      type X { v: Int! }
      type R { id: ID! u: U! }
      type U @key(fields: "id") { id: ID! }`,
    resolvers: {
      Query: { t: () => ({ id: '1' }) },
      T: { x: () => [{ v: 1 }], n: () => null, rs: () => [{ id: 'r', u: { id: 'u' } }] },
    },
  },
  b: {
    sdl: `${LINK}
      type T @key(fields: "id") { id: ID! y: [Y!]! }
      type Y { w: Int! }
      type U @key(fields: "id") { id: ID! z: Int! }`,
    resolvers: { T: { y: () => [{ w: 2 }] }, U: { z: () => 3 } },
  },
  d: {
    sdl: `${LINK}
      type T @key(fields: "id") {
        id: ID!
        x: [X!]! @external
        y: [Y!]! @external
        n: Int @external
        rs: [R!]! @external
        "Requires x before y: Hive's default planner checks the selection up to x only."
        seen: String! @requires(fields: "x { v } y { w }")
        "Requires y before x: the order our facts generator writes."
        seenReordered: String! @requires(fields: "y { w } x { v }")
        "Requires a nullable field whose value is null."
        seenNull: String! @requires(fields: "n")
        "Requires another subgraph's field of an entity reached through a value type."
        seenNested: String! @requires(fields: "rs { u { id z } }")
      }
      type R @external { u: U! }
      type U @key(fields: "id", resolvable: false) { id: ID! z: Int! @external }
      type X @external { v: Int! }
      type Y @external { w: Int! }`,
    resolvers: {
      T: {
        __resolveReference: (representation: object) => representation,
        seen: (representation: object) => JSON.stringify(representation),
        seenReordered: (representation: object) => JSON.stringify(representation),
        seenNull: (representation: object) => JSON.stringify(representation),
        seenNested: (representation: object) => JSON.stringify(representation),
      },
    },
  },
};

const servers: ApolloServer[] = [];
const peers = {} as Record<'hive' | 'hive-router', GatewayRuntime>;

beforeAll(async () => {
  const list = [];
  for (const [name, { sdl, resolvers }] of Object.entries(SUBGRAPHS)) {
    const typeDefs = parse(sdl);
    const server = new ApolloServer({
      schema: buildSubgraphSchema({ typeDefs, resolvers }),
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
    servers.push(server);
    list.push({ name, url, typeDefs });
  }
  const composed = composeServices(list);
  if (!composed.supergraphSdl) throw new Error(JSON.stringify(composed.errors));
  const supergraph = composed.supergraphSdl;
  peers.hive = createGatewayRuntime({ supergraph, logging: false });
  peers['hive-router'] = createGatewayRuntime({ supergraph, logging: false, unifiedGraphHandler });
}, 60_000);
afterAll(async () => {
  for (const p of Object.values(peers)) await p?.[Symbol.asyncDispose]();
  for (const s of servers) await s.stop();
});

/** The representation `d` received for `field`, asked alone (`{ t { <field> } }`), parsed. */
async function representation(peer: keyof typeof peers, field: string): Promise<unknown> {
  const res = await peers[peer].fetch('http://hive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ t { ${field} } }` }),
  });
  const body = (await res.json()) as { data?: { t: Record<string, string> }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return JSON.parse(body.data!.t[field]);
}

const BOTH = { __typename: 'T', id: '1', x: [{ v: 1 }], y: [{ w: 2 }] };

describe('section 1: a @requires checked only up to its first sub-selection', () => {
  it('Hive default planner sends only the first list (its bug, today)', async () => {
    expect(await representation('hive', 'seen')).toEqual({
      __typename: 'T',
      id: '1',
      x: [{ v: 1 }],
    });
    expect(await representation('hive', 'seenReordered')).toEqual(BOTH);
  });

  it('Hive Rust planner sends both', async () => {
    expect(await representation('hive-router', 'seen')).toEqual(BOTH);
    expect(await representation('hive-router', 'seenReordered')).toEqual(BOTH);
  });
});

describe('section 2: a @requires through an entity reached via a value type', () => {
  it('Hive default planner refuses to plan it (its bug, today)', async () => {
    const res = await peers.hive.fetch('http://hive.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ t { seenNested } }' }),
    });
    const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['SATISFIABILITY_ERROR']);
  });

  it('Hive Rust planner sends the nested field', async () => {
    expect(await representation('hive-router', 'seenNested')).toEqual({
      __typename: 'T',
      id: '1',
      rs: [{ u: { id: 'u', z: 3 } }],
    });
  });
});

describe('section 4: a nullable field whose value is null', () => {
  it('Hive default planner sends it as null', async () => {
    expect(await representation('hive', 'seenNull')).toEqual({ __typename: 'T', id: '1', n: null });
  });

  it('Hive Rust planner leaves the key out (its behaviour, today)', async () => {
    expect(await representation('hive-router', 'seenNull')).toEqual({ __typename: 'T', id: '1' });
  });
});
