import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLASSES } from '../../bench/soak/classes';
import { parseArgs, runSoak, type SoakReport } from '../../bench/soak/run';

/**
 * A small-N run of the reliability suite (bench/soak, `npm run soak`) so it cannot rot: every
 * class of hostile input is sent and counted, both faults run and are measured, the mixed load
 * reads back its writes, and the report has every section. It asserts what the harness computes,
 * not the product's open findings (5xx, stalls, marker leaks: their own tests hold those), except
 * what already holds: no service crashes under hostile input, no acknowledged write is lost.
 * Needs PostgreSQL (its own kyosei_bench_soak_smoke_* databases), so it runs in the PostgreSQL run
 * of the suite (KYOSEI_TEST_DATABASE_URL set) and is skipped in the PGlite run.
 */
const server = process.env.KYOSEI_TEST_DATABASE_URL;
const OPS = 75;
jest.setTimeout(300_000);

(server ? describe : describe.skip)(
  'reliability suite (smoke; PostgreSQL only: skipped without KYOSEI_TEST_DATABASE_URL)',
  () => {
    let report: SoakReport;
    let markdown = '';

    beforeAll(async () => {
      const out = path.join(mkdtempSync(path.join(tmpdir(), 'kyosei-soak-')), 'RELIABILITY.md');
      const options = parseArgs(
        [
          '--quick',
          '--ops',
          String(OPS),
          '--seconds',
          '2',
          '--concurrency',
          '4',
          '--down-seconds',
          '1',
          '--fault-concurrency',
          '4',
          '--tag',
          'soak_smoke',
          '--out',
          out,
        ],
        () => {},
      );
      report = await runSoak({ ...options, server: server as string });
      markdown = readFileSync(out, 'utf8');
    });

    it('sends every class of hostile input, exactly the operations requested', () => {
      expect(report.fuzz.map((c) => c.name)).toEqual(CLASSES.map((c) => c.name));
      expect(report.fuzz.reduce((a, c) => a + c.requested, 0)).toBe(OPS);
      for (const c of report.fuzz) {
        expect(c.requested).toBeGreaterThan(0);
        expect(c.sent).toBe(c.requested);
      }
    });

    it('counts every answer: statuses add up, 5xx/stalls/resets are the statuses they name', () => {
      for (const c of report.fuzz) {
        const statuses = Object.entries(c.statuses);
        expect(statuses.reduce((a, [, n]) => a + n, 0)).toBe(c.sent);
        const fiveXx = statuses.filter(([s]) => Number(s) >= 500).reduce((a, [, n]) => a + n, 0);
        expect(c.fiveXx).toBe(fiveXx);
        expect(c.fiveXxDirect).toBeLessThanOrEqual(c.fiveXx);
        expect(c.stalls).toBe(c.statuses.stall ?? 0);
        expect(c.resets).toBe(c.statuses.reset ?? 0);
        expect(c.markerLeaks).toBeGreaterThanOrEqual(0);
        expect(c.leakServices.length > 0).toBe(c.markerLeaks > 0);
      }
    });

    it('no service process crashes under hostile input', () => {
      expect(report.fuzz.map((c) => [c.name, c.crashes])).toEqual(CLASSES.map((c) => [c.name, 0]));
      expect(report.crashes.filter((c) => c.phase.startsWith('fuzz'))).toEqual([]);
    });

    it('measures both faults under reads', () => {
      expect(report.faults.map((f) => f.name)).toEqual([
        'employment killed',
        'employment database connections dropped',
      ]);
      for (const f of report.faults) {
        expect(f.reads).toBeGreaterThan(0);
        expect(Object.values(f.kinds).reduce((a, b) => a + b, 0)).toBe(f.reads);
        expect(f.blank).toBe(f.kinds.blank ?? 0);
        expect(f.falseConsistent).toBeGreaterThanOrEqual(0);
        // The harness restarts what it killed (and what crashed), so answers become full again.
        expect(f.recoverySeconds).not.toBeNull();
      }
    });

    it('runs mixed reads and writes and reads every acknowledged write back', () => {
      const l = report.load;
      if (!l) throw new Error('the mixed load did not run');
      expect(l.requests).toBe(l.reads + l.writes);
      expect(l.writes).toBeGreaterThan(0);
      expect(l.acknowledged).toBeLessThanOrEqual(l.writes);
      expect(l.lost).toBe(0);
      expect(l.gatewayPeakRssMb).toBeGreaterThan(0);
    });

    it('writes the report with every section and the command', () => {
      for (const heading of [
        '## Summary',
        '## Hostile input',
        '## Faults under load',
        '## Mixed reads and writes',
        '## Service output',
      ]) {
        expect(markdown).toContain(heading);
      }
      expect(markdown).toContain('npm run soak -- --quick');
      for (const c of CLASSES) expect(markdown).toContain(`| ${c.name} |`);
    });
  },
);
