import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { AccessRecorder } from '../../subgraphs/kit/audit';
import {
  Checkpoints,
  verifyChain,
  type AuditConfig,
  type ChainReport,
} from '../../subgraphs/kit/audit-chain';
import type { Identity } from '../../subgraphs/kit/auth';
import { openDatabase, type Database, type DatabaseTarget } from '../../subgraphs/kit/database';
import { residence } from '../../subgraphs/residence';
import { asOwner } from './databases';

/** The key and cadence the audit tests sign checkpoints with. */
export const TEST_AUDIT: AuditConfig = {
  checkpointKey: 'kyosei-test-audit-key-0123456789',
  checkpointEvery: 5,
};

export function identity(
  sub: string,
  purpose = 'casework',
  operation: string | null = 'Q',
): Identity {
  return {
    sub,
    agency: 'ANALYST',
    scopes: new Set(),
    purpose,
    operation,
    viaGateway: true,
  };
}

/** The residence registry's database alone: migrated, no HTTP. */
export function openResidence(target: DatabaseTarget): Promise<Database> {
  return openDatabase({
    name: 'residence',
    target,
    entities: residence.entities,
    migrations: residence.migrations,
  });
}

const signers = new WeakMap<Database, Checkpoints>();
/** The checkpoint signer of one open database, as a subgraph keeps one per process. */
export function checkpointsOf(db: Database): Checkpoints {
  const found = signers.get(db) ?? new Checkpoints('RESIDENCE', TEST_AUDIT);
  signers.set(db, found);
  return found;
}

/** Appends `n` requests' reads (1–3 workers each) through the same code path as the subgraphs. */
export async function appendReads(db: Database, n: number, concurrently = false): Promise<void> {
  const one = async (i: number) => {
    const recorder = new AccessRecorder();
    for (let w = 0; w <= i % 3; w++) recorder.record(randomUUID(), `Worker.field${w}`);
    await recorder.flush(db.dataSource, identity(`user-${i}`), 'RESIDENCE', checkpointsOf(db));
  };
  if (concurrently) await Promise.all(Array.from({ length: n }, (_, i) => one(i)));
  else for (let i = 0; i < n; i++) await one(i);
}

/** Verifies the chain, once the checkpoints signed so far are stored. */
export async function verify(db: Database): Promise<ChainReport> {
  const query = (sql: string, params?: unknown[]) => db.dataSource.query(sql, params);
  await checkpointsOf(db).store(query);
  return verifyChain(query, 'RESIDENCE', TEST_AUDIT.checkpointKey);
}

/** SQL as the role that owns the tables (the edits an owner could make). */
export function owner(target: DatabaseTarget, db: Database) {
  return (sql: string, params?: unknown[]) =>
    asOwner(target, (s, p) => db.dataSource.query(s, p), sql, params);
}

const ROOT = path.resolve(__dirname, '..', '..');

/** `npm run audit:verify -- <registries>` with `env` instead of any configured database. */
export async function auditVerify(
  registries: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/DATABASE_URL$|^AUDIT_|^KYOSEI_DATA_DIR$/.test(k)),
  );
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', 'tools/cli/audit-verify.ts', ...registries],
      { cwd: ROOT, env: { ...clean, AUDIT_CHECKPOINT_KEY: TEST_AUDIT.checkpointKey, ...env } },
    );
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}
