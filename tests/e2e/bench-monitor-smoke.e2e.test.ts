import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MONITOR_BEGIN, MONITOR_END } from '../../bench/monitor/render';
import type { MonitorResult } from '../../bench/monitor/phase';
import type { ViewsOnlyResult } from '../../bench/monitor/views';
import { parseArgs, runMonitorOnly, runViewsOnly } from '../../bench/run';

/**
 * A tiny-N run of the benchmark's monitor phase (`npm run bench -- --monitor-only`), so it cannot
 * rot: a sweep by a monitor process through the gateway, the views, mutations seen in the store,
 * jobs with one and two processes, the next day's calendar, and its section spliced into the
 * report. No timing assertions. PostgreSQL only (the harness's own kyosei_bench_* databases).
 */
const server = process.env.KYOSEI_TEST_DATABASE_URL;
jest.setTimeout(600_000);

(server ? describe : describe.skip)('benchmark monitor phase (smoke, PostgreSQL only)', () => {
  let result: MonitorResult;
  let markdown = '';

  beforeAll(async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'kyosei-bench-')), 'BENCHMARKS.md');
    writeFileSync(out, '# Benchmarks\n\n## Scale curve\n\nkept\n');
    const options = parseArgs(['--monitor-only', '--quick', '--workers', '300', '--out', out]);
    result = await runMonitorOnly({
      ...options,
      server: server as string,
      seconds: 1,
      mutationRate: 20,
      log: () => {},
    });
    markdown = readFileSync(out, 'utf8');
  });

  it('sweeps every worker through the gateway and against the direct baseline', () => {
    expect(result.errors).toEqual([]);
    expect(result.sweep?.workers).toBe(300);
    expect(result.sweep?.stored).toBe(300);
    expect(result.sweep?.direct.workers).toBe(300);
    expect(result.sweep?.rssMb).toBeGreaterThan(0);
  });

  it('measures every view without errors, mutations to the store, processes and the calendar', () => {
    expect(result.views.map((v) => v.name)).toContain('riskOverview(groupBy: MUNICIPALITY)');
    expect(new Set(result.views.map((v) => v.name)).size).toBe(10);
    // Every view answered (a loaded machine may time out some requests: no timing here).
    for (const v of result.views) {
      expect({ name: v.name, answered: v.stats.requests > v.stats.errors }).toEqual({
        name: v.name,
        answered: true,
      });
    }
    expect(result.mutations?.errors).toBe(0);
    expect(result.mutations?.observed).toBeGreaterThan(0);
    expect(result.processes.map((p) => [p.processes, p.evaluated])).toEqual([
      [1, result.processes[0].jobs],
      [2, result.processes[1].jobs],
    ]);
    expect(result.calendar?.evaluated).toBe(result.calendar?.due);
  });

  it('writes its section into the report, with the command, keeping the rest', () => {
    expect(markdown).toContain(MONITOR_BEGIN);
    expect(markdown).toContain(MONITOR_END);
    expect(markdown).toContain('## Monitor and population views');
    expect(markdown).toContain('npm run bench -- --monitor-only --workers 300');
    expect(markdown).toContain('kept');
  });
});

/**
 * `npm run bench -- --views-only` at a tiny N: the monitor's store filled synthetically (no sweep),
 * every view through the gateway at c=1 and c=16, its own report file.
 */
(server ? describe : describe.skip)('benchmark views only (smoke, PostgreSQL only)', () => {
  let result: ViewsOnlyResult;
  let markdown = '';

  beforeAll(async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'kyosei-bench-')), 'BENCHMARKS-views.md');
    const options = parseArgs([
      '--views-only',
      '--views-workers',
      '2000',
      '--workers',
      '200',
      '--out',
      out,
    ]);
    result = await runViewsOnly({
      ...options,
      server: server as string,
      seconds: 1,
      log: () => {},
    });
    markdown = readFileSync(out, 'utf8');
  });

  it('fills the store and answers every view at c=1 and c=16', () => {
    expect(result.errors).toEqual([]);
    expect(result.workers).toBe(2000);
    expect(result.fillSeconds).toBeGreaterThan(0);
    expect(result.views.map((v) => v.concurrency)).toEqual(
      result.views.map((_, i) => (i % 2 === 0 ? 1 : 16)),
    );
    expect(new Set(result.views.map((v) => v.name)).size).toBe(10);
    for (const v of result.views)
      expect({ name: v.name, answered: v.stats.requests > v.stats.errors }).toEqual({
        name: v.name,
        answered: true,
      });
  });

  it('writes its report with the command and the load average', () => {
    expect(markdown).toContain('# Population views at scale');
    expect(markdown).toContain('npm run bench -- --views-only --views-workers 2000 --workers 200');
    expect(markdown).toContain('load average');
  });
});
