import net from 'node:net';
import { send, type Answer, type RawRequest } from './net';
import { randomMutation } from './mutations';
import {
  endpoint,
  graphql,
  headers,
  json,
  one,
  person,
  REGISTER,
  registerVars,
  type FuzzClass,
  type FuzzContext,
} from './requests';

export type { FuzzClass, FuzzContext } from './requests';

function deepNesting(ctx: FuzzContext, marker: string, k: number): RawRequest {
  const depth = one(ctx, [64, 500, 1000, 2500, 5000]);
  const id = json(marker);
  switch (k % 4) {
    case 0:
      return graphql(ctx, k, {
        query: `query Deep { worker(id: ${id}) ${'{ employments '.repeat(depth)}{ id }${' }'.repeat(depth)} }`,
      });
    case 1:
      return graphql(ctx, k, {
        query: `query Deep { workers(first: ${'['.repeat(depth)}1${']'.repeat(depth)}) { pageInfo { hasNextPage } } }`,
      });
    case 2: {
      // Written out: JSON.stringify itself overflows on 5,000 levels.
      const input = `${'{"fullName":'.repeat(depth)}${json(person(marker))}${'}'.repeat(depth)}`;
      return {
        url: endpoint(ctx, k),
        headers: headers(ctx),
        body: `{"query":${json(REGISTER)},"variables":{"i":${input}}}`,
      };
    }
    default:
      return graphql(ctx, k, {
        query: `query Deep { ${'...on Query { '.repeat(depth)}__typename${' }'.repeat(depth)} }`,
      });
  }
}

function aliases(ctx: FuzzContext, marker: string, k: number): RawRequest {
  const id = ctx.workerIds[ctx.pick(ctx.workerIds.length)];
  if (k % 25 === 24) {
    // The finding's costly shape: 119 × consistency passes the alias limit.
    const fields = Array.from(
      { length: 119 },
      (_, i) => `c${i}: worker(id: $id) { consistency { status } }`,
    );
    return {
      url: ctx.gateway,
      headers: headers(ctx),
      body: json({ query: `query Costly($id: ID!) { ${fields.join(' ')} }`, variables: { id } }),
    };
  }
  if (k % 40 === 39) {
    const fields = Array.from(
      { length: 300 },
      (_, i) => `p${i}: workers(first: 50) { edges { node { id } } }`,
    );
    return {
      url: ctx.subgraphs.residence,
      headers: headers(ctx),
      body: json({ query: `{ ${fields.join(' ')} }` }),
    };
  }
  const n = one(ctx, [121, 500, 2000, 5000]);
  const fields = Array.from({ length: n }, (_, i) => `a${i}: __typename`);
  return graphql(ctx, k, {
    query: `query Many { ${fields.join(' ')} }`,
    variables: { note: marker },
  });
}

function tokenLimit(ctx: FuzzContext, marker: string, k: number): RawRequest {
  const n = one(ctx, [30_001, 40_000, 60_000]);
  const body =
    k % 2
      ? `query Big { ${'__typename '.repeat(n)}}`
      : `query Big { worker(id: ${json(marker)}) { ${'id '.repeat(n)}} }`;
  return graphql(ctx, k, { query: body });
}

function subscription(ctx: FuzzContext, marker: string, k: number): RawRequest {
  const query = one(ctx, [
    'subscription S { __typename }',
    `subscription { worker(id: ${json(marker)}) { id fullName } }`,
    'subscription S($id: ID!) { worker(id: $id) { id } }',
  ]);
  return graphql(ctx, k, {
    query,
    variables: { id: marker },
    ...(k % 2 ? { operationName: 'S' } : {}),
  });
}

function severalOperations(ctx: FuzzContext, marker: string, k: number): RawRequest {
  const query = one(ctx, [
    'query A { __typename } query B { __typename }',
    `query A { __typename } mutation B($i: RegisterWorkerInput!) { registerWorker(input: $i) { id } }`,
    '{ __typename } query B { __typename }',
  ]);
  const body: Record<string, unknown> = { query, variables: registerVars(person(marker)) };
  if (k % 3 === 1) body.operationName = null;
  return graphql(ctx, k, body);
}

function unknownOperation(ctx: FuzzContext, marker: string, k: number): RawRequest {
  const operationName = one(ctx, ['Nope', marker, '', 5, ['A'], { a: 1 }, true] as unknown[]);
  return graphql(ctx, k, { query: 'query A { __typename } query B { __typename }', operationName });
}

