import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, type DatabaseOptions } from '../../subgraphs/kit/database';

/** Under the checkout's scratch directory (ignored by git), so every clone builds its own. */
const TEMPLATES = path.resolve(__dirname, '../../.scratch/pglite-templates');

/** The installed PGlite's version: its package.json, above the entry point (not exported). */
function pgliteVersion(): string {
  for (let dir = path.dirname(require.resolve('@electric-sql/pglite')); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

type Migrated = Pick<DatabaseOptions, 'name' | 'entities' | 'migrations'>;

/** What the schema depends on: the migrations' names and code, and PGlite's own version. */
function templateKey(module: Migrated): string {
  const pglite = pgliteVersion();
  const migrations = (module.migrations as { name: string; prototype: object }[]).map((m) => [
    m.name,
    String((m.prototype as { up?: unknown }).up),
    String((m.prototype as { down?: unknown }).down),
  ]);
  const digest = createHash('sha256')
    .update(JSON.stringify([pglite, migrations]))
    .digest('hex');
  return `${module.name}-${digest.slice(0, 16)}`;
}

const building = new Map<string, Promise<string>>();

/**
 * A PGlite data directory with this subgraph's migrations applied, built once per checkout and
 * migration set, cleanly closed, for test databases to copy: on PGlite, initdb and the migrations
 * take seconds per database and a whole stack has six. Built under a temporary name and renamed
 * into place, so test processes racing to build it never see half of one.
 */
export function migratedTemplate(module: Migrated): Promise<string> {
  const key = templateKey(module);
  let dir = building.get(key);
  if (!dir) {
    dir = build(module, path.join(TEMPLATES, key));
    building.set(key, dir);
  }
  return dir;
}

async function build(module: Migrated, dir: string): Promise<string> {
  if (existsSync(dir)) return dir;
  mkdirSync(TEMPLATES, { recursive: true });
  const staging = mkdtempSync(`${dir}.building-`);
  const db = await openDatabase({ ...module, target: { kind: 'pglite', dataDir: staging } });
  await db.close();
  try {
    renameSync(staging, dir);
  } catch (error) {
    // Another test process put its own in place first: the same schema, keep that one.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(dir)) throw error;
  }
  return dir;
}
