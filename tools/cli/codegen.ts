import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { codegenConfig } from '../codegen/config';
import { projectRoot } from '../../subgraphs/kit/schema';

/**
 * `npm run codegen`: writes the resolver and operation types (tools/codegen/config.ts).
 * `npm run codegen -- --check`: generates in memory and exits 1 when a committed file differs.
 */
async function main(check: boolean): Promise<void> {
  const started = performance.now();
  const root = projectRoot();
  // `generate` is typed `any` (watch mode); without it, the generated files in memory.
  const files: { filename: string; content: string }[] = await generate(codegenConfig(root), false);
  const stale = files.filter((f) => {
    const file = path.join(root, f.filename);
    try {
      return readFileSync(file, 'utf8') !== f.content;
    } catch {
      return true;
    }
  });
  const ms = Math.round(performance.now() - started);
  if (check) {
    if (stale.length) {
      const list = stale.map((f) => f.filename).join(', ');
      process.stderr.write(`stale generated types: ${list}; run npm run codegen\n`);
      process.exit(1);
    }
    process.stdout.write(`codegen: ${files.length} files up to date (${ms} ms)\n`);
    return;
  }
  for (const f of stale) {
    const file = path.join(root, f.filename);
    // A new registry has no generated/ folder yet.
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, f.content);
  }
  process.stdout.write(`codegen: ${files.length} files, ${stale.length} rewritten (${ms} ms)\n`);
}

main(process.argv.includes('--check')).catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
