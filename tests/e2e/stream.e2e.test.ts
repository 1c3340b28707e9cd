/**
 * The intervention feed's push form over real HTTP: a graphql-sse client subscribes at the
 * gateway's /graphql/stream; a mutation through the gateway, evaluated by the monitor, arrives as
 * one event with its from/to/cause; filters, resuming after a cursor, refusals before any stream
 * (401, 403, 400, 429), the monitor's access log, and a shutdown that ends open streams.
 */
import { createClient, NetworkError, type ExecutionResult } from 'graphql-sse';
import { GATEWAY_AUDIENCE } from '../../subgraphs/kit/auth';
import { addDays, todayInTokyo } from '../../subgraphs/kit/dates';
import { evaluateBatch } from '../../subgraphs/monitor/evaluate';
import type { RunningGateway } from '../../gateway/server';
import { testToken } from '../support/auth';
import { testEvaluator } from '../support/monitor';
import { mutate } from '../support/mutations';
import { startProductionGateway, startStack, type Stack } from '../support/stack';

const REF = todayInTokyo();
const PURPOSE = `intervention feed test ${process.pid}`;
let stack: Stack;
let employerId: string;

const streamUrl = (gateway: RunningGateway) => new URL('/graphql/stream', gateway.url).toString();
const token = (scope = 'consistency:read', sub = 'feed-agency-system') =>
  testToken(GATEWAY_AUDIENCE, { scope, sub, agency: 'LABOR_INSPECTION', purpose: '' });

const until = async (check: () => boolean, timeoutMs = 20_000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

interface Transition {
  at: string;
  from: string | null;
  to: string;
  cause: string;
  source: string | null;
  worker: { id: string };
  findingsAdded: { ruleId: string }[];
}
type Event = ExecutionResult<{ transition: Transition }, { cursor: string }>;

const FEED = `subscription InterventionFeed($since: DateTime, $filter: RiskFilter, $after: String) {
  transition: riskTransitions(since: $since, filter: $filter, after: $after) {
    at from to cause source worker { id } findingsAdded { ruleId }
  }
}`;

/** A graphql-sse client's subscription, its events collected as they come. */
function subscribe(
  variables: Record<string, unknown>,
  headers: Record<string, string>,
  gateway: RunningGateway = stack.gateway,
  query = FEED,
) {
  const client = createClient({ url: streamUrl(gateway), headers, retryAttempts: 0 });
  const events: Event[] = [];
  let connected!: () => void;
  const opened = new Promise<void>((resolve) => (connected = resolve));
  const iterator = client.iterate<{ transition: Transition }, { cursor: string }>(
    { query, variables },
    { connected: () => connected() },
  );
  const ended = (async () => {
    for await (const event of iterator) events.push(event);
  })();
  return {
    events,
    /** The stream's response has started (the first read was allowed). */
    opened,
    ended,
    async close() {
      await iterator.return?.();
      await ended.catch(() => {});
      client.dispose();
    },
  };
}

/** Waits for a refused subscription's HTTP answer: status and body. */
async function refusal(variables: Record<string, unknown>, headers: Record<string, string>) {
  const sub = subscribe(variables, headers);
  const error = await sub.ended.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NetworkError);
  const res = (error as NetworkError<globalThis.Response>).response!;
  expect(sub.events).toEqual([]);
  return { status: res.status, body: (await res.json()) as { errors: { extensions: object }[] } };
}

/** Whether a subscription is still open a moment after it was made (not refused, not ended). */
const stillOpen = async (sub: { ended: Promise<void> }) => {
  const wait = new Promise<string>((r) => setTimeout(() => r('open'), 1000));
  const state = await Promise.race([
    sub.ended.then(
      () => 'ended',
      () => 'refused',
    ),
    wait,
  ]);
  return state === 'open';
};

const auth = async (scope?: string) => ({
  authorization: `Bearer ${await token(scope)}`,
  'x-purpose': PURPOSE,
});

/** A student allowed 28 hours a week, not working, evaluated once: the monitor holds its report. */
async function student(name: string): Promise<string> {
  const workerId = (
    await mutate(stack, 'registerWorker', 'RegisterWorkerInput', {
      fullName: name,
      nationality: 'VN',
      dateOfBirth: '2003-05-05',
    })
  ).id;
  await mutate(stack, 'grantResidencePermit', 'GrantResidencePermitInput', {
    workerId,
    status: 'STUDENT',
    grantedOn: addDays(REF, -200),
    expiresOn: addDays(REF, 400),
    enrolledUntil: addDays(REF, 380),
  });
  await mutate(stack, 'grantWorkPermission', 'GrantWorkPermissionInput', {
    workerId,
    grantedOn: addDays(REF, -200),
  });
  await mutate(stack, 'notifyAddress', 'NotifyAddressInput', {
    workerId,
    municipalityCode: '131041',
    movedInOn: addDays(REF, -199),
    notifiedOn: addDays(REF, -195),
  });
  await evaluateBatch(testEvaluator(stack), [workerId], { asOf: REF, cause: 'CALENDAR' });
  return workerId;
}