function malformedJson(ctx: FuzzContext, marker: string, k: number): RawRequest {
  const full = json({ query: REGISTER, variables: registerVars(person(marker)) });
  const body = one(ctx, [
    full.slice(0, -1),
    full.slice(0, Math.floor(full.length / 2)),
    `${full},`,
    full.replace(/"/g, "'"),
    `{"query":"{ __typename }","variables":{"i":"${marker}"},}`,
    '{"query":',
    'null',
    '[]',
    `"${marker}"`,
    '{"query": 5}',
    `{"query": "{ __typename }", "variables": "${marker}"}`,
    `{"query": "{ __typename }", "extensions": [${json(marker)}]}`,
    `\u0000${full}`,
  ]);
  return { url: endpoint(ctx, k), headers: headers(ctx), body };
}

function duplicateKeys(ctx: FuzzContext, marker: string, k: number): RawRequest {
  const register = json(REGISTER);
  const vars = json(registerVars(person(marker)));
  const body = one(ctx, [
    `{"query":"{ __typename }","query":${register},"variables":${vars}}`,
    `{"query":${register},"variables":${vars},"variables":{"i":{"fullName":"x"}}}`,
    `{"query":"query A { __typename } query B { __typename }","operationName":"A","operationName":"B","variables":${vars}}`,
    `{"query":${register},"variables":{"i":{"fullName":${json(person(marker))},"fullName":"Other","nationality":"VN","dateOfBirth":"1990-01-01"}}}`,
  ]);
  return { url: endpoint(ctx, k), headers: headers(ctx), body };
}

function contentTypes(ctx: FuzzContext, marker: string, k: number): RawRequest {
  const body = json({ query: REGISTER, variables: registerVars(person(marker)) });
  const url = endpoint(ctx, k);
  const variants: RawRequest[] = [
    { url, headers: headers(ctx, { 'content-type': 'text/plain' }), body },
    {
      url,
      headers: headers(ctx, { 'content-type': 'application/x-www-form-urlencoded' }),
      body: `query=${encodeURIComponent(body)}`,
    },
    {
      url,
      headers: headers(ctx, { 'content-type': 'multipart/form-data; boundary=x' }),
      body: `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${body}\r\n--x--`,
    },
    {
      url,
      headers: headers(ctx, { 'content-type': 'application/graphql' }),
      body: `mutation { registerWorker(input: {fullName: ${json(person(marker))}}) { id } }`,
    },
    {
      url,
      headers: headers(ctx, { 'content-type': 'application/json; charset=utf-16' }),
      body: Buffer.from(body, 'utf16le'),
    },
    { url, headers: headers(ctx, { 'content-type': 'application/xml' }), body: `<q>${marker}</q>` },
    { url, headers: { ...headers(ctx), 'content-type': '' }, body },
    {
      url: `${url}?query=${encodeURIComponent(`{ worker(id: ${json(marker)}) { id } }`)}`,
      method: 'GET',
      headers: headers(ctx),
    },
    { url, method: 'PUT', headers: headers(ctx), body },
    { url, method: 'DELETE', headers: headers(ctx), body },
  ];
  return variants[k % variants.length];
}

function oversized(ctx: FuzzContext, marker: string, k: number): RawRequest {
  const mb = one(ctx, [1.1, 2.1, 4]);
  const pad = `${marker} `.repeat(Math.ceil((mb * 1024 * 1024) / (marker.length + 1)));
  return graphql(ctx, k, { query: REGISTER, variables: registerVars(person(pad)) });
}

function badStrings(ctx: FuzzContext, marker: string, k: number): RawRequest {
  const name = person(marker);
  const url = endpoint(ctx, k);
  const template = (fullName: string) =>
    `{"query":${json(REGISTER)},"variables":{"i":{"fullName":"${fullName}","nationality":"VN","dateOfBirth":"1990-01-01"}}}`;
  switch (k % 6) {
    case 0:
      return { url, headers: headers(ctx), body: template(`${name}\\u0000x`) };
    case 1:
      return { url, headers: headers(ctx), body: template(`${name}\\ud800`) };
    case 2:
      return { url, headers: headers(ctx), body: template(`\\udc00${name}`) };
    case 3: {
      const [a, b] = template(`${name}@@`).split('@@');
      return {
        url,
        headers: headers(ctx),
        body: Buffer.concat([Buffer.from(a), Buffer.from([0xff, 0xc3, 0x28]), Buffer.from(b)]),
      };
    }
    case 4: {
      const [a, b] = template(`${name}@@`).split('@@');
      return {
        url,
        headers: headers(ctx),
        body: Buffer.concat([
          Buffer.from(a),
          Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]),
          Buffer.from(b),
        ]),
      };
    }
    default:
      return graphql(ctx, k, {
        query: 'query W($id: ID!) { worker(id: $id) { id } }',
        variables: { id: `${marker}\u0000` },
      });
  }
}

