/**
 * `npm run schema:check -- --subgraph NAME --sdl FILE`: checks a proposed SDL for one subgraph
 * (tools/schema/check.ts) and prints the report. Exit code 0 when safe, 1 on a composition error,
 * a breaking change or a broken project operation, 2 on a usage error.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GRAPH_NAMES, type GraphName } from '../../subgraphs/kit/config';
import { checkSubgraphChange, formatReport } from '../schema/check';

const USAGE = `usage: npm run schema:check -- --subgraph <${GRAPH_NAMES.join('|')}> --sdl <file>`;

function fail(message: string): never {
  process.stderr.write(`schema:check: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function args(): { name: GraphName; sdl: string } {
  let values;
  try {
    values = parseArgs({
      options: { subgraph: { type: 'string' }, sdl: { type: 'string' } },
    }).values;
  } catch (error) {
    fail((error as Error).message);
  }
  const name = values.subgraph;
  if (!name || !(GRAPH_NAMES as readonly string[]).includes(name)) {
    fail(`--subgraph must be one of ${GRAPH_NAMES.join(', ')}`);
  }
  if (!values.sdl) fail('--sdl <file> is required');
  try {
    return { name: name as GraphName, sdl: readFileSync(values.sdl, 'utf8') };
  } catch (error) {
    fail(`cannot read ${values.sdl}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

async function main(): Promise<void> {
  const report = await checkSubgraphChange(args());
  process.stdout.write(formatReport(report));
  process.exitCode = report.safe ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`schema:check: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
