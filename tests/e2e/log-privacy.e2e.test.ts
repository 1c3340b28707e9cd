/**
 * No personal data in any log: malformed bodies carrying a marker, sent over real HTTP to every
 * service of a stack running in its own process (logging at debug level, NODE_ENV=development so
 * Express would print what it prints), leave no trace of the marker in its stdout or stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { GATEWAY_AUDIENCE, subgraphAudience } from '../../subgraphs/kit/auth';
import { testToken } from '../support/auth';

const MARKER = 'Nguyen-Van-MARKER-7f3a9c';
const root = path.resolve(__dirname, '../..');

let child: ChildProcess;
let output = '';
let urls: Record<string, string>;

beforeAll(async () => {
  child = spawn(process.execPath, ['-r', '@swc-node/register', 'tests/support/logged-stack.ts'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  urls = await new Promise<Record<string, string>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`stack exited with ${code}: ${output}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = /^STACK (.+)$/m.exec(output);
      if (line) resolve(JSON.parse(line[1]));
    });
  });
}, 300_000);

afterAll(async () => {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
});

const registerWorker = (fullName: string) =>
  JSON.stringify({
    query: 'mutation($i: RegisterWorkerInput!) { registerWorker(input: $i) { id } }',
    variables: { i: { fullName, nationality: 'VN', dateOfBirth: '1990-01-01' } },
  });

/** Malformed bodies, each with the marker where a person's name would be. */
const BODIES: [string, Record<string, string>, Blob | string][] = [
  ['JSON cut short', {}, registerWorker(MARKER).slice(0, -20)],
  ['over the size limit', {}, registerWorker(`${MARKER}${'x'.repeat(11 * 1024 * 1024)}`)],
  ['a text/plain body', { 'content-type': 'text/plain' }, registerWorker(MARKER)],
  ['a raw NUL byte', {}, registerWorker(`${MARKER}\u0000`).replace('\\u0000', '\u0000')],
  ['an escaped NUL', {}, registerWorker(`${MARKER}\u0000`)],
  [
    'invalid UTF-8',
    {},
    new Blob([Buffer.from(registerWorker(MARKER).slice(0, -10)), new Uint8Array([0xff, 0xfe])]),
  ],
  ['duplicate keys', {}, `{"variables":{"x":"${MARKER}"},${registerWorker(MARKER).slice(1)}`],
];

it('keeps the marker of malformed bodies out of every service’s output', async () => {
  const statuses: Record<string, number[]> = {};
  for (const [service, url] of Object.entries(urls)) {
    const audience = service === 'gateway' ? GATEWAY_AUDIENCE : subgraphAudience(service);
    const authorization = `Bearer ${await testToken(audience)}`;
    for (const [, headers, body] of BODIES) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization, ...headers },
        body,
      });
      await res.arrayBuffer();
      (statuses[service] ??= []).push(res.status);
    }
  }
  for (const [service, codes] of Object.entries(statuses)) {
    expect({ service, all4xx: codes.every((c) => c >= 400 && c < 500) }).toEqual({
      service,
      all4xx: true,
    });
  }
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  // The logs were captured (the refusals are logged, without bodies) and hold no marker.
  expect(output).toMatch(/"msg":"request refused"/);
  expect(output.includes(MARKER)).toBe(false);
  expect(output).not.toMatch(/entity\.parse\.failed[\s\S]*body:/);
}, 300_000);
