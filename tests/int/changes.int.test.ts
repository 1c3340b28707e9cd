/**
 * The change outbox (kit/changes.ts): every registry records, in each mutation's transaction, the
 * workers and employers it changed, and serves them in commit order as `Query.changes` to
 * `changes:read` callers, straight from the registry (the field is not in the public API).
 */
import { subgraphAudience, type Agency } from '../../subgraphs/kit/auth';
import { employment } from '../../subgraphs/employment';
import { insurance } from '../../subgraphs/insurance';
import { residence } from '../../subgraphs/residence';
import { tax } from '../../subgraphs/tax';
import { testToken } from '../support/auth';
import { TEST_SERVER_URL } from '../support/databases';
import { gql, type GraphQLResponse } from '../support/graphql';
import { startTestSubgraph, type TestSubgraph } from '../support/subgraph';

let residenceSg: TestSubgraph;
let employmentSg: TestSubgraph;
let insuranceSg: TestSubgraph;
let taxSg: TestSubgraph;
beforeAll(async () => {
  const references: { employment?: string | null } = {};
  residenceSg = await startTestSubgraph(residence, references);
  employmentSg = await startTestSubgraph(employment, { residence: residenceSg.url });
  references.employment = employmentSg.url;
  const both = { residence: residenceSg.url, employment: employmentSg.url };
  [insuranceSg, taxSg] = await Promise.all([
    startTestSubgraph(insurance, both),
    startTestSubgraph(tax, both),
  ]);
}, 120_000);
afterAll(async () => {
  await Promise.all([insuranceSg?.stop(), taxSg?.stop()]);
  await employmentSg?.stop();
  await residenceSg?.stop();
});
beforeEach(async () => {
  await Promise.all([residenceSg, employmentSg, insuranceSg, taxSg].map((sg) => sg.reset()));
});

const CHANGES = `query($after: String, $first: Int) { changes(after: $after, first: $first) {
  edges { cursor node { seq at kind id operation } } pageInfo { hasNextPage endCursor } } }`;
const REGISTER_WORKER = `mutation($input: RegisterWorkerInput!) { registerWorker(input: $input) { id } }`;
const REGISTER_EMPLOYER = `mutation($input: RegisterEmployerInput!) { registerEmployer(input: $input) { id } }`;
const START = `mutation($input: StartEmploymentInput!) { startEmployment(input: $input) { id } }`;
const END = `mutation($input: EndEmploymentInput!) { endEmployment(input: $input) { id endDate } }`;
const UNKNOWN = '00000000-0000-0000-0000-000000000001';

