import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/kit/config';
import {
  benchDatabaseNames,
  dropDatabases,
  loadPopulation,
  population,
  sampleIds,
  type Ids,
  type LoadResult,
} from '../tools/demo/population';
import { checkAnswers, referenceChecks, referenceSamples, type AnswerCheck } from './check';
import { formatDifference } from './compare';
import { initAuth } from './headers';
import { DirectProcess, loadGateway, type LoadSpec } from './load';
import { explain, probe, type Explained, type ProbeResult } from './probe';
import {
  peakRssMb,
  resetPeakRss,
  ROOT,
  waitIdle,
  startConsistencyService,
  startHiveGateway,
  startOurGateway,
  startSubgraphs,
  WORK_DIR,
  type Service,
} from './processes';
import { profilesIn, summarizeProfile, type ProfileSummary } from './profile';
import { DEFAULT_MONITOR_PAGE_SIZE, runMonitorPhase, type MonitorResult } from './monitor/phase';
import { renderReport, writeMonitorSection } from './report';
import { monitorSectionOf, renderViewsOnly, spliceMonitor } from './monitor/render';
import { runViewsOnly as runViews, type ViewsOnlyResult } from './monitor/views';
import { aggregate, type Aggregate, type RunStats } from './stats';
import type { WorkloadName } from './workloads';

/** `hive`: Hive Gateway's default planner; `hive-rust`: its Rust planner (@graphql-hive/router-runtime). */
export const SYSTEMS = ['ours', 'hive', 'hive-rust', 'direct'] as const;
export type System = (typeof SYSTEMS)[number];
/** The systems behind a gateway (the direct baseline has none). */
const GATEWAYS = ['ours', 'hive', 'hive-rust'] as const;

export interface BenchOptions {
  server: string;
  workers: number;
  seed: string;
  concurrency: number[];
  seconds: number;
  warmupSeconds: number;
  repeats: number;
  workloads: WorkloadName[];
  /** Which systems to measure (default all four); a partial run is for experiments. */
  systems: System[];
  scale: boolean;
  scaleWorkers: number;
  profileSeconds: number;
  /** The monitor phase (bench/monitor/): on with --monitor, and with --scale (at scaleWorkers). */
  monitor: boolean;
  /** Only the monitor phase, at --workers; its section replaces the one in --out. */
  monitorOnly: boolean;
  monitorPageSize: number;
  mutationRate: number;
  /** Evaluation jobs per run of the 1- and 2-process comparison (default: a quarter of N, ≤ 5,000). */
  monitorJobs: number | null;
  /** Only the population views, on a synthetic store of viewsWorkers (registries at --workers). */
  viewsOnly: boolean;
  viewsWorkers: number;
  /** --views-reuse: the synthetic store a previous --views-only --keep left (no fill). */
  viewsReuse: boolean;
  out: string;
  keep: boolean;
  mode: string;
  log: (line: string) => void;
}

export function parseArgs(
  argv: string[],
  log: (l: string) => void = (l) => console.log(l),
): BenchOptions {
  const has = (f: string) => argv.includes(f);
  const value = (f: string) => {
    const k = argv.indexOf(f);
    return k >= 0 ? argv[k + 1] : undefined;
  };
  const quick = has('--quick');
  return {
    server:
      value('--database-url') ??
      process.env.KYOSEI_BENCH_DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres',
    workers: Number(value('--workers') ?? 10_000),
    seed: value('--seed') ?? 'kyosei',
    concurrency: (value('--concurrency') ?? '1,16,64').split(',').map(Number),
    seconds: Number(value('--seconds') ?? (quick ? 2 : 5)),
    warmupSeconds: quick ? 1 : 2,
    repeats: Number(value('--repeats') ?? (quick ? 1 : 3)),
    workloads: (value('--workloads')?.split(',') ?? [
      'worker360',
      'page100',
      'employer500',
      'writes',
    ]) as WorkloadName[],
    systems: (value('--systems')?.split(',') ?? [...SYSTEMS]) as System[],
    scale: has('--scale'),
    scaleWorkers: Number(value('--scale-workers') ?? 1_000_000),
    profileSeconds: quick ? 4 : 8,
    monitor: has('--monitor') || has('--monitor-only') || (has('--scale') && !has('--no-monitor')),
    monitorOnly: has('--monitor-only'),
    monitorPageSize: Number(value('--monitor-page-size') ?? DEFAULT_MONITOR_PAGE_SIZE),
    mutationRate: Number(value('--mutation-rate') ?? 100),
    monitorJobs: value('--monitor-jobs') ? Number(value('--monitor-jobs')) : null,
    viewsOnly: has('--views-only'),
    viewsWorkers: Number(value('--views-workers') ?? 1_000_000),
    viewsReuse: has('--views-reuse'),
    // --views-only writes its own file: the rest of the report stays as it was measured.
    out:
      value('--out') ??
      path.join(ROOT, 'docs', has('--views-only') ? 'BENCHMARKS-views.md' : 'BENCHMARKS.md'),
    keep: has('--keep'),
    mode: quick ? 'quick' : 'full',
    log,
  };
}

