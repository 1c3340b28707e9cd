import { generate } from '@graphql-codegen/cli';
import { codegenConfig } from '../codegen/config';

async function main(): Promise<void> {
  const started = performance.now();
  const files = await generate(codegenConfig(), true);
  for (const f of files) process.stdout.write(`wrote ${f.filename}\n`);
  process.stdout.write(`codegen: ${files.length} files in ${Math.round(performance.now() - started)} ms\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
