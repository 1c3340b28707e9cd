import type { MonitorResult } from './phase';
import type { ViewResult } from './traffic';
import type { ViewsOnlyResult } from './views';

const f1 = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? n.toFixed(1) : '–');
const f0 = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? n.toFixed(0) : '–');
const int = (n: number) => n.toLocaleString('en');
const verdict = (ok: boolean | null) =>
  ok === null ? 'not measured' : ok ? '**met**' : '**not met**';

function table(head: string[], rows: (string | number)[][]): string {
  const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
}

export const MONITOR_BEGIN = '<!-- monitor: begin (written by npm run bench, bench/monitor/) -->';
export const MONITOR_END = '<!-- monitor: end -->';

export interface MachineLine {
  cpus: string;
  cores: number;
  memoryGb: number;
  postgres: string;
}

/** The report's monitor section (issues 12 and 13): targets, then each measurement. */
export function renderMonitor(m: MonitorResult, command: string, machine?: MachineLine): string {
  const out: string[] = [MONITOR_BEGIN, '## Monitor and population views'];
  const s = m.sweep;
  const sweepRatio = s ? s.seconds / s.direct.seconds : NaN;
  const mu = m.mutations;
  const views = (name: (n: string) => boolean) =>
    m.views.filter((v) => v.concurrency === 1 && name(v.name));
  const worst = (list: typeof m.views) =>
    list.length ? Math.max(...list.map((v) => v.stats.p50)) : NaN;
  const overview = worst(views((n) => n.startsWith('riskOverview')));
  const findings = worst(views((n) => n.startsWith('findings')));
  const transitions = worst(views((n) => n.startsWith('riskTransitions')));
  const failedViews = m.views.filter((v) => v.stats.errors > 0);
  out.push(
    `Measured by \`${command}\` on ${m.today} (Asia/Tokyo): ${int(m.workers)} workers, sweep pages of ${m.pageSize}.${machine ? ` ${machine.cores} × ${machine.cpus}, ${f1(machine.memoryGb)} GB, ${machine.postgres} on the same machine.` : ''} The machine is shared with other work: load average (1, 5, 15 min) ${m.loadBefore.join(', ')} at the start of this phase and ${m.loadAfter.join(', ')} at its end.`,
  );
  out.push(
    'The registries, our gateway (with the monitor subgraph) and the monitor run as processes from dist/ (`NODE_ENV=production`), the monitor on its own database kyosei_bench_<N>_monitor with its queue (graphile-worker) in it, `MONITOR_TODAY` = today. Direct baseline: one process reading every worker page by page with the registries’ DataLoaders (the same SQL) and `evaluate` with nextReviewOn and the outlook, as the monitor stores them (bench/direct.ts `sweep`), no GraphQL, no HTTP, nothing stored.',
  );
  out.push(
    table(
      ['target', 'measured', 'verdict'],
      [
        [
          'full sweep ≤ 10 min',
          s ? `${f1(s.seconds)} s (${int(s.workers)} workers)` : 'not measured',
          verdict(s ? s.seconds <= 600 : null),
        ],
        [
          'full sweep ≤ 2× the direct baseline',
          s ? `${f1(s.seconds)} s vs ${f1(s.direct.seconds)} s = ${sweepRatio.toFixed(2)}×` : '–',
          verdict(s ? sweepRatio <= 2 : null),
        ],
        [
          `mutation → stored report p95 ≤ 2 s at ${mu?.rate ?? 100}/s`,
          mu ? `p50 ${f0(mu.p50)} ms, p95 ${f0(mu.p95)} ms (${mu.observed}/${mu.sent})` : '–',
          verdict(mu && mu.observed > 0 ? mu.p95 <= 2000 && mu.observed === mu.sent : null),
        ],
        [
          'riskOverview p50 ≤ 100 ms (each groupBy, c=1)',
          `worst ${f1(overview)} ms`,
          verdict(Number.isFinite(overview) ? overview <= 100 : null),
        ],
        [
          'findings page of 50 p50 ≤ 50 ms (c=1)',
          `${f1(findings)} ms`,
          verdict(Number.isFinite(findings) ? findings <= 50 : null),
        ],
        [
          'riskTransitions first 50 p50 ≤ 50 ms (c=1)',
          `${f1(transitions)} ms`,
          verdict(Number.isFinite(transitions) ? transitions <= 50 : null),
        ],
      ],
    ),
  );
  if (failedViews.length)
    out.push(
      `Views with errors (their latency is that of an error): ${failedViews.map((v) => `${v.name} c=${v.concurrency} (${v.stats.errors}: ${(v.stats.sampleError ?? '').slice(0, 160).replace(/\|/g, '\\|')})`).join('; ')}.`,
    );
  out.push('### Sweep');
  out.push(
    table(
      ['', 'workers', 'seconds', 'workers/s', 'peak RSS'],
      s
        ? [
            [
              'monitor (first sweep at start, through our gateway, stored)',
              `${int(s.workers)} (${int(s.stored)} stored)`,
              f1(s.seconds),
              f0(s.workers / s.seconds),
              `${f0(s.rssMb)} MB (monitor process, VmHWM)`,
            ],
            [
              'direct baseline (SQL + evaluate, one process)',
              int(s.direct.workers),
              f1(s.direct.seconds),
              f0(s.direct.workers / s.direct.seconds),
              '',
            ],
          ]
        : [],
    ),
  );
  out.push('### Mutation → stored report');
  out.push(
    mu
      ? `${mu.sent} mutations through the gateway at ${mu.rate}/s (hire, enrol, assess in rotation; sent over ${f1(mu.sentSeconds)} s), each on its own worker; ${mu.errors} failed. The monitor's store polled every ${mu.pollMs} ms: a worker counts once its stored report was evaluated after the mutation's answer with every source read; latency from the mutation's answer to the poll that saw it (so it includes up to ${mu.pollMs} ms of polling). Seen: ${mu.observed}/${mu.sent}, p50 ${f0(mu.p50)} ms, p95 ${f0(mu.p95)} ms, max ${f0(mu.max)} ms. With a transition recorded (the mutation changed the status or the findings): ${mu.transitions}, p50 ${f0(mu.transitionP50)} ms, p95 ${f0(mu.transitionP95)} ms (the report and its transition are written in one transaction).${mu.sampleError ? ` First error: \`${mu.sampleError.slice(0, 200).replace(/`/g, "'")}\`.` : ''}`
      : 'Not measured.',
  );
  out.push('### Evaluation jobs with one and two monitor processes');
  out.push(
    table(
      ['monitor processes', 'jobs (distinct workers)', 'evaluated', 'seconds', 'workers/s'],
      m.processes.map((p) => [
        p.processes,
        p.jobs,
        p.evaluated,
        f1(p.seconds),
        f0(p.evaluated / p.seconds),
      ]),
    ),
  );
  out.push('### Daily calendar');
  const c = m.calendar;
  out.push(
    c
      ? `The monitor restarted with \`MONITOR_TODAY\` = ${c.day}: ${int(c.due)} workers have a review date that has come (nextReviewOn ≤ ${c.day}, report older); ${int(c.evaluated)} re-evaluated in ${f1(c.seconds)} s (from the calendar's enqueue to the last stored report).`
      : 'Not measured.',
  );
  out.push('### Population views through the gateway');
  out.push(
    'autocannon, as the other workloads, with the bench token (consistency:read, a purpose); one warm-up second at c=2, then each concurrency for the run length.',
  );
  out.push(viewsTable(m.views));
  if (m.errors.length) out.push(['```', ...m.errors, '```'].join('\n'));
  out.push(MONITOR_END);
  return out.join('\n\n');
}

