import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '../subgraphs/kit/config';
import { ROOT } from './processes';
import { formatDifference } from './compare';
import type { MonitorResult } from './monitor/phase';
import { renderMonitor, spliceMonitor, type MachineLine } from './monitor/render';
import { commandOf, SYSTEMS, type BenchReport, type System } from './run';
import type { Aggregate } from './stats';
import { WORKLOAD_TITLES, type WorkloadName } from './workloads';

const SYSTEM_TITLES: Record<System, string> = {
  ours: 'ours (@apollo/gateway, consistency in-process)',
  hive: 'Hive Gateway, default planner (consistency over HTTP)',
  'hive-rust': 'Hive Gateway, Rust planner (@graphql-hive/router-runtime; consistency over HTTP)',
  direct: 'direct baseline (SQL + engine, one process)',
};

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
const spread = (lo: number, hi: number) => `${f1(lo)}–${f1(hi)}`;

function row(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}
function table(head: string[], rows: (string | number)[][]): string {
  return [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
}

function get(r: BenchReport, s: System, w: WorkloadName, c: number): Aggregate | undefined {
  return r.results[s]?.[w]?.[c];
}

/** True when the system's answers to workload w differed from the direct baseline's. */
function wrong(r: BenchReport, s: System, w: WorkloadName): boolean {
  return r.answers?.[s]?.find((a) => a.workload === w)?.verdict === 'WRONG';
}

function verdict(ok: boolean | null): string {
  return ok === null ? 'not measured' : ok ? '**met**' : '**not met**';
}

/**
 * The write mix's peak throughput at c=64 when issue 14 was filed (`npm run bench -- --quick`,
 * 2026-11-28): its target is twice this.
 */
const WRITES_BEFORE_RPS = 204;

/** A cell whose system completed no request within its timed runs (each took longer). */
const NO_ANSWER = 'no request answered within the timed runs';

interface Target {
  name: string;
  value: string;
  ok: boolean | null;
}

function targets(r: BenchReport): Target[] {
  const cMax = Math.max(...r.options.concurrency);
  const cMin = Math.min(...r.options.concurrency);
  const ours360 = get(r, 'ours', 'worker360', cMin);
  /** p50 of ours against the direct baseline's at c=cMin, which must stay within `factor`. */
  const againstDirect = (w: WorkloadName, title: string, factor: number): Target => {
    const o = get(r, 'ours', w, cMin);
    const d = get(r, 'direct', w, cMin);
    const x = o && d ? o.p50 / d.p50 : NaN;
    return {
      name: `${title} p50 via ours ≤ ${factor}× direct (c=${cMin})`,
      value: `${f1(o?.p50 ?? NaN)} ms vs ${f1(d?.p50 ?? NaN)} ms = ${f2(x)}×`,
      ok: Number.isFinite(x) ? x <= factor : null,
    };
  };
  /** Throughput of ours against a peer at the top concurrency, which must reach `factor`. */
  const versus = (w: WorkloadName, peer: 'hive' | 'hive-rust', factor: number): Target => {
    const o = get(r, 'ours', w, cMax);
    const h = get(r, peer, w, cMax);
    const x = o && h ? o.rps / h.rps : NaN;
    const name = peer === 'hive' ? 'Hive' : 'Hive (Rust planner)';
    // The peer answered nothing within the timed runs while ours answered: ahead by any factor.
    const peerSilent = !!o && o.requests > 0 && !!h && h.requests === 0;
    return {
      name: `throughput ours ≥ ${factor === 1 ? '' : `${factor}× `}${name} at c=${cMax}, ${WORKLOAD_TITLES[w]}`,
      value: wrong(r, peer, w)
        ? `${name} answered WRONG: not measured`
        : peerSilent
          ? `${f1(o.rps)} req/s vs ${NO_ANSWER}`
          : `${f1(o?.rps ?? NaN)} vs ${f1(h?.rps ?? NaN)} req/s = ${f2(x)}×`,
      ok: peerSilent ? true : Number.isFinite(x) ? x >= factor : null,
    };
  };
  const reads = (['worker360', 'page100', 'employer500'] as const).filter((w) =>
    r.options.workloads.includes(w),
  );
  const writes1 = get(r, 'ours', 'writes', cMin);
  const writesMax = get(r, 'ours', 'writes', cMax);
  const page = get(r, 'ours', 'page100', cMin);
  const pageRatio = page && ours360 ? page.p50 / ours360.p50 : NaN;
  const gwRss = Math.max(...Object.values(r.rss.ours.gateway ?? {}));
  const scaleRatio = r.scale ? r.scale.large.ours.p50 / r.scale.small.ours.p50 : NaN;
  return [
    againstDirect('worker360', 'Worker 360', 3),
    againstDirect('employer500', 'employer with 500 employees', 2),
    {
      name: `write mix throughput via ours ≥ 2× the ${WRITES_BEFORE_RPS} req/s of issue 14 (c=${cMax})`,
      value: `${f1(writesMax?.rps ?? NaN)} req/s = ${f2((writesMax?.rps ?? NaN) / WRITES_BEFORE_RPS)}×`,
      ok: writesMax ? writesMax.rps >= 2 * WRITES_BEFORE_RPS : null,
    },
    {
      name: `write mix p50 via ours ≤ 5 ms (c=${cMin})`,
      value: `${f1(writes1?.p50 ?? NaN)} ms`,
      ok: writes1 ? writes1.p50 <= 5 : null,
    },
    ...reads.filter((w) => w !== 'employer500').map((w) => versus(w, 'hive', 1)),
    ...reads.map((w) => versus(w, 'hive-rust', 1.5)),
    {
      name: `Worker 360 p50 at ${r.options.scaleWorkers.toLocaleString('en')} ≤ 1.25× at ${r.options.workers.toLocaleString('en')}`,
      value: r.scale
        ? `${f1(r.scale.large.ours.p50)} ms vs ${f1(r.scale.small.ours.p50)} ms = ${f2(scaleRatio)}×`
        : 'run with --scale',
      ok: r.scale ? scaleRatio <= 1.25 : null,
    },
    {
      name: `page of 100 p50 ≤ 10× Worker 360 p50 (ours, c=${cMin})`,
      value: `${f1(page?.p50 ?? NaN)} ms vs ${f1(ours360?.p50 ?? NaN)} ms = ${f2(pageRatio)}×`,
      ok: Number.isFinite(pageRatio) ? pageRatio <= 10 : null,
    },
    {
      name: 'gateway peak RSS ≤ 300 MB under load (ours)',
      value: `${f1(gwRss)} MB`,
      ok: Number.isFinite(gwRss) ? gwRss <= 300 : null,
    },
  ];
}

function summaryTable(r: BenchReport): string {
  const cs = r.options.concurrency;
  const rows: string[][] = [];
  for (const w of r.options.workloads) {
    for (const c of cs) {
      // A system whose every request failed has no figures to compare (e.g. a planner refusal).
      const ok = (s: System) => {
        const a = get(r, s, w, c);
        return a && !(a.requests > 0 && a.errors >= a.requests) ? a : undefined;
      };
      const cell = (s: System) => {
        if (wrong(r, s, w)) return '**WRONG** answers: not measured';
        const a = get(r, s, w, c);
        if (!a) return '–';
        if (a.requests === 0) return NO_ANSWER;
        if (!ok(s)) return `every request failed (${a.errors}); see Error samples`;
        return `${f1(a.rps)} req/s · p50 ${f1(a.p50)} ms`;
      };
      const o = ok('ours');
      const h = ok('hive');
      const hr = ok('hive-rust');
      const d = ok('direct');
      rows.push([
        `${WORKLOAD_TITLES[w]}`,
        String(c),
        ...SYSTEMS.map(cell),
        o && h ? f2(o.rps / h.rps) : '–',
        o && hr ? f2(o.rps / hr.rps) : '–',
        o && d ? f2(o.p50 / d.p50) : '–',
      ]);
    }
  }
  return table(
    [
      'workload',
      'c',
      'ours',
      'Hive Gateway',
      'Hive Gateway (Rust planner)',
      'direct',
      'ours/Hive req/s',
      'ours/Hive Rust req/s',
      'ours/direct p50',
    ],
    rows,
  );
}

/** The answer check: per system and workload, correct, WRONG (with its first difference) or the reference. */
function answersTable(r: BenchReport): string {
  const rows: string[][] = [];
  for (const s of SYSTEMS) {
    for (const a of r.answers?.[s] ?? []) {
      const verdict =
        a.verdict === 'reference'
          ? `the reference (${a.requests} requests)`
          : a.verdict === 'correct'
            ? `correct (${a.requests} / ${a.requests})`
            : `**WRONG** (${a.wrong} / ${a.requests} differ): not measured`;
      const example = a.example
        ? `${formatDifference(a.example.difference)} (variables \`${JSON.stringify(a.example.variables).slice(0, 120)}\`)`
        : '';
      rows.push([
        SYSTEM_TITLES[s],
        WORKLOAD_TITLES[a.workload],
        verdict,
        example.replace(/\|/g, '\\|'),
      ]);
    }
  }
  return table(['system', 'workload', 'answers', 'first difference (expected = direct)'], rows);
}

export function renderReport(r: BenchReport): string {
  const o = r.options;
  const out: string[] = [];
  const m = r.machine;
  out.push('# Benchmarks');
  out.push(
    `Written by \`npm run bench\` (bench/run.ts) on ${r.startedAt} — ${o.mode} run, ${f1(r.minutes)} minutes. Do not edit by hand; the analysis at the end comes from bench/ANALYSIS.md.`,
  );
  out.push('## Machine');
  out.push(
    table(
      ['CPU', 'cores', 'memory', 'Node', 'OS', 'database'],
      [
        [
          m.cpus,
          m.cores,
          `${f1(m.memoryGb)} GB`,
          m.node,
          m.os,
          `${m.postgres} on 127.0.0.1 (same machine)`,
        ],
      ],
    ),
  );
  out.push(
    'Everything shares the same cores: PostgreSQL, the four subgraph processes, the gateway (and for Hive the consistency process) and the load generator (autocannon, in the harness process). Absolute numbers are therefore low; the ratios are the point.',
  );
  out.push(
    'Systems: ' +
      SYSTEMS.map((s) => `**${s}** = ${SYSTEM_TITLES[s]}`).join('; ') +
      '. Both Hive variants run the npm CLI `hive-gateway supergraph` over schema/supergraph.graphql; `hive-rust` adds `unifiedGraphHandler` from @graphql-hive/router-runtime to its configuration (bench/headers.ts).',
  );
  out.push('## Commands');
  out.push(
    [
      '```sh',
      'npm run bench                 # this report: 10,000 workers, c = 1, 16, 64, 3 repeats of 5 s',
      'npm run bench -- --quick      # 1 repeat of 2 s (a few minutes)',
      'npm run bench -- --scale      # also loads 1,000,000 workers: the scale curve, then the monitor phase at 1,000,000',
      'npm run bench -- --monitor    # the monitor phase at --workers after the rest (--no-monitor: not with --scale)',
      'npm run bench -- --monitor-only --workers 100000   # only the monitor phase; replaces its section of --out',
      'npm run bench -- --views-only --views-workers 1000000 --workers 1000   # only the population views, on a synthetic store of 1,000,000 (no sweep); writes docs/BENCHMARKS-views.md (--keep then --views-reuse: no second fill)',
      'npm run bench -- --workers 50000 --seconds 10 --repeats 5 --concurrency 1,32 --seed s2 --keep --out /tmp/b.md',
      'npm run bench -- --quick --systems ours --workloads worker360,employer500 --out /tmp/b.md   # a partial run, for experiments',
      'npm run bench -- --quick --systems ours,hive,hive-rust,direct --workers 2000 --concurrency 1 --out /tmp/b.md   # every system, small',
      'npm run bench -- --render-only   # this report written again from the last run (.scratch/bench/last-run.json), its monitor section kept',
      '# database: --database-url or KYOSEI_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres);',
      '# the harness creates and drops its own databases kyosei_bench_*',
      '```',
      '',
      `This run: \`${['--workers', o.workers, '--seconds', o.seconds, '--repeats', o.repeats, '--concurrency', o.concurrency.join(','), o.scale ? '--scale' : '', o.systems.length < SYSTEMS.length ? `--systems ${o.systems.join(',')}` : '', o.workloads.length < 4 ? `--workloads ${o.workloads.join(',')}` : ''].filter(Boolean).join(' ')}\`.`,
      '',
      'Each service runs as its own process from the build (`node dist/subgraphs/<name>/main.js`, `dist/gateway/main.js`, Hive Gateway via its npm CLI `hive-gateway supergraph` with `--fork 1`) with `NODE_ENV=production` and `LOG_LEVEL=warn`; the subgraphs are restarted for each gateway. Load: autocannon from the harness process, one warm-up of ' +
        `${o.warmupSeconds} s at c=4 per workload, then ${o.repeats} runs per concurrency of ${o.seconds} s, or longer where the c=1 latency predicts a long one (5 × c × p50(c=1) / cores, at most 90 s: so requests still in flight at the end are a small share); after every run the harness waits until the services are idle, so abandoned requests do not eat into the next run. ` +
        'The direct baseline runs in its own process: `c` concurrent loops calling the subgraphs’ own DataLoaders (the same SQL) and `evaluate`, no GraphQL, no HTTP. Errors: non-200, socket errors/timeouts, or a GraphQL `errors` entry.',
      '',
      `Answers are checked before anything is timed (bench/check.ts): the first ${r.answers?.direct?.[0]?.requests ?? 20} requests each workload's timed runs send (seed 1) go to the direct baseline, which answers them as GraphQL (bench/reference.ts: the workload's document executed against the supergraph's API schema over rows read with the registries' DataLoaders, consistency by \`evaluate\` on facts it assembles itself), and then to each gateway, one at a time. The answers are compared after normalising only what may legitimately differ (bench/compare.ts): the order of lists the schema leaves unordered (evidence, missing sources, unevaluated rules, arrears, notifications, designated fields, an employer's findings) and the ids a write creates. An answer with \`errors\` is wrong. A system that answers any sampled request differently is reported **WRONG** for that workload, with its first difference, and is not measured on it.`,
    ].join('\n'),
  );
  out.push('## Summary and targets');
  out.push(
    table(
      ['target', 'measured', 'verdict'],
      targets(r).map((t) => [t.name, t.value, verdict(t.ok)]),
    ),
  );
  out.push(summaryTable(r));
  out.push('## Answer check');
  out.push(answersTable(r));
  out.push('## Data');
  const l = r.load;
  const loadRow = (x: typeof l) => [
    x.population.workers.toLocaleString('en'),
    x.population.employers.toLocaleString('en'),
    f1(x.seconds.migrate),
    f1(x.seconds.load),
    f1(x.seconds.analyze),
    f1(x.seconds.total),
    `${f1(x.bytes / 1024 ** 2)} MB`,
  ];
  out.push(
    'Generated by bench/generate.ts straight into the four databases (INSERT … SELECT generate_series, the four databases in parallel), ids and choices derived from md5(seed, kind, index) so the databases agree without reading each other. Distribution: 25 % engineers, 20 % SSW (i), 17 % technical interns, 15 % students, 10 % permanent residents, 6 % spouses, 7 % dependents; 6 % of permits expired; ~92 % employed, 35 % of employed students with a second job, 20 % with an earlier ended job; 90 % hire notifications; employee insurance for 90 % of full-timers at corporations, national insurance otherwise; 4 % worker and 5 % employer contribution arrears; resident tax (special collection via the employer when employed at a corporation), 20 % income tax, 95 % with payments; withholding reports. Four employers (one below 5,000 workers) have exactly 500 active employees each for workload (c); about one employer per 40 workers otherwise.',
  );
  out.push(
    table(
      [
        'workers',
        'employers',
        'create + migrate (s)',
        'bulk load (s)',
        'vacuum analyze + count (s)',
        'total (s)',
        'size',
      ],
      [loadRow(l), ...(r.scaleLoad ? [loadRow(r.scaleLoad)] : [])],
    ),
  );
  out.push(
    table(
      ['table', 'rows'],
      Object.entries(l.rows).map(([t, n]) => [t, n.toLocaleString('en')]),
    ),
  );
  for (const w of o.workloads) {
    out.push(`## ${WORKLOAD_TITLES[w]}`);
    const rows: string[][] = [];
    for (const s of SYSTEMS) {
      for (const c of o.concurrency) {
        const a = get(r, s, w, c);
        if (!a) continue;
        rows.push([
          SYSTEM_TITLES[s],
          String(c),
          String(a.repeats[0]?.seconds ?? ''),
          `${f1(a.rps)} (${spread(a.rpsMin, a.rpsMax)})`,
          `${f1(a.p50)} (${spread(a.p50Min, a.p50Max)})`,
          f1(a.p95),
          f1(a.p99),
          `${a.errors} / ${a.requests}`,
        ]);
      }
    }
    out.push(
      table(
        [
          'system',
          'c',
          's per run',
          'req/s median (min–max)',
          'p50 ms median (min–max)',
          'p95 ms',
          'p99 ms',
          'errors / requests',
        ],
        rows,
      ),
    );
  }
  out.push('## Peak RSS under load (MB)');
  out.push(
    'VmHWM per process, reset before each concurrency level (`/proc/<pid>/clear_refs`), maximum over the four workloads.',
  );
  const rssRows: string[][] = [];
  for (const s of SYSTEMS) {
    for (const [proc, byC] of Object.entries(r.rss[s])) {
      rssRows.push([SYSTEM_TITLES[s], proc, ...o.concurrency.map((c) => f1(byC[c] ?? NaN))]);
    }
  }
  out.push(table(['system', 'process', ...o.concurrency.map((c) => `c=${c}`)], rssRows));
  out.push(
    'The gateway (and the direct baseline) per workload: the peak of each level, reset at its start, so a level also shows memory kept from the one before.',
  );
  const frontRows: string[][] = [];
  for (const s of SYSTEMS) {
    for (const w of o.workloads) {
      const byC = r.frontRss?.[s]?.[w];
      if (byC)
        frontRows.push([
          SYSTEM_TITLES[s],
          WORKLOAD_TITLES[w],
          ...o.concurrency.map((c) => f1(byC[c] ?? NaN)),
        ]);
    }
  }
  out.push(table(['system', 'workload', ...o.concurrency.map((c) => `c=${c}`)], frontRows));
  out.push('## SQL statements per operation');
  out.push(
    'Counted by each subgraph’s StatementCounter (subgraphs in-process behind each gateway; 5 operations after one warm-up), and by the direct baseline’s own counters.',
  );
  out.push(
    table(
      [
        'workload',
        'ours: ' + SUBGRAPH_NAMES.join(' / '),
        'ours total',
        'Hive: ' + SUBGRAPH_NAMES.join(' / '),
        'Hive total',
        'direct total',
      ],
      o.workloads.map((w) => {
        const so = r.statements.ours[w];
        const sh = r.statements.hive[w];
        const sum = (x?: Record<string, number>) =>
          x ? Object.values(x).reduce((a, b) => a + b, 0) : NaN;
        return [
          WORKLOAD_TITLES[w],
          so ? SUBGRAPH_NAMES.map((n) => f1(so[n])).join(' / ') : '–',
          f1(sum(so)),
          sh ? SUBGRAPH_NAMES.map((n) => f1(sh[n])).join(' / ') : '–',
          f1(sum(sh)),
          f1(r.statements.direct[w] ?? NaN),
        ];
      }),
    ),
  );
  out.push('## Scale curve');
  if (r.scale) {
    const s = r.scale;
    out.push(
      table(
        ['workers', 'ours p50 (min–max)', 'ours p99', 'direct p50 (min–max)', 'direct p99'],
        [
          [
            o.workers.toLocaleString('en'),
            `${f1(s.small.ours.p50)} (${spread(s.small.ours.p50Min, s.small.ours.p50Max)})`,
            f1(s.small.ours.p99),
            `${f1(s.small.direct.p50)} (${spread(s.small.direct.p50Min, s.small.direct.p50Max)})`,
            f1(s.small.direct.p99),
          ],
          [
            o.scaleWorkers.toLocaleString('en'),
            `${f1(s.large.ours.p50)} (${spread(s.large.ours.p50Min, s.large.ours.p50Max)})`,
            f1(s.large.ours.p99),
            `${f1(s.large.direct.p50)} (${spread(s.large.direct.p50Min, s.large.direct.p50Max)})`,
            f1(s.large.direct.p99),
          ],
          [
            'ratio',
            f2(s.large.ours.p50 / s.small.ours.p50),
            '',
            f2(s.large.direct.p50 / s.small.direct.p50),
            '',
          ],
        ],
      ),
    );
  } else {
    out.push(
      'Not run in this report: `npm run bench -- --scale` loads 1,000,000 workers and measures Worker 360 at c=1 (ours and direct) at both sizes.',
    );
  }
  if (r.monitor) out.push(renderMonitor(r.monitor, commandOf(r.options), r.machine));
  const explainSection = (title: string, list: BenchReport['explain']) => {
    out.push(`### ${title}`);
    out.push(
      table(
        ['subgraph', 'statement', 'index scans only', 'execution ms'],
        list.map((e) => [
          e.subgraph,
          `\`${e.sql.replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 160)}\``,
          e.indexOnly ? 'yes' : '**no: Seq Scan**',
          f2(e.ms),
        ]),
      ),
    );
    out.push('<details><summary>plans</summary>\n');
    for (const e of list)
      out.push(['```', e.sql.replace(/\s+/g, ' '), '', e.plan, '```'].join('\n'));
    out.push('</details>');
  };
  out.push('## EXPLAIN of every hot-path statement');
  out.push(
    'Every distinct SELECT our subgraphs issued for workloads (a)–(c), captured with its parameters and run with `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF)`.',
  );
  explainSection(`${o.workers.toLocaleString('en')} workers`, r.explain);
  if (r.scaleExplain)
    explainSection(`${o.scaleWorkers.toLocaleString('en')} workers`, r.scaleExplain);
  out.push('## CPU profile (ours)');
  out.push(
    `\`node --cpu-prof\` on our gateway and each subgraph while autocannon drives (a) then (b) at c=16 for ${o.profileSeconds} s each. Self time, as a share of the process’s non-idle samples.`,
  );
  for (const p of r.profiles) {
    out.push(`### ${p.process} (busy ${f1(p.busyPercent)} % of ${f1(p.totalMs / 1000)} s)`);
    out.push(
      table(
        ['package', '% self'],
        p.packages.map((x) => [x.name, f1(x.percent)]),
      ),
    );
    out.push(
      table(
        ['function', '% self'],
        p.functions.map((x) => [`\`${x.name.replace(/\|/g, '\\|')}\``, f1(x.percent)]),
      ),
    );
  }
  if (r.sampleErrors.length) {
    out.push('## Error samples');
    out.push(['```', ...r.sampleErrors, '```'].join('\n'));
  }
  const analysis = path.join(ROOT, 'bench', 'ANALYSIS.md');
  if (existsSync(analysis)) out.push(readFileSync(analysis, 'utf8').trim());
  return out.join('\n\n') + '\n';
}

/** A monitor-only run: its section replaces the monitor section of the report at `file`. */
export function writeMonitorSection(
  file: string,
  monitor: MonitorResult,
  command: string,
  machine: MachineLine,
): void {
  const section = renderMonitor(monitor, command, machine);
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  writeFileSync(file, spliceMonitor(text, section));
}
