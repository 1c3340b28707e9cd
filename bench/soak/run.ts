import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SubgraphName } from '../../subgraphs/kit/config';
import { ROOT, WORK_DIR } from '../processes';
import { CLASSES } from './classes';
import { dropConnections, killAndRestart, type FaultResult } from './faults';
import { fuzz, markerFor, type ClassResult } from './fuzz';
import { mixedLoad, type LoadResult } from './load';
import { closeAgent } from './net';
import { renderReliability } from './report';
import { SoakStack } from './stack';
import { makeTokens } from './tokens';

const PARTS = ['fuzz', 'faults', 'load'] as const;
type Part = (typeof PARTS)[number];

interface SoakOptions {
  server: string;
  workers: number;
  ops: number;
  fuzzConcurrency: number;
  stallSeconds: number;
  faultSubgraph: SubgraphName;
  faultConcurrency: number;
  downSeconds: number;
  seconds: number;
  concurrency: number;
  writeShare: number;
  parts: Part[];
  tag: string;
  out: string | null;
  keep: boolean;
  /** A line for the report's head (e.g. which code was measured). */
  note: string | null;
  command: string;
  log: (line: string) => void;
}

/** `npm run soak -- [--quick] [--ops N] [--seconds S] [--concurrency C] [--only fuzz,faults,load] [--out F]`. */
export function parseArgs(
  argv: string[],
  log: (l: string) => void = (l) => console.log(l),
): SoakOptions {
  const value = (f: string) => {
    const k = argv.indexOf(f);
    return k >= 0 ? argv[k + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const out = value('--out');
  return {
    server:
      value('--database-url') ??
      process.env.KYOSEI_BENCH_DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres',
    workers: Number(value('--workers') ?? (quick ? 300 : 2000)),
    ops: Number(value('--ops') ?? (quick ? 300 : 3000)),
    fuzzConcurrency: Number(value('--fuzz-concurrency') ?? 8),
    stallSeconds: Number(value('--stall-seconds') ?? 15),
    faultSubgraph: (value('--fault-subgraph') ?? 'employment') as SubgraphName,
    faultConcurrency: Number(value('--fault-concurrency') ?? 8),
    downSeconds: Number(value('--down-seconds') ?? (quick ? 2 : 5)),
    seconds: Number(value('--seconds') ?? (quick ? 5 : 60)),
    concurrency: Number(value('--concurrency') ?? (quick ? 8 : 64)),
    writeShare: Number(value('--write-share') ?? 0.3),
    parts: (value('--only')?.split(',') ?? [...PARTS]) as Part[],
    tag: value('--tag') ?? 'soak',
    out: out === '-' ? null : (out ?? path.join(ROOT, 'docs', 'RELIABILITY.md')),
    keep: argv.includes('--keep'),
    note: value('--note') ?? null,
    command: `npm run soak${argv.length ? ` -- ${argv.map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(' ')}` : ''}`,
    log,
  };
}

export interface SoakReport {
  options: Omit<SoakOptions, 'log'>;
  startedAt: string;
  minutes: number;
  machine: { cpus: string; cores: number; memoryGb: number; node: string; loadAverage: number };
  commit: string;
  fuzz: ClassResult[];
  faults: FaultResult[];
  load: LoadResult | null;
  crashes: {
    service: string;
    phase: string;
    code: number | null;
    signal: string | null;
    lastOutput: string;
  }[];
  outputBytes: Record<string, number>;
  leakSamples: string[];
}

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const t0 = Date.now();
  const run = randomBytes(4).toString('hex');
  const markers = CLASSES.map((_, k) => markerFor(run, k));
  const stack = await SoakStack.start(o, markers);
  o.log(`  stack up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const report: SoakReport = {
    options: { ...o, log: undefined } as unknown as Omit<SoakOptions, 'log'>,
    startedAt: new Date(t0).toISOString(),
    minutes: 0,
    machine: {
      cpus: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memoryGb: os.totalmem() / 1024 ** 3,
      node: process.version,
      loadAverage: os.loadavg()[0],
    },
    commit: await commit(),
    fuzz: [],
    faults: [],
    load: null,
    crashes: [],
    outputBytes: {},
    leakSamples: [],
  };
  try {
    if (o.parts.includes('fuzz')) {
      o.log(`fuzzing: ${o.ops} hostile operations over ${CLASSES.length} classes …`);
      report.fuzz = await fuzz(
        stack,
        await makeTokens(markers[CLASSES.findIndex((c) => c.name === 'bad-tokens')]),
        {
          ops: o.ops,
          concurrency: o.fuzzConcurrency,
          stallSeconds: o.stallSeconds,
          run,
          log: o.log,
        },
      );
    }
    if (o.parts.includes('faults')) {
      const f = {
        concurrency: o.faultConcurrency,
        downSeconds: o.downSeconds,
        stallSeconds: o.stallSeconds,
        subgraph: o.faultSubgraph,
        log: o.log,
      };
      o.log(
        `faults: ${o.faultSubgraph} killed and restarted, then its database connections dropped …`,
      );
      for (const fault of [killAndRestart, dropConnections]) {
        const r = await fault(stack, f);
        o.log(
          `  ${r.name}: ${r.reads} reads ${JSON.stringify(r.kinds)}, false CONSISTENT ${r.falseConsistent}, blank ${r.blank}, recovery ${r.recoverySeconds} s`,
        );
        report.faults.push(r);
      }
    }
    if (o.parts.includes('load')) {
      o.log(`mixed load: ${o.seconds} s at c=${o.concurrency} …`);
      report.load = await mixedLoad(stack, o);
      const l = report.load;
      o.log(
        `  ${l.requests} requests, ${l.rps.toFixed(1)} req/s, p50 ${l.p50.toFixed(0)} ms, p99 ${l.p99.toFixed(0)} ms, ${l.acknowledged} writes acknowledged, ${l.lost} lost`,
      );
    }
  } finally {
    stack.phase = 'stop';
    report.crashes = stack.crashes.map(({ service, phase, code, signal, output }) => ({
      service,
      phase,
      code,
      signal,
      lastOutput: crashLine(markers.reduce((text, m) => text.split(m).join('<marker>'), output)),
    }));
    report.outputBytes = Object.fromEntries(stack.watcher.bytes);
    report.leakSamples = markers
      .filter((m) => stack.watcher.samples.has(m))
      .map((m) =>
        (stack.watcher.samples.get(m) as string).split(m).join('<marker>').replace(/\s+/g, ' '),
      );
    await stack.stop();
    await closeAgent();
  }
  report.minutes = (Date.now() - t0) / 60000;
  mkdirSync(WORK_DIR, { recursive: true });
  writeFileSync(path.join(WORK_DIR, 'soak-last-run.json'), JSON.stringify(report, null, 1));
  if (o.out) {
    mkdirSync(path.dirname(o.out), { recursive: true });
    writeFileSync(o.out, renderReliability(report));
    o.log(`wrote ${o.out} (${report.minutes.toFixed(1)} min)`);
  }
  return report;
}

/** The error a crashed process printed last (its message line, not the stack or object dump). */
function crashLine(output: string): string {
  const lines = output.split('\n').map((l) => l.trim());
  const thrown = lines.filter((l) => /^(\w*Error|error)\b/.test(l));
  const any = lines.filter((l) => /error/i.test(l) && !l.startsWith('at '));
  const emitted = lines.find((l) => l.startsWith("Emitted 'error' event"));
  const line = thrown.pop() ?? any.pop() ?? output.slice(-300);
  return [line, emitted].filter(Boolean).join(' — ').replace(/\s+/g, ' ').slice(0, 300);
}

async function commit(): Promise<string> {
  const { execFileSync } = await import('node:child_process');
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  } catch {
    return 'unknown';
  }
}

if (require.main === module) {
  runSoak(parseArgs(process.argv.slice(2))).then(
    () => process.exit(0),
    (error: Error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
