import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot, schemaPath } from '../../subgraphs/kit/schema';
import { loadFactsModel, type FactsReader } from './facts-model';
import { withFactsSections } from './facts-sdl';
import { withAccessLogSections } from './access-log-sdl';
import { factsTypeScript } from './facts-ts';

/**
 * The engine's facts written once: from the registries' fragments (`subgraphs/<name>/facts.graphql`)
 * `npm run compose` regenerates the facts sections of schema/consistency.graphql (the `@requires`
 * selections, the `@external` fields, types and enums) and subgraphs/consistency/generated/facts.ts,
 * and with them Worker.accessLog's `@requires` and `@external` fields (access-log-sdl.ts).
 */

export const FACTS_SDL_PATH = schemaPath('consistency');
export const FACTS_TS_PATH = path.join(
  projectRoot(),
  'subgraphs',
  'consistency',
  'generated',
  'facts.ts',
);

/** `text` as Prettier writes `file` with the project's configuration. */
function formatted(text: string, file: string): string {
  const bin = path.join(projectRoot(), 'node_modules', 'prettier', 'bin', 'prettier.cjs');
  return execFileSync(
    process.execPath,
    [bin, '--ignore-path', '/dev/null', '--stdin-filepath', file],
    {
      input: text,
      encoding: 'utf8',
    },
  );
}

/**
 * What the two generated files must hold, given the current schema/consistency.graphql and the
 * registries' facts files (or what `read` gives in their place).
 */
export function generateFacts(read?: FactsReader): { sdl: string; ts: string } {
  const model = loadFactsModel(read);
  const sdl = withAccessLogSections(withFactsSections(readFileSync(FACTS_SDL_PATH, 'utf8'), model));
  return {
    sdl: formatted(sdl, FACTS_SDL_PATH),
    ts: formatted(factsTypeScript(model), FACTS_TS_PATH),
  };
}

export function writeFacts(): void {
  const { sdl, ts } = generateFacts();
  writeFileSync(FACTS_SDL_PATH, sdl);
  mkdirSync(path.dirname(FACTS_TS_PATH), { recursive: true });
  writeFileSync(FACTS_TS_PATH, ts);
  process.stdout.write(
    `wrote ${FACTS_SDL_PATH} (facts and access-log sections)\nwrote ${FACTS_TS_PATH}\n`,
  );
}