type Results = Record<System, Partial<Record<WorkloadName, Record<number, Aggregate>>>>;
/** The answer check per system and workload (absent: the system was not run). */
type Answers = Partial<Record<System, AnswerCheck[]>>;
/** Peak RSS (MB) per system, per process, over all its runs at each concurrency. */
type RssResults = Record<System, Record<string, Record<number, number>>>;
/** Peak RSS (MB) of the front process (gateway, or the direct baseline) per workload and concurrency. */
type FrontRss = Record<System, Partial<Record<WorkloadName, Record<number, number>>>>;

export interface BenchReport {
  options: Omit<BenchOptions, 'log'>;
  startedAt: string;
  minutes: number;
  machine: {
    cpus: string;
    cores: number;
    memoryGb: number;
    node: string;
    os: string;
    postgres: string;
  };
  load: LoadResult;
  scaleLoad?: LoadResult;
  results: Results;
  answers: Answers;
  rss: RssResults;
  frontRss: FrontRss;
  statements: ProbeResult['statements'] & { direct: Partial<Record<WorkloadName, number>> };
  explain: Explained[];
  scaleExplain?: Explained[];
  scale?: {
    small: Record<'ours' | 'direct', Aggregate>;
    large: Record<'ours' | 'direct', Aggregate>;
  };
  profiles: ProfileSummary[];
  monitor?: MonitorResult;
  sampleErrors: string[];
}

/**
 * How long to load one concurrency level: at least `--seconds`, and at least five times the latency
 * expected there (c × the c=1 latency shared by the machine's cores), so that requests still in
 * flight when the run stops are a small share of those measured (at most 90 s).
 */
function runSeconds(o: BenchOptions, concurrency: number, p50AtOne: number): number {
  if (concurrency === 1 || !Number.isFinite(p50AtOne)) return o.seconds;
  const expected = (concurrency * p50AtOne) / 1000 / Math.max(1, os.cpus().length);
  return Math.min(90, Math.max(o.seconds, Math.ceil(5 * expected)));
}

/** How long a system may take to become idle between two runs (waitIdle's limit). */
const IDLE_LIMIT_SECONDS = 120;

async function measure(
  o: BenchOptions,
  label: string,
  run: (spec: LoadSpec) => Promise<RunStats & { sampleError?: string }>,
  processes: { name: string; pid: number }[],
  ids: Ids,
  rss: Record<string, Record<number, number>>,
  frontRss: FrontRss[System],
  errors: string[],
): Promise<Partial<Record<WorkloadName, Record<number, Aggregate>>>> {
  const out: Partial<Record<WorkloadName, Record<number, Aggregate>>> = {};
  for (const workload of o.workloads) {
    const base = { workload, ids, totalWorkers: o.workers };
    const pids = processes.map((p) => p.pid);
    await run({ ...base, concurrency: 4, seconds: o.warmupSeconds, seed: 99 });
    await waitIdle(pids);
    out[workload] = {};
    let p50AtOne = NaN;
    for (const concurrency of o.concurrency) {
      for (const p of processes) resetPeakRss(p.pid);
      const repeats: RunStats[] = [];
      const seconds = runSeconds(o, concurrency, p50AtOne);
      for (let r = 0; r < o.repeats; r++) {
        const stats = await run({ ...base, concurrency, seconds, seed: 1 + r });
        // Requests the client abandoned at the run's end may keep the system busy; say so when it
        // is still busy after waitIdle's limit (what follows is measured on a busy system).
        if ((await waitIdle(pids, IDLE_LIMIT_SECONDS)) >= IDLE_LIMIT_SECONDS)
          errors.push(
            `${label} ${workload} c=${concurrency}: still busy ${IDLE_LIMIT_SECONDS} s after the run ` +
              '(requests the client abandoned); the cells measured next are measured on a busy system',
          );
        if (stats.sampleError)
          errors.push(`${label} ${workload} c=${concurrency}: ${stats.sampleError}`);
        repeats.push(stats);
      }
      for (const p of processes) {
        rss[p.name] ??= {};
        rss[p.name][concurrency] = Math.max(rss[p.name][concurrency] ?? 0, peakRssMb(p.pid));
      }
      (frontRss[workload] ??= {})[concurrency] = peakRssMb(processes[0].pid);
      const agg = aggregate(repeats);
      if (concurrency === 1) p50AtOne = agg.p50;
      (out[workload] as Record<number, Aggregate>)[concurrency] = agg;
      o.log(
        `  ${label} ${workload} c=${concurrency} (${seconds} s): ${agg.rps.toFixed(1)} req/s, p50 ${agg.p50.toFixed(1)} ms, p99 ${agg.p99.toFixed(1)} ms, errors ${agg.errors}`,
      );
    }
  }
  return out;
}

