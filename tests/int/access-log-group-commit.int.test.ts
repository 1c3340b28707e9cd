/**
 * Group commit of the access log (kit/audit.ts AccessLogWriter), on PostgreSQL and on PGlite:
 * concurrent requests share INSERTs, every row keeps its own reader, the chain stays whole, and a
 * request whose rows cannot be written fails alone.
 */
import { randomUUID } from 'node:crypto';
import { AccessLogWriter, AccessRecorder } from '../../subgraphs/kit/audit';
import type { Database } from '../../subgraphs/kit/database';
import { checkpointsOf, identity, openResidence, verify } from '../support/audit-log';
import { createTestDatabase, type TestDatabase } from '../support/databases';

jest.setTimeout(120_000);

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase('groupcommit');
  db = await openResidence(database.target);
});
afterAll(async () => {
  await db?.close();
  await database?.drop();
});

/** One request's reads: `workers` workers, one field each, by reader `sub`. */
function reads(sub: string, workers: string[]) {
  const recorder = new AccessRecorder();
  for (const w of workers) recorder.record(w, 'Worker.fullName');
  return recorder.take(identity(sub), 'RESIDENCE');
}

it('writes concurrent requests in shared INSERTs, each row with its own reader, one chain', async () => {
  const writer = new AccessLogWriter(db.dataSource, checkpointsOf(db));
  const requests = Array.from({ length: 40 }, (_, i) => ({
    sub: `reader-${i}`,
    workers: Array.from({ length: 1 + (i % 3) }, () => randomUUID()),
  }));
  await Promise.all(requests.map((r) => writer.write(reads(r.sub, r.workers))));

  const rows = (await db.dataSource.query(
    `SELECT subject, worker_id::text AS worker, at FROM access_log WHERE subject LIKE 'reader-%'`,
  )) as { subject: string; worker: string; at: Date }[];
  expect(rows).toHaveLength(requests.reduce((n, r) => n + r.workers.length, 0));
  for (const r of requests)
    expect(
      rows
        .filter((row) => row.subject === r.sub)
        .map((row) => row.worker)
        .sort(),
    ).toEqual([...r.workers].sort());
  // The chain's trigger stamps each row with its statement's start: fewer stamps than requests
  // means requests shared statements (the first one alone, the others behind it).
  const statements = new Set(rows.map((row) => new Date(row.at).getTime())).size;
  expect(statements).toBeLessThan(requests.length);
  expect((await verify(db)).broken).toBeNull();
});

it('fails only the request whose rows cannot be written when a shared INSERT fails', async () => {
  const writer = new AccessLogWriter(db.dataSource, checkpointsOf(db));
  const first = writer.write(reads('first-alone', [randomUUID()]));
  // These arrive while the first INSERT runs: they share the next one, which the bad id fails.
  const good = Array.from({ length: 5 }, (_, i) =>
    writer.write(reads(`good-${i}`, [randomUUID()])),
  );
  const bad = writer.write(reads('bad', ['not-a-uuid']));
  await expect(first).resolves.toBeUndefined();
  await expect(Promise.all(good)).resolves.toHaveLength(5);
  await expect(bad).rejects.toThrow(/uuid/);
  const stored = (await db.dataSource.query(
    `SELECT subject FROM access_log WHERE subject LIKE 'good-%' OR subject = 'bad' ORDER BY subject`,
  )) as { subject: string }[];
  expect(stored.map((s) => s.subject)).toEqual(['good-0', 'good-1', 'good-2', 'good-3', 'good-4']);
  expect((await verify(db)).broken).toBeNull();
});
