import { SUBGRAPH_NAMES } from '../../subgraphs/kit/config';
/**
 * Every role × every top-level query, Worker and Employer field of every subgraph, and mutation,
 * through the gateway (and each registry's change feed, called directly: it is not in the API): allowed (no error, data present) or refused (FORBIDDEN, nothing of the field
 * in data, nothing written). The expected outcome is computed from the scope rules below, never
 * written cell by cell.
 */
import type { SubgraphName } from '../../subgraphs/kit/config';
import { subgraphAudience } from '../../subgraphs/kit/auth';
import { gql } from '../support/graphql';
import {
  buildWorld,
  roleHeaders,
  ROLES,
  tableCounts,
  type Role,
  type World,
} from '../support/access';
import { mutationInputs } from '../support/access-mutations';
import { startStack, type Stack } from '../support/stack';
import { testEvaluator } from '../support/monitor';
import { evaluateBatch } from '../../subgraphs/monitor/evaluate';

let stack: Stack;
let world: World;
beforeAll(async () => {
  stack = await startStack();
  world = await buildWorld(stack);
  // The monitor's timeline of the world's worker, so Worker.riskHistory has something to show.
  await evaluateBatch(testEvaluator(stack), [world.worker], { cause: 'DATA_CHANGE' });
}, 120_000);
afterAll(() => stack.stop());

// ---- the rules -------------------------------------------------------------------------------

const has = (r: Role, scope: string) => r.scope.split(/\s+/).includes(scope);
/** Into a worker by id: any read scope or audit:read; a worker only into their own. */
const workerEntry = (r: Role) =>
  [...SUBGRAPH_NAMES.map((n) => `${n}:read`), 'consistency:read', 'audit:read'].some((s) =>
    has(r, s),
  ) && r.worker !== 'other';
/** Into an employer or the lists: the owner's read scope or consistency:read. */
const employerEntry = (r: Role) => has(r, 'employment:read') || has(r, 'consistency:read');
type Owner = SubgraphName | 'consistency' | 'monitor' | 'audit';
/**
 * A field of `owner`: its read scope; consistency:read for findings and the monitor's stored
 * reports (the worker concerned reads their own timeline); the worker or audit:read for logs.
 */
const reads = (r: Role, owner: Owner) =>
  owner === 'consistency' || owner === 'monitor'
    ? has(r, 'consistency:read') || (owner === 'monitor' && r.worker === 'self')
    : owner === 'audit'
      ? has(r, 'audit:read') || r.worker === 'self'
      : has(r, `${owner}:read`);

// ---- the cells -------------------------------------------------------------------------------

interface Cell {
  name: string;
  owner: Owner;
  query: string;
  /** Where the field's value is in `data`. */
  path: string[];
  allowed(r: Role): boolean;
  /** Mutations: builds a fresh valid input (with the default all-scope token). */
  input?: () => Promise<Record<string, unknown>>;
  /** Called at this registry directly, with a token for its audience, not through the gateway. */
  direct?: SubgraphName;
}

const QUERIES: Cell[] = [
  {
    name: 'Query.worker',
    owner: 'residence',
    query: 'query($w: ID!) { worker(id: $w) { id } }',
    path: ['worker'],
    allowed: workerEntry,
  },
  {
    name: 'Query.workers',
    owner: 'residence',
    query: '{ workers(first: 2) { totalCount edges { node { id } } } }',
    path: ['workers'],
    allowed: (r) =>
      (has(r, 'residence:read') || has(r, 'consistency:read')) && r.agency !== 'WORKER',
  },
  {
    name: 'Query.workersByIds',
    owner: 'residence',
    query: 'query($w: ID!) { workersByIds(ids: [$w]) { id } }',
    path: ['workersByIds'],
    allowed: (r) =>
      (has(r, 'residence:read') || has(r, 'consistency:read')) && r.agency !== 'WORKER',
  },
  {
    name: 'Query.employer',
    owner: 'employment',
    query: 'query($e: ID!) { employer(id: $e) { id } }',
    path: ['employer'],
    allowed: employerEntry,
  },
  {
    name: 'Query.employers',
    owner: 'employment',
    query: '{ employers(first: 2) { totalCount edges { node { id } } } }',
    path: ['employers'],
    allowed: employerEntry,
  },
  {
    name: 'Query.consistencyRules',
    owner: 'consistency',
    query: '{ consistencyRules { id } }',
    path: ['consistencyRules'],
    allowed: (r) => has(r, 'consistency:read'),
  },
  {
    name: 'Query.monitorStatus',
    owner: 'monitor',
    query: '{ monitorStatus { evaluatedWorkers lagSeconds } }',
    path: ['monitorStatus'],
    allowed: (r) => has(r, 'consistency:read') && r.agency !== 'WORKER',
  },
  {
    name: 'Query.riskOverview',
    owner: 'monitor',
    query: '{ riskOverview(groupBy: NATIONALITY) { workers byStatus { count suppressed } } }',
    path: ['riskOverview'],
    // Population counts: statistics:read too (suppressed), never a worker.
    allowed: (r) =>
      (has(r, 'consistency:read') || has(r, 'statistics:read')) && r.agency !== 'WORKER',
  },
  ...(
    [
      ['findings', '{ findings(first: 2) { edges { node { ruleId } } } }'],
      [
        'riskTransitions',
        '{ riskTransitions(since: "2000-01-01T00:00:00Z", first: 2) { edges { node { to } } } }',
      ],
      ['upcomingRisks', '{ upcomingRisks(within: 30) { edges { node { on } } } }'],
    ] as const
  ).map(([field, query]) => ({
    name: `Query.${field}`,
    owner: 'monitor' as const,
    query,
    path: [field],
    // Personal lists of the population: consistency:read, never a worker or statistics:read.
    allowed: (r: Role) => has(r, 'consistency:read') && r.agency !== 'WORKER',
  })),
];