/** The monitor phase over loaded databases (bench/monitor/phase.ts). */
function monitorPhase(o: BenchOptions, load: LoadResult, ids: Ids, tag: string) {
  const workers = load.population.workers;
  return runMonitorPhase(
    {
      server: o.server,
      tag,
      workers,
      keep: o.keep,
      pageSize: o.monitorPageSize,
      viewConcurrency: [1, 16],
      viewSeconds: o.seconds,
      mutationRate: o.mutationRate,
      mutationSeconds: o.mode === 'quick' ? 5 : 20,
      jobs: o.monitorJobs ?? Math.min(o.mode === 'quick' ? 1000 : 5000, Math.floor(workers / 4)),
      log: o.log,
    },
    load.urls,
    ids,
  );
}

/** `--monitor-only`: load --workers, run the monitor phase, replace its section in --out. */
export async function runMonitorOnly(o: BenchOptions): Promise<MonitorResult> {
  // Its own databases (kyosei_bench_m<N>_*), apart from a full run's at the same N.
  const tag = `m${o.workers}`;
  mkdirSync(WORK_DIR, { recursive: true });
  await initAuth();
  o.log(`loading ${o.workers} workers into kyosei_bench_${tag}_* …`);
  const load = await loadPopulation(o.server, tag, population(o.workers, o.seed), o.log);
  o.log(`  loaded in ${load.seconds.total.toFixed(1)} s`);
  try {
    const ids = await sampleIds(load.urls, load.population);
    const monitor = await monitorPhase(o, load, ids, tag);
    writeMonitorSection(o.out, monitor, commandOf(o), await machine(load.urls.residence));
    writeFileSync(path.join(WORK_DIR, 'last-monitor.json'), JSON.stringify(monitor, null, 1));
    o.log(`wrote the monitor section of ${o.out}`);
    return monitor;
  } finally {
    if (!o.keep) await dropDatabases(o.server, Object.values(benchDatabaseNames(tag)));
  }
}

/**
 * `--views-only`: the registries at --workers, the monitor's store filled synthetically with
 * --views-workers (bench/monitor/views.ts), the views timed at c=1 and c=16; written to --out
 * (default docs/BENCHMARKS-views.md) and .scratch/bench/last-views.json.
 */
export async function runViewsOnly(o: BenchOptions): Promise<ViewsOnlyResult> {
  const tag = `v${o.viewsWorkers}`;
  mkdirSync(WORK_DIR, { recursive: true });
  await initAuth();
  o.log(`loading ${o.workers} workers into the registries kyosei_bench_${tag}_* …`);
  const load = await loadPopulation(o.server, tag, population(o.workers, o.seed), o.log);
  try {
    const result = await runViews(
      {
        server: o.server,
        tag,
        workers: o.viewsWorkers,
        registryWorkers: o.workers,
        seed: o.seed,
        keep: o.keep,
        reuse: o.viewsReuse,
        concurrency: [1, 16],
        seconds: o.seconds,
        log: o.log,
      },
      load.urls,
    );
    const command = commandOf(o);
    writeFileSync(o.out, renderViewsOnly(result, command, await machine(load.urls.residence)));
    writeFileSync(path.join(WORK_DIR, 'last-views.json'), JSON.stringify(result, null, 1));
    o.log(`wrote ${o.out}`);
    return result;
  } finally {
    if (!o.keep) await dropDatabases(o.server, Object.values(benchDatabaseNames(tag)));
  }
}

