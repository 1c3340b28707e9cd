import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
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

/** The sources migrations are written from: every migration folder, and the kit's shared SQL. */
const SUBGRAPHS = path.resolve(__dirname, '../../subgraphs');

function migrationSources(): string[] {
  const files: string[] = [];
  const walk = (dir: string, all: boolean) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file, all || entry.name === 'migrations');
      else if (entry.name.endsWith('.ts') && (all || dir === path.join(SUBGRAPHS, 'kit')))
        files.push(file);
    }
  };
  walk(SUBGRAPHS, false);
  return files.sort();
}

let sourcesDigest: string | null = null;

/**
 * What the schema depends on: the migrations' names, the text of every migration folder and of the
 * kit (where shared migration SQL lives: the access log's chain, the change outbox), and PGlite's
 * version. A change to any of them builds new templates.
 */
function templateKey(module: Migrated): string {
  sourcesDigest ??= migrationSources()
    .reduce((h, file) => h.update(file).update(readFileSync(file)), createHash('sha256'))
    .digest('hex');
  const names = (module.migrations as { name: string }[]).map((m) => m.name);
  const digest = createHash('sha256')
    .update(JSON.stringify([pgliteVersion(), sourcesDigest, names]))
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
