/**
 * `npm run seed -- --workers N`: bulk generation into the databases the subgraphs are configured
 * with. On PostgreSQL it fills them (deterministically, and refuses a second fill); without a
 * database URL (embedded PGlite) it refuses with a clear message instead of half-writing anything.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { population } from '../../tools/demo/population';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/kit/config';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../support/databases';

jest.setTimeout(180_000);
const ROOT = path.resolve(__dirname, '..', '..');

async function seed(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/DATABASE_URL$/.test(k)),
  );
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', 'tools/cli/seed.ts', ...args],
      { cwd: ROOT, env: { ...clean, ...env } },
    );
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

async function count(url: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`);
    return Number(r.rows[0].n);
  } finally {
    await client.end();
  }
}

(TEST_SERVER_URL ? describe : describe.skip)('bulk seed on PostgreSQL', () => {
  const dbs = {} as Record<SubgraphName, TestDatabase>;
  const urls = {} as Record<SubgraphName, string>;
  beforeAll(async () => {
    for (const name of SUBGRAPH_NAMES) {
      dbs[name] = await createTestDatabase(`seed_${name}`);
      const target = dbs[name].target;
      // Counted as the owner: the bulk load is the owner's, before any service has granted itself.
      if (target.kind === 'postgres') urls[name] = target.migrationUrl ?? target.url;
    }
  });
  afterAll(() => Promise.all(SUBGRAPH_NAMES.map((n) => dbs[n].drop())));

  const env = () =>
    Object.fromEntries(
      SUBGRAPH_NAMES.flatMap((n) => {
        const target = dbs[n].target as { url: string; migrationUrl?: string };
        return [
          [`${n.toUpperCase()}_DATABASE_URL`, target.url],
          ...(target.migrationUrl
            ? [[`${n.toUpperCase()}_MIGRATION_DATABASE_URL`, target.migrationUrl]]
            : []),
        ];
      }),
    );

  it('fills the four databases with N workers and the population’s employers, once', async () => {
    const first = await seed(['--workers', '400', '--seed', 'test'], env());
    expect(first).toEqual({ code: 0, out: expect.stringContaining('Done in') });
    const p = population(400, 'test');
    expect(await count(urls.residence, 'workers')).toBe(400);
    expect(await count(urls.employment, 'employers')).toBe(p.employers);
    expect(await count(urls.employment, 'employments')).toBeGreaterThan(300);
    expect(await count(urls.insurance, 'insurance_enrollments')).toBeGreaterThan(300);
    expect(await count(urls.tax, 'tax_assessments')).toBeGreaterThan(200);
    expect(await count(urls.municipality, 'address_registrations')).toBeGreaterThan(380);

    const again = await seed(['--workers', '400', '--seed', 'test'], env());
    expect(again.code).not.toBe(0);
    expect(again.out).toContain('already holds rows');
    expect(await count(urls.residence, 'workers')).toBe(400);
  });
});

describe('bulk seed without PostgreSQL', () => {
  it('refuses with a message naming the settings, writing nothing', async () => {
    const res = await seed(['--workers', '100'], { KYOSEI_DATA_DIR: '/nonexistent/kyosei' });
    expect(res.code).not.toBe(0);
    expect(res.out).toContain('Bulk generation needs PostgreSQL: set DATABASE_URL');
  });

  it('rejects a worker count that is not a whole number', async () => {
    const res = await seed(['--workers', 'many'], {});
    expect(res.code).not.toBe(0);
    expect(res.out).toContain('--workers must be a whole number');
  });
});
