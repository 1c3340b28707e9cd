import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, visit, type DefinitionNode, type DocumentNode } from 'graphql';
import { GRAPH_NAMES } from '../../subgraphs/kit/config';
import { projectRoot, schemaPath } from '../../subgraphs/kit/schema';
import { replaceSection } from '../sections';

/**
 * SDL written once (schema/shared/*.graphql: the legal vocabulary's enums, `Date`, `PageInfo`,
 * `AccessRecord`) and copied by `npm run compose` into a generated section of every subgraph's
 * schema/<name>.graphql that uses it, so each subgraph's file stays self-contained at run time.
 */
const SHARED_SDL_DIR = path.join(projectRoot(), 'schema', 'shared');
export const SHARED_SECTION = 'shared';

interface SharedDefinition {
  name: string;
  /** The definition as written, description included. */
  text: string;
  /** The named types it refers to. */
  uses: Set<string>;
}

function definitionName(definition: DefinitionNode): string | null {
  return 'name' in definition && definition.name ? definition.name.value : null;
}

function referencedTypes(node: DocumentNode | DefinitionNode): Set<string> {
  const names = new Set<string>();
  visit(node, { NamedType: (n) => void names.add(n.name.value) });
  return names;
}

/** The shared definitions, in file then source order. */
export function sharedDefinitions(dir = SHARED_SDL_DIR): SharedDefinition[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort();
  return files.flatMap((file) => {
    const source = readFileSync(path.join(dir, file), 'utf8');
    return parse(source).definitions.map((definition) => {
      const name = definitionName(definition);
      if (!name || !definition.loc) throw new Error(`${file}: only named definitions are shared`);
      const text = source.slice(definition.loc.start, definition.loc.end);
      return { name, text, uses: referencedTypes(definition) };
    });
  });
}

/**
 * `sdl` (a subgraph's file) with its shared section holding exactly the shared definitions its
 * hand-written part uses, directly or through another shared definition.
 */
export function withSharedSdl(
  sdl: string,
  shared: SharedDefinition[] = sharedDefinitions(),
): string {
  const own = parse(replaceSection(sdl, SHARED_SECTION, ''));
  const byName = new Map(shared.map((d) => [d.name, d]));
  for (const definition of own.definitions) {
    const name = definitionName(definition);
    if (name && byName.has(name) && !definition.kind.endsWith('Extension'))
      throw new Error(`${name} is defined in schema/shared: remove the subgraph's own copy`);
  }
  const needed = new Set<string>();
  const need = (names: Iterable<string>) => {
    for (const name of names) {
      const definition = byName.get(name);
      if (!definition || needed.has(name)) continue;
      needed.add(name);
      need(definition.uses);
    }
  };
  need(referencedTypes(own));
  const body = shared
    .filter((d) => needed.has(d.name))
    .map((d) => d.text)
    .join('\n\n');
  return replaceSection(sdl, SHARED_SECTION, body);
}

/** Rewrites the shared section of every graph's SDL file; returns the files that changed. */
export function injectSharedSdl(): string[] {
  const shared = sharedDefinitions();
  return GRAPH_NAMES.flatMap((name) => {
    const file = schemaPath(name);
    const before = readFileSync(file, 'utf8');
    const after = withSharedSdl(before, shared);
    if (after === before) return [];
    writeFileSync(file, after);
    return [file];
  });
}