/** The options of a run as its command line. */
export function commandOf(o: Omit<BenchOptions, 'log'>): string {
  if (o.viewsOnly)
    return [
      'npm run bench -- --views-only --views-workers',
      o.viewsWorkers,
      '--workers',
      o.workers,
      ...(o.seconds !== 5 ? ['--seconds', o.seconds] : []),
      ...(o.viewsReuse ? ['--views-reuse'] : []),
    ].join(' ');
  const args = [
    'npm run bench --',
    ...(o.monitorOnly ? ['--monitor-only'] : []),
    '--workers',
    o.workers,
    ...(o.monitorOnly
      ? []
      : ['--seconds', o.seconds, '--repeats', o.repeats, '--concurrency', o.concurrency.join(',')]),
    ...(o.scale ? ['--scale'] : []),
    ...(o.monitor && !o.scale && !o.monitorOnly ? ['--monitor'] : []),
    ...(o.monitorPageSize !== DEFAULT_MONITOR_PAGE_SIZE
      ? ['--monitor-page-size', o.monitorPageSize]
      : []),
    ...(o.systems.length < SYSTEMS.length && !o.monitorOnly
      ? ['--systems', o.systems.join(',')]
      : []),
    ...(o.workloads.length < 4 && !o.monitorOnly ? ['--workloads', o.workloads.join(',')] : []),
    ...(o.monitorJobs ? ['--monitor-jobs', o.monitorJobs] : []),
    ...(o.mode === 'quick' ? ['--quick'] : []),
  ];
  return args.join(' ');
}

async function stopAll(services: Service[]): Promise<void> {
  await Promise.all(services.map((s) => s.stop()));
}

