/**
 * A client's mistake is an HTTP 4xx with a code (and the `field` for bad input) on the gateway and
 * on every subgraph called directly — never a 500, never a 200 without `data`.
 */
import { SignJWT } from 'jose';
import type { RunningGateway } from '../../gateway/server';
import { residence } from '../../subgraphs/residence';
import { startConsistency } from '../../subgraphs/consistency/server';
import type { Listening } from '../../subgraphs/kit/http';
import { GATEWAY_AUDIENCE, signDevelopmentToken, subgraphAudience } from '../../subgraphs/kit/auth';
import {
  ALL_SCOPES,
  audienceOf,
  registerAudience,
  TEST_AUTH,
  testToken,
  withAuth,
} from '../support/auth';
import { mutate } from '../support/mutations';
import { startProductionGateway, startStack, type Stack } from '../support/stack';
import { startTestSubgraph, type TestSubgraph } from '../support/subgraph';

interface Reply {
  status: number;
  headers: Headers;
  body: {
    data?: unknown;
    errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
  };
}

async function send(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: await withAuth(url, { 'content-type': 'application/json', ...headers }),
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) };
}

const request = (query: string, variables?: unknown, operationName?: string) =>
  JSON.stringify({ query, variables, operationName });

/** What a reply is summed up to in assertions. */
const outcome = (r: Reply) => ({
  status: r.status,
  code: r.body.errors?.[0]?.extensions?.code,
  field: r.body.errors?.[0]?.extensions?.field,
  data: 'data' in r.body,
});

/** A mutation of each registry with a string input field, for NUL/surrogate/missing-field cases. */
interface Target {
  name: string;
  url: () => string;
  mutation?: {
    name: string;
    type: string;
    input: Record<string, unknown>;
    /** The string field the NUL/surrogate/missing cases are about. */
    field: string;
    enums?: string[];
  };
}

const REGISTER_WORKER = {
  name: 'registerWorker',
  type: 'RegisterWorkerInput',
  input: { fullName: 'Ana Cruz', nationality: 'PH', dateOfBirth: '1995-05-05' },
  field: 'fullName',
};

let stack: Stack;
let production: RunningGateway;
let productionResidence: TestSubgraph;
let productionConsistency: Listening;

const TARGETS: Target[] = [
  { name: 'gateway', url: () => stack.gateway.url, mutation: REGISTER_WORKER },
  { name: 'residence', url: () => stack.subgraphs.residence.url, mutation: REGISTER_WORKER },
  {
    name: 'employment',
    url: () => stack.subgraphs.employment.url,
    mutation: {
      name: 'registerEmployer',
      type: 'RegisterEmployerInput',
      input: { name: 'Kobo KK', legalForm: 'CORPORATION', employeeCount: 3, insuredHeadcount: 3 },
      field: 'name',
      enums: ['legalForm'],
    },
  },
  {
    name: 'insurance',
    url: () => stack.subgraphs.insurance.url,
    mutation: {
      name: 'enrollInsurance',
      type: 'EnrollInsuranceInput',
      input: { workerId: 'w-1', scheme: 'NATIONAL_HEALTH', startDate: '2025-01-01' },
      field: 'workerId',
      enums: ['scheme'],
    },
  },
  {
    name: 'tax',
    url: () => stack.subgraphs.tax.url,
    mutation: {
      name: 'assessTax',
      type: 'AssessTaxInput',
      input: {
        workerId: 'w-1',
        kind: 'RESIDENT_TAX',
        fiscalYear: 2025,
        amount: 1000,
        dueDate: '2026-06-30',
        collection: 'ORDINARY',
      },
      field: 'workerId',
      enums: ['kind', 'collection'],
    },
  },
  { name: 'consistency', url: () => stack.consistencyUrl as string },
];

beforeAll(async () => {
  stack = await startStack({ consistencyOverHttp: true });
  production = await startProductionGateway(stack);
  productionResidence = await startTestSubgraph(residence, {}, { nodeEnv: 'production' });
  productionConsistency = await startConsistency({
    nodeEnv: 'production',
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    auth: TEST_AUTH,
  });
  registerAudience(productionConsistency.url, subgraphAudience('consistency'));
}, 300_000);
afterAll(async () => {
  await productionConsistency?.close();
  await productionResidence?.stop();
  await production?.stop();
  await stack?.stop();
});

const nested = (levels: number) => `{ ${'a { '.repeat(levels)}b${' }'.repeat(levels)} }`;

