/** What the deployment files (docker-compose.yml, deploy/kubernetes) are checked against. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '../../subgraphs/kit/config';

export const root = path.resolve(__dirname, '..', '..');
export const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** The configuration modules whose variables a deployment may set. */
const CONFIG_MODULES = [
  'subgraphs/kit/config.ts',
  'gateway/config.ts',
  'subgraphs/consistency/config.ts',
  'subgraphs/monitor/config.ts',
];

/** Variable names the config modules read: keys of their zod shapes, `${upper}_X` expanded per subgraph. */
export function acceptedVariables(): Set<string> {
  const names = new Set<string>(['NODE_OPTIONS']); // read by Node itself
  for (const file of CONFIG_MODULES) {
    const source = read(file);
    for (const m of source.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)) names.add(m[1]);
    for (const m of source.matchAll(/\[`\$\{upper\}(_[A-Z0-9_]+)`\]/g)) {
      for (const n of [...SUBGRAPH_NAMES, 'monitor']) names.add(`${n.toUpperCase()}${m[1]}`);
    }
  }
  return names;
}

/** The image docker-compose.yml builds from the repository's Dockerfile. */
export function composeImage(compose: {
  services: Record<string, { build?: unknown; image?: string }>;
}): string {
  const built = Object.values(compose.services).filter((s) => s.build !== undefined);
  const images = new Set(built.map((s) => s.image));
  if (images.size !== 1) throw new Error(`compose builds ${images.size} images`);
  return String([...images][0]);
}

/** The dist/ script a command runs exists as a TypeScript source the build compiles. */
export function sourceOf(script: string): string {
  return path.join(root, script.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
}