interface Change {
  seq: string;
  at: string;
  kind: 'WORKER' | 'EMPLOYER';
  id: string;
  operation: string;
}
interface Page {
  changes: {
    edges: { cursor: string; node: Change }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** A follower's token: changes:read only, no purpose (the feed holds no personal values). */
function follower(sg: TestSubgraph, scope = 'changes:read', agency: Agency = 'ANALYST') {
  return testToken(subgraphAudience(sg.name), { scope, agency, purpose: '' });
}

async function page(
  sg: TestSubgraph,
  variables: { after?: string | null; first?: number } = {},
  token?: string,
): Promise<GraphQLResponse<Page>> {
  return gql<Page>(sg.url, CHANGES, variables, {
    authorization: `Bearer ${token ?? (await follower(sg))}`,
  });
}

/** The whole feed, page by page from the start. */
async function feed(sg: TestSubgraph, first = 1000): Promise<Change[]> {
  const all: Change[] = [];
  let after: string | null = null;
  for (;;) {
    const res: GraphQLResponse<Page> = await page(sg, { after, first });
    expect(res.errors).toBeUndefined();
    const { edges, pageInfo } = res.data!.changes;
    all.push(...edges.map((e) => e.node));
    if (!pageInfo.hasNextPage) return all;
    after = pageInfo.endCursor;
  }
}

const summary = (changes: Change[]) => changes.map((c) => [c.operation, c.kind, c.id]);

async function outboxRows(sg: TestSubgraph): Promise<number> {
  const [row] = await sg.asOwner('SELECT count(*)::int AS n FROM change_outbox');
  return row.n as number;
}

async function registerWorker(input: Record<string, unknown> = {}): Promise<string> {
  const res = await gql(residenceSg.url, REGISTER_WORKER, {
    input: { fullName: 'Nguyen Van An', nationality: 'VN', dateOfBirth: '1999-04-01', ...input },
  });
  expect(res.errors).toBeUndefined();
  return res.data!.registerWorker.id;
}

async function registerEmployer(): Promise<string> {
  const res = await gql(employmentSg.url, REGISTER_EMPLOYER, {
    input: {
      name: 'Kyosei Foods KK',
      legalForm: 'CORPORATION',
      employeeCount: 40,
      insuredHeadcount: 35,
    },
  });
  expect(res.errors).toBeUndefined();
  return res.data!.registerEmployer.id;
}

async function startEmployment(workerId: string, employerId: string): Promise<string> {
  const res = await gql(employmentSg.url, START, {
    input: {
      workerId,
      employerId,
      startDate: '2026-04-01',
      jobField: 'FOOD_MANUFACTURING',
      weeklyHours: 37.5,
      monthlyWage: 230000,
    },
  });
  expect(res.errors).toBeUndefined();
  return res.data!.startEmployment.id;
}

describe('the change outbox', () => {
  it('records each mutation’s workers and employers, in its order, with ids and kinds only', async () => {
    const worker = await registerWorker();
    const employer = await registerEmployer();
    await startEmployment(worker, employer);

    expect(summary(await feed(residenceSg))).toEqual([['registerWorker', 'WORKER', worker]]);
    const changes = await feed(employmentSg);
    expect(summary(changes)).toEqual([
      ['registerEmployer', 'EMPLOYER', employer],
      ['startEmployment', 'WORKER', worker],
      ['startEmployment', 'EMPLOYER', employer],
    ]);
    const seqs = changes.map((c) => Number(c.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(3);
    for (const c of changes) {
      expect(c.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Object.keys(c).sort()).toEqual(['at', 'id', 'kind', 'operation', 'seq']);
    }
  });

  it('records employer-level changes of every registry as EMPLOYER changes', async () => {
    const employer = await registerEmployer();
    const insured = await gql(
      insuranceSg.url,
      `mutation($input: RecordContributionArrearsInput!) { recordContributionArrears(input: $input) { id } }`,
      {
        input: {
          employerId: employer,
          scheme: 'EMPLOYEES_PENSION',
          since: '2026-01-31',
          amount: 1,
        },
      },
    );
    expect(insured.errors).toBeUndefined();
    const taxed = await gql(
      taxSg.url,
      `mutation($input: RecordEmployerTaxArrearsInput!) { recordEmployerTaxArrears(input: $input) { id } }`,
      { input: { employerId: employer, since: '2026-01-31', amount: 1 } },
    );
    expect(taxed.errors).toBeUndefined();
    expect(summary(await feed(insuranceSg))).toEqual([
      ['recordContributionArrears', 'EMPLOYER', employer],
    ]);
    expect(summary(await feed(taxSg))).toEqual([
      ['recordEmployerTaxArrears', 'EMPLOYER', employer],
    ]);
  });

  it('records nothing for a mutation that fails: BAD_USER_INPUT, NOT_FOUND, CONFLICT', async () => {
    const worker = await registerWorker();
    const employer = await registerEmployer();
    const employmentId = await startEmployment(worker, employer);
    const ended = await gql(employmentSg.url, END, {
      input: { employmentId, endDate: '2027-03-31' },
    });
    expect(ended.errors).toBeUndefined();
    const before = await feed(employmentSg);
    expect(before).toHaveLength(5);

    const failures = [
      // Inside the transaction, after the row was locked: the end precedes the start.
      [{ employmentId, endDate: '2026-01-01' }, 'BAD_USER_INPUT'],
      [{ employmentId: UNKNOWN, endDate: '2027-03-31' }, 'NOT_FOUND'],
      // An extension of an ended employment.
      [{ employmentId, endDate: '2028-03-31' }, 'CONFLICT'],
    ] as const;
    for (const [input, code] of failures) {
      const res = await gql(employmentSg.url, END, { input });
      expect(res.errors?.[0]?.extensions?.code).toBe(code);
    }
    const badWorker = await gql(residenceSg.url, REGISTER_WORKER, {
      input: { fullName: 'X', nationality: 'XX', dateOfBirth: '1999-04-01' },
    });
    expect(badWorker.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    expect(await feed(employmentSg)).toEqual(before);
    expect(await outboxRows(employmentSg)).toBe(5);
    expect(summary(await feed(residenceSg))).toEqual([['registerWorker', 'WORKER', worker]]);
  });

  it('records nothing for an idempotent replay', async () => {
    const key = 'changes-replay-1';
    const first = await registerWorker({ idempotencyKey: key });
    const again = await registerWorker({ idempotencyKey: key });
    expect(again).toBe(first);
    expect(summary(await feed(residenceSg))).toEqual([['registerWorker', 'WORKER', first]]);
    expect(await outboxRows(residenceSg)).toBe(1);
  });

  it('is followed from a cursor during 50 concurrent mutations without skipping a change', async () => {
    const followed: Change[] = [];
    let cursor: string | null = null;
    let writing = true;
    const follow = async () => {
      // Reads until the writers are done and one more read finds nothing new.
      for (let idle = false; writing || !idle;) {
        const res: GraphQLResponse<Page> = await page(residenceSg, { after: cursor, first: 7 });
        expect(res.errors).toBeUndefined();
        const { edges, pageInfo } = res.data!.changes;
        followed.push(...edges.map((e) => e.node));
        cursor = pageInfo.endCursor ?? cursor;
        idle = edges.length === 0;
      }
    };
    const following = follow();
    const ids = await Promise.all(
      Array.from({ length: 50 }, (_, i) => registerWorker({ fullName: `Worker ${i}` })),
    ).finally(() => {
      writing = false;
    });
    await following;

    const all = await feed(residenceSg);
    expect(all).toHaveLength(50);
    expect(new Set(all.map((c) => c.id))).toEqual(new Set(ids));
    // Every change the full read shows was seen by the follower, in the same order.
    expect(followed.map((c) => c.seq)).toEqual(all.map((c) => c.seq));
  }, 120_000);

  it('pages from a cursor; a bad cursor or page size is BAD_USER_INPUT', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await registerWorker({ fullName: `Worker ${i}` }));

    const one = await page(residenceSg, { first: 2 });
    const first = one.data!.changes;
    expect(first.edges.map((e) => e.node.id)).toEqual(ids.slice(0, 2));
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.edges[1].node.seq });
    expect(first.edges.map((e) => e.cursor)).toEqual(first.edges.map((e) => e.node.seq));

    const rest = (await page(residenceSg, { after: first.pageInfo.endCursor, first: 3 })).data!
      .changes;
    expect(rest.edges.map((e) => e.node.id)).toEqual(ids.slice(2));
    expect(rest.pageInfo.hasNextPage).toBe(false);

    const end = (await page(residenceSg, { after: rest.pageInfo.endCursor })).data!.changes;
    expect(end).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    // The default page (100) holds all five.
    expect((await page(residenceSg)).data!.changes.edges).toHaveLength(5);

    const bad: [Record<string, unknown>, string][] = [
      [{ after: 'abc' }, 'after'],
      [{ after: '-1' }, 'after'],
      [{ after: '1'.repeat(19) }, 'after'],
      [{ first: 1001 }, 'first'],
      [{ first: -1 }, 'first'],
    ];
    for (const [variables, field] of bad) {
      const res = await page(residenceSg, variables);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.data?.changes ?? null).toBeNull();
    }
    expect((await page(residenceSg, { first: 1000 })).errors).toBeUndefined();
  });

  it('requires changes:read, refuses workers, needs no purpose and is not access-logged', async () => {
    const worker = await registerWorker();
    const logged = async () =>
      (await residenceSg.asOwner('SELECT count(*)::int AS n FROM access_log'))[0].n as number;
    const before = await logged();

    const allowed = await page(residenceSg);
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!.changes.edges.map((e) => e.node.id)).toEqual([worker]);
    expect(await logged()).toBe(before);

    const refusals = [
      await follower(residenceSg, 'residence:read residence:write consistency:read audit:read'),
      await testToken(subgraphAudience('residence'), {
        sub: worker,
        agency: 'WORKER',
        scope: 'changes:read residence:read',
      }),
    ];
    for (const token of refusals) {
      const res = await page(residenceSg, {}, token);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(res.data?.changes ?? null).toBeNull();
    }
    // changes:read opens the feed and nothing else.
    const workers = await gql(
      residenceSg.url,
      `{ workers(first: 1) { edges { node { id } } } }`,
      {},
      { authorization: `Bearer ${await follower(residenceSg)}` },
    );
    expect(workers.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  (TEST_SERVER_URL ? it : it.skip)(
    'lets the service role only append to and read the outbox (PostgreSQL)',
    async () => {
      await registerWorker();
      const service = residenceSg.db.dataSource;
      await expect(service.query(`UPDATE change_outbox SET entity_id = 'x'`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(service.query('DELETE FROM change_outbox')).rejects.toThrow(/permission denied/);
      await expect(service.query('TRUNCATE change_outbox')).rejects.toThrow(/permission denied/);
      expect(await outboxRows(residenceSg)).toBe(1);
    },
  );
});
