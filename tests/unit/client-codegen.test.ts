/**
 * The README's typed-client recipe ("For frontend teams") cannot rot: its three commands, followed
 * in a fresh directory with the committed docs/client/codegen.ts, generate types from
 * schema/api.graphql for every operation in the README and the explorer, with `Date` as `string`,
 * and the generated modules compile.
 */
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { API_SCHEMA_PATH } from '../../tools/compose';
import { explorerOperations, readmeOperations } from '../support/operations';

const ROOT = path.join(__dirname, '../..');
const GENERATED = ['src/kyosei/operations.ts', 'src/kyosei/schema.ts'];
const run = promisify(execFile);
const apps: string[] = [];
afterAll(() => apps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The shell commands of the README's "A typed client in three commands". */
function readmeCommands(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### A typed client in three commands'));
  return (/```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '').trim().split('\n');
}

/**
 * A client app as the README sets it up — the schema copied to kyosei.graphql, the committed
 * codegen.ts, the operations under src/ (packages: ours, linked) — after `npx graphql-codegen
 * --config codegen.ts`. Resolves to the app's directory, or rejects with the generator's output.
 */
async function generate(operations: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kyosei-client-'));
  apps.push(dir);
  copyFileSync(API_SCHEMA_PATH, path.join(dir, 'kyosei.graphql'));
  copyFileSync(path.join(ROOT, 'docs/client/codegen.ts'), path.join(dir, 'codegen.ts'));
  mkdirSync(path.join(dir, 'src'));
  for (const [name, query] of Object.entries(operations)) {
    writeFileSync(path.join(dir, 'src', `${name}.graphql`), query);
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  // `npx graphql-codegen`, without npx's registry lookup; under NODE_ENV=test (set by jest) the
  // generator would print nothing.
  const bin = path.join(ROOT, 'node_modules/@graphql-codegen/cli/cjs/bin.js');
  await run(process.execPath, [bin, '--config', 'codegen.ts'], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'development' },
  }).catch((e: { stdout: string; stderr: string }) => {
    throw new Error(`${e.stdout}${e.stderr}`);
  });
  return dir;
}

describe('a typed client from schema/api.graphql (README, For frontend teams)', () => {
  const operations = [...readmeOperations(), ...explorerOperations()];

  it('states three commands this test follows', () => {
    const [copy, install, codegen] = readmeCommands();
    expect(copy).toMatch(/^cp \S*schema\/api\.graphql kyosei\.graphql$/);
    const { devDependencies } = JSON.parse(
      readFileSync(path.join(ROOT, 'package.json'), 'utf8'),
    ) as { devDependencies: Record<string, string> };
    const packages = install.replace(/^npm install -D /, '').split(' ');
    expect(packages.sort()).toEqual([
      '@graphql-codegen/cli',
      '@graphql-codegen/typescript',
      '@graphql-codegen/typescript-operations',
      'graphql',
    ]);
    for (const p of packages.filter((p) => p !== 'graphql')) {
      expect(Object.keys(devDependencies)).toContain(p);
    }
    expect(codegen).toBe('npx graphql-codegen --config codegen.ts');
  });

  it('generates types for every example operation, with Date typed string', async () => {
    expect(operations.map((o) => o.name)).toEqual([
      'WorkerConsistency',
      'WorkerList',
      'MyCaseload',
      'Worker360',
      'WorkersPage',
      'EmployerEmployees',
      'RiskOverview',
      'MyQueue',
      'TransitionsSinceYesterday',
      'Next90Days',
      'Rules',
    ]);
    const dir = await generate(Object.fromEntries(operations.map((o) => [o.name, o.query])));
    const [operationTypes, schemaTypes] = GENERATED.map((f) =>
      readFileSync(path.join(dir, f), 'utf8'),
    );
    expect(schemaTypes).toMatch(/^\s*Date: \{ input: string; output: string; \}$/m);
    for (const op of operations) {
      expect(operationTypes).toContain(`export type ${op.name}Query = `);
      expect(operationTypes).toContain(`export type ${op.name}QueryVariables = `);
    }
    // Dates in results and variables are strings, never unknown or any.
    expect(operationTypes).toMatch(/export type WorkerConsistencyQuery = .*dueBy: string \| null/);
    expect(operationTypes).toMatch(
      /WorkerConsistencyQueryVariables = Exact<\{[^}]*asOf\?: string \| null/,
    );
    expect(`${operationTypes}${schemaTypes}`).not.toMatch(/: (any|unknown)[;,]/);

    // The generated modules compile under strict TypeScript.
    const program = ts.createProgram(
      GENERATED.map((f) => path.join(dir, f)),
      { strict: true, noEmit: true, skipLibCheck: true },
    );
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  }, 180_000);

  it('refuses fields clients cannot query, as the gateway does', async () => {
    await expect(
      generate({
        internal: 'query Internal($id: ID!) { worker(id: $id) { employmentRecords { id } } }',
      }),
    ).rejects.toThrow(/Cannot query field "employmentRecords" on type "Worker"/);
  }, 180_000);
});
