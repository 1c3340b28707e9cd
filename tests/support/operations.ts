import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { EXAMPLE_OPERATIONS } from '../../gateway/explorer';

export interface ExampleOperation {
  /** Where it is shown: `README.md` or `explorer`. */
  origin: string;
  name: string;
  query: string;
  /** The root fields it selects (worker, employer, workers, ...). */
  roots: string[];
}

function describe(origin: string, query: string): ExampleOperation {
  const op = parse(query).definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (!op?.name) throw new Error(`${origin}: an example operation without a name:\n${query}`);
  const roots = op.selectionSet.selections.flatMap((s) =>
    s.kind === Kind.FIELD ? [s.name.value] : [],
  );
  return { origin, name: op.name.value, query, roots };
}

/** Every GraphQL operation in README.md's ```graphql blocks, in order. */
export function readmeOperations(): ExampleOperation[] {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  return [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
    .map((m) => m[1])
    .filter((block) => /^\s*(query|mutation|subscription)\b/.test(block))
    .map((block) => describe('README.md', block));
}

/** The explorer's example tabs. */
export function explorerOperations(): ExampleOperation[] {
  return EXAMPLE_OPERATIONS.map((op) => describe('explorer', op.query));
}
