import { startGateway, type RunningGateway } from '../../gateway/server';
import { SUBGRAPH_NAMES, type GraphName, type SubgraphName } from '../../subgraphs/kit/config';
import { employment } from '../../subgraphs/employment';
import { insurance } from '../../subgraphs/insurance';
import { municipality } from '../../subgraphs/municipality';
import { residence } from '../../subgraphs/residence';
import { tax } from '../../subgraphs/tax';
import { monitor as monitorModule } from '../../subgraphs/monitor';
import { startConsistency } from '../../subgraphs/consistency/server';
import { GATEWAY_AUDIENCE, subgraphAudience } from '../../subgraphs/kit/auth';
import { registerAudience, TEST_AUTH } from './auth';
import { gql, type GraphQLResponse } from './graphql';
import { startTestSubgraph, type TestSubgraph } from './subgraph';

interface SubgraphFetch {
  subgraph: GraphName;
  query: string;
}

export interface Stack {
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, TestSubgraph>;
  /** The monitor's subgraph (its store; it evaluates nothing by itself in tests). */
  monitor: TestSubgraph;
  /** The consistency subgraph's URL when it runs over HTTP (`consistencyOverHttp`), else null. */
  consistencyUrl: string | null;
  /** Every fetch the gateway sent to a subgraph since the last reset. */
  fetches: SubgraphFetch[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  /** Empties every table and the fetch record. */
  reset(): Promise<void>;
  /** Resets the fetch record and SQL statement counters. */
  resetCounters(): void;
  /** SQL statements each subgraph sent since the last resetCounters. */
  statements(): Record<SubgraphName, number>;
  /** Stops a subgraph (the gateway can no longer reach it); `startSubgraph` brings it back. */
  stopSubgraph(name: SubgraphName): Promise<void>;
  startSubgraph(name: SubgraphName): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole graph over real HTTP: the registries on fresh databases (reference checks pointed at
 * each other) and a gateway over the committed supergraph.
 */
export async function startStack(
  options: { consistencyOverHttp?: boolean; subgraphTimeoutMs?: number; logLevel?: string } = {},
): Promise<Stack> {
  const logLevel = options.logLevel ?? 'silent';
  const residenceReferences: { employment?: string | null } = {};
  const res = await startTestSubgraph(residence, residenceReferences, { logLevel });
  const emp = await startTestSubgraph(employment, { residence: res.url }, { logLevel });
  residenceReferences.employment = emp.url;
  const [ins, tx, mun] = await Promise.all([
    startTestSubgraph(insurance, { residence: res.url, employment: emp.url }, { logLevel }),
    startTestSubgraph(tax, { residence: res.url, employment: emp.url }, { logLevel }),
    startTestSubgraph(municipality, { residence: res.url }, { logLevel }),
  ]);
  const monitor = await startTestSubgraph(monitorModule, {}, { logLevel });
  const subgraphs: Record<SubgraphName, TestSubgraph> = {
    residence: res,
    employment: emp,
    insurance: ins,
    tax: tx,
    municipality: mun,
  };
  const fetches: SubgraphFetch[] = [];
  const consistency = options.consistencyOverHttp
    ? await startConsistency({
        nodeEnv: 'test',
        host: '127.0.0.1',
        port: 0,
        logLevel,
        auth: TEST_AUTH,
      })
    : null;
  if (consistency) registerAudience(consistency.url, subgraphAudience('consistency'));
  const gateway = await startGateway(
    {
      nodeEnv: 'test',
      host: '127.0.0.1',
      port: 0,
      logLevel,
      explorer: true,
      introspection: true,
      auth: TEST_AUTH,
      consistencyUrl: consistency?.url ?? null,
      monitorUrl: monitor.url,
      maxConcurrentOperations: 16,
      // Generous, so a loaded test machine never turns a slow read into a missing source; the tests
      // about timeouts set their own.
      subgraphTimeoutMs: options.subgraphTimeoutMs ?? 30_000,
      subgraphUrls: {
        residence: res.url,
        employment: emp.url,
        insurance: ins.url,
        tax: tx.url,
        municipality: mun.url,
      },
    },
    (subgraph, query) => fetches.push({ subgraph, query }),
  );
  const stopped = new Set<SubgraphName>();
  registerAudience(gateway.url, GATEWAY_AUDIENCE);
  const stack: Stack = {
    gateway,
    subgraphs,
    monitor,
    consistencyUrl: consistency?.url ?? null,
    fetches,
    query: (query, variables, headers) => gql(gateway.url, query, variables, headers),
    async reset() {
      await Promise.all([
        ...SUBGRAPH_NAMES.filter((n) => !stopped.has(n)).map((n) => subgraphs[n].reset()),
        monitor.reset(),
      ]);
      stack.resetCounters();
    },
    resetCounters() {
      fetches.length = 0;
      for (const n of SUBGRAPH_NAMES) subgraphs[n].db.statements.reset();
    },
    statements() {
      return Object.fromEntries(
        SUBGRAPH_NAMES.map((n) => [n, subgraphs[n].db.statements.count]),
      ) as Record<SubgraphName, number>;
    },
    async stopSubgraph(name) {
      stopped.add(name);
      await subgraphs[name].pause();
    },
    async startSubgraph(name) {
      await subgraphs[name].resume();
      stopped.delete(name);
    },
    async stop() {
      await gateway.stop();
      await consistency?.close();
      await Promise.all([...SUBGRAPH_NAMES.map((n) => subgraphs[n].stop()), monitor.stop()]);
    },
  };
  return stack;
}

/**
 * A second gateway in production mode (introspection, explorer and stack traces off) in front of
 * the stack's subgraphs, registered as a token audience like the stack's own.
 */
export async function startProductionGateway(stack: Stack): Promise<RunningGateway> {
  const gateway = await startGateway({
    nodeEnv: 'production',
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    auth: TEST_AUTH,
    consistencyUrl: null,
    monitorUrl: stack.monitor.url,
    maxConcurrentOperations: 16,
    explorer: false,
    introspection: false,
    subgraphUrls: Object.fromEntries(
      SUBGRAPH_NAMES.map((name) => [name, stack.subgraphs[name].url]),
    ) as Record<SubgraphName, string>,
  });
  registerAudience(gateway.url, GATEWAY_AUDIENCE);
  return gateway;
}
