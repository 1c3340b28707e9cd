import { CriticalityLevel } from '@graphql-inspector/core';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { schemaPath } from '../../subgraphs/kit/schema';
import { checkSubgraphChange, formatReport, type CheckReport } from '../../tools/schema/check';
import { projectOperations } from '../../tools/schema/operations';

const root = path.resolve(__dirname, '../..');
const RESIDENCE = readFileSync(schemaPath('residence'), 'utf8');

/** The committed residence SDL with one edit; fails loudly when the text to edit is gone. */
function residenceWith(from: string, to: string): string {
  expect(RESIDENCE).toContain(from);
  return RESIDENCE.replace(from, to);
}

const WORKERS_QUERY =
  '  "Every registered worker, oldest registration first (Relay cursor connection; `first` ≤ 500, default 20)."\n  workers(first: Int, after: String): WorkerConnection!\n';
const REMOVED_WORKERS = residenceWith(WORKERS_QUERY, '');
const ADDED_FIELD = residenceWith(
  '  maxWeeklyHours: Int!\n}',
  '  maxWeeklyHours: Int!\n  note: String\n}',
);

const dir = mkdtempSync(path.join(tmpdir(), 'schema-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm run schema:check -- …` as an agency runs it (node directly, as the script does). */
function cli(...args: string[]) {
  return spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', 'tools/cli/schema-check.ts', ...args],
    { cwd: root, encoding: 'utf8', timeout: 60_000 },
  );
}

function sdlFile(name: string, sdl: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, sdl);
  return file;
}

const breaking = (report: CheckReport) =>
  report.changes.filter((c) => c.level === CriticalityLevel.Breaking).map((c) => c.message);

describe('the project operations checked', () => {
  it('come from the explorer, the dashboard, the demo loader (every mutation it sends) and the benchmark', () => {
    const ops = projectOperations();
    const names = (source: string) => ops.filter((o) => o.source === source).map((o) => o.name);
    expect(names('explorer')).toEqual(
      expect.arrayContaining(['Worker360', 'WorkersPage', 'Rules']),
    );
    expect(names('dashboard')).toEqual([
      'DashboardOverview',
      'DashboardEmployer',
      'DashboardTransitions',
      'DashboardForecast',
    ]);
    expect(names('demo seed')).toEqual(
      expect.arrayContaining([
        'registerWorker',
        'decideResidenceApplication',
        'fileEmploymentNotification',
      ]),
    );
    expect(names('demo seed')).toHaveLength(19);
    expect(names('bench')).toEqual(
      expect.arrayContaining(['Worker360', 'WorkersPage', 'EmployerEmployees', 'Register', 'Pay']),
    );
    expect(names('monitor').sort()).toEqual(['MonitorEvaluate', 'MonitorSweep']);
  });
});

describe('npm run schema:check', () => {
  it('passes a safe edit (a new nullable field) with exit code 0, naming the change', () => {
    const run = cli('--subgraph', 'residence', '--sdl', sdlFile('added.graphql', ADDED_FIELD));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Field 'note' was added to object type 'WorkPermission'");
    expect(run.stdout).toMatch(/(\d+) of \1 project operations validate/);
    expect(run.stdout).toContain('SAFE');
  }, 60_000);

  it('refuses removing a field clients use, exit code 1, naming the change and the operations', () => {
    const run = cli(
      '--subgraph',
      'residence',
      '--sdl',
      sdlFile('removed.graphql', REMOVED_WORKERS),
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("Field 'workers' was removed from object type 'Query'");
    expect(run.stdout).toMatch(
      /explorer WorkersPage: Cannot query field "workers" on type "Query"/,
    );
    expect(run.stdout).toContain('BREAKING');
  }, 60_000);

  it('answers a usage error with exit code 2', () => {
    expect(cli('--subgraph', 'nope', '--sdl', sdlFile('x.graphql', RESIDENCE)).status).toBe(2);
    expect(cli('--subgraph', 'residence').status).toBe(2);
    const missing = cli('--subgraph', 'residence', '--sdl', path.join(dir, 'missing.graphql'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('ENOENT');
  }, 60_000);
});

describe('checkSubgraphChange', () => {
  it('finds nothing in the committed SDL', async () => {
    const report = await checkSubgraphChange({ name: 'residence', sdl: RESIDENCE });
    expect(report).toMatchObject({ safe: true, changes: [], brokenOperations: [] });
  });

  it('names a required argument as breaking, and the operations that omit it', async () => {
    const sdl = residenceWith(
      'residence(asOf: Date): Residence',
      'residence(asOf: Date!): Residence',
    );
    const report = await checkSubgraphChange({ name: 'residence', sdl });
    expect(report.safe).toBe(false);
    expect(breaking(report).join('\n')).toMatch(/asOf.*Worker\.residence|Worker\.residence.*asOf/);
    expect(report.brokenOperations.map((o) => `${o.source} ${o.name}`)).toContain(
      'explorer WorkersPage',
    );
  });

  it("names a field's type change as breaking, though every operation still validates", async () => {
    const sdl = residenceWith('  nationality: String!', '  nationality: Int!');
    const report = await checkSubgraphChange({ name: 'residence', sdl });
    expect(report.safe).toBe(false);
    expect(breaking(report)).toEqual([
      "Field 'Worker.nationality' changed type from 'String!' to 'Int!'",
    ]);
    expect(report.brokenOperations).toEqual([]);
  });

  it('reports a composition error and no schema diff', async () => {
    const sdl = residenceWith('type Worker @key(fields: "id")', 'type Worker @key(fields: "nope")');
    const report = await checkSubgraphChange({ name: 'residence', sdl });
    expect(report.safe).toBe(false);
    expect(report.compositionErrors.join('\n')).toContain('nope');
    expect(report.changes).toEqual([]);
    expect(formatReport(report)).toContain('FAILED: the change does not compose.');
  });

  it('reports an SDL that does not parse as a composition error', async () => {
    const report = await checkSubgraphChange({ name: 'tax', sdl: 'type Query {' });
    expect(report.safe).toBe(false);
    expect(report.compositionErrors[0]).toMatch(/^tax: the SDL does not parse: Syntax Error/);
  });
});