export async function runBenchmark(o: BenchOptions): Promise<BenchReport> {
  if (o.monitorOnly) throw new Error('--monitor-only: call runMonitorOnly');
  const t0 = Date.now();
  const tag = `n${o.workers}`;
  mkdirSync(WORK_DIR, { recursive: true });
  await initAuth();
  o.log(`loading ${o.workers} workers into kyosei_bench_${tag}_* …`);
  const load = await loadPopulation(o.server, tag, population(o.workers, o.seed), o.log);
  o.log(`  loaded in ${load.seconds.total.toFixed(1)} s`);
  const ids = await sampleIds(load.urls, load.population);
  const sampleErrors: string[] = [];
  const perSystem = () => Object.fromEntries(SYSTEMS.map((s) => [s, {}]));
  const results = perSystem() as Results;
  const rss = perSystem() as RssResults;
  const frontRss = perSystem() as FrontRss;
  const answers: Answers = {};
  let report: BenchReport | null = null;
  try {
    o.log('answer check: the direct baseline answers a sample of every workload …');
    const samples = await referenceSamples(load.urls, ids, o.workers, o.workloads);
    answers.direct = referenceChecks(samples);

    o.log('probing SQL statements per operation …');
    const probed = await probe(load.urls, ids, o.workers, o.workloads);
    const explained = await explain(load.urls, probed.captured);

    const directStatements: Partial<Record<WorkloadName, number>> = {};
    const direct = o.systems.includes('direct') ? await DirectProcess.start(load.urls) : null;
    if (direct) {
      o.log('direct baseline …');
      try {
        for (const w of o.workloads) {
          directStatements[w] = await direct.statements(
            { workload: w, ids, totalWorkers: o.workers, concurrency: 1, seconds: 0, seed: 7 },
            5,
          );
        }
        results.direct = await measure(
          o,
          'direct',
          (s) => direct.run(s),
          [{ name: 'direct', pid: direct.pid }],
          ids,
          rss.direct,
          frontRss.direct,
          sampleErrors,
        );
      } finally {
        await direct.stop();
      }
    }

    for (const system of GATEWAYS.filter((x) => o.systems.includes(x))) {
      o.log(`${system} …`);
      const { services, urls } = await startSubgraphs(load.urls);
      const extra: Service[] = [];
      try {
        try {
          let gateway: Service;
          if (system === 'ours') {
            gateway = await startOurGateway(urls, null);
          } else {
            const consistency = await startConsistencyService();
            extra.push(consistency);
            const planner = system === 'hive-rust' ? 'rust' : 'default';
            gateway = await startHiveGateway(urls, consistency.url, [], planner);
          }
          extra.push(gateway);
          const checks = await checkAnswers(gateway.url, samples);
          answers[system] = checks;
          for (const c of checks) {
            o.log(
              `  ${system} ${c.workload}: ${c.verdict === 'correct' ? `answers correct (${c.requests} requests)` : `WRONG on ${c.wrong} of ${c.requests} requests, e.g. ${c.example ? formatDifference(c.example.difference) : ''}`}`,
            );
          }
          const correct = checks.filter((c) => c.verdict === 'correct').map((c) => c.workload);
          const processes = [
            { name: 'gateway', pid: gateway.pid },
            ...extra.filter((s) => s !== gateway).map((s) => ({ name: s.name, pid: s.pid })),
            ...SUBGRAPH_NAMES.map((n) => ({ name: n, pid: services[n].pid })),
          ];
          results[system] = await measure(
            { ...o, workloads: correct },
            system,
            (s) => loadGateway(gateway.url, s),
            processes,
            ids,
            rss[system],
            frontRss[system],
            sampleErrors,
          );
        } catch (error) {
          sampleErrors.push(`${system}: not measured: ${(error as Error).message.slice(0, 400)}`);
          o.log(`  ${system}: not measured: ${(error as Error).message.slice(0, 200)}`);
        }
      } finally {
        await stopAll([...extra, ...Object.values(services)]);
      }
    }

    o.log('profiling our gateway and subgraphs (--cpu-prof) …');
    const profiles = await profileOurs(o, load.urls, ids);

    let scale: BenchReport['scale'];
    let scaleLoad: LoadResult | undefined;
    let scaleExplain: Explained[] | undefined;
    let monitor: MonitorResult | undefined;
    if (o.monitor && !o.scale) monitor = await monitorPhase(o, load, ids, tag);
    if (o.scale) {
      const small = await scalePoint(o, load.urls, ids, o.workers);
      o.log(`loading ${o.scaleWorkers} workers for the scale curve …`);
      scaleLoad = await loadPopulation(
        o.server,
        `n${o.scaleWorkers}`,
        population(o.scaleWorkers, o.seed),
        o.log,
      );
      o.log(`  loaded in ${scaleLoad.seconds.total.toFixed(1)} s`);
      const largeIds = await sampleIds(scaleLoad.urls, scaleLoad.population);
      const large = await scalePoint(o, scaleLoad.urls, largeIds, o.scaleWorkers);
      scaleExplain = await explain(scaleLoad.urls, probed.captured);
      scale = { small, large };
      if (o.monitor) monitor = await monitorPhase(o, scaleLoad, largeIds, `n${o.scaleWorkers}`);
      if (!o.keep)
        await dropDatabases(o.server, Object.values(benchDatabaseNames(`n${o.scaleWorkers}`)));
    }

    report = {
      options: { ...o, log: undefined } as unknown as Omit<BenchOptions, 'log'>,
      startedAt: new Date(t0).toISOString(),
      minutes: 0,
      machine: await machine(load.urls.residence),
      load,
      scaleLoad,
      results,
      answers,
      rss,
      frontRss,
      statements: { ...probed.statements, direct: directStatements },
      explain: explained,
      scaleExplain,
      scale,
      profiles,
      monitor,
      sampleErrors: [...new Set([...probed.errors, ...sampleErrors])].slice(0, 20),
    };
  } finally {
    if (!o.keep) await dropDatabases(o.server, Object.values(benchDatabaseNames(tag)));
  }
  report.minutes = (Date.now() - t0) / 60000;
  mkdirSync(path.dirname(o.out), { recursive: true });
  writeFileSync(o.out, renderReport(report));
  writeFileSync(path.join(WORK_DIR, 'last-run.json'), JSON.stringify(report, null, 1));
  o.log(`wrote ${o.out} (${report.minutes.toFixed(1)} min)`);
  return report;
}

