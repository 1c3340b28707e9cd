/**
 * The README's and the explorer's example operations through Apollo Client 4 with a default
 * InMemoryCache, against the whole stack loaded with the demo dataset: no cache warning, and every
 * operation read back from the cache (after all of them ran, in both orders) equals what the
 * network returned for it.
 */
import '../support/apollo-dev';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { loadDevMessages, loadErrorMessages } from '@apollo/client/dev';
import { map } from 'rxjs';
import { buildDataset } from '../../tools/demo/dataset';
import { seedDataset } from '../../tools/demo/seed';
import { todayInTokyo } from '../../subgraphs/kit/dates';
import { testToken, withAuth } from '../support/auth';
import { GATEWAY_AUDIENCE } from '../../subgraphs/kit/auth';
import { explorerOperations, readmeOperations, type ExampleOperation } from '../support/operations';
import { startStack, type Stack } from '../support/stack';

const REF = todayInTokyo();
let stack: Stack;
const logged: string[] = [];

beforeAll(async () => {
  loadDevMessages();
  loadErrorMessages();
  for (const level of ['debug', 'log', 'warn', 'error'] as const) {
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(`${level}: ${args.map(String).join(' ')}`);
    });
  }
  stack = await startStack();
  // A quarter of the demo workers, all employers.
  const dataset = buildDataset(REF);
  const workers = dataset.workers.filter((_, i) => i % 4 === 0);
  await seedDataset(
    stack.gateway.url,
    { ...dataset, workers },
    {
      headers: await withAuth(stack.gateway.url, {}),
    },
  );
}, 600_000);
afterAll(async () => {
  jest.restoreAllMocks();
  await stack?.stop();
});

/** A client as a frontend would make one, recording each raw network response by operation. */
async function client(headers: Record<string, string> = {}) {
  const network = new Map<string, unknown>();
  const record = new ApolloLink((operation, forward) =>
    forward(operation).pipe(
      map((result) => {
        network.set(key(operation.operationName ?? '', operation.variables), result.data);
        return result;
      }),
    ),
  );
  const http = new HttpLink({
    uri: stack.gateway.url,
    headers: await withAuth(stack.gateway.url, headers),
  });
  return {
    apollo: new ApolloClient({ link: ApolloLink.from([record, http]), cache: new InMemoryCache() }),
    network,
  };
}

const key = (name: string, variables: object) => `${name} ${JSON.stringify(variables)}`;

interface Run {
  op: ExampleOperation;
  variables: Record<string, unknown>;
}

/** The example operations, each with the variables that make it read the chosen records. */
async function runs(): Promise<Run[]> {
  // Two requests: together they would pass the operation cost limit (docs/LIMITS.md).
  const workerPage = await stack.query<{
    workers: { edges: { node: { id: string; consistency: { findings: unknown[] } } }[] };
  }>(
    `query PickWorkers($asOf: Date) {
      workers(first: 500) { edges { node { id consistency(asOf: $asOf) { findings { ruleId } } } } }
    }`,
    { asOf: REF },
  );
  const employerPage = await stack.query<{
    employers: { edges: { node: { id: string; workforceConsistency: { findings: unknown[] } } }[] };
  }>(
    `query PickEmployers($asOf: Date) {
      employers(first: 500) { edges { node { id workforceConsistency(asOf: $asOf) { findings { ruleId } } } } }
    }`,
    { asOf: REF },
  );
  expect(workerPage.errors).toBeUndefined();
  expect(employerPage.errors).toBeUndefined();
  const page = { data: { ...workerPage.data!, ...employerPage.data! } };
  const byFindings = <T extends { node: { id: string } }>(edges: T[], n: (e: T) => number) =>
    [...edges].sort((a, b) => n(b) - n(a)).map((e) => e.node.id);
  const workers = byFindings(page.data!.workers.edges, (e) => e.node.consistency.findings.length);
  const employers = byFindings(
    page.data!.employers.edges,
    (e) => e.node.workforceConsistency.findings.length,
  );
  // The workers with most findings, one without any, the employer with most findings.
  const workerIds = [...workers.slice(0, 3), workers[workers.length - 1]];
  const out: Run[] = [];
  for (const op of [...readmeOperations(), ...explorerOperations()]) {
    const vars = parseVariables(op);
    if (op.roots.includes('worker')) {
      for (const id of workerIds) {
        out.push({ op, variables: { id } });
        if (vars.includes('asOf')) out.push({ op, variables: { id, asOf: REF } });
      }
    } else if (op.roots.includes('employer')) {
      out.push({ op, variables: { id: employers[0], asOf: REF } });
      out.push({ op, variables: { id: employers[1] } });
    } else if (op.roots.includes('workers')) {
      out.push({ op, variables: { first: 50 } });
    } else if (op.roots.includes('workersByIds')) {
      out.push({ op, variables: { ids: workerIds } });
    } else if (vars.includes('since')) {
      out.push({ op, variables: { since: new Date(Date.now() - 24 * 3600 * 1000).toISOString() } });
    } else if (vars.includes('within')) {
      out.push({ op, variables: { within: 90 } });
    } else {
      out.push({ op, variables: {} });
    }
  }
  return out;
}

