import type { SoakReport } from './run';

const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits);
const dist = (d: Record<string, number>) =>
  Object.entries(d)
    .sort(([, a], [, b]) => b - a)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ') || '–';

function fuzzSection(r: SoakReport): string[] {
  if (!r.fuzz.length) return ['Not run (`--only` left it out).'];
  const sum = (f: (c: SoakReport['fuzz'][number]) => number) =>
    r.fuzz.reduce((a, c) => a + f(c), 0);
  const rows = r.fuzz.map(
    (c) =>
      `| ${c.name} | ${c.sent} / ${c.requested} | ${dist(c.statuses)} | ${c.fiveXx} (${c.fiveXxDirect}) | ${c.crashes} | ${c.stalls} | ${c.markerLeaks}${c.leakServices.length ? ` (${c.leakServices.join(', ')})` : ''} | ${fmt(c.maxMs)} |`,
  );
  const lines = [
    "Each class is sent in turn, 8 at a time, one request in four straight to a registry (with a token for it), the rest to the gateway. Every input carries a marker unique to the class and the run (in names, ids, bodies, tokens); the services' stdout and stderr (pino at `info`, and anything else they print) are scanned for it. A stall is an answer not complete within the stall limit; a crash is a service process exiting (it is restarted so the run goes on).",
    '',
    '| class | sent / requested | HTTP statuses | 5xx (direct to a registry) | crashes | stalls | marker in logs | max ms |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    `| **all** | **${sum((c) => c.sent)} / ${sum((c) => c.requested)}** | | **${sum((c) => c.fiveXx)} (${sum((c) => c.fiveXxDirect)})** | **${sum((c) => c.crashes)}** | **${sum((c) => c.stalls)}** | **${sum((c) => c.markerLeaks)}** | |`,
    '',
    'What each class sends:',
    '',
    ...r.fuzz.map((c) => `- **${c.name}**: ${c.what}.`),
    '',
    'Error codes returned (first error of each answer):',
    '',
    ...r.fuzz.map((c) => `- ${c.name}: ${dist(c.codes)}`),
  ];
  const samples = r.fuzz.filter((c) => c.sample5xx);
  if (samples.length)
    lines.push(
      '',
      'A 5xx answer of each class that had one:',
      '',
      ...samples.map(
        (c) => `- ${c.name}: \`${c.sample5xx?.replace(/`/g, "'").replace(/\s+/g, ' ')}\``,
      ),
    );
  if (r.leakSamples.length)
    lines.push(
      '',
      'Where a marker surfaced (first occurrence per class, marker replaced):',
      '',
      ...r.leakSamples.map((s) => `- \`${s.replace(/`/g, "'").slice(0, 240)}\``),
    );
  return lines;
}

function faultSection(r: SoakReport): string[] {
  if (!r.faults.length) return ['Not run (`--only` left it out).'];
  const lines = [
    'Reads of `worker { employments insuranceEnrollments taxAssessments consistency { status missingSources } }` run throughout. *False CONSISTENT*: `CONSISTENT` answered for a read sent after the kill and answered before the restart, or alongside errors or missing sources. *Blank*: `data.worker` null for a worker that exists. *Recovery*: seconds from the end of the fault (the restarted registry answering its own probe; the last termination) to the first full answer; *settled*: to the last answer that was not full.',
    '',
    '| fault | reads | answers | false CONSISTENT | blank | 5xx | stalls | crashes | recovery s | settled s |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...r.faults.map(
      (f) =>
        `| ${f.name} | ${f.reads} | ${dist(f.kinds)} | ${f.falseConsistent} | ${f.blank} | ${f.fiveXx} | ${f.stalls} | ${f.crashes} | ${fmt(f.recoverySeconds, 2)} | ${fmt(f.settledSeconds, 2)} |`,
    ),
    '',
    ...r.faults.flatMap((f) => [
      `- **${f.name}**: ${f.what}. ${f.detail}. Consistency statuses: ${dist(f.statuses)}.${f.sample ? ` First bad answer: \`${f.sample.replace(/`/g, "'").replace(/\s+/g, ' ').slice(0, 300)}\`` : ''}`,
    ]),
  ];
  return lines;
}

function loadSection(r: SoakReport): string[] {
  const l = r.load;
  if (!l) return ['Not run (`--only` left it out).'];
  return [
    `${l.concurrency} clients back to back for ${fmt(l.seconds, 1)} s: Worker 360 reads and, ${fmt(l.writeShare * 100)} % of requests, the benchmark's write mix (registerWorker, startEmployment, enrollInsurance, assessTax, recordTaxPayment). Every acknowledged write (HTTP 200, an id, no error) is then looked up by id in its registry's database.`,
    '',
    '| requests | req/s | p50 ms | p99 ms | max ms | reads (with errors) | writes | acknowledged | **acknowledged writes lost** | 5xx | stalls | crashes | gateway peak RSS MB |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    `| ${l.requests} | ${fmt(l.rps, 1)} | ${fmt(l.p50)} | ${fmt(l.p99)} | ${fmt(l.max)} | ${l.reads} (${l.readErrors}) | ${l.writes} | ${l.acknowledged} | **${l.lost}** | ${l.fiveXx} | ${l.stalls} | ${l.crashes} | ${fmt(l.gatewayPeakRssMb)} |`,
    '',
    `Writes not acknowledged, by error code: ${dist(l.writeErrors)} (the write mix draws workers, employers and assessments at random, so some writes are refused by the registries' rules).`,
  ];
}

