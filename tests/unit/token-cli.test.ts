import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { jwtVerify } from 'jose';
import { DEVELOPMENT_SECRET, GATEWAY_AUDIENCE, subgraphAudience } from '../../subgraphs/kit/auth';

const root = path.resolve(__dirname, '../..');

/** `npm run token -- …` as a developer types it, with no secret configured (the development one). */
function token(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development' };
  delete env.AUTH_SECRET;
  delete env.AUTH_JWKS;
  delete env.INTERNAL_SECRET;
  for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
  return spawnSync('npm', ['run', 'token', '--', ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

describe('npm run token', () => {
  it('prints exactly one line, a JWT the development secret verifies, with the claims asked for', async () => {
    const run = token('--agency', 'ANALYST', '--scope', 'residence:read', '--purpose', 'test');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toHaveLength(2); // the token, then the final newline
    expect(lines[1]).toBe('');
    expect(lines[0]).toMatch(JWT);
    const { payload, protectedHeader } = await jwtVerify(
      lines[0],
      new TextEncoder().encode(DEVELOPMENT_SECRET),
      {
        audience: GATEWAY_AUDIENCE,
        algorithms: ['HS256'],
      },
    );
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({
      agency: 'ANALYST',
      scope: 'residence:read',
      purpose: 'test',
      sub: 'dev-analyst',
    });
    expect(payload.exp! - payload.iat!).toBe(12 * 3600);
  }, 60_000);

  it('makes a token for a subgraph audience and a worker subject', async () => {
    const run = token(
      '--agency',
      'WORKER',
      '--scope',
      'residence:read',
      '--sub',
      'w-1',
      '--audience',
      'residence',
    );
    expect(run.status).toBe(0);
    const { payload } = await jwtVerify(
      run.stdout.trim(),
      new TextEncoder().encode(DEVELOPMENT_SECRET),
      {
        audience: subgraphAudience('residence'),
      },
    );
    expect(payload).toMatchObject({ agency: 'WORKER', sub: 'w-1' });
    expect(payload.purpose).toBeUndefined();
  }, 60_000);

  it.each([
    ['an unknown agency', ['--agency', 'NOBODY', '--scope', 'residence:read']],
    ['no agency', ['--scope', 'residence:read']],
    ['an unknown scope', ['--agency', 'ANALYST', '--scope', 'residence:read everything']],
    ['a worker without --sub', ['--agency', 'WORKER', '--scope', 'residence:read']],
    ['an unknown audience', ['--agency', 'TAX', '--scope', 'tax:read', '--audience', 'gateway']],
    [
      'a lifetime over the configured maximum',
      ['--agency', 'TAX', '--scope', 'tax:read', '--expires', '48h'],
    ],
  ])(
    'exits 2 with nothing on stdout for %s',
    (_, args) => {
      const run = token(...args);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^token: /m);
    },
    60_000,
  );
});
