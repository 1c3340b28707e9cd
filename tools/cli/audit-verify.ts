/**
 * `npm run audit:verify [-- <registry>…]`: checks every registry's and the monitor's access log
 * (or those named) —
 * each record's hash over its predecessor's and its own content, the sequence without gaps, each
 * checkpoint's signature (AUDIT_CHECKPOINT_KEY) and signed head — reading the databases the
 * subgraphs are configured with (`<NAME>_DATABASE_URL`, `DATABASE_URL`, or the embedded PGlite
 * directories under KYOSEI_DATA_DIR while the stack is stopped). Names the first broken record.
 * Exit code: 0 every chain intact, 1 a chain broken, 2 a registry could not be read.
 */
import { PGlite } from '@electric-sql/pglite';
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { verifyChain, type ChainReport, type Query } from '../../subgraphs/kit/audit-chain';
import { loadSubgraphConfig, SUBGRAPH_NAMES, type ServiceName } from '../../subgraphs/kit/config';
import type { DatabaseTarget } from '../../subgraphs/kit/database';
import { redactUrl } from '../../subgraphs/kit/database';

async function withQuery<T>(target: DatabaseTarget, fn: (q: Query) => Promise<T>): Promise<T> {
  if (target.kind === 'postgres') {
    // The service role may SELECT the log: verifying needs nothing more.
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      return await fn(async (sql, params) => (await client.query(sql, params)).rows);
    } finally {
      await client.end();
    }
  }
  const dir = target.dataDir as string;
  if (!existsSync(path.join(dir, 'PG_VERSION'))) throw new Error(`no database at ${dir}`);
  // PGlite does not guard its directory: opening it beside a running subgraph would corrupt it.
  if (existsSync(path.join(dir, 'postmaster.pid')))
    throw new Error(`${dir} is in use (or was not closed cleanly): stop npm start first`);
  const db = new PGlite(dir);
  try {
    return await fn(async (sql, params) => (await db.query(sql, params)).rows as never);
  } finally {
    await db.close();
  }
}

function where(target: DatabaseTarget): string {
  return target.kind === 'postgres' ? redactUrl(target.url) : `PGlite ${target.dataDir}`;
}

/** Every service keeping an access log: the registries and the monitor. */
const LOGGED: readonly ServiceName[] = [...SUBGRAPH_NAMES, 'monitor'];

function describeReport(name: ServiceName, report: ChainReport): string {
  const signed = report.lastCheckpoint
    ? `${report.checkpoints} signed checkpoint(s), the last at seq ${report.lastCheckpoint}`
    : 'no signed checkpoint yet';
  if (report.broken) {
    const b = report.broken;
    return `${name}: BROKEN at record seq ${b.seq}${b.id ? ` (id ${b.id})` : ''}: ${b.reason} (${report.records} record(s) before it verified; ${signed})`;
  }
  return `${name}: intact — ${report.records} record(s), ${signed}`;
}

async function main(): Promise<number> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = asked.filter((a) => !(LOGGED as readonly string[]).includes(a));
  if (unknown.length) {
    process.stderr.write(`Unknown registry ${unknown.join(', ')}: ${LOGGED.join(', ')}\n`);
    return 2;
  }
  const names = (asked.length ? asked : LOGGED) as ServiceName[];
  let code = 0;
  for (const name of names) {
    let target: DatabaseTarget | null = null;
    try {
      const config = loadSubgraphConfig(name, process.env);
      target = config.database;
      const key = config.audit?.checkpointKey as string;
      const report = await withQuery(target, (q) => verifyChain(q, name.toUpperCase(), key));
      process.stdout.write(`${describeReport(name, report)}\n`);
      if (report.broken) code = Math.max(code, 1);
    } catch (error) {
      process.stdout.write(
        `${name}: could not verify${target ? ` (${where(target)})` : ''}: ${(error as Error).message}\n`,
      );
      code = Math.max(code, 2);
    }
  }
  return code;
}

void main().then((code) => process.exit(code));
