/**
 * Checks one subgraph's proposed SDL before it ships: does it compose with the other subgraphs'
 * committed SDL, which changes does it make to the API schema clients see (committed as
 * `schema/api.graphql`), and do the operations this project sends still validate against it.
 */
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { readFileSync } from 'node:fs';
import { buildSchema, GraphQLError, parse, validate, type GraphQLSchema } from 'graphql';
import { API_SCHEMA_PATH, apiSchemaSdl, composeSubgraphs, type SdlOverride } from '../compose';
import { projectOperations, type ProjectOperation } from './operations';

export interface SchemaChange {
  level: CriticalityLevel;
  message: string;
  path?: string;
}

export interface BrokenOperation {
  source: string;
  name: string;
  errors: string[];
}

export interface CheckReport {
  subgraph: string;
  compositionErrors: string[];
  hints: string[];
  /** API schema changes against the committed one, breaking first. */
  changes: SchemaChange[];
  brokenOperations: BrokenOperation[];
  operationsChecked: number;
  /** No composition error, no breaking change, no broken operation. */
  safe: boolean;
}

export interface CheckOptions {
  /** The API schema to compare with; the committed `schema/api.graphql` by default. */
  committedApiSdl?: string;
  /** The operations that must keep validating; the project's own by default. */
  operations?: ProjectOperation[];
}

const ORDER = [CriticalityLevel.Breaking, CriticalityLevel.Dangerous, CriticalityLevel.NonBreaking];

function toChange(change: Change): SchemaChange {
  return { level: change.criticality.level, message: change.message, path: change.path };
}

function brokenOperations(
  schema: GraphQLSchema,
  operations: ProjectOperation[],
): BrokenOperation[] {
  return operations.flatMap((op) => {
    const errors = validate(schema, parse(op.document));
    return errors.length
      ? [{ source: op.source, name: op.name, errors: errors.map((e) => e.message) }]
      : [];
  });
}

export async function checkSubgraphChange(
  override: SdlOverride,
  options: CheckOptions = {},
): Promise<CheckReport> {
  const report: CheckReport = {
    subgraph: override.name,
    compositionErrors: [],
    hints: [],
    changes: [],
    brokenOperations: [],
    operationsChecked: 0,
    safe: false,
  };
  let result;
  try {
    result = composeSubgraphs(override);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    report.compositionErrors.push(`${override.name}: the SDL does not parse: ${error.message}`);
    return report;
  }
  if (result.errors) {
    report.compositionErrors = result.errors.map((e) => e.message);
    return report;
  }
  report.hints = result.hints.map((h) => `${h.definition.code}: ${h.message}`);
  const proposed = buildSchema(apiSchemaSdl(result));
  const committed = buildSchema(options.committedApiSdl ?? readFileSync(API_SCHEMA_PATH, 'utf8'));
  report.changes = (await diff(committed, proposed))
    .map(toChange)
    .sort((a, b) => ORDER.indexOf(a.level) - ORDER.indexOf(b.level));
  const operations = options.operations ?? projectOperations();
  report.operationsChecked = operations.length;
  report.brokenOperations = brokenOperations(proposed, operations);
  report.safe =
    !report.changes.some((c) => c.level === CriticalityLevel.Breaking) &&
    report.brokenOperations.length === 0;
  return report;
}

const HEADINGS: Record<CriticalityLevel, string> = {
  [CriticalityLevel.Breaking]: 'Breaking changes',
  [CriticalityLevel.Dangerous]: 'Dangerous changes',
  [CriticalityLevel.NonBreaking]: 'Safe changes',
};

/** The report as an agency reads it: what fails, what changes, and the verdict last. */
export function formatReport(report: CheckReport): string {
  const lines: string[] = [`Schema check of subgraph '${report.subgraph}'`];
  const section = (title: string, items: string[]) => {
    if (items.length)
      lines.push('', `${title} (${items.length}):`, ...items.map((i) => `  - ${i}`));
  };
  section('Composition errors', report.compositionErrors);
  section('Composition hints', report.hints);
  for (const level of ORDER) {
    section(
      HEADINGS[level],
      report.changes.filter((c) => c.level === level).map((c) => c.message),
    );
  }
  section(
    'Broken operations',
    report.brokenOperations.map((op) => `${op.source} ${op.name}: ${op.errors.join('; ')}`),
  );
  if (!report.compositionErrors.length) {
    if (!report.changes.length) lines.push('', 'No change to the API schema.');
    lines.push(
      '',
      `${report.operationsChecked - report.brokenOperations.length} of ${report.operationsChecked} project operations validate.`,
    );
  }
  lines.push(
    '',
    report.safe
      ? 'SAFE: the change composes and breaks no client.'
      : report.compositionErrors.length
        ? 'FAILED: the change does not compose.'
        : 'BREAKING: the change breaks clients.',
  );
  return `${lines.join('\n')}\n`;
}