const WORKER_FIELDS: [Owner, string, string][] = [
  ['residence', 'fullName', 'fullName'],
  ['residence', 'nationality', 'nationality'],
  ['residence', 'dateOfBirth', 'dateOfBirth'],
  ['residence', 'residencePermits', 'residencePermits { id status }'],
  ['residence', 'residence', 'residence(asOf: "2026-06-01") { validity }'],
  ['residence', 'applications', 'applications { id kind }'],
  ['residence', 'workPermissions', 'workPermissions { id maxWeeklyHours }'],
  ['employment', 'employments', 'employments { id startDate }'],
  ['employment', 'employmentNotifications', 'employmentNotifications { id filedOn }'],
  ['insurance', 'insuranceEnrollments', 'insuranceEnrollments { id scheme }'],
  ['insurance', 'contributionArrears', 'contributionArrears { id amount }'],
  ['tax', 'taxAssessments', 'taxAssessments { id amount }'],
  ['tax', 'withholdingReports', 'withholdingReports { id grossPay }'],
  ['municipality', 'addressRegistrations', 'addressRegistrations { id municipalityCode }'],
  ['consistency', 'consistency', 'consistency(asOf: "2026-06-01") { status findings { ruleId } }'],
  ['audit', 'residenceAccessLog', 'residenceAccessLog { source fields }'],
  ['audit', 'employmentAccessLog', 'employmentAccessLog { source fields }'],
  ['audit', 'insuranceAccessLog', 'insuranceAccessLog { source fields }'],
  ['audit', 'taxAccessLog', 'taxAccessLog { source fields }'],
  ['monitor', 'riskHistory', 'riskHistory { to cause findingsAdded { ruleId } }'],
  ['audit', 'monitorAccessLog', 'monitorAccessLog { source fields }'],
  ['audit', 'municipalityAccessLog', 'municipalityAccessLog { source fields }'],
  ['audit', 'accessLog', 'accessLog { source fields }'],
];

const EMPLOYER_FIELDS: [Owner, string, string][] = [
  ['employment', 'name', 'name'],
  ['employment', 'legalForm', 'legalForm'],
  ['employment', 'employeeCount', 'employeeCount'],
  ['employment', 'insuredHeadcount', 'insuredHeadcount'],
  ['employment', 'corporateNumber', 'corporateNumber'],
  ['employment', 'employments', 'employments { id startDate }'],
  ['insurance', 'contributionArrears', 'contributionArrears { id amount }'],
  ['tax', 'taxArrears', 'taxArrears { id amount }'],
  [
    'consistency',
    'workforceConsistency',
    'workforceConsistency(asOf: "2026-06-01") { activeEmployees }',
  ],
  ['monitor', 'findingsToCure', 'findingsToCure { ruleId }'],
];

/** Fields a worker may not read even on their own record's side: they list other workers. */
const NOT_FOR_WORKERS = new Set([
  'Employer.employments',
  'Employer.workforceConsistency',
  'Employer.findingsToCure',
]);
/** Lists that may rightly be empty for the world's records (allowed means no error). */
const MAY_BE_EMPTY = new Set(['Employer.findingsToCure']);

const fieldCells = (type: 'Worker' | 'Employer', rows: [Owner, string, string][]): Cell[] =>
  rows.map(([owner, field, selection]) => ({
    name: `${type}.${field}`,
    owner,
    query:
      type === 'Worker'
        ? `query($w: ID!) { worker(id: $w) { id ${selection} } }`
        : `query($e: ID!) { employer(id: $e) { id ${selection} } }`,
    path: [type === 'Worker' ? 'worker' : 'employer', field],
    allowed: (r) =>
      (type === 'Worker' ? workerEntry(r) : employerEntry(r)) &&
      reads(r, owner) &&
      !(r.agency === 'WORKER' && NOT_FOR_WORKERS.has(`${type}.${field}`)),
  }));

