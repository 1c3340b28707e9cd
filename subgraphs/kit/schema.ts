import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type DocumentNode } from 'graphql';

/** The repository root, found from source (ts) and from the build (dist) alike. */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export function schemaPath(name: string): string {
  return path.join(projectRoot(), 'schema', `${name}.graphql`);
}

/** Reads `schema/<name>.graphql`, the subgraph's SDL. */
export function loadSchema(name: string): DocumentNode {
  return parse(readFileSync(schemaPath(name), 'utf8'));
}