function badTokens(ctx: FuzzContext, marker: string, k: number): RawRequest {
  const hostile = Object.values(ctx.tokens.hostile);
  const variants = [
    '',
    'Bearer',
    `Basic ${Buffer.from(`${marker}:x`).toString('base64')}`,
    `Bearer ${marker}`,
    ...hostile.map((t) => `Bearer ${t}`),
  ];
  const authorization = variants[k % variants.length];
  const h = headers(ctx, { authorization });
  if (!authorization) delete h.authorization;
  const id = ctx.workerIds[ctx.pick(ctx.workerIds.length)];
  return {
    url: endpoint(ctx, k),
    headers: h,
    body: json({
      query: 'query W($id: ID!, $n: String) { worker(id: $id) { id fullName } }',
      variables: { id, n: marker },
    }),
  };
}

function missingPurpose(ctx: FuzzContext, marker: string, k: number): RawRequest {
  const id = ctx.workerIds[ctx.pick(ctx.workerIds.length)];
  const h = headers(ctx, { authorization: `Bearer ${ctx.tokens.noPurpose}` });
  if (k % 3 === 0) delete h['x-purpose'];
  else h['x-purpose'] = k % 3 === 1 ? '   ' : '';
  if (!h['x-purpose']) delete h['x-purpose'];
  return {
    url: endpoint(ctx, k),
    headers: h,
    body: json({
      query:
        'query W($id: ID!) { worker(id: $id) { id fullName dateOfBirth consistency { status } } }',
      variables: { id, note: marker },
    }),
  };
}

/** How long the trivial query behind stalled sockets may take before it counts as stalled. */
const PROBE_STALL_MS = 5_000;

/** Sockets that send headers and half a body, then nothing: do they hold the gateway's slots? */
async function stalledBodies(ctx: FuzzContext, marker: string, stallMs: number): Promise<Answer> {
  const url = new URL(ctx.gateway);
  const sockets = Array.from({ length: 16 }, () => {
    const s = net.connect(Number(url.port), url.hostname);
    s.on('error', () => undefined);
    s.write(
      `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":"${marker}`,
    );
    return s;
  });
  try {
    await new Promise((r) => setTimeout(r, 300));
    const probe = {
      url: ctx.gateway,
      headers: headers(ctx),
      body: json({ query: '{ __typename }' }),
    };
    return await send(probe, Math.min(stallMs, PROBE_STALL_MS));
  } finally {
    for (const s of sockets) s.destroy();
  }
}

export const CLASSES: FuzzClass[] = [
  {
    name: 'deep-nesting',
    what: 'selections, list literals, fragments and input objects nested 64–5,000 levels',
    make: deepNesting,
  },
  {
    name: 'aliases',
    what: '121–5,000 aliases; every 25th is 119 × `consistency`, every 40th 300 × `workers(first: 50)` on a registry (none in a run of fewer than 25 per class)',
    make: aliases,
  },
  { name: 'token-limit', what: 'documents of 30,001–60,000 tokens', make: tokenLimit },
  { name: 'subscription', what: '`subscription` operations', make: subscription },
  {
    name: 'several-operations',
    what: 'two operations, no or null `operationName`',
    make: severalOperations,
  },
  {
    name: 'unknown-operation',
    what: '`operationName` naming no operation, or not a string',
    make: unknownOperation,
  },
  {
    name: 'malformed-json',
    what: 'truncated, trailing-comma, single-quoted and non-object bodies (with a personal record)',
    make: malformedJson,
  },
  {
    name: 'duplicate-keys',
    what: 'bodies with duplicate `query`, `variables`, `operationName` or input keys',
    make: duplicateKeys,
  },
  {
    name: 'content-type',
    what: 'text/plain, form, multipart, application/graphql, UTF-16, XML, none, GET, PUT, DELETE',
    make: contentTypes,
  },
  { name: 'oversized', what: 'bodies of 1.1, 2.1 and 4 MB', make: oversized },
  {
    name: 'bad-strings',
    what: 'NUL, unpaired surrogates, invalid and overlong UTF-8 in string inputs',
    make: badStrings,
  },
  {
    name: 'bad-tokens',
    what: 'missing, malformed, Basic, forged, expired, no-exp, 10-year, wrong-audience, alg none',
    make: badTokens,
  },
  {
    name: 'missing-purpose',
    what: 'a valid token without purpose, no or blank X-Purpose',
    make: missingPurpose,
  },
  {
    name: 'random-mutations',
    what: 'every mutation with random, wrong-typed, missing and unknown input fields',
    make: randomMutation,
  },
  {
    name: 'stalled-bodies',
    what: '16 sockets that send half a body and wait, then `{ __typename }`, stalled if not answered in 5 s (counted as one operation)',
    run: stalledBodies,
  },
];
