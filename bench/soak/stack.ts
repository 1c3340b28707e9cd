import type { SubgraphName } from '../../subgraphs/kit/config';
import { SUBGRAPH_NAMES } from '../../subgraphs/kit/config';
import {
  benchDatabaseNames,
  dropDatabases,
  loadPopulation,
  population,
  sampleIds,
  type Ids,
} from '../../tools/demo/population';
import { initAuth } from '../headers';
import { spawnService, startOurGateway, startSubgraphs, type Service } from '../processes';
import { assertLoopback } from './net';

/** Counts, per marker and service, how often a planted marker appears in a service's output. */
export class OutputWatcher {
  readonly leaks = new Map<string, Map<string, number>>();
  readonly samples = new Map<string, string>();
  readonly bytes = new Map<string, number>();
  private readonly tails = new Map<string, string>();

  constructor(private readonly markers: string[]) {}

  readonly feed = (service: string, chunk: string): void => {
    this.bytes.set(service, (this.bytes.get(service) ?? 0) + chunk.length);
    // The previous chunk's tail is kept for context and for a marker split across chunks; an
    // occurrence that lies wholly inside it was counted already.
    const tail = this.tails.get(service) ?? '';
    const text = tail + chunk;
    for (const marker of this.markers) {
      let at = text.indexOf(marker);
      while (at >= 0) {
        if (at + marker.length > tail.length) {
          const per = this.leaks.get(marker) ?? new Map<string, number>();
          per.set(service, (per.get(service) ?? 0) + 1);
          this.leaks.set(marker, per);
          if (!this.samples.has(marker))
            this.samples.set(marker, `${service}: ${text.slice(Math.max(0, at - 120), at + 60)}`);
        }
        at = text.indexOf(marker, at + marker.length);
      }
    }
    this.tails.set(service, text.slice(-200));
  };

  count(marker: string): number {
    return [...(this.leaks.get(marker)?.values() ?? [])].reduce((a, b) => a + b, 0);
  }

  services(marker: string): string[] {
    return [...(this.leaks.get(marker)?.keys() ?? [])];
  }
}

interface Crash {
  service: string;
  phase: string;
  code: number | null;
  signal: string | null;
  output: string;
}

interface SoakStackOptions {
  server: string;
  workers: number;
  tag: string;
  keep: boolean;
  log: (line: string) => void;
}

/**
 * The production-mode stack the soak runs against: four registries and our gateway as processes
 * from dist/ over freshly loaded kyosei_bench_<tag>_* databases (as the benchmark does), every
 * byte they print watched for markers, and every exit nobody asked for counted as a crash (and the
 * service restarted, so the run goes on).
 */
export class SoakStack {
  readonly crashes: Crash[] = [];
  phase = 'start';
  private readonly expected = new Set<number>();

  private constructor(
    private readonly o: SoakStackOptions,
    readonly watcher: OutputWatcher,
    readonly databaseUrls: Record<SubgraphName, string>,
    readonly ids: Ids,
    readonly subgraphs: Record<SubgraphName, Service>,
    public gateway: Service,
  ) {}

  static async start(o: SoakStackOptions, markers: string[]): Promise<SoakStack> {
    assertLoopback(o.server.replace(/^postgres(ql)?:/, 'http:'));
    await initAuth();
    o.log(`loading ${o.workers} workers into kyosei_bench_${o.tag}_* …`);
    const load = await loadPopulation(o.server, o.tag, population(o.workers, 'soak'));
    const ids = await sampleIds(load.urls, load.population);
    const watcher = new OutputWatcher(markers);
    const extra = { env: { LOG_LEVEL: 'info' }, output: watcher.feed };
    const { services } = await startSubgraphs(load.urls, () => [], extra);
    const urls = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, services[n].url])) as Record<
      SubgraphName,
      string
    >;
    const gateway = await startOurGateway(urls, null, [], extra);
    const stack = new SoakStack(o, watcher, load.urls, ids, services, gateway);
    for (const s of [gateway, ...Object.values(services)]) stack.monitor(s);
    return stack;
  }

  get urls(): Record<SubgraphName, string> {
    return Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, this.subgraphs[n].url])) as Record<
      SubgraphName,
      string
    >;
  }

  get services(): Service[] {
    return [this.gateway, ...Object.values(this.subgraphs)];
  }

  private monitor(s: Service): void {
    s.child.once('exit', (code, signal) => {
      if (this.expected.has(s.pid)) return;
      this.crashes.push({
        service: s.name,
        phase: this.phase,
        code,
        signal,
        output: s.stderr.join(''),
      });
      this.o.log(`  CRASH: ${s.name} exited (${code ?? signal}) during ${this.phase}; restarting`);
      void this.restart(s).catch((e: Error) => this.o.log(`  restart failed: ${e.message}`));
    });
  }

  private async restart(old: Service): Promise<Service> {
    const fresh = await spawnService(old.options);
    this.monitor(fresh);
    if (old === this.gateway) this.gateway = fresh;
    for (const n of SUBGRAPH_NAMES) if (this.subgraphs[n] === old) this.subgraphs[n] = fresh;
    return fresh;
  }

  /** SIGKILL a registry, as a crash or an OOM kill would; resolves once it is gone. */
  async kill(name: SubgraphName): Promise<void> {
    const s = this.subgraphs[name];
    this.expected.add(s.pid);
    const gone = new Promise((r) => s.child.once('exit', r));
    s.child.kill('SIGKILL');
    await gone;
  }

  /** Starts a killed registry again on its port; resolves when it answers. */
  revive(name: SubgraphName): Promise<Service> {
    return this.restart(this.subgraphs[name]);
  }

  /** Waits for a restart that a crash triggered, so every service is up before the next phase. */
  async settle(): Promise<void> {
    for (
      let i = 0;
      i < 600 &&
      this.services.some((s) => s.child.exitCode !== null || s.child.signalCode !== null);
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    for (const s of this.services) this.expected.add(s.pid);
    await Promise.all(this.services.map((s) => s.stop()));
    if (!this.o.keep)
      await dropDatabases(this.o.server, Object.values(benchDatabaseNames(this.o.tag)));
  }
}
