#!/usr/bin/env node
/* Builds dist/ with tsc when it is missing or older than a TypeScript source (used by `npm start`). */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist');
const sources = ['gateway', 'subgraphs', 'tools', 'bench'].map((d) => path.join(root, d));

/** Newest modification time of the files under `dir` accepted by `accept`, 0 when none. */
function newest(dir, accept) {
  let latest = 0;
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') latest = Math.max(latest, newest(full, accept));
    } else if (accept(entry.name)) {
      latest = Math.max(latest, fs.statSync(full).mtimeMs);
    }
  }
  return latest;
}

/**
 * One build of dist/ at a time: `npm start`, the benchmark and the smoke tests may start it from
 * parallel jest workers, and two tsc runs writing dist/ at once could start a service from a
 * half-written file. A lock directory older than 10 minutes is left over from a killed run and is
 * taken over. Staleness is judged once the lock is held (the previous holder may have built).
 */
function withBuildLock(build) {
  const lock = path.join(root, '.scratch', 'build.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  let owned = false;
  while (!owned && Date.now() < deadline) {
    try {
      fs.mkdirSync(lock);
      owned = true;
    } catch {
      const held = fs.statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 10 * 60_000)
        fs.rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    build();
  } finally {
    if (owned) fs.rmSync(lock, { recursive: true, force: true });
  }
}

const isSource = (name) =>
  name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts');
withBuildLock(() => {
  const built = newest(dist, (name) => name.endsWith('.js'));
  const changed = Math.max(...sources.map((dir) => newest(dir, isSource)));

  if (built === 0 || changed > built) {
    process.stdout.write(
      built === 0 ? 'Building dist/ (first start)…\n' : 'Sources changed, rebuilding dist/…\n',
    );
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(
      process.execPath,
      [tsc, '-p', path.join(root, 'tsconfig.build.json')],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
    if (result.status !== 0) {
      process.stderr.write(
        'Build failed: fix the TypeScript errors above, then run npm start again.\n',
      );
      process.exitCode = result.status ?? 1; // not exit(): the lock is released first
    }
  }
});
