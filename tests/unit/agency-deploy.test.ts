/** README's "Deploying only one agency's subgraph" agrees with the code: commands, variables, claims. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { acceptedVariables, read, root, sourceOf } from '../support/config-env';
import { loadSubgraphConfig } from '../../subgraphs/kit/config';
import {
  signInternalToken,
  subgraphAudience,
  TokenVerifier,
  type Identity,
} from '../../subgraphs/kit/auth';

const HEADING = "### Deploying only one agency's subgraph";

function section(): string {
  const readme = read('README.md');
  const start = readme.indexOf(HEADING);
  if (start < 0) throw new Error(`README has no "${HEADING}"`);
  const end = readme.indexOf('\n#', start + HEADING.length);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The shell commands of the section's code blocks, continuation lines joined. */
function commands(): string[] {
  const blocks = [...section().matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap((b) =>
    b
      .replace(/\\\n/g, ' ')
      .split('\n')
      .map((l) => l.trim().replace(/\s+/g, ' '))
      .filter(Boolean),
  );
}

/** The section's prose, line breaks as spaces. */
const text = section().replace(/\s+/g, ' ');
const lines = commands();

describe("README: deploying only one agency's subgraph", () => {
  it('names npm scripts that exist', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> })
      .scripts;
    const named = lines.flatMap((l) => [...l.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]));
    expect(named).toContain('schema:check');
    for (const script of named) expect(Object.keys(scripts)).toContain(script);
    // The schema the check is given is the agency's committed one.
    const check = lines.find((l) => l.startsWith('npm run schema:check'))!;
    expect(existsSync(path.join(root, check.match(/--sdl (\S+)/)![1]))).toBe(true);
  });

  it('copies files that exist and applies a kustomization that exists', () => {
    const copies = lines.filter((l) => l.startsWith('cp '));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const [, from, to] = copy.split(' ');
      expect(existsSync(path.join(root, from))).toBe(true);
      expect(`${to}.example`).toBe(from);
    }
    const apply = lines.find((l) => l.startsWith('kubectl apply -k '))!;
    const dir = apply.split(' ').at(-1)!;
    expect(existsSync(path.join(root, dir, 'kustomization.yaml'))).toBe(true);
    // Every secret file the kustomization reads is one the commands create.
    const created = copies.map((c) => c.split(' ')[2]);
    const kustomizations = [
      'deploy/kubernetes/auth/kustomization.yaml',
      'deploy/kubernetes/registries/tax/kustomization.yaml',
    ];
    for (const file of kustomizations) {
      for (const m of read(file).matchAll(/envs: \[([\w.-]+)\]/g))
        expect(created).toContain(path.join(path.dirname(file), m[1]));
    }
  });

  it('runs a container whose variables the subgraph accepts, in production', () => {
    const run = lines.find((l) => l.startsWith('docker run '))!;
    const script = run.split(' ').at(-1)!;
    expect(run).toMatch(/ kyosei-graph:local node dist\/subgraphs\/tax\/main\.js$/);
    expect(existsSync(sourceOf(script))).toBe(true);
    const env = Object.fromEntries(
      [...run.matchAll(/-e ([A-Z_]+)=(\S+)/g)].map(([, name, value]) => [
        name,
        // Placeholders (…) become distinct values of the required length.
        value.replaceAll('…', `placeholder-${name.toLowerCase()}`),
      ]),
    );
    const accepted = acceptedVariables();
    for (const name of Object.keys(env)) expect(accepted).toContain(name);
    // The image sets NODE_ENV=production: the variables shown are enough to start there.
    expect(read('Dockerfile')).toContain('ENV NODE_ENV=production');
    const config = loadSubgraphConfig('tax', { ...env, NODE_ENV: 'production' });
    expect(config.port).toBe(4004);
    expect(config.database).toMatchObject({ kind: 'postgres' });
    expect(config.database).toHaveProperty('migrationUrl');
    expect(config.references.employment).toBeNull();
    expect(config.auth.jwks).toBe(env.AUTH_JWKS);
    expect(run).toContain('-p 4004:4004');
  });

  it("describes the gateway's tokens as the subgraph verifies them", async () => {
    const internalSecret = 'an-internal-secret-of-16+';
    const identity: Identity = {
      sub: 'someone',
      agency: 'TAX',
      scopes: new Set(['tax:read']),
      purpose: 'tax administration',
      operation: null,
      viaGateway: false,
    };
    const token = await signInternalToken(identity, 'tax', internalSecret);
    const claims = decodeJwt(token);
    expect(decodeProtectedHeader(token).alg).toBe('HS256');
    expect(text).toContain('HS256 signed with `INTERNAL_SECRET`');
    expect(text).toContain(`issuer \`${claims.iss}\``);
    expect(claims.aud).toBe(subgraphAudience('tax'));
    expect(text).toContain(`audience \`${subgraphAudience('tax')}\``);
    expect(text).toContain(`valid ${claims.exp! - claims.iat!} s`);
    // Only the shared INTERNAL_SECRET: a subgraph with its own client keys verifies it.
    const verifier = new TokenVerifier(
      {
        secret: null,
        jwks: null,
        issuer: null,
        internalSecret,
        maxTokenLifetimeSeconds: 3600,
      },
      subgraphAudience('tax'),
    );
    expect(await verifier.verify(token)).toMatchObject({ sub: 'someone', viaGateway: true });
  });
});