describe.each(TARGETS)('$name', (target) => {
  const url = () => target.url();

  it.each([
    ['a document that does not parse', request('{'), 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', request('{ nope }'), 'GRAPHQL_VALIDATION_FAILED'],
    ['5,000 levels of nesting', request(nested(5000)), 'GRAPHQL_PARSE_FAILED'],
    ['a subscription', request('subscription { __typename }'), 'GRAPHQL_VALIDATION_FAILED'],
    [
      'several operations without operationName',
      request('query A { __typename } query B { __typename }'),
      'OPERATION_RESOLUTION_FAILURE',
    ],
    [
      'an unknown operation name',
      request('query A { __typename }', undefined, 'Nope'),
      'OPERATION_RESOLUTION_FAILURE',
    ],
    [
      'a body with a duplicate query key',
      '{"query":"{ __typename }","query":"{ __typename }"}',
      'BAD_REQUEST',
    ],
    ['a body that is not JSON', '{"query": "{ __typename }', 'BAD_REQUEST'],
  ])('refuses %s with 400 and a code', async (_, body, code) => {
    const r = await send(url(), body);
    expect(outcome(r)).toEqual({ status: 400, code, field: undefined, data: false });
  });

  it('names a missing required variable', async () => {
    const r = await send(url(), request('query($x: Boolean!) { __typename @include(if: $x) }', {}));
    expect(outcome(r)).toEqual({ status: 400, code: 'BAD_USER_INPUT', field: 'x', data: false });
  });

  it('refuses a token without exp, or living longer than allowed, with 401 and a challenge', async () => {
    const audience = audienceOf(url()) as string;
    const secret = new TextEncoder().encode(TEST_AUTH.secret as string);
    const noExp = await new SignJWT({ agency: 'ANALYST', scope: ALL_SCOPES })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('forever')
      .setAudience(audience)
      .setIssuedAt()
      .sign(secret);
    const week = await signDevelopmentToken(
      { sub: 'week', agency: 'ANALYST', scope: ALL_SCOPES },
      { secret: TEST_AUTH.secret as string, audience, expiresIn: '7d' },
    );
    for (const token of [noExp, week]) {
      const r = await send(url(), request('{ __typename }'), { authorization: `Bearer ${token}` });
      expect(outcome(r)).toEqual({
        status: 401,
        code: 'UNAUTHENTICATED',
        field: undefined,
        data: false,
      });
      expect(r.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    }
    const none = await send(url(), request('{ __typename }'), { authorization: '' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const ok = await send(url(), request('{ __typename }'), {
      authorization: `Bearer ${await testToken(audience, {}, '12h')}`,
    });
    expect(ok.status).toBe(200);
  });

  const strings = target.mutation
    ? (() => {
        const m = target.mutation;
        const document = `mutation($i: ${m.type}!) { ${m.name}(input: $i) { id } }`;
        return { m, document };
      })()
    : null;

  it.each([
    ['a NUL character', 'a\u0000b'],
    ['an unpaired surrogate', 'a\ud800b'],
  ])('refuses %s in a variable with BAD_USER_INPUT naming the field', async (_, bad) => {
    const r = strings
      ? await send(
          url(),
          request(strings.document, { i: { ...strings.m.input, [strings.m.field]: bad } }),
        )
      : await send(
          url(),
          request('query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', {
            r: [{ __typename: 'Worker', id: bad }],
          }),
        );
    expect(outcome(r)).toEqual({
      status: 400,
      code: 'BAD_USER_INPUT',
      field: strings ? strings.m.field : 'r.0.id',
      data: false,
    });
    expect(JSON.stringify(r.body)).not.toMatch(/SQL|INSERT|stack/i);
  });

  it('refuses a NUL character in a string literal, naming the field', async () => {
    const literal = strings
      ? `mutation { ${strings.m.name}(input: { ${Object.entries({
          ...strings.m.input,
          [strings.m.field]: 'a\u0000b',
        })
          .map(([k, v]) => `${k}: ${strings.m.enums?.includes(k) ? v : JSON.stringify(v)}`)
          .join(', ')} }) { id } }`
      : '{ _entities(representations: [{ __typename: "Worker", id: "a\\u0000b" }]) { __typename } }';
    const r = await send(url(), request(literal));
    expect(outcome(r)).toEqual({
      status: 400,
      code: 'BAD_USER_INPUT',
      field: strings ? strings.m.field : 'id',
      data: false,
    });
  });

  if (target.mutation) {
    it('names a missing required input field sent in variables', async () => {
      const m = target.mutation!;
      const input = Object.fromEntries(Object.entries(m.input).filter(([k]) => k !== m.field));
      const r = await send(
        url(),
        request(`mutation($i: ${m.type}!) { ${m.name}(input: $i) { id } }`, { i: input }),
      );
      expect(outcome(r)).toEqual({
        status: 400,
        code: 'BAD_USER_INPUT',
        field: m.field,
        data: false,
      });
    });
  }
});

describe('the gateway', () => {
  it("refuses a document over the token limit with 400 GRAPHQL_PARSE_FAILED (armor's limit was a 500)", async () => {
    const r = await send(
      stack.gateway.url,
      request(`{ ${Array.from({ length: 30_001 }, () => '__typename').join(' ')} }`),
    );
    expect(outcome(r)).toEqual({
      status: 400,
      code: 'GRAPHQL_PARSE_FAILED',
      field: undefined,
      data: false,
    });
    expect(r.body.errors![0].message).toMatch(/30000 tokens/);
  });

  it('answers a whole-operation FORBIDDEN with 403 and no data, under application/graphql-response+json', async () => {
    const token = await testToken(GATEWAY_AUDIENCE, { agency: 'TAX', scope: 'tax:read' });
    const r = await send(
      stack.gateway.url,
      request('{ workers(first: 1) { edges { node { fullName } } } }'),
      {
        authorization: `Bearer ${token}`,
        accept: 'application/graphql-response+json',
      },
    );
    expect(outcome(r)).toEqual({ status: 403, code: 'FORBIDDEN', field: undefined, data: false });
    expect(r.headers.get('content-type')).toMatch(/application\/graphql-response\+json/);
  });

  it('names no @inaccessible field in an error', async () => {
    const employer = await mutate(stack, 'registerEmployer', 'RegisterEmployerInput', {
      name: 'Hidden Paths KK',
      legalForm: 'CORPORATION',
      employeeCount: 2,
      insuredHeadcount: 2,
    });
    const workers = [];
    for (const fullName of ['Mai Linh', 'Bao Tran']) {
      const w = await mutate(stack, 'registerWorker', 'RegisterWorkerInput', {
        fullName,
        nationality: 'VN',
        dateOfBirth: '1994-04-04',
      });
      await mutate(stack, 'startEmployment', 'StartEmploymentInput', {
        workerId: w.id,
        employerId: employer.id,
        startDate: '2025-04-01',
        jobField: 'ENGINEERING',
        weeklyHours: 40,
        monthlyWage: 250000,
      });
      workers.push(w);
    }
    // A worker's token reaches the employer, whose other employee's records the plan must fetch.
    const token = await testToken(GATEWAY_AUDIENCE, {
      agency: 'WORKER',
      sub: workers[0].id,
      scope: 'employment:read consistency:read',
    });
    const r = await send(
      stack.gateway.url,
      request('query($e: ID!) { employer(id: $e) { workforceConsistency { activeEmployees } } }', {
        e: employer.id,
      }),
      { authorization: `Bearer ${token}` },
    );
    expect(r.body.errors?.length).toBeGreaterThan(0);
    expect(r.body.errors![0].extensions?.code).toBe('FORBIDDEN');
    expect(r.body.errors!.map((e) => e.path)).toEqual(r.body.errors!.map(() => ['employer']));
    expect(JSON.stringify(r.body)).not.toMatch(/employmentRecords|insuranceEnrollmentRecords/);
  });
});

describe('with introspection off', () => {
  it.each([
    ['the gateway', () => production.url, '{ workerz(id: "x") { id } }'],
    ['a registry', () => productionResidence.url, '{ workerz(id: "x") { id } }'],
    ['the consistency subgraph', () => productionConsistency.url, '{ consistencyRule { id } }'],
  ])('%s suggests no field names', async (_, url, query) => {
    const r = await send(url(), request(query));
    expect(outcome(r)).toEqual({
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      field: undefined,
      data: false,
    });
    expect(r.body.errors![0].message).toMatch(/^Cannot query field "\w+" on type "Query"\.$/);
  });

  it('a development gateway still suggests them', async () => {
    const r = await send(stack.gateway.url, request('{ workerz(id: "x") { id } }'));
    expect(r.body.errors![0].message).toMatch(/Did you mean "worker"/);
  });
});