/** Worker 360 at c=1 through our gateway and the direct baseline, for the scale curve. */
async function scalePoint(
  o: BenchOptions,
  databaseUrls: Record<SubgraphName, string>,
  ids: Ids,
  workers: number,
) {
  const spec = (seed: number): LoadSpec => ({
    workload: 'worker360',
    concurrency: 1,
    seconds: o.seconds,
    ids,
    totalWorkers: workers,
    seed,
  });
  const direct = await DirectProcess.start(databaseUrls);
  let d: Aggregate;
  try {
    await direct.run({ ...spec(99), seconds: o.warmupSeconds });
    const reps: RunStats[] = [];
    for (let r = 0; r < o.repeats; r++) reps.push(await direct.run(spec(1 + r)));
    d = aggregate(reps);
  } finally {
    await direct.stop();
  }
  const { services, urls } = await startSubgraphs(databaseUrls);
  let ours: Aggregate;
  let gateway: Service | null = null;
  try {
    gateway = await startOurGateway(urls, null);
    await loadGateway(gateway.url, { ...spec(99), seconds: o.warmupSeconds });
    const reps: RunStats[] = [];
    for (let r = 0; r < o.repeats; r++) reps.push(await loadGateway(gateway.url, spec(1 + r)));
    ours = aggregate(reps);
  } finally {
    await stopAll([...(gateway ? [gateway] : []), ...Object.values(services)]);
  }
  o.log(
    `  scale ${workers}: ours p50 ${ours.p50.toFixed(1)} ms, direct p50 ${d.p50.toFixed(1)} ms`,
  );
  return { ours, direct: d };
}

async function profileOurs(
  o: BenchOptions,
  databaseUrls: Record<SubgraphName, string>,
  ids: Ids,
): Promise<ProfileSummary[]> {
  const dir = path.join(WORK_DIR, 'profiles');
  rmSync(dir, { recursive: true, force: true });
  const flags = (name: string) => ['--cpu-prof', '--cpu-prof-dir', path.join(dir, name)];
  const names: SubgraphName[] = ['residence', 'employment', 'insurance', 'tax', 'municipality'];
  const { services, urls } = await startSubgraphs(databaseUrls, flags);
  const gateway = await startOurGateway(urls, null, flags('gateway'));
  try {
    for (const workload of ['worker360', 'page100'] as const) {
      await loadGateway(gateway.url, {
        workload,
        ids,
        totalWorkers: o.workers,
        concurrency: 16,
        seconds: o.profileSeconds,
        seed: 5,
      });
    }
  } finally {
    await stopAll([gateway, ...Object.values(services)]);
  }
  const out: ProfileSummary[] = [];
  for (const name of ['gateway', ...names]) {
    const files = profilesIn(path.join(dir, name));
    if (files.length) out.push(summarizeProfile(files[0], name));
  }
  return out;
}

export async function machine(url: string): Promise<BenchReport['machine']> {
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: url });
  await client.connect();
  const v = await client.query<{ version: string }>('SELECT version()');
  await client.end();
  const cpus = os.cpus();
  return {
    cpus: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGb: os.totalmem() / 1024 ** 3,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    postgres: v.rows[0].version.split(' on ')[0],
  };
}

/**
 * `--render-only`: the report written again from the last full run's figures
 * (.scratch/bench/last-run.json), after a change to how it is rendered; nothing is measured.
 */
async function renderOnly(o: BenchOptions): Promise<void> {
  const json = path.join(WORK_DIR, 'last-run.json');
  const report = JSON.parse(readFileSync(json, 'utf8')) as BenchReport;
  const text = renderReport(report);
  // A run without the monitor phase keeps the monitor section --out already has.
  const kept =
    !report.monitor && existsSync(o.out) && monitorSectionOf(readFileSync(o.out, 'utf8'));
  writeFileSync(o.out, kept ? spliceMonitor(text, kept) : text);
  o.log(`wrote ${o.out} from ${json}`);
}

if (require.main === module) {
  const options = parseArgs(process.argv.slice(2));
  (process.argv.includes('--render-only')
    ? renderOnly(options)
    : options.viewsOnly
      ? runViewsOnly(options)
      : options.monitorOnly
        ? runMonitorOnly(options)
        : runBenchmark(options)
  ).then(
    () => process.exit(0),
    (error: Error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