function work(workerId: string, weeklyHours: number) {
  return mutate(stack, 'startEmployment', 'StartEmploymentInput', {
    workerId,
    employerId,
    jobField: 'OTHER',
    monthlyWage: 80000,
    startDate: addDays(REF, -30),
    weeklyHours,
  });
}

/** A job of 30 hours (above the permission's 28), as the monitor evaluates it. */
async function overwork(workerId: string): Promise<void> {
  await work(workerId, 30);
  await evaluateBatch(testEvaluator(stack), [workerId], {
    asOf: REF,
    cause: 'DATA_CHANGE',
    source: 'EMPLOYMENT',
  });
}

const stored = async (workerId: string) =>
  (
    (await stack.monitor.db.dataSource.query(
      `SELECT status, ARRAY(SELECT f->>'ruleId' FROM jsonb_array_elements(report->'findings') f)
              AS rules FROM monitored_worker WHERE worker_id = $1`,
      [workerId],
    )) as { status: string; rules: string[] }[]
  )[0];

let first: string;
let second: string;

beforeAll(async () => {
  stack = await startStack();
  employerId = (
    await mutate(stack, 'registerEmployer', 'RegisterEmployerInput', {
      name: 'Stream Foods',
      legalForm: 'CORPORATION',
      employeeCount: 60,
      insuredHeadcount: 55,
    })
  ).id;
  first = await student('Nguyen Stream');
  second = await student('Tran Stream');
}, 600_000);
afterAll(() => stack?.stop(), 60_000);

describe('a subscription at /graphql/stream', () => {
  let cursor: string;

  it('pushes a transition caused by a mutation through the gateway, to the filters it fits', async () => {
    const before = await stored(first);
    expect(before).toEqual({
      status: expect.stringMatching(/^(CONSISTENT|AT_RISK)$/),
      rules: before.rules.filter((r) => r !== 'WORK_HOURS_EXCEEDED'),
    });
    const all = subscribe({}, await auth());
    // Only transitions to CONSISTENT: the violation below is not one.
    const consistent = subscribe({ filter: { statuses: ['CONSISTENT'] } }, await auth());
    try {
      await new Promise((r) => setTimeout(r, 500)); // both streams are open and have read once
      expect(all.events).toEqual([]);
      await overwork(first);
      const stored = Date.now();
      await until(() => all.events.length > 0);
      process.stdout.write(`stream: stored transition to event in ${Date.now() - stored} ms\n`);
      const [event] = all.events;
      expect(event.errors).toBeUndefined();
      expect(event.data!.transition).toMatchObject({
        from: before.status,
        to: 'VIOLATION',
        cause: 'DATA_CHANGE',
        source: 'EMPLOYMENT',
        worker: { id: first },
        findingsAdded: expect.arrayContaining([{ ruleId: 'WORK_HOURS_EXCEEDED' }]),
      });
      expect(typeof event.extensions!.cursor).toBe('string');
      cursor = event.extensions!.cursor;
      // Two more polls of each stream: nothing more for either.
      await new Promise((r) => setTimeout(r, 2500));
      expect(all.events).toHaveLength(1);
      expect(consistent.events).toEqual([]);
    } finally {
      await Promise.all([all.close(), consistent.close()]);
    }
    // Read with the caller's identity and purpose: the monitor logged the worker it pushed.
    const logged = (await stack.monitor.db.dataSource.query(
      'SELECT worker_id::text AS id, subject, operation FROM access_log WHERE purpose = $1',
      [PURPOSE],
    )) as { id: string; subject: string; operation: string }[];
    expect(logged).toContainEqual({
      id: first,
      subject: 'feed-agency-system',
      operation: 'InterventionFeed',
    });
    expect(logged.every((r) => r.id === first)).toBe(true);
  }, 120_000);

  it('resumes after the cursor of the last event received, without repeating it', async () => {
    await overwork(second);
    const resumed = subscribe({ after: cursor }, await auth());
    try {
      await until(() => resumed.events.length > 0);
      await new Promise((r) => setTimeout(r, 1500));
      expect(resumed.events.map((e) => e.data!.transition.worker.id)).toEqual([second]);
    } finally {
      await resumed.close();
    }
    // From a moment instead: both, oldest first, with the client's fragments, aliases and
    // variables, and fields of another registry (the worker's name, from residence).
    const since = subscribe(
      { since: new Date(Date.now() - 600_000).toISOString(), asOf: REF },
      await auth('consistency:read residence:read'),
      stack.gateway,
      `subscription Since($since: DateTime, $asOf: Date) {
        transition: riskTransitions(since: $since) { ...Change }
      }
      fragment Change on RiskTransition {
        cause who: worker { id name: fullName residence(asOf: $asOf) { status } }
      }`,
    );
    type Who = { id: string; name: string; residence: { status: string } };
    type Change = { cause: string; who: Who };
    const changes = () =>
      since.events
        .map((e) => e.data!.transition as unknown as Change)
        .filter((t) => t.cause === 'DATA_CHANGE');
    try {
      await until(() => changes().length >= 2);
      expect(changes().map((t) => t.who)).toEqual([
        { id: first, name: 'Nguyen Stream', residence: { status: 'STUDENT' } },
        { id: second, name: 'Tran Stream', residence: { status: 'STUDENT' } },
      ]);
    } finally {
      await since.close();
    }
  }, 120_000);
});

