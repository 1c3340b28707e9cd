/**
 * The access log each registry keeps: one row per worker per registry read, written in one INSERT
 * per request, shown to the worker and to audit:read only, and append-only in the database itself.
 */
import {
  DEFAULT_CHECKPOINT_EVERY,
  DEVELOPMENT_AUDIT_KEY,
  verifyChain,
} from '../../subgraphs/kit/audit-chain';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/kit/config';
import { role, roleHeaders } from '../support/access';
import { testToken } from '../support/auth';
import { GATEWAY_AUDIENCE } from '../../subgraphs/kit/auth';
import { mutate } from '../support/mutations';
import { startStack, type Stack } from '../support/stack';

const N = 6;
let stack: Stack;
let ids: string[];
const world = () => ({ worker: ids[0], other: ids[1] });

beforeAll(async () => {
  stack = await startStack();
  const e = await mutate(stack, 'registerEmployer', 'RegisterEmployerInput', {
    name: 'Audit Logistics',
    legalForm: 'CORPORATION',
    employeeCount: 20,
    insuredHeadcount: 20,
  });
  ids = [];
  for (let i = 0; i < N; i++) {
    const w = await mutate(stack, 'registerWorker', 'RegisterWorkerInput', {
      fullName: `Audited Worker ${i}`,
      nationality: 'MM',
      dateOfBirth: '1997-07-07',
    });
    await mutate(stack, 'grantResidencePermit', 'GrantResidencePermitInput', {
      workerId: w.id,
      status: 'PERMANENT_RESIDENT',
      grantedOn: '2020-01-01',
    });
    await mutate(stack, 'startEmployment', 'StartEmploymentInput', {
      workerId: w.id,
      employerId: e.id,
      startDate: '2025-01-06',
      jobField: 'OTHER',
      weeklyHours: 30,
      monthlyWage: 200000,
    });
    await mutate(stack, 'enrollInsurance', 'EnrollInsuranceInput', {
      workerId: w.id,
      scheme: 'NATIONAL_HEALTH',
      startDate: '2020-01-01',
    });
    await mutate(stack, 'assessTax', 'AssessTaxInput', {
      workerId: w.id,
      kind: 'RESIDENT_TAX',
      fiscalYear: 2026,
      amount: 40000 + i,
      dueDate: '2026-06-30',
      collection: 'ORDINARY',
    });
    await mutate(stack, 'notifyAddress', 'NotifyAddressInput', {
      workerId: w.id,
      municipalityCode: '131041',
      movedInOn: '2020-01-10',
      notifiedOn: '2020-01-14',
    });
    ids.push(w.id);
  }
}, 120_000);
afterAll(() => stack.stop());

const WORKER_360 = `query Worker360($first: Int) { workers(first: $first) { edges { node {
  id fullName residencePermits { status } employments { startDate weeklyHours }
  insuranceEnrollments { scheme } taxAssessments { amount dueDate }
  addressRegistrations { municipalityCode } } } } }`;
const FIELDS: Record<SubgraphName, string[]> = {
  residence: ['Worker.fullName', 'Worker.residencePermits', 'ResidencePermit.status'],
  employment: ['Worker.employments', 'Employment.startDate', 'Employment.weeklyHours'],
  insurance: ['Worker.insuranceEnrollments', 'InsuranceEnrollment.scheme'],
  tax: ['Worker.taxAssessments', 'TaxAssessment.amount', 'TaxAssessment.dueDate'],
  municipality: ['Worker.addressRegistrations', 'AddressRegistration.municipalityCode'],
};

/** Every registry logs its reads under its own name. */
const SOURCES = new Set(SUBGRAPH_NAMES.map((n) => n.toUpperCase()));

const db = (name: SubgraphName) => stack.subgraphs[name].db;
const rowCount = async (name: SubgraphName) =>
  (
    (await db(name).dataSource.query('SELECT count(*)::int AS n FROM access_log')) as {
      n: number;
    }[]
  )[0].n;

/** Runs the Worker 360 of `first` workers as an analyst; returns per registry the new rows and statements. */
async function worker360(first: number) {
  const before = Object.fromEntries(
    await Promise.all(SUBGRAPH_NAMES.map(async (n) => [n, await rowCount(n)])),
  );
  stack.resetCounters();
  for (const n of SUBGRAPH_NAMES) db(n).statements.capture = true;
  const res = await stack.query(
    WORKER_360,
    { first },
    await roleHeaders(role('ANALYST'), world(), 'quarterly review'),
  );
  expect(res.errors).toBeUndefined();
  expect(res.data!.workers.edges).toHaveLength(first);
  const out = {} as Record<SubgraphName, { rows: number; inserts: number; statements: number }>;
  for (const n of SUBGRAPH_NAMES) {
    db(n).statements.capture = false;
    out[n] = {
      rows: (await rowCount(n)) - before[n],
      inserts: db(n).statements.recent.filter((q) => /INSERT INTO access_log/i.test(q)).length,
      statements: db(n).statements.count,
    };
  }
  return out;
}