function parseVariables(op: ExampleOperation): string[] {
  return [...op.query.matchAll(/\$(\w+):/g)].map((m) => m[1]);
}

describe('Apollo Client 4, default InMemoryCache', () => {
  it('runs every example operation with no cache warning and reads each back unchanged', async () => {
    const plan = await runs();
    expect(plan.length).toBeGreaterThan(10);
    const { apollo, network } = await client();
    // Forwards, then backwards: every operation both before and after each other one.
    for (const run of [...plan, ...[...plan].reverse()]) {
      const result = await apollo.query({
        query: gql(run.op.query),
        variables: run.variables,
        fetchPolicy: 'network-only',
      });
      expect(result.error).toBeUndefined();
    }
    expect(logged).toEqual([]);
    for (const run of plan) {
      const sent = network.get(key(run.op.name, run.variables));
      expect(sent).toBeDefined();
      const cached = await apollo.query({
        query: gql(run.op.query),
        variables: run.variables,
        fetchPolicy: 'cache-only',
      });
      expect({ op: run.op.name, variables: run.variables, data: cached.data }).toEqual({
        op: run.op.name,
        variables: run.variables,
        data: sent,
      });
      expect(
        apollo.cache.readQuery({ query: gql(run.op.query), variables: run.variables }),
      ).toEqual(sent);
    }
    expect(logged).toEqual([]);
  }, 600_000);

  it('caches withheld evidence the same way, under ids that do not carry the value', async () => {
    const token = await testToken(GATEWAY_AUDIENCE, {
      sub: 'labour-inspector',
      agency: 'LABOR_INSPECTION',
      scope: 'residence:read employment:read consistency:read',
    });
    const { apollo, network } = await client({ authorization: `Bearer ${token}` });
    const plan = (await runs()).filter((r) => r.op.name === 'WorkerConsistency');
    for (const run of [...plan, ...[...plan].reverse()]) {
      await apollo.query({
        query: gql(run.op.query),
        variables: run.variables,
        fetchPolicy: 'network-only',
      });
    }
    expect(logged).toEqual([]);
    const withheld: { id: string; value: unknown }[] = [];
    for (const run of plan) {
      const sent = network.get(key(run.op.name, run.variables)) as {
        worker: {
          consistency: {
            findings: {
              evidence: { id: string; value: unknown; redacted?: boolean; source: string }[];
            }[];
          };
        };
      };
      const cached = await apollo.query({
        query: gql(run.op.query),
        variables: run.variables,
        fetchPolicy: 'cache-only',
      });
      expect(cached.data).toEqual(sent);
      for (const f of sent.worker.consistency.findings) {
        withheld.push(...f.evidence.filter((e) => e.source === 'INSURANCE' || e.source === 'TAX'));
      }
    }
    expect(withheld.length).toBeGreaterThan(0);
    expect(withheld.every((e) => e.value === null)).toBe(true);
  }, 600_000);

  it('would see a data-loss warning: the capture above is live', () => {
    const cache = new InMemoryCache();
    const query = gql`
      query Control {
        box {
          a
          b
        }
      }
    `;
    const partial = gql`
      query ControlPartial {
        box {
          a
        }
      }
    `;
    cache.writeQuery({ query, data: { box: { __typename: 'Box', a: 1, b: 2 } } });
    cache.writeQuery({ query: partial, data: { box: { __typename: 'Box', a: 1 } } });
    expect(logged.splice(0)).toEqual([
      expect.stringContaining('Cache data may be lost when replacing the %s field of a %s object'),
    ]);
  });
});