it('ends a stream whose token expires: an UNAUTHENTICATED event, then complete', async () => {
  const brief = await testToken(
    GATEWAY_AUDIENCE,
    { scope: 'consistency:read', sub: 'feed-agency-system', purpose: '' },
    '3s',
  );
  const sub = subscribe({}, { authorization: `Bearer ${brief}`, 'x-purpose': PURPOSE });
  await sub.opened;
  await expect(sub.ended).resolves.toBeUndefined();
  expect(sub.events.map((e) => e.errors?.[0]?.extensions?.code)).toEqual(['UNAUTHENTICATED']);
}, 60_000);

describe('refusals before any stream starts', () => {
  it('no token: 401 UNAUTHENTICATED', async () => {
    const { status, body } = await refusal({}, {});
    expect(status).toBe(401);
    expect(body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  }, 60_000);

  it('without consistency:read: 403 FORBIDDEN; without a purpose: 403 PURPOSE_REQUIRED', async () => {
    const noScope = await refusal({}, await auth('statistics:read employment:read'));
    expect(noScope.status).toBe(403);
    expect(noScope.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const noPurpose = await refusal({}, { authorization: `Bearer ${await token()}` });
    expect(noPurpose.status).toBe(403);
    expect(noPurpose.body.errors[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'PURPOSE_REQUIRED',
    });
  }, 60_000);

  it('a document or input that cannot run: 400 with its code', async () => {
    const post = async (query: string, variables = {}) => {
      const res = await fetch(streamUrl(stack.gateway), {
        method: 'POST',
        headers: {
          ...(await auth()),
          'content-type': 'application/json',
          accept: 'text/event-stream',
        },
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: res.status,
        body: (await res.json()) as { errors: { extensions: object }[] },
      };
    };
    const unknown = await post('subscription { riskTransitions { nope } }');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    const query = await post('query { monitorStatus { lagSeconds } }');
    expect(query.status).toBe(400);
    expect(query.body.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    const badFilter = await post(FEED, { filter: { employerId: 'nope' } });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'filter.employerId',
    });
  }, 60_000);

  it('one caller holds at most 4 streams at once (429), and gets one back when it closes one', async () => {
    const headers = await auth();
    const open = [0, 1, 2, 3].map(() => subscribe({}, headers));
    try {
      await new Promise((r) => setTimeout(r, 1000));
      const { status, body } = await refusal({}, headers);
      expect(status).toBe(429);
      expect(body.errors[0].extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', limit: 4 });
      // Another caller is not held back by this one.
      const other = subscribe(
        {},
        { ...headers, authorization: `Bearer ${await token(undefined, 'other-system')}` },
      );
      open.push(other);
      expect(await stillOpen(other)).toBe(true);
      await open.shift()!.close();
      await new Promise((r) => setTimeout(r, 200));
      const again = subscribe({}, headers);
      open.push(again);
      expect(await stillOpen(again)).toBe(true);
    } finally {
      await Promise.all(open.map((s) => s.close()));
    }
  }, 60_000);
});

it('a gateway that stops ends its open streams (complete) and does not hang', async () => {
  const gateway = await startProductionGateway(stack);
  const sub = subscribe({}, await auth(), gateway);
  await sub.opened;
  await gateway.stop();
  await expect(sub.ended).resolves.toBeUndefined();
  await sub.close();
}, 60_000);
