/**
 * The pools in front of pglite-socket's one connection keep it open while idle. pg's default closes
 * an idle connection after 10 s; the query that then opens a new one can reach the socket server
 * before it has seen the old one close, is refused ("Too many connections"), and fails with
 * "Connection terminated unexpectedly" — a registry's reset failed so in CI on a loaded machine.
 */
import pg from 'pg';
import { EMBEDDED_POOL, openDatabase, startEmbedded } from '../../subgraphs/kit/database';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Queries with short idle gaps between them; how many failed (stops at `enough` failures). */
async function failures(
  query: () => Promise<unknown>,
  times = 200,
  enough = Infinity,
): Promise<number> {
  let failed = 0;
  for (let i = 0; i < times && failed < enough; i += 1) {
    await query().catch(() => (failed += 1));
    await pause(i % 3);
  }
  return failed;
}

it('a pool that closes its idle connection to PGlite loses queries; the embedded pool does not', async () => {
  const embedded = await startEmbedded(null);
  try {
    const closing = new pg.Pool({ connectionString: embedded.url, max: 1, idleTimeoutMillis: 1 });
    closing.on('error', () => undefined);
    // Lost about two queries in five here: a first loss within 2,000 whatever the machine's load.
    expect(await failures(() => closing.query('SELECT 1'), 2000, 1)).toBe(1);
    await closing.end();
    await pause(50);
    const kept = new pg.Pool({ connectionString: embedded.url, ...EMBEDDED_POOL });
    expect(await failures(() => kept.query('SELECT 1'))).toBe(0);
    await kept.end();
  } finally {
    await embedded.stop();
  }
});

it('a registry’s embedded database opens its pool so', async () => {
  const db = await openDatabase({
    name: 'pool-check',
    target: { kind: 'pglite', dataDir: null },
    entities: [],
    migrations: [],
  });
  try {
    const pool = (db.dataSource.driver as unknown as { master: pg.Pool }).master;
    expect(EMBEDDED_POOL.idleTimeoutMillis).toBe(0); // pg: never close an idle connection
    expect(pool.options).toMatchObject(EMBEDDED_POOL);
    expect(await failures(() => db.dataSource.query('SELECT 1'), 50)).toBe(0);
  } finally {
    await db.close();
  }
});
