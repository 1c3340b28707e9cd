/**
 * The monitor over the real stack: it reads through the gateway as MONITOR with a purpose, stores
 * every worker's report and each change of it, and serves the timeline back into the graph.
 */
import { buildDataset } from '../../tools/demo/dataset';
import { seedDataset } from '../../tools/demo/seed';
import { todayInTokyo } from '../../subgraphs/kit/dates';
import { GATEWAY_AUDIENCE } from '../../subgraphs/kit/auth';
import { evaluateBatch, sweep, type Evaluator } from '../../subgraphs/monitor/evaluate';
import { MONITOR_PURPOSE } from '../../subgraphs/monitor/gateway';
import { testToken, withAuth } from '../support/auth';
import { testEvaluator } from '../support/monitor';
import { mutate } from '../support/mutations';
import { startStack, type Stack } from '../support/stack';

const REF = todayInTokyo();
let stack: Stack;
let evaluator: Evaluator;

beforeAll(async () => {
  stack = await startStack();
  const dataset = buildDataset(REF);
  const workers = dataset.workers.filter((_, i) => i % 4 === 0);
  await seedDataset(
    stack.gateway.url,
    { ...dataset, workers },
    { headers: await withAuth(stack.gateway.url, {}) },
  );
  evaluator = testEvaluator(stack);
}, 600_000);
afterAll(() => stack?.stop());

interface StoredRow {
  worker_id: string;
  status: string;
  report: { missingSources: string[]; findings: { ruleId: string }[] };
  cause: string;
}

const stored = async (): Promise<Map<string, StoredRow>> =>
  new Map(
    (
      (await stack.monitor.db.dataSource.query(
        'SELECT worker_id, status, report, cause FROM monitored_worker',
      )) as StoredRow[]
    ).map((r) => [r.worker_id, r]),
  );

const transitions = async (workerId: string) =>
  (await stack.monitor.db.dataSource.query(
    'SELECT from_status, to_status, cause FROM risk_transition WHERE worker_id = $1 ORDER BY id',
    [workerId],
  )) as { from_status: string | null; to_status: string; cause: string }[];

async function reports(asOf: string) {
  const res = await stack.query(
    `query($asOf: Date) { workers(first: 500) { edges { node { id
       consistency(asOf: $asOf) { status findings { ruleId } } } } } }`,
    { asOf },
  );
  expect(res.errors).toBeUndefined();
  return new Map(
    (
      res.data!.workers.edges as {
        node: { id: string; consistency: { status: string; findings: { ruleId: string }[] } };
      }[]
    ).map((e) => [e.node.id, e.node.consistency]),
  );
}

describe('sweep', () => {
  it('stores for every worker the status Worker.consistency gives, reading as MONITOR with a purpose', async () => {
    const before = Date.now();
    const result = await sweep(evaluator, { asOf: REF });
    const seconds = (Date.now() - before) / 1000;
    const expected = await reports(REF);
    expect(result.workers).toBe(expected.size);
    process.stdout.write(
      `monitor sweep: ${result.workers} workers in ${seconds.toFixed(2)} s (${(result.workers / seconds).toFixed(0)} workers/s)\n`,
    );
    const rows = await stored();
    expect(rows.size).toBe(expected.size);
    for (const [id, report] of expected) {
      expect({ id, status: rows.get(id)?.status }).toEqual({ id, status: report.status });
      expect(rows.get(id)!.report.findings.map((f) => f.ruleId)).toEqual(
        report.findings.map((f) => f.ruleId),
      );
      expect(rows.get(id)!.cause).toBe('FIRST_EVALUATION');
    }
    expect(new Set([...rows.values()].map((r) => r.status)).size).toBeGreaterThan(1);
    // Every registry logged the monitor's reads with its purpose.
    for (const name of ['residence', 'employment', 'insurance', 'tax'] as const) {
      const [logged] = (await stack.subgraphs[name].db.dataSource.query(
        `SELECT count(DISTINCT worker_id)::int AS n FROM access_log
          WHERE agency = 'MONITOR' AND purpose = $1`,
        [MONITOR_PURPOSE],
      )) as { n: number }[];
      expect({ name, n: logged.n > 0 }).toEqual({ name, n: true });
    }
    const status = await stack.query(
      '{ monitorStatus { evaluatedWorkers lastSweepAt pendingJobs lagSeconds } }',
    );
    expect(status.errors).toBeUndefined();
    expect(status.data!.monitorStatus).toMatchObject({
      evaluatedWorkers: expected.size,
      pendingJobs: 0,
      lagSeconds: 0,
    });
    expect(Date.parse(status.data!.monitorStatus.lastSweepAt)).toBeGreaterThanOrEqual(
      before - 1000,
    );
  }, 300_000);

  it('writes no transition when the same reports are stored again', async () => {
    const [{ n: before }] = await stack.monitor.db.dataSource.query(
      'SELECT count(*)::int AS n FROM risk_transition',
    );
    const result = await sweep(evaluator, { asOf: REF });
    expect(result.transitions).toBe(0);
    const [{ n: after }] = await stack.monitor.db.dataSource.query(
      'SELECT count(*)::int AS n FROM risk_transition',
    );
    expect(after).toBe(before);
  }, 300_000);
});

