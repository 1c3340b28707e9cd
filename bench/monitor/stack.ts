import pg from 'pg';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/kit/config';
import { databaseUrl, dropDatabases } from '../../tools/demo/population';
import {
  compiled,
  freePort,
  spawnService,
  startOurGateway,
  startSubgraphs,
  type Service,
} from '../processes';

/** Settings of a monitor process the harness starts (its MONITOR_* environment). */
export interface MonitorSettings {
  /** MONITOR_TODAY: the evaluation date. */
  today: string;
  sweepOnStart: boolean;
  pageSize?: number;
  batchSize?: number;
  concurrency?: number;
  followIntervalMs?: number;
}

/**
 * The registries, our gateway (with the monitor's subgraph) and monitor processes from dist/, over
 * the bench databases and the monitor's own kyosei_bench_<tag>_monitor (dropped at start and stop).
 */
export class MonitorStack {
  readonly monitors: Service[] = [];
  /** The harness's own connections to the monitor's database (few: the server is shared). */
  private pool: pg.Pool | null = null;

  private constructor(
    readonly server: string,
    readonly monitorDbUrl: string,
    private readonly monitorDbName: string,
    readonly subgraphs: Record<SubgraphName, Service>,
    readonly gateway: Service,
    private readonly monitorPort: number,
    private readonly env: Record<string, string>,
  ) {}

  /**
   * `env`: more environment for every process (e.g. OpenTelemetry's, bench/otlp.ts); `reuse`: keep
   * the monitor's database of a previous run (--keep) instead of starting empty.
   */
  static async start(
    server: string,
    tag: string,
    databaseUrls: Record<SubgraphName, string>,
    env: Record<string, string> = {},
    reuse = false,
  ): Promise<MonitorStack> {
    const name = `kyosei_bench_${tag}_monitor`;
    if (!reuse) await dropDatabases(server, [name]);
    const { services, urls } = await startSubgraphs(databaseUrls, () => [], { env });
    const monitorPort = await freePort();
    let gateway: Service;
    try {
      gateway = await startOurGateway(urls, null, [], {
        env: { ...env, MONITOR_URL: `http://127.0.0.1:${monitorPort}/graphql` },
      });
    } catch (error) {
      await Promise.all(Object.values(services).map((s) => s.stop()));
      throw error;
    }
    return new MonitorStack(
      server,
      databaseUrl(server, name),
      name,
      services,
      gateway,
      monitorPort,
      env,
    );
  }

  /** Starts one more monitor process (the first on the port the gateway routes to). */
  async startMonitor(s: MonitorSettings): Promise<Service> {
    const port = this.monitors.length === 0 ? this.monitorPort : await freePort();
    const registries = Object.fromEntries(
      SUBGRAPH_NAMES.map((n) => [`${n.toUpperCase()}_URL`, this.subgraphs[n].url]),
    );
    const env: Record<string, string> = {
      ...this.env,
      MONITOR_DATABASE_URL: this.monitorDbUrl,
      GATEWAY_URL: this.gateway.url,
      ...registries,
      MONITOR_TODAY: s.today,
      MONITOR_SWEEP_ON_START: String(s.sweepOnStart),
      MONITOR_FOLLOW_INTERVAL_MS: String(s.followIntervalMs ?? 1000),
      ...(s.pageSize ? { MONITOR_SWEEP_PAGE_SIZE: String(s.pageSize) } : {}),
      ...(s.batchSize ? { MONITOR_BATCH_SIZE: String(s.batchSize) } : {}),
      ...(s.concurrency ? { MONITOR_CONSUMER_CONCURRENCY: String(s.concurrency) } : {}),
    };
    const service = await spawnService({
      name: `monitor ${this.monitors.length + 1}`,
      port,
      args: compiled('subgraphs/monitor/main.ts'),
      env,
    });
    this.monitors.push(service);
    return service;
  }

  async stopMonitors(): Promise<void> {
    await Promise.all(this.monitors.map((m) => m.stop()));
    this.monitors.length = 0;
  }

  /** One query on the monitor's database. */
  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    this.pool ??= new pg.Pool({ connectionString: this.monitorDbUrl, max: 2 });
    return (await this.pool.query(sql, params)).rows as T[];
  }

  get pids(): number[] {
    return [
      this.gateway.pid,
      ...Object.values(this.subgraphs).map((s) => s.pid),
      ...this.monitors.map((m) => m.pid),
    ];
  }

  async stop(keep: boolean): Promise<void> {
    await this.stopMonitors();
    await this.pool?.end();
    this.pool = null;
    await Promise.all([this.gateway, ...Object.values(this.subgraphs)].map((s) => s.stop()));
    if (!keep) await dropDatabases(this.server, [this.monitorDbName]);
  }
}
