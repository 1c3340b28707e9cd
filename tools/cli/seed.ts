/**
 * `npm run seed`: loads the demo dataset through a running gateway (GATEWAY_URL).
 * `npm run seed -- --workers N [--seed S]`: bulk-generates N workers straight into the four
 * PostgreSQL databases the subgraphs are configured with (DATABASE_URL or <NAME>_DATABASE_URL).
 */
import { loadSubgraphConfig, SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/kit/config';
import { todayInTokyo } from '../../subgraphs/kit/dates';
import { fillDatabases, population } from '../demo/population';
import { buildDataset } from '../demo/dataset';
import { seedDataset } from '../demo/seed';
import { loadGatewayConfig } from '../../gateway/config';
import { ALL_SCOPES, demoToken } from '../../gateway/tokens';

function option(argv: string[], flag: string): string | undefined {
  const k = argv.indexOf(flag);
  return k >= 0 ? argv[k + 1] : undefined;
}

/** Bulk generation into the configured databases (PostgreSQL only: PGlite is one connection). */
async function bulk(workers: number, seed: string): Promise<void> {
  if (!Number.isInteger(workers) || workers < 10)
    throw new Error('--workers must be a whole number of at least 10');
  const urls = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPH_NAMES) {
    const target = loadSubgraphConfig(name, process.env).database;
    if (target.kind !== 'postgres')
      throw new Error(
        `Bulk generation needs PostgreSQL: set DATABASE_URL (a server; databases kyosei_<name>) or ${name.toUpperCase()}_DATABASE_URL`,
      );
    // A bulk load is the owner's work (it creates, migrates and analyzes); the service role may not.
    urls[name] = target.migrationUrl ?? target.url;
  }
  process.stdout.write(`Generating ${workers.toLocaleString('en')} workers (seed ${seed})…\n`);
  const result = await fillDatabases(urls, population(workers, seed), (line) =>
    process.stdout.write(`${line}\n`),
  );
  const s = result.seconds;
  process.stdout.write(
    `Done in ${s.total.toFixed(1)} s (migrate ${s.migrate.toFixed(1)} s, load ${s.load.toFixed(1)} s, analyze ${s.analyze.toFixed(1)} s), ${(result.bytes / 1024 ** 2).toFixed(0)} MB:\n` +
      Object.entries(result.rows)
        .map(([table, n]) => `  ${table} ${n.toLocaleString('en')}`)
        .join('\n') +
      '\n',
  );
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const workers = option(argv, '--workers');
  if (workers !== undefined) return bulk(Number(workers), option(argv, '--seed') ?? 'kyosei');
  const url = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql';
  const referenceDate = process.env.DEMO_REFERENCE_DATE ?? todayInTokyo();
  const dataset = buildDataset(referenceDate);
  process.stdout.write(
    `Seeding ${dataset.workers.length} workers and ${dataset.employers.length} employers (reference date ${referenceDate}) through ${url}…\n`,
  );
  // GATEWAY_TOKEN, or a development token with every scope signed with the configured secret.
  const secret = loadGatewayConfig().auth.secret;
  const token =
    process.env.GATEWAY_TOKEN ??
    (secret
      ? await demoToken(secret, { agency: 'ANALYST', scope: ALL_SCOPES, purpose: 'demo data' })
      : null);
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  const result = await seedDataset(url, dataset, {
    headers,
    onProgress: (done, total) => {
      if (process.stdout.isTTY) process.stdout.write(`\r  ${done}/${total} mutations`);
    },
  });
  process.stdout.write(
    `${process.stdout.isTTY ? '\n' : ''}Done: ${result.mutations} mutations in ${result.requests} requests, ${(result.ms / 1000).toFixed(1)} s.\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