/** Each view at each concurrency: latency, throughput, errors, the target. */
function viewsTable(views: ViewResult[]): string {
  return table(
    ['view', 'c', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors / requests', 'target p50'],
    views.map((v) => [
      `\`${v.name}\``,
      v.concurrency,
      f1(v.stats.rps),
      f1(v.stats.p50),
      f1(v.stats.p95),
      f1(v.stats.p99),
      `${v.stats.errors} / ${v.stats.requests}`,
      Number.isFinite(v.target) && v.concurrency === 1 ? `≤ ${v.target} ms` : '',
    ]),
  );
}

/** Is every view of `prefix` within its target at concurrency `c` (null: none measured)? */
function within(views: ViewResult[], prefix: string, c: number): [number, boolean | null] {
  const list = views.filter((v) => v.concurrency === c && v.name.startsWith(prefix));
  const worst = list.length ? Math.max(...list.map((v) => v.stats.p50)) : NaN;
  return [worst, list.length ? list.every((v) => v.stats.p50 <= v.target) : null];
}

/** The report of `npm run bench -- --views-only` (its own file: the rest of the report stays). */
export function renderViewsOnly(
  r: ViewsOnlyResult,
  command: string,
  machine?: MachineLine,
): string {
  const out = ['# Population views at scale', VIEWS_NOTE];
  out.push(
    `Measured by \`${command}\` on ${r.today} (Asia/Tokyo): the monitor's store filled synthetically with ${int(r.workers)} workers ${r.fillSeconds > 0 ? `in ${f1(r.fillSeconds)} s` : 'by a previous run (kept with --keep, reused with --views-reuse)'} (subgraphs/monitor/population.ts), the registries with the first ${int(r.registryWorkers)} of them.${machine ? ` ${machine.cores} × ${machine.cpus}, ${f1(machine.memoryGb)} GB, ${machine.postgres} on the same machine.` : ''} The machine is shared with other work: load average (1, 5, 15 min) ${r.loadBeforeFill.join(', ')} before the fill, ${r.loadBefore.join(', ')} when the views started, ${r.loadAfter.join(', ')} at the end.`,
  );
  const rows = [1, 16].flatMap((c) =>
    (
      [
        ['riskOverview p50 ≤ 100 ms (each groupBy)', 'riskOverview'],
        ['findings page of 50 p50 ≤ 50 ms', 'findings'],
        ['riskTransitions since yesterday, first 50, p50 ≤ 50 ms', 'riskTransitions'],
      ] as const
    ).map(([target, prefix]) => {
      const [worst, ok] = within(r.views, prefix, c);
      return [`${target}, c=${c}`, `worst ${f1(worst)} ms`, verdict(ok)];
    }),
  );
  out.push(table(['target (issue 13 item 8)', 'measured', 'verdict'], rows));
  out.push(viewsTable(r.views));
  if (r.errors.length) out.push(['```', ...r.errors, '```'].join('\n'));
  return `${out.join('\n\n')}\n`;
}

const VIEWS_NOTE =
  'Written by `npm run bench -- --views-only` (bench/monitor/views.ts): the population views through our gateway with no sweep. The registries, our gateway (with the monitor subgraph) and a monitor process (no sweep, its follower idle) run from dist/ (`NODE_ENV=production`); autocannon with the bench token (consistency:read, a purpose: exact counts, each returned worker logged), one warm-up second at c=2, then each concurrency for the run length. The view documents are those of the monitor phase (bench/monitor/traffic.ts): riskOverview asks for every count of the first page of groups (100, most workers first); findings, riskTransitions and upcomingRisks for 50 nodes with `worker { id }`.';

/** Where `text`'s monitor section starts and ends (its markers included), or null. */
function monitorBounds(text: string): [number, number] | null {
  const a = text.indexOf(MONITOR_BEGIN);
  const b = text.indexOf(MONITOR_END);
  return a >= 0 && b > a ? [a, b + MONITOR_END.length] : null;
}

/** `text`'s monitor section, markers included, or null when it has none. */
export function monitorSectionOf(text: string): string | null {
  const bounds = monitorBounds(text);
  return bounds && text.slice(...bounds);
}

/** `text` with its monitor section replaced by `section` (or added before the EXPLAIN, or at the end). */
export function spliceMonitor(text: string, section: string): string {
  const bounds = monitorBounds(text);
  if (bounds) return text.slice(0, bounds[0]) + section + text.slice(bounds[1]);
  const at = text.indexOf('## EXPLAIN of every hot-path statement');
  if (at >= 0) return `${text.slice(0, at)}${section}\n\n${text.slice(at)}`;
  return `${text.trimEnd()}\n\n${section}\n`;
}
