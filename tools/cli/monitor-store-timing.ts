/**
 * Times the population views' store queries on a synthetic monitor store (subgraphs/monitor/
 * population.ts) in a scratch PostgreSQL database:
 *   node -r @swc-node/register tools/cli/monitor-store-timing.ts --workers 1000000 [--fill]
 *     [--migrations N] [--drop] [--runs 7]
 * DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres); the
 * database is ${process.env.SCRATCH_DB ?? "kyosei_store_scratch"}. `--fill` creates and fills it (it must not exist yet);
 * `--migrations N` applies only the monitor's first N migrations (to time an older store);
 * `--drop` drops it at the end; `--only <prefix>` times only the views named so. Prints the p50 and max of each view (ms), resolver-level (no HTTP).
 */
import pg from 'pg';
import { openDatabase } from '../../subgraphs/kit/database';
import { addDays, todayInTokyo } from '../../subgraphs/kit/dates';
import { monitor } from '../../subgraphs/monitor';
import { fillStore } from '../../subgraphs/monitor/population';
import { findings } from '../../subgraphs/monitor/views/findings';
import {
  riskOverview,
  RISK_DIMENSIONS,
  type RiskDimension,
} from '../../subgraphs/monitor/views/overview';
import { riskTransitions } from '../../subgraphs/monitor/views/transitions';
import { databaseUrl, population } from '../demo/population';

const NAME = process.env.SCRATCH_DB ?? 'kyosei_store_scratch';
const DIMENSIONS: (RiskDimension | null)[] = [null, ...RISK_DIMENSIONS];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : (process.argv[i + 1] ?? '');
}

async function time(runs: number, f: () => Promise<unknown>) {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await f();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return {
    p50: Math.round(ms[Math.floor(runs / 2)] * 10) / 10,
    max: Math.round(ms.at(-1)! * 10) / 10,
  };
}

async function main(): Promise<void> {
  const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const workers = Number(arg('workers') ?? 1_000_000);
  const runs = Number(arg('runs') ?? 7);
  const upTo = arg('migrations');
  const url = databaseUrl(server, NAME);
  const db = await openDatabase({
    name: 'monitor',
    target: { kind: 'postgres', url },
    entities: monitor.entities,
    migrations: upTo
      ? (monitor.migrations as unknown[]).slice(0, Number(upTo))
      : monitor.migrations,
  } as Parameters<typeof openDatabase>[0]);
  const ds = db.dataSource;
  const today = todayInTokyo();
  try {
    if (process.argv.includes('--fill')) {
      const t = Date.now();
      await fillStore(ds, population(workers), today);
      process.stdout.write(`filled ${workers} workers in ${(Date.now() - t) / 1000} s\n`);
    }
    const [{ employer }] = (await ds.query(
      `SELECT employer_ids[1] AS employer FROM monitored_worker
        WHERE cardinality(employer_ids) > 0 ORDER BY worker_id LIMIT 1`,
    )) as { employer: string }[];
    const filters: [string, Record<string, unknown>][] = [
      ['none', {}],
      ['statuses', { statuses: ['VIOLATION', 'AT_RISK'] }],
      ['ruleIds', { ruleIds: ['RESIDENCE_EXPIRING'] }],
      ['responsibleParty', { responsibleParty: 'EMPLOYER' }],
      ['employerId', { employerId: employer }],
    ];
    // `--only <prefix>`: just the views whose line starts so.
    const only = arg('only');
    const put = async (name: string, f: () => Promise<unknown>) => {
      if (!only || name.startsWith(only))
        process.stdout.write(`${name}\t${JSON.stringify(await time(runs, f))}\n`);
    };
    for (const [fname, filter] of filters)
      for (const groupBy of DIMENSIONS)
        await put(`riskOverview ${groupBy ?? '-'} ${fname}`, () =>
          riskOverview(ds, { groupBy, filter }, true),
        );
    const findingFilters: [string, Record<string, unknown>][] = [
      ...filters.filter(([n]) => n !== 'statuses'),
      ['severities', { severities: ['INFO'] }],
      ['dueBefore', { dueBefore: addDays(today, -20) }],
    ];
    for (const [fname, filter] of findingFilters) {
      await put(`findings first 50 ${fname}`, () => findings(ds, { filter, first: 50 }));
      // A deep page: the 20 001st finding on.
      let after: string | null = null;
      for (let i = 0; i < 40; i++) {
        const page = await findings(ds, { filter, first: 500, after });
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      if (after)
        await put(`findings deep page ${fname}`, () => findings(ds, { filter, first: 50, after }));
    }
    const since = new Date(Date.now() - 86_400_000).toISOString();
    for (const [fname, filter] of filters)
      await put(`riskTransitions since yesterday ${fname}`, () =>
        riskTransitions(ds, { since, filter, first: 50 }),
      );
  } finally {
    await db.close();
  }
  if (process.argv.includes('--drop')) {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${NAME}`);
    await c.end();
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
