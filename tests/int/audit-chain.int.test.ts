/**
 * The access log's hash chain and signed checkpoints (kit/audit-chain.ts), on PostgreSQL and on
 * PGlite alike: a clean chain verifies, concurrent inserts form one chain, and every edit the role
 * owning the tables could make — an UPDATE of subject or purpose, a DELETE in the middle, a
 * rewrite with recomputed hashes, a forged checkpoint, a cut tail — is found and named, by the
 * verifier and by `npm run audit:verify`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AccessRecorder } from '../../subgraphs/kit/audit';
import type { ChainReport } from '../../subgraphs/kit/audit-chain';
import type { Database, DatabaseTarget } from '../../subgraphs/kit/database';
import { AccessLog1764100000000 } from '../../subgraphs/kit/migrations/AccessLog';
import { openDatabase } from '../../subgraphs/kit/database';
import { residence } from '../../subgraphs/residence';
import { Initial1764000000000 } from '../../subgraphs/residence/migrations/1764000000000-Initial';
import {
  appendReads,
  auditVerify,
  checkpointsOf,
  identity,
  openResidence,
  owner,
  TEST_AUDIT,
  verify,
} from '../support/audit-log';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../support/databases';

jest.setTimeout(120_000);

/** A residence database; on PGlite under `<dir>/residence`, where audit:verify looks for it. */
async function residenceTarget(): Promise<{
  target: DatabaseTarget;
  env: Record<string, string>;
  drop(): Promise<void>;
}> {
  if (TEST_SERVER_URL) {
    const database: TestDatabase = await createTestDatabase('residence');
    const url = (database.target as { url: string }).url;
    return { target: database.target, env: { RESIDENCE_DATABASE_URL: url }, drop: database.drop };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'kyosei-audit-'));
  return {
    target: { kind: 'pglite', dataDir: path.join(dir, 'residence') },
    env: { KYOSEI_DATA_DIR: dir },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

let where: Awaited<ReturnType<typeof residenceTarget>>;
let db: Database;
let q: ReturnType<typeof owner>;

beforeAll(async () => {
  where = await residenceTarget();
  db = await openResidence(where.target);
  q = owner(where.target, db);
});
afterAll(async () => {
  await db.close();
  await where.drop();
});

const count = async () =>
  Number(
    ((await db.dataSource.query('SELECT count(*) AS n FROM access_log')) as { n: string }[])[0].n,
  );

/** Applies `edit` as the owner, verifies, then puts every row back as it was. */
async function tampered(edit: string[]): Promise<ChainReport> {
  await q('CREATE TABLE snap_log AS SELECT * FROM access_log');
  await q('CREATE TABLE snap_checkpoint AS SELECT * FROM access_log_checkpoint');
  try {
    for (const sql of edit) await q(sql);
    return await verify(db);
  } finally {
    for (const t of ['access_log', 'access_log_checkpoint'])
      await q(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
    await q('DELETE FROM access_log');
    await q('DELETE FROM access_log_checkpoint');
    await q('INSERT INTO access_log OVERRIDING SYSTEM VALUE SELECT * FROM snap_log');
    await q('INSERT INTO access_log_checkpoint SELECT * FROM snap_checkpoint');
    for (const t of ['access_log', 'access_log_checkpoint'])
      await q(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
    await q('DROP TABLE snap_log, snap_checkpoint');
  }
}

/** What an owner does to edit the log: switch the append-only trigger off, edit, switch it on. */
const asOwnerEdits = (...sql: string[]) => [
  'ALTER TABLE access_log DISABLE TRIGGER access_log_no_update_delete',
  ...sql,
  'ALTER TABLE access_log ENABLE TRIGGER access_log_no_update_delete',
];
const idOf = async (seq: number) =>
  String(
    (
      (await db.dataSource.query('SELECT id FROM access_log WHERE seq = $1', [seq])) as {
        id: string;
      }[]
    )[0].id,
  );

describe('the access-log hash chain', () => {
  it('verifies a clean chain, with a signed checkpoint every 5 records', async () => {
    await appendReads(db, 12);
    const n = await count();
    expect(n).toBe(24); // 1 + 2 + 3 workers, four times
    const report = await verify(db);
    expect(report).toEqual({ records: n, checkpoints: 4, lastCheckpoint: '20', broken: null });
  });

  it('hashes the same in the database and in TypeScript, whatever the text', async () => {
    const recorder = new AccessRecorder();
    recorder.record('00000000-0000-4000-8000-000000000001', 'Worker.fullName');
    recorder.record('00000000-0000-4000-8000-000000000002', 'Worker.a:b,c');
    for (const [sub, purpose, operation] of [
      ['1:x', '', null],
      ['quote " back \\ slash', 'line\nbreak\ttab', '-'],
      ['日本語の利用者', '目的 🎌', 'Ω'],
    ] as const) {
      recorder.record('00000000-0000-4000-8000-000000000003', 'ResidencePermit.status');
      await recorder.flush(
        db.dataSource,
        identity(sub, purpose, operation),
        'RESIDENCE',
        checkpointsOf(db),
      );
    }
    expect((await verify(db)).broken).toBeNull();
  });

  it('stays one chain under concurrent inserts', async () => {
    const before = await count();
    await appendReads(db, 60, true);
    const after = await count();
    expect(after - before).toBe(120); // 60 requests of 1, 2 or 3 workers
    const report = await verify(db);
    expect(report.broken).toBeNull();
    expect(report.records).toBe(after);
    const seqs = (await db.dataSource.query(
      'SELECT min(seq)::int AS lo, max(seq)::int AS hi, count(DISTINCT seq)::int AS n FROM access_log',
    )) as { lo: number; hi: number; n: number }[];
    expect(seqs[0]).toEqual({ lo: 1, hi: after, n: after });
    expect(report.checkpoints).toBe(Math.floor(after / TEST_AUDIT.checkpointEvery));
  });

  it('names the record whose subject the owner updated', async () => {
    const report = await tampered(
      asOwnerEdits(`UPDATE access_log SET subject = 'someone else' WHERE seq = 7`),
    );
    expect(report.broken).toEqual({
      seq: '7',
      id: await idOf(7),
      reason: expect.stringMatching(/content does not match its hash — edited/),
    });
    expect(report.records).toBe(6);
  });

  it('names the record whose purpose the owner updated', async () => {
    const report = await tampered(
      asOwnerEdits(`UPDATE access_log SET purpose = 'audit' WHERE seq = 33`),
    );
    expect(report.broken).toMatchObject({ seq: '33', id: await idOf(33) });
    expect(report.broken?.reason).toMatch(/edited/);
  });

  it('names a record the owner deleted from the middle', async () => {
    const report = await tampered(asOwnerEdits('DELETE FROM access_log WHERE seq = 9'));
    expect(report.broken).toEqual({
      seq: '9',
      id: null,
      reason: `missing: the chain jumps from seq 8 to seq 10 (id ${await idOf(10)}) — deleted`,
    });
  });

  it('finds a rewrite with recomputed hashes at the next signed checkpoint', async () => {
    const report = await tampered(
      asOwnerEdits(
        `UPDATE access_log SET subject = 'someone else' WHERE seq = 3`,
        `DO $$ DECLARE r access_log; prev bytea;
         BEGIN
           SELECT hash INTO prev FROM access_log WHERE seq = 2;
           FOR r IN SELECT * FROM access_log WHERE seq >= 3 ORDER BY seq LOOP
             r.prev_hash := prev;
             prev := sha256(prev || access_log_canonical(r));
             UPDATE access_log SET prev_hash = r.prev_hash, hash = prev WHERE id = r.id;
           END LOOP;
         END $$`,
      ),
    );
    expect(report.broken).toMatchObject({ seq: '5', id: await idOf(5) });
    expect(report.broken?.reason).toMatch(/differs from the one signed at its checkpoint/);
  });

  it('finds a checkpoint whose signature was replaced', async () => {
    const report = await tampered([
      'ALTER TABLE access_log_checkpoint DISABLE TRIGGER USER',
      'UPDATE access_log_checkpoint SET signature = sha256(signature) WHERE seq = 10',
      'ALTER TABLE access_log_checkpoint ENABLE TRIGGER USER',
    ]);
    expect(report.broken).toMatchObject({ seq: '10' });
    expect(report.broken?.reason).toMatch(/signature is invalid/);
  });

  it('finds a cut tail that included a signed record', async () => {
    const n = await count();
    const lastSigned = Math.floor(n / 5) * 5;
    const report = await tampered(
      asOwnerEdits(`DELETE FROM access_log WHERE seq >= ${lastSigned}`),
    );
    expect(report.broken).toEqual({
      seq: String(lastSigned),
      id: null,
      reason: `missing: signed at a checkpoint, but the chain ends at seq ${lastSigned - 1} — deleted`,
    });
  });

  it('cannot see records cut after the last checkpoint (the documented limit)', async () => {
    const n = await count();
    const lastSigned = Math.floor(n / 5) * 5;
    expect(n).toBeGreaterThan(lastSigned);
    const report = await tampered(asOwnerEdits(`DELETE FROM access_log WHERE seq > ${lastSigned}`));
    expect(report).toMatchObject({ records: lastSigned, broken: null });
  });

  it('is intact again once every edit was put back', async () => {
    expect((await verify(db)).broken).toBeNull();
  });
});

describe('npm run audit:verify', () => {
  it('reports an intact chain with exit code 0, and the first broken record with exit code 1', async () => {
    const n = await count();
    expect((await verify(db)).broken).toBeNull(); // stores the checkpoints signed so far
    await db.close(); // PGlite's directory has one user at a time
    const clean = await auditVerify(['residence'], where.env);
    expect(clean).toEqual({
      code: 0,
      out: `residence: intact — ${n} record(s), ${Math.floor(n / 5)} signed checkpoint(s), the last at seq ${Math.floor(n / 5) * 5}\n`,
    });
    db = await openResidence(where.target);
    q = owner(where.target, db);
    for (const sql of asOwnerEdits(
      `UPDATE access_log SET purpose = 'nothing to see' WHERE seq = 4`,
    ))
      await q(sql);
    const id = await idOf(4);
    await db.close();
    const broken = await auditVerify(['residence'], where.env);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(
      `residence: BROKEN at record seq 4 (id ${id}): its content does not match its hash — edited after it was written (3 record(s) before it verified;`,
    );
    db = await openResidence(where.target);
  });

  it('says which registry it could not read, with exit code 2', async () => {
    const res = await auditVerify(['tax'], {
      TAX_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(res.code).toBe(2);
    expect(res.out).toMatch(/^tax: could not verify \(postgres:\/\/nobody@127\.0\.0\.1:1\/none\)/);
  });
});

describe('the migration that adds the chain', () => {
  it('chains the rows an older log already held, in id order', async () => {
    const older = await residenceTarget();
    const migrations = [Initial1764000000000, AccessLog1764100000000];
    const before = await openDatabase({
      name: 'residence',
      target: older.target,
      entities: residence.entities,
      migrations,
    });
    await before.dataSource.query(
      `INSERT INTO access_log (subject, agency, purpose, operation, worker_id, source, fields)
       SELECT 'old-' || i, 'ANALYST', 'casework', NULL, gen_random_uuid(), 'RESIDENCE', '{Worker.fullName}'
         FROM generate_series(1, 7) AS i`,
    );
    await before.close();
    const after = await openResidence(older.target);
    try {
      await appendReads(after, 2);
      const report = await verify(after);
      expect(report).toMatchObject({ records: 10, broken: null, lastCheckpoint: '10' });
    } finally {
      await after.close();
      await older.drop();
    }
  });
});
