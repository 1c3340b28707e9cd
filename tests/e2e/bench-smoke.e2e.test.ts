import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SAMPLE_SIZE } from '../../bench/check';
import { parseArgs, runBenchmark, SYSTEMS, type BenchReport } from '../../bench/run';

/**
 * A tiny-N run of the benchmark harness (bench/run.ts) so it cannot rot: it must produce a report
 * with every section and sane numbers. No timing assertions. Needs PostgreSQL (the harness's own
 * kyosei_bench_* databases), so it runs in the PostgreSQL run of the suite (KYOSEI_TEST_DATABASE_URL
 * set) and is reported as skipped in the PGlite run, where there is no server to benchmark.
 */
const server = process.env.KYOSEI_TEST_DATABASE_URL;
jest.setTimeout(600_000);

(server ? describe : describe.skip)('benchmark harness (smoke, PostgreSQL only)', () => {
  let report: BenchReport | null = null;
  let markdown = '';

  beforeAll(async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'kyosei-bench-')), 'BENCHMARKS.md');
    const options = parseArgs([
      '--workers',
      '300',
      '--seconds',
      '1',
      '--repeats',
      '1',
      '--concurrency',
      '1,2',
      '--out',
      out,
    ]);
    report = await runBenchmark({
      ...options,
      server: server as string,
      warmupSeconds: 0.5,
      profileSeconds: 1,
      log: () => {},
    });
    markdown = readFileSync(out, 'utf8');
  });

  it('writes every section', () => {
    for (const heading of [
      '## Machine',
      '## Commands',
      '## Summary and targets',
      '## Answer check',
      '## Data',
      '## (a) Worker 360',
      '## (b) page of 100',
      '## (c) employer with 500',
      '## (d) write mix',
      '## Peak RSS under load',
      '## SQL statements per operation',
      '## Scale curve',
      '## EXPLAIN of every hot-path statement',
      '## CPU profile (ours)',
    ]) {
      expect(markdown).toContain(heading);
    }
    // Issue 14's targets, each with a verdict (c=1 and c=2 here).
    for (const target of [
      'Worker 360 p50 via ours ≤ 3× direct (c=1)',
      'employer with 500 employees p50 via ours ≤ 2× direct (c=1)',
      'write mix throughput via ours ≥ 2× the 204 req/s of issue 14 (c=2)',
      'write mix p50 via ours ≤ 5 ms (c=1)',
    ])
      expect(markdown).toMatch(
        new RegExp(
          `\\| ${target.replace(/[().]/g, '\\$&')} \\| [^|]+ \\| \\*\\*(not )?met\\*\\* \\|`,
        ),
      );
  });

  it('reports sane numbers', () => {
    if (!report) throw new Error('the harness produced no report');
    expect(report.load.rows.workers).toBe(300);
    expect(report.load.seconds.total).toBeGreaterThan(0);
    const direct = report.results.direct.worker360?.[1];
    expect(direct?.requests).toBeGreaterThan(0);
    expect(direct?.p50).toBeGreaterThan(0);
    const ours = report.results.ours.worker360?.[1];
    expect(ours?.requests).toBeGreaterThan(0);
    expect(report.statements.direct.worker360).toBeGreaterThan(0);
    expect(report.explain.length).toBeGreaterThan(0);
    expect(Object.keys(report.rss.ours)).toContain('gateway');
    expect(report.profiles.map((p) => p.process)).toContain('gateway');
  });

  it('checks the answers of every system against the direct baseline before timing it', () => {
    if (!report) throw new Error('the harness produced no report');
    const workloads = ['worker360', 'page100', 'employer500', 'writes'];
    for (const system of SYSTEMS) {
      expect(report.answers[system]?.map((a) => a.workload)).toEqual(workloads);
      for (const a of report.answers[system] ?? []) expect(a.requests).toBe(SAMPLE_SIZE);
    }
    expect(report.answers.direct?.every((a) => a.verdict === 'reference')).toBe(true);
    // Ours answers exactly as the databases and the rule engine do.
    for (const a of report.answers.ours ?? []) {
      expect({ workload: a.workload, verdict: a.verdict, example: a.example }).toEqual({
        workload: a.workload,
        verdict: 'correct',
        example: undefined,
      });
    }
    // A peer is correct or WRONG; a WRONG one is reported with its difference and not timed.
    for (const system of ['hive', 'hive-rust'] as const) {
      for (const a of report.answers[system] ?? []) {
        expect(['correct', 'WRONG']).toContain(a.verdict);
        if (a.verdict === 'WRONG') {
          expect(a.example?.difference.path).toMatch(/^(data|errors)/);
          expect(report.results[system][a.workload]).toBeUndefined();
          expect(markdown).toContain(a.example?.difference.path);
        } else {
          // Timed (a 1 s run on a loaded machine may complete no request of a slow peer).
          expect(report.results[system][a.workload]?.[1]?.repeats.length).toBeGreaterThan(0);
        }
      }
    }
  });
});