describe('the access log', () => {
  it(`gets one row per worker per registry for a Worker 360 of ${N} workers, in one INSERT per registry`, async () => {
    const one = await worker360(1);
    const all = await worker360(N);
    for (const n of SUBGRAPH_NAMES) {
      expect({ n, ...one[n] }).toEqual({ n, rows: 1, inserts: 1, statements: one[n].statements });
      expect({ n, ...all[n] }).toEqual({ n, rows: N, inserts: 1, statements: one[n].statements });
      const rows = (await db(n).dataSource.query(
        `SELECT subject, agency, purpose, operation, source, worker_id, fields FROM access_log
          WHERE operation = 'Worker360' ORDER BY id DESC LIMIT $1`,
        [N],
      )) as { worker_id: string; fields: string[] }[];
      expect(rows.map((r) => r.worker_id).sort()).toEqual([...ids].sort());
      for (const r of rows) {
        expect(r).toMatchObject({
          subject: 'test-ANALYST',
          agency: 'ANALYST',
          purpose: 'quarterly review',
          source: n.toUpperCase(),
        });
        expect([...r.fields].sort()).toEqual([...FIELDS[n]].sort());
      }
    }
    process.stdout.write(
      `audit: Worker 360 of ${N} workers → ${SUBGRAPH_NAMES.map((n) => `${n} ${all[n].rows} rows/${all[n].inserts} INSERT/${all[n].statements} statements`).join(', ')}\n`,
    );
  });

  const LOG = `query($w: ID!) { worker(id: $w) { accessLog { at subject agency purpose operation source fields } } }`;

  it('is shown to the worker concerned, from every registry, newest first', async () => {
    await worker360(N);
    const res = await stack.query(
      LOG,
      { w: ids[0] },
      await roleHeaders(role('WORKER (self)'), world()),
    );
    expect(res.errors).toBeUndefined();
    const log = res.data!.worker.accessLog as {
      at: string;
      agency: string;
      purpose: string;
      operation: string;
      source: string;
    }[];
    const reads = log.filter((r) => r.operation === 'Worker360');
    expect(new Set(reads.map((r) => r.source))).toEqual(SOURCES);
    expect(reads.every((r) => r.agency === 'ANALYST' && r.purpose === 'quarterly review')).toBe(
      true,
    );
    expect(log.map((r) => r.at)).toEqual([...log.map((r) => r.at)].sort().reverse());
  });

  it('is shown to audit:read', async () => {
    const res = await stack.query(LOG, { w: ids[2] }, await roleHeaders(role('auditor'), world()));
    expect(res.errors).toBeUndefined();
    const sources = (res.data!.worker.accessLog as { source: string; operation: string }[])
      .filter((r) => r.operation === 'Worker360')
      .map((r) => r.source);
    expect(new Set(sources)).toEqual(SOURCES);
  });

  it.each(['ANALYST', 'LABOR_INSPECTION', 'RESIDENCE', 'WORKER (other)'])(
    'is refused to %s',
    async (name) => {
      const res = await stack.query(LOG, { w: ids[0] }, await roleHeaders(role(name), world()));
      expect(res.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
      expect(res.data?.worker?.accessLog ?? null).toBeNull();
      // Not through a registry's own log field either.
      const direct = await stack.query(
        `query($w: ID!) { worker(id: $w) { taxAccessLog { at } } }`,
        { w: ids[0] },
        await roleHeaders(role(name), world()),
      );
      expect(direct.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
      expect(direct.data?.worker?.taxAccessLog ?? null).toBeNull();
    },
  );

  it('is refused to a token with every scope but audit:read', async () => {
    const token = await testToken(GATEWAY_AUDIENCE, {
      scope:
        'residence:read residence:write employment:read insurance:read tax:read consistency:read',
    });
    const res = await stack.query(LOG, { w: ids[0] }, { authorization: `Bearer ${token}` });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      scopes: ['audit:read'],
    });
  });

  it.each(SUBGRAPH_NAMES.map((n) => [n] as const))(
    'cannot be updated, deleted or truncated in the %s database, even by the role that owns it',
    async (name) => {
      // The service role has no such privilege at all (tests/int/audit-roles.int.test.ts); the
      // owner's own statements are refused by the triggers.
      const q = (sql: string, params?: unknown[]) => stack.subgraphs[name].asOwner(sql, params);
      const before = await q('SELECT id, at, subject, purpose, fields FROM access_log ORDER BY id');
      expect(before.length).toBeGreaterThan(0);
      await expect(q(`UPDATE access_log SET purpose = 'rewritten'`)).rejects.toThrow(/append-only/);
      await expect(
        q(`UPDATE access_log SET fields = '{}' WHERE id = $1`, [before[0].id]),
      ).rejects.toThrow(/append-only/);
      await expect(q('DELETE FROM access_log')).rejects.toThrow(/append-only/);
      await expect(q('DELETE FROM access_log WHERE id = $1', [before[0].id])).rejects.toThrow(
        /append-only/,
      );
      await expect(q('TRUNCATE access_log')).rejects.toThrow(/append-only/);
      expect(
        await q('SELECT id, at, subject, purpose, fields FROM access_log ORDER BY id'),
      ).toEqual(before);
    },
  );

  it('stays one valid hash chain per registry under 30 concurrent Worker 360 requests', async () => {
    const C = 30;
    const before = Object.fromEntries(
      await Promise.all(SUBGRAPH_NAMES.map(async (n) => [n, await rowCount(n)])),
    );
    const headers = await roleHeaders(role('ANALYST'), world(), 'concurrent review');
    const results = await Promise.all(
      Array.from({ length: C }, () => stack.query(WORKER_360, { first: N }, headers)),
    );
    expect(results.map((r) => r.errors ?? null)).toEqual(results.map(() => null));
    for (const n of SUBGRAPH_NAMES) {
      const report = await verifyChain(
        (sql, params) => db(n).dataSource.query(sql, params),
        n.toUpperCase(),
        DEVELOPMENT_AUDIT_KEY,
      );
      expect({ n, records: report.records, broken: report.broken }).toEqual({
        n,
        records: before[n] + C * N,
        broken: null,
      });
      // The last one due may still wait for the next insert to store it.
      const due = Math.floor(report.records / DEFAULT_CHECKPOINT_EVERY);
      expect([due - 1, due]).toContain(report.checkpoints);
    }
  });
});