describe('evaluateBatch after a change', () => {
  const ASOF = '2026-09-01';
  let workerId: string;

  const RISK_HISTORY = `query History($id: ID!) { worker(id: $id) { riskHistory {
    at from to cause source worker { id }
    findingsAdded { id ruleId severity worker { id fullName } employer { id name } evidence { source field value redacted } }
    findingsResolved { ruleId }
  } } }`;

  it('records the transition a mutation causes and shows it in Worker.riskHistory', async () => {
    const employer = await mutate(stack, 'registerEmployer', 'RegisterEmployerInput', {
      name: 'Lawson Monitor',
      legalForm: 'CORPORATION',
      employeeCount: 60,
      insuredHeadcount: 55,
    });
    const w = await mutate(stack, 'registerWorker', 'RegisterWorkerInput', {
      fullName: 'Tran Monitor',
      nationality: 'VN',
      dateOfBirth: '2003-05-05',
    });
    workerId = w.id;
    await mutate(stack, 'grantResidencePermit', 'GrantResidencePermitInput', {
      workerId,
      status: 'STUDENT',
      grantedOn: '2026-04-01',
      expiresOn: '2028-04-01',
      enrolledUntil: '2028-03-31',
    });
    await mutate(stack, 'grantWorkPermission', 'GrantWorkPermissionInput', {
      workerId,
      grantedOn: '2026-04-01',
    });
    const hire = (weeklyHours: number, startDate: string) =>
      mutate(stack, 'startEmployment', 'StartEmploymentInput', {
        workerId,
        employerId: employer.id,
        jobField: 'OTHER',
        monthlyWage: 90000,
        startDate,
        weeklyHours,
      });
    await hire(15, '2026-05-01');
    await evaluateBatch(evaluator, [workerId], { asOf: ASOF, cause: 'DATA_CHANGE' });
    const first = (await stored()).get(workerId)!;
    expect(first.report.findings.map((f) => f.ruleId)).not.toContain('WORK_HOURS_EXCEEDED');

    await hire(14, '2026-07-01'); // 15 + 14 = 29 hours, above the 28 of the permission
    const result = await evaluateBatch(evaluator, [workerId], {
      asOf: ASOF,
      cause: 'DATA_CHANGE',
      source: 'EMPLOYMENT',
    });
    expect(result.transitions).toBe(1);
    expect((await stored()).get(workerId)!.status).toBe('VIOLATION');

    const res = await stack.query(RISK_HISTORY, { id: workerId });
    expect(res.errors).toBeUndefined();
    const history = res.data!.worker.riskHistory;
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({ from: null, to: first.status, cause: 'FIRST_EVALUATION' });
    expect(history[1]).toMatchObject({
      from: first.status,
      to: 'VIOLATION',
      cause: 'DATA_CHANGE',
      source: 'EMPLOYMENT',
      worker: { id: workerId },
    });
    const added = history[1].findingsAdded.find(
      (f: { ruleId: string }) => f.ruleId === 'WORK_HOURS_EXCEEDED',
    );
    expect(added).toMatchObject({
      severity: 'VIOLATION',
      worker: { id: workerId, fullName: 'Tran Monitor' },
    });
    expect(added.evidence.some((e: { value: string | null }) => e.value === '14')).toBe(true);
    expect(Date.parse(history[1].at)).toBeGreaterThanOrEqual(Date.parse(history[0].at));

    // The same facts again: nothing new.
    const again = await evaluateBatch(evaluator, [workerId], { asOf: ASOF, cause: 'CALENDAR' });
    expect(again.transitions).toBe(0);
    expect(await transitions(workerId)).toHaveLength(2);
  }, 120_000);

  it('redacts evidence by the caller’s scopes and logs each read in the monitor’s access log', async () => {
    const token = await testToken(GATEWAY_AUDIENCE, {
      sub: 'inspector-7',
      agency: 'LABOR_INSPECTION',
      scope: 'consistency:read',
      purpose: 'labour inspection',
    });
    const res = await stack.query(
      RISK_HISTORY.replace('employer { id name }', 'employer { id }').replace(
        'worker { id fullName }',
        'worker { id }',
      ),
      { id: workerId },
      {
        authorization: `Bearer ${token}`,
      },
    );
    expect(res.errors).toBeUndefined();
    const evidence = res.data!.worker.riskHistory[1].findingsAdded.flatMap(
      (f: { evidence: unknown[] }) => f.evidence,
    ) as { value: string | null; redacted: boolean }[];
    expect(evidence.length).toBeGreaterThan(0);
    expect(evidence.every((e) => e.redacted && e.value === null)).toBe(true);

    const rows = (await stack.monitor.db.dataSource.query(
      `SELECT subject, agency, purpose, fields FROM access_log WHERE worker_id = $1 ORDER BY id`,
      [workerId],
    )) as { subject: string; agency: string; purpose: string; fields: string[] }[];
    expect(rows.map((r) => r.subject)).toEqual(['test-analyst', 'inspector-7']);
    expect(rows[1]).toMatchObject({ agency: 'LABOR_INSPECTION', purpose: 'labour inspection' });
    expect(rows[1].fields).toContain('Worker.riskHistory');

    const log = await stack.query(
      'query($id: ID!) { worker(id: $id) { accessLog { subject agency source fields } } }',
      { id: workerId },
    );
    expect(log.errors).toBeUndefined();
    const fromMonitor = log.data!.worker.accessLog.filter(
      (r: { source: string }) => r.source === 'MONITOR',
    );
    expect(fromMonitor.map((r: { subject: string }) => r.subject).sort()).toEqual([
      'inspector-7',
      'test-analyst',
    ]);
  }, 60_000);

  it('refuses the timeline without consistency:read, and another worker’s to a worker', async () => {
    const noScope = await testToken(GATEWAY_AUDIENCE, { scope: 'residence:read' });
    const refused = await stack.query(
      'query($id: ID!) { worker(id: $id) { riskHistory { to } } }',
      { id: workerId },
      {
        authorization: `Bearer ${noScope}`,
      },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await testToken(GATEWAY_AUDIENCE, {
      sub: '00000000-0000-4000-8000-000000000001',
      agency: 'WORKER',
      scope: 'residence:read consistency:read',
    });
    const res = await stack.query(
      'query($id: ID!) { worker(id: $id) { riskHistory { to } } }',
      { id: workerId },
      {
        authorization: `Bearer ${other}`,
      },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The worker concerned, without consistency:read: their own timeline, evidence from the
    // registries they may not read withheld.
    const self = await testToken(GATEWAY_AUDIENCE, {
      sub: workerId,
      agency: 'WORKER',
      scope: 'residence:read',
      purpose: 'my own record',
    });
    const own = await stack.query(
      `query($id: ID!) { worker(id: $id) { riskHistory { to findingsAdded { ruleId
         evidence { source value redacted } } } } }`,
      { id: workerId },
      { authorization: `Bearer ${self}` },
    );
    expect(own.errors).toBeUndefined();
    const last = own.data!.worker.riskHistory.at(-1);
    expect(last.to).toBe('VIOLATION');
    const evidence = last.findingsAdded.find(
      (f: { ruleId: string }) => f.ruleId === 'WORK_HOURS_EXCEEDED',
    ).evidence as { source: string; value: string | null; redacted: boolean }[];
    expect(evidence.filter((e) => e.source === 'EMPLOYMENT').every((e) => e.redacted)).toBe(true);
    expect(evidence.filter((e) => e.source === 'RESIDENCE').every((e) => !e.redacted)).toBe(true);
    expect(evidence.some((e) => e.source === 'RESIDENCE')).toBe(true);
    // Nothing else of the monitor without consistency:read.
    const status = await stack.query('{ monitorStatus { evaluatedWorkers } }', undefined, {
      authorization: `Bearer ${self}`,
    });
    expect(status.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  }, 120_000);
});

describe('a registry stopped', () => {
  it('stores INCOMPLETE, never CONSISTENT, and records the source lost and restored', async () => {
    const rows = await stored();
    const consistent = [...rows.values()].filter((r) => r.status === 'CONSISTENT').slice(0, 3);
    expect(consistent.length).toBeGreaterThan(0);
    const ids = consistent.map((r) => r.worker_id);
    await stack.stopSubgraph('insurance');
    try {
      await evaluateBatch(evaluator, ids, { asOf: REF, cause: 'CALENDAR' });
    } finally {
      await stack.startSubgraph('insurance');
    }
    const during = await stored();
    for (const id of ids) {
      expect(during.get(id)!.status).toBe('INCOMPLETE');
      expect(during.get(id)!.report.missingSources).toContain('INSURANCE');
      expect((await transitions(id)).at(-1)).toMatchObject({
        from_status: 'CONSISTENT',
        to_status: 'INCOMPLETE',
        cause: 'SOURCE_UNAVAILABLE',
      });
    }
    await evaluateBatch(evaluator, ids, { asOf: REF, cause: 'CALENDAR' });
    const after = await stored();
    for (const id of ids) {
      expect(after.get(id)!.status).toBe('CONSISTENT');
      expect((await transitions(id)).at(-1)).toMatchObject({
        from_status: 'INCOMPLETE',
        to_status: 'CONSISTENT',
        cause: 'SOURCE_RESTORED',
      });
    }
  }, 120_000);

  it('marks a worker INCOMPLETE when the residence registry itself cannot be read, findings kept', async () => {
    const all = [...(await stored()).values()];
    const row = all.find((r) => r.status === 'CONSISTENT')!;
    const violation = all.find((r) => r.status === 'VIOLATION')!;
    await stack.stopSubgraph('residence');
    try {
      await evaluateBatch(evaluator, [row.worker_id, violation.worker_id], {
        asOf: REF,
        cause: 'CALENDAR',
      });
    } finally {
      await stack.startSubgraph('residence');
    }
    const during = await stored();
    for (const id of [row.worker_id, violation.worker_id]) {
      expect(during.get(id)!.status).toBe('INCOMPLETE');
      expect(during.get(id)!.report.missingSources).toContain('RESIDENCE');
    }
    // An outage cures nothing: the findings last known stay, none recorded as resolved.
    expect(during.get(violation.worker_id)!.report.findings).toEqual(violation.report.findings);
    const [last] = (await stack.monitor.db.dataSource.query(
      `SELECT cause, findings_resolved FROM risk_transition WHERE worker_id = $1
        ORDER BY id DESC LIMIT 1`,
      [violation.worker_id],
    )) as { cause: string; findings_resolved: unknown[] }[];
    expect(last).toEqual({ cause: 'SOURCE_UNAVAILABLE', findings_resolved: [] });
  }, 120_000);

  it('keeps the employers it knew while the employment registry is down', async () => {
    const [row] = (await stack.monitor.db.dataSource.query(
      `SELECT worker_id, employer_ids FROM monitored_worker
        WHERE status = 'CONSISTENT' AND cardinality(employer_ids) > 0 LIMIT 1`,
    )) as { worker_id: string; employer_ids: string[] }[];
    await stack.stopSubgraph('employment');
    try {
      await evaluateBatch(evaluator, [row.worker_id], { asOf: REF, cause: 'CALENDAR' });
    } finally {
      await stack.startSubgraph('employment');
    }
    const [during] = (await stack.monitor.db.dataSource.query(
      'SELECT status, employer_ids, report FROM monitored_worker WHERE worker_id = $1',
      [row.worker_id],
    )) as { status: string; employer_ids: string[]; report: StoredRow['report'] }[];
    expect(during.status).not.toBe('CONSISTENT');
    expect(during.report.missingSources).toContain('EMPLOYMENT');
    expect(during.employer_ids).toEqual(row.employer_ids);
  }, 120_000);

  it('removes a worker the gateway says does not exist', async () => {
    const ghost = '00000000-0000-4000-8000-00000000dead';
    await stack.monitor.db.dataSource.query(
      `INSERT INTO monitored_worker (worker_id, status, report, as_of, evaluated_at, cause)
       VALUES ($1, 'CONSISTENT', '{"findings":[],"missingSources":[],"unevaluatedRules":[]}', $2, now(), 'CALENDAR')`,
      [ghost, REF],
    );
    await evaluateBatch(evaluator, [ghost], { asOf: REF, cause: 'CALENDAR' });
    expect((await stored()).has(ghost)).toBe(false);
    // A sweep removes those it no longer sees.
    const other = '00000000-0000-4000-8000-00000000beef';
    await stack.monitor.db.dataSource.query(
      `INSERT INTO monitored_worker (worker_id, status, report, as_of, evaluated_at, cause)
       VALUES ($1, 'CONSISTENT', '{"findings":[],"missingSources":[],"unevaluatedRules":[]}', $2, now() - interval '1 hour', 'CALENDAR')`,
      [other, REF],
    );
    const swept = await sweep(evaluator, { asOf: REF });
    expect(swept.removed).toBe(1);
    expect((await stored()).has(other)).toBe(false);
  }, 120_000);
});
