/**
 * The committed generated types (resolvers per subgraph, client operations) equal what the
 * schemas and the documents generate now; when they do not, CI says to run `npm run codegen`.
 * (@graphql-codegen/cli loads ESM-only modules, so the check runs in a child process.)
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { SUBGRAPH_NAMES } from '../../subgraphs/kit/config';

const ROOT = path.join(__dirname, '../..');
const run = promisify(execFile);

test('generated resolver and operation types are up to date', async () => {
  const result = await run(
    process.execPath,
    ['-r', '@swc-node/register', 'tools/cli/codegen.ts', '--check'],
    { cwd: ROOT },
  ).catch((error: { stderr: string }) => ({ stdout: '', stderr: error.stderr }));
  expect(result.stderr).toBe('');
  // One resolver file per registry, the consistency subgraph's, the client operations'.
  const files = SUBGRAPH_NAMES.length + 2;
  expect(result.stdout).toMatch(new RegExp(`^codegen: ${files} files up to date`));
}, 30_000);
