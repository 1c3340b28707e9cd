/** docker-compose.yml agrees with the code: services, ports, variables, commands, health checks. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { acceptedVariables, composeImage, read, root, sourceOf } from '../support/config-env';
import { GATEWAY_NODE_OPTIONS, loadGatewayConfig } from '../../gateway/config';
import {
  DEFAULT_PORTS,
  loadSubgraphConfig,
  SERVICE_PORTS,
  SUBGRAPH_NAMES,
} from '../../subgraphs/kit/config';
import { loadMonitorConfig } from '../../subgraphs/monitor/config';

interface Service {
  command?: string | string[];
  environment?: Record<string, string> | string[];
  ports?: (string | { target: number; published: number | string })[];
  healthcheck?: { test?: string | string[] };
  depends_on?: Record<string, { condition?: string }> | string[];
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, Service & { build?: unknown; image?: string }>;
};
const services = compose.services;
const nodeServices = [...SUBGRAPH_NAMES, 'gateway', 'monitor'] as const;

function env(name: string): Record<string, string> {
  const e = services[name].environment ?? {};
  if (Array.isArray(e)) return Object.fromEntries(e.map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, String(v)]));
}

function published(name: string): { host: number; container: number }[] {
  return (services[name].ports ?? []).map((p) => {
    if (typeof p === 'string') {
      const [host, container] = p.split(':').slice(-2).map(Number);
      return { host, container };
    }
    return { host: Number(p.published), container: p.target };
  });
}

describe('docker-compose.yml', () => {
  it('has postgres, every subgraph, the gateway and the monitor', () => {
    expect(Object.keys(services).sort()).toEqual(
      [...SUBGRAPH_NAMES, 'gateway', 'monitor', 'postgres'].sort(),
    );
  });

  it('runs the monitor on 4007 over its own database, reading through the gateway', () => {
    const config = loadMonitorConfig({ ...env('monitor'), NODE_ENV: 'production' });
    expect(config.port).toBe(SERVICE_PORTS.monitor);
    expect(published('monitor')).toEqual([{ host: 4007, container: 4007 }]);
    expect(config.database).toMatchObject({
      kind: 'postgres',
      url: expect.stringMatching(/^postgres:\/\/kyosei_service:.*@postgres:5432\/kyosei_monitor$/),
      migrationUrl: expect.stringMatching(/@postgres:5432\/kyosei_monitor$/),
    });
    expect(config.gatewayUrl).toBe('http://gateway:4000/graphql');
    expect(config.token).toMatchObject({ secret: env('monitor').AUTH_SECRET });
    expect(loadGatewayConfig(env('gateway')).monitorUrl).toBe('http://monitor:4007/graphql');
    const deps = services.monitor.depends_on as Record<string, { condition?: string }>;
    expect(deps.gateway).toEqual({ condition: 'service_healthy' });
  });

  it.each(SUBGRAPH_NAMES)('%s listens on its default port, published as the same port', (name) => {
    expect(Number(env(name).PORT)).toBe(DEFAULT_PORTS[name]);
    expect(published(name)).toEqual([
      { host: DEFAULT_PORTS[name], container: DEFAULT_PORTS[name] },
    ]);
    expect(env(name).HOST).toBe('0.0.0.0');
  });

  it('runs the gateway with the Node flags the code starts it with everywhere', () => {
    expect(env('gateway').NODE_OPTIONS).toBe(GATEWAY_NODE_OPTIONS);
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['start:gateway']).toContain(
      `node ${GATEWAY_NODE_OPTIONS} dist/gateway/main.js`,
    );
  });

  it('publishes the gateway on 4000', () => {
    expect(published('gateway')).toEqual([{ host: 4000, container: 4000 }]);
    expect(loadGatewayConfig(env('gateway')).port).toBe(4000);
  });

  it('uses only variables the config modules read', () => {
    const accepted = acceptedVariables();
    expect(accepted.has('RESIDENCE_DATABASE_URL')).toBe(true);
    expect(accepted.has('RESIDENCE_MIGRATION_DATABASE_URL')).toBe(true);
    expect(accepted.has('MIGRATION_DATABASE_URL')).toBe(true);
    expect(accepted.has('AUDIT_CHECKPOINT_KEY')).toBe(true);
    for (const name of nodeServices) {
      const unknown = Object.keys(env(name)).filter((v) => !accepted.has(v));
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
    }
  });

  it.each(SUBGRAPH_NAMES)(
    '%s configuration loads: one database per subgraph on the server',
    (name) => {
      const config = loadSubgraphConfig(name, env(name));
      expect(config.port).toBe(DEFAULT_PORTS[name]);
      // Requests as the service role, migrations as the owner role, on the same database.
      expect(config.database).toEqual({
        kind: 'postgres',
        url: expect.stringMatching(
          new RegExp(`^postgres://kyosei_service:.*@postgres:5432/kyosei_${name}$`),
        ),
        migrationUrl: expect.stringMatching(
          new RegExp(`^postgres://kyosei_owner:.*@postgres:5432/kyosei_${name}$`),
        ),
      });
      // Reference checks go to the owning registries by service name, never to localhost.
      if (name !== 'residence')
        expect(config.references.residence).toBe('http://residence:4001/graphql');
      if (name !== 'employment')
        expect(config.references.employment).toBe('http://employment:4002/graphql');
    },
  );

  it.each(SUBGRAPH_NAMES)('%s starts in production with what compose gives it', (name) => {
    const config = loadSubgraphConfig(name, { ...env(name), NODE_ENV: 'production' });
    expect(config.audit?.checkpointKey).toBe(env(name).AUDIT_CHECKPOINT_KEY);
  });

  it('creates the owner and service roles the URLs name, on the first start of postgres', () => {
    const mount = (services.postgres as { volumes?: string[] }).volumes?.find((v) =>
      v.includes('/docker-entrypoint-initdb.d/'),
    );
    expect(mount).toBeDefined();
    const script = read(String(mount).split(':')[0]);
    const roles = Object.fromEntries(
      [...script.matchAll(/CREATE ROLE (\w+) ([^;]*);/g)].map((m) => [m[1], m[2].split(/\s+/)]),
    );
    const user = (url: string) => new URL(url).username;
    const config = loadSubgraphConfig('residence', env('residence'));
    const target = config.database as { url: string; migrationUrl: string };
    const owner = roles[user(target.migrationUrl)];
    const service = roles[user(target.url)];
    // The owner creates the kyosei_<name> databases; neither is a superuser.
    expect(owner).toEqual(expect.arrayContaining(['LOGIN', 'CREATEDB', 'NOSUPERUSER']));
    expect(service).toEqual(expect.arrayContaining(['LOGIN', 'NOCREATEDB', 'NOSUPERUSER']));
    for (const v of script.matchAll(/\$\{(KYOSEI_\w+_PASSWORD):\?\}/g))
      expect(env('postgres')[v[1]]).toBeDefined();
  });

  it("points the gateway's <NAME>_URL at each subgraph's service and port", () => {
    const config = loadGatewayConfig(env('gateway'));
    for (const name of SUBGRAPH_NAMES) {
      expect(config.subgraphUrls[name]).toBe(`http://${name}:${DEFAULT_PORTS[name]}/graphql`);
    }
  });

  it.each(nodeServices)('%s runs a file the build produces', (name) => {
    const command = services[name].command;
    const words = Array.isArray(command) ? command : String(command).split(/\s+/);
    expect(words[0]).toBe('node');
    const script = words[1];
    expect(script).toMatch(/^dist\/.+\.js$/);
    expect(existsSync(sourceOf(script))).toBe(true);
  });

  it.each(nodeServices)('%s has a readiness health check on its own port', (name) => {
    const test = services[name].healthcheck?.test;
    const text = Array.isArray(test) ? test.join(' ') : String(test);
    const port = name === 'gateway' ? 4000 : SERVICE_PORTS[name];
    expect(text).toContain(`http://127.0.0.1:${port}/readyz`);
  });

  it('checks postgres with pg_isready', () => {
    const test = services.postgres.healthcheck?.test;
    expect(Array.isArray(test) ? test.join(' ') : String(test)).toContain('pg_isready');
  });

  it('starts each service only after what it needs is healthy', () => {
    for (const name of SUBGRAPH_NAMES) {
      expect(services[name].depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    }
    const gatewayDeps = services.gateway.depends_on as Record<string, { condition?: string }>;
    expect(Object.keys(gatewayDeps).sort()).toEqual([...SUBGRAPH_NAMES].sort());
    for (const dep of Object.values(gatewayDeps)) expect(dep.condition).toBe('service_healthy');
  });

  it('builds the image that runs the compiled services', () => {
    expect(composeImage(compose)).toBe('kyosei-graph:local');
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/^FROM node:20-slim/m);
    expect(dockerfile).toContain('npm ci');
    expect(dockerfile).toContain('npm run build');
    expect(dockerfile).toMatch(/COPY schema/);
  });
});
