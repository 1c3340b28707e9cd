/**
 * The GraphQL operations this project itself sends to the gateway, read from the modules that
 * send them, so a schema change can be checked against them (`npm run schema:check`): the
 * explorer's example tabs, the dashboard's reads, the demo loader's mutations, the benchmark's
 * workloads and the monitor's reads.
 */
import { parse, type OperationDefinitionNode } from 'graphql';
import {
  EMPLOYER_500,
  PAGE_100,
  WORKER_360,
  WRITE_KINDS,
  writeRequest,
} from '../../bench/workloads';
import { EXAMPLE_OPERATIONS, FIRST_IDS } from '../../gateway/explorer';
import { DASHBOARD_OPERATIONS } from '../../gateway/dashboard/queries';
import { BATCH_QUERY, SWEEP_PAGE } from '../../subgraphs/monitor/evaluate';
import { buildDataset } from '../demo/dataset';
import { AS_OF } from '../demo/population';
import { mutationName } from '../demo/batch';
import { planPhases } from '../demo/seed';

export interface ProjectOperation {
  /** Who sends it: `explorer`, `dashboard`, `demo seed`, `bench` or `monitor`. */
  source: string;
  /** The operation's name (or, for the demo loader, the mutation it carries). */
  name: string;
  document: string;
}

function operationName(document: string): string {
  const op = parse(document).definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
  );
  return op?.name?.value ?? '(anonymous)';
}

/**
 * Every mutation document the demo loader sends, found by planning the demo dataset's phases with
 * stand-in ids (nothing is sent).
 */
export function demoSeedDocuments(): string[] {
  const documents = new Set<string>();
  let n = 0;
  for (const phase of planPhases(buildDataset(AS_OF))) {
    for (const op of phase.ops()) {
      documents.add(op.document);
      op.onId?.(`dry-run-${(n += 1)}`);
    }
  }
  return [...documents].sort((a, b) => mutationName(a).localeCompare(mutationName(b)));
}

export function projectOperations(): ProjectOperation[] {
  const named = (source: string, document: string): ProjectOperation => ({
    source,
    name: operationName(document),
    document,
  });
  const writes = WRITE_KINDS.map(
    (kind) => writeRequest({ kind, workerId: 'w', employerId: 'e', assessmentId: 'a', n: 0 }).query,
  );
  return [
    ...EXAMPLE_OPERATIONS.map((op) => named('explorer', op.query)),
    { source: 'explorer', name: 'example ids', document: FIRST_IDS },
    ...Object.values(DASHBOARD_OPERATIONS).map((doc) => named('dashboard', doc)),
    ...demoSeedDocuments().map((document) => ({
      source: 'demo seed',
      name: mutationName(document),
      document,
    })),
    ...[WORKER_360, PAGE_100, EMPLOYER_500, ...writes].map((doc) => named('bench', doc)),
    ...[BATCH_QUERY, SWEEP_PAGE].map((doc) => named('monitor', doc)),
  ];
}