/** docs/RELIABILITY.md: the figures of one soak run and the command that produced them. */
export function renderReliability(r: SoakReport): string {
  const o = r.options;
  return [
    '# Reliability under hostile load and faults',
    '',
    `Measured by \`${o.command}\` on ${r.startedAt.slice(0, 10)} (commit ${r.commit}, ${fmt(r.minutes, 1)} min). Generated by bench/soak/run.ts; do not edit by hand.`,
    '',
    ...(o.note ? [`**${o.note}**`, ''] : []),
    '## Setup',
    '',
    `- Machine: ${r.machine.cores} × ${r.machine.cpus}, ${fmt(r.machine.memoryGb, 1)} GB, Node ${r.machine.node}; shared with other work (load average ${fmt(r.machine.loadAverage, 1)} at the start), so latencies and throughput are indicative only.`,
    `- Stack: the four registries and the gateway as separate processes from dist/, \`NODE_ENV=production\`, \`LOG_LEVEL=info\`, over PostgreSQL (${o.workers} generated workers in \`kyosei_bench_${o.tag}_*\`, dropped afterwards), loopback only (127.0.0.1).`,
    `- Options: ${o.ops} hostile operations at ${o.fuzzConcurrency} at once; stall limit ${o.stallSeconds} s; faults on the ${o.faultSubgraph} registry, ${o.downSeconds} s each, ${o.faultConcurrency} concurrent reads; mixed load ${o.seconds} s at c=${o.concurrency}, ${fmt(o.writeShare * 100)} % writes.`,
    `- Reproduce: \`npm run build && ${o.command}\` (PostgreSQL at 127.0.0.1:5432 or \`--database-url\`); \`npm run soak -- --quick\` for a short run. The raw figures are in .scratch/bench/soak-last-run.json.`,
    '',
    '## Summary',
    '',
    `- Hostile operations: ${r.fuzz.reduce((a, c) => a + c.sent, 0)} sent, ${r.fuzz.reduce((a, c) => a + c.fiveXx, 0)} × 5xx, ${r.fuzz.reduce((a, c) => a + c.crashes, 0)} crashes, ${r.fuzz.reduce((a, c) => a + c.stalls, 0)} stalled, marker found ${r.fuzz.reduce((a, c) => a + c.markerLeaks, 0)} times in service output.`,
    ...r.faults.map(
      (f) =>
        `- ${f.name}: ${f.falseConsistent} false CONSISTENT, ${f.blank} blank answers, ${f.fiveXx} × 5xx, full answers again after ${fmt(f.recoverySeconds, 2)} s.`,
    ),
    ...(r.load
      ? [
          `- Mixed load: ${r.load.lost} of ${r.load.acknowledged} acknowledged writes lost; ${fmt(r.load.rps, 1)} req/s, p50 ${fmt(r.load.p50)} ms, p99 ${fmt(r.load.p99)} ms, gateway peak RSS ${fmt(r.load.gatewayPeakRssMb)} MB.`,
        ]
      : []),
    `- Service processes that exited unasked: ${r.crashes.length ? r.crashes.map((c) => `${c.service} during ${c.phase} (${c.code ?? c.signal})`).join('; ') : 'none'}.`,
    '',
    ...(r.crashes.length
      ? [
          '',
          'Last output of each process that exited unasked:',
          '',
          ...r.crashes.map(
            (c) => `- ${c.service} (${c.phase}): \`${c.lastOutput.replace(/`/g, "'")}\``,
          ),
        ]
      : []),
    '',
    '## Hostile input',
    '',
    ...fuzzSection(r),
    '',
    '## Faults under load',
    '',
    ...faultSection(r),
    '',
    '## Mixed reads and writes',
    '',
    ...loadSection(r),
    '',
    '## Service output',
    '',
    `Bytes each service wrote to stdout and stderr during the run: ${dist(r.outputBytes)}.`,
    '',
  ].join('\n');
}