const MUTATIONS = mutationInputs(
  () => stack,
  () => world,
);
const mutationCells: Cell[] = MUTATIONS.map(([owner, name, input]) => ({
  name: `Mutation.${name}`,
  owner,
  query: `mutation($input: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { id } }`,
  path: [name],
  allowed: (r) => has(r, `${owner}:write`),
  input,
}));

/** Each registry's change feed: changes:read, never a worker; no purpose needed. */
const changeCells: Cell[] = SUBGRAPH_NAMES.map((name) => ({
  name: `${name} Query.changes (direct)`,
  owner: name,
  query: '{ changes(first: 5) { edges { node { seq kind id } } pageInfo { endCursor } } }',
  path: ['changes'],
  allowed: (r) => has(r, 'changes:read') && r.agency !== 'WORKER',
  direct: name,
}));

const CELLS: Cell[] = [
  ...QUERIES,
  ...changeCells,
  ...fieldCells('Worker', WORKER_FIELDS),
  ...fieldCells('Employer', EMPLOYER_FIELDS),
  ...mutationCells,
];

// ---- running them ----------------------------------------------------------------------------

const at = (data: unknown, path: string[]): unknown =>
  path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
    data,
  );

/** Inputs not yet consumed by an allowed mutation (a refused one leaves its input unused). */
const pending = new Map<string, Record<string, unknown>>();

async function run(r: Role, cell: Cell): Promise<string | null> {
  const headers = cell.direct
    ? await roleHeaders(r, world, '', subgraphAudience(cell.direct))
    : await roleHeaders(r, world);
  const expected = cell.allowed(r);
  let variables: Record<string, unknown> = { w: world.worker, e: world.employer };
  let before: Record<string, number> | null = null;
  if (cell.input) {
    const input = pending.get(cell.name) ?? (await cell.input());
    pending.set(cell.name, input);
    variables = { input };
    before = await tableCounts(stack, cell.owner as SubgraphName);
  }
  const res = cell.direct
    ? await gql(stack.subgraphs[cell.direct].url, cell.query, variables, headers)
    : await stack.query(cell.query, variables, headers);
  const value = at(res.data, cell.path);
  const codes = (res.errors ?? []).map((e) => e.extensions?.code);
  const got = `${res.status} ${JSON.stringify(codes)} ${JSON.stringify(value)?.slice(0, 80)}`;
  if (expected) {
    const present =
      value !== null &&
      value !== undefined &&
      (!Array.isArray(value) ||
        value.length > 0 ||
        cell.owner === 'audit' ||
        MAY_BE_EMPTY.has(cell.name));
    if (cell.input) pending.delete(cell.name);
    return res.errors === undefined && present
      ? null
      : `${r.name} × ${cell.name}: expected allowed, got ${got}`;
  }
  const refused =
    codes.length > 0 &&
    codes.every((c) => c === 'FORBIDDEN') &&
    (value === null || value === undefined);
  if (!refused) return `${r.name} × ${cell.name}: expected FORBIDDEN, got ${got}`;
  if (before) {
    const after = await tableCounts(stack, cell.owner as SubgraphName);
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      return `${r.name} × ${cell.name}: refused but wrote ${JSON.stringify(after)} (was ${JSON.stringify(before)})`;
    }
  }
  return null;
}

describe('access matrix: roles × queries, fields and mutations', () => {
  afterAll(() => {
    process.stdout.write(
      `access matrix: ${ROLES.length} roles × ${CELLS.length} cells (${QUERIES.length} queries, ${changeCells.length} change feeds, ${WORKER_FIELDS.length} Worker fields, ${EMPLOYER_FIELDS.length} Employer fields, ${mutationCells.length} mutations) = ${ROLES.length * CELLS.length} checks, ${ROLES.flatMap((r) => CELLS.filter((c) => c.allowed(r))).length} allowed\n`,
    );
  });

  it('covers every Worker and Employer field the subgraphs own and every mutation', async () => {
    const res = await stack.query(`{
      w: __type(name: "Worker") { fields { name } }
      e: __type(name: "Employer") { fields { name } }
      m: __type(name: "Mutation") { fields { name } }
    }`);
    const names = (t: string) =>
      (res.data![t].fields as { name: string }[])
        .map((f) => f.name)
        .filter((n) => n !== 'id')
        .sort();
    expect(names('w')).toEqual(WORKER_FIELDS.map(([, f]) => f).sort());
    expect(names('e')).toEqual(EMPLOYER_FIELDS.map(([, f]) => f).sort());
    expect(names('m')).toEqual(MUTATIONS.map(([, n]) => n).sort());
  });

  it.each(ROLES.map((r) => [r.name, r] as const))('%s', async (_, r) => {
    const mismatches: string[] = [];
    for (const cell of CELLS) {
      const problem = await run(r, cell);
      if (problem) mismatches.push(problem);
    }
    expect(mismatches).toEqual([]);
  });
});
