/** deploy/kubernetes agrees with the code: workloads, ports, probes, variables, secrets, databases. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { GATEWAY_NODE_OPTIONS, loadGatewayConfig } from '../../gateway/config';
import { loadConfig as loadConsistencyConfig } from '../../subgraphs/consistency/config';
import {
  GRAPH_PORTS,
  loadSubgraphConfig,
  SUBGRAPH_NAMES,
  type GraphName,
  type ServiceName,
} from '../../subgraphs/kit/config';
import { loadMonitorConfig } from '../../subgraphs/monitor/config';
import { acceptedVariables, composeImage, read, root, sourceOf } from '../support/config-env';

const BASE = 'deploy/kubernetes';

interface Kustomization {
  resources?: string[];
  secretGenerator?: { name: string; type?: string; envs?: string[]; literals?: string[] }[];
  images?: { name: string; newName?: string; newTag?: string }[];
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: Record<string, unknown>;
}
interface SecretRef {
  name: string;
  key: string;
  optional?: boolean;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: SecretRef };
}
interface Probe {
  httpGet: { path: string; port: number };
}
interface Container {
  name: string;
  image: string;
  command: string[];
  ports: { containerPort: number }[];
  env: EnvVar[];
  readinessProbe: Probe;
  livenessProbe: Probe;
  startupProbe?: Probe;
  resources: {
    requests: { cpu?: string; memory: string };
    limits: { memory: string };
  };
}
/** A generated Secret: keys set (values empty in the .example), keys documented as optional. */
interface GeneratedSecret {
  type?: string;
  keys: Map<string, string>;
  optionalKeys: Set<string>;
}
interface Build {
  manifests: Manifest[];
  secrets: Map<string, GeneratedSecret>;
}

const kustomization = (dir: string) =>
  parse(read(path.join(dir, 'kustomization.yaml'))) as Kustomization;

/** key=value lines of an env file; `# KEY=` lines are keys one may set instead. */
function envFile(file: string): { keys: Map<string, string>; optionalKeys: Set<string> } {
  const keys = new Map<string, string>();
  const optionalKeys = new Set<string>();
  for (const line of read(file).split('\n')) {
    const set = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (set) keys.set(set[1], set[2]);
    const commented = /^#\s*([A-Z_][A-Z0-9_]*)=/.exec(line);
    if (commented) optionalKeys.add(commented[1]);
  }
  return { keys, optionalKeys };
}

/** What `kustomize build <dir>` emits, with each secretGenerator read from its committed .example. */
function build(dir: string): Build {
  const k = kustomization(dir);
  const out: Build = { manifests: [], secrets: new Map() };
  for (const resource of k.resources ?? []) {
    const target = path.join(dir, resource);
    if (statSync(path.join(root, target)).isDirectory()) {
      const inner = build(target);
      out.manifests.push(...inner.manifests);
      for (const [name, s] of inner.secrets) out.secrets.set(name, s);
    } else {
      for (const doc of parseAllDocuments(read(target))) out.manifests.push(doc.toJS() as Manifest);
    }
  }
  for (const g of k.secretGenerator ?? []) {
    const secret: GeneratedSecret = { type: g.type, keys: new Map(), optionalKeys: new Set() };
    for (const literal of g.literals ?? []) {
      const [key, value] = literal.split(/=(.*)/s);
      secret.keys.set(key, value);
    }
    for (const env of g.envs ?? []) {
      const example = envFile(path.join(dir, `${env}.example`));
      for (const [key, value] of example.keys) secret.keys.set(key, value);
      for (const key of example.optionalKeys) secret.optionalKeys.add(key);
    }
    out.secrets.set(g.name, secret);
  }
  return out;
}

const all = build(BASE);
const consistencyBuild = build(`${BASE}/consistency`);
const find = (b: Build, kind: string, name: string) => {
  const m = b.manifests.find((x) => x.kind === kind && x.metadata.name === name);
  if (!m) throw new Error(`no ${kind} ${name}`);
  return m;
};
const containerOf = (b: Build, name: string) => {
  const d = find(b, 'Deployment', name) as Manifest & {
    spec: { template: { spec: { containers: Container[] } } };
  };
  expect(d.spec.template.spec.containers).toHaveLength(1);
  return d.spec.template.spec.containers[0];
};

/** A stand-in for every secret value the .example leaves empty: distinct, 32 characters. */
const standIn = (secret: string, key: string) => `test-${secret}-${key}`.padEnd(32, '0').slice(-32);

/** The environment a container starts with: values, and secret keys resolved from the build. */
function envOf(b: Build, c: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const v of c.env) {
    const ref = v.valueFrom?.secretKeyRef;
    if (!ref) {
      env[v.name] = String(v.value);
      continue;
    }
    const value = b.secrets.get(ref.name)?.keys.get(ref.key);
    if (value === undefined) continue; // an optional key left out
    env[v.name] = value === '' ? standIn(ref.name, ref.key) : value;
  }
  return env;
}

const memoryMb = (q: string) => {
  const m = /^(\d+)(Mi|Gi)$/.exec(q);
  if (!m) throw new Error(`memory ${q}`);
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1) * 1.048576;
};

/**
 * The highest peak RSS (MB) docs/BENCHMARKS.md reports for a process of ours. A registry the last
 * full benchmark run did not yet include is held to the highest peak of the registries it did
 * measure (the registries share one server, kit and pool size); so is the monitor, which runs the
 * registries' kit, server and access log.
 */
function peakRss(process: GraphName | 'gateway'): number {
  const table = read('docs/BENCHMARKS.md').split('## Peak RSS under load (MB)')[1];
  const rows = [...table.matchAll(/^\| (ours|Hive)[^|]*\| (\w+) \|([^\n]*)\|$/gm)];
  const peak = (names: readonly string[]) => {
    const mine = rows.filter(
      (m) => names.includes(m[2]) && (m[1] === 'ours' || process === 'consistency'),
    );
    return mine.length ? Math.max(...mine.flatMap((m) => m[3].split('|').map(Number))) : null;
  };
  const measured =
    peak([process]) ??
    (([...SUBGRAPH_NAMES, 'monitor'] as string[]).includes(process) ? peak(SUBGRAPH_NAMES) : null);
  expect({ process, measured: measured !== null }).toEqual({ process, measured: true });
  return measured!;
}

/** The services with a database of their own (a CloudNativePG Cluster each). */
const stateful: ServiceName[] = [...SUBGRAPH_NAMES, 'monitor'];
const workloads: GraphName[] = [...stateful];

describe('deploy/kubernetes', () => {
  it('runs the gateway, every registry and the monitor, each with a Service', () => {
    const names = (kind: string) =>
      all.manifests
        .filter((m) => m.kind === kind)
        .map((m) => m.metadata.name)
        .sort();
    expect(names('Deployment')).toEqual([...stateful, 'gateway'].sort());
    expect(names('Service')).toEqual([...stateful, 'gateway'].sort());
    expect(names('Cluster')).toEqual(stateful.map((n) => `${n}-db`).sort());
    expect(names('HorizontalPodAutoscaler')).toEqual(['gateway']);
  });

  it('lists every manifest in its kustomization, and every directory is reachable', () => {
    const reached = new Set<string>();
    const visit = (dir: string) => {
      reached.add(dir);
      for (const r of kustomization(dir).resources ?? []) {
        const target = path.join(dir, r);
        expect(existsSync(path.join(root, target))).toBe(true);
        if (statSync(path.join(root, target)).isDirectory()) visit(target);
      }
    };
    visit(BASE);
    visit(`${BASE}/consistency`);
    for (const n of SUBGRAPH_NAMES) visit(`${BASE}/agencies/${n}`);
    const walk = (dir: string): string[] =>
      readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
      );
    const files = walk(BASE);
    for (const file of files.filter((f) => f.endsWith('.yaml'))) {
      const dir = path.dirname(file);
      expect({ file, reached: reached.has(dir) }).toEqual({ file, reached: true });
      if (path.basename(file) === 'kustomization.yaml') continue;
      expect({ file, listed: kustomization(dir).resources }).toEqual({
        file,
        listed: expect.arrayContaining([path.basename(file)]),
      });
    }
  });

  it('generates secrets from files kept out of git, each with a committed .example', () => {
    expect(read('.gitignore')).toMatch(/^deploy\/kubernetes\/\*\*\/\*\.env$/m);
    const dirs = [
      BASE,
      `${BASE}/auth`,
      `${BASE}/monitor`,
      ...SUBGRAPH_NAMES.map((n) => `${BASE}/registries/${n}`),
    ];
    let generated = 0;
    for (const dir of dirs) {
      for (const g of kustomization(dir).secretGenerator ?? []) {
        for (const env of g.envs ?? []) {
          expect(env).toMatch(/\.env$/);
          expect(existsSync(path.join(root, dir, `${env}.example`))).toBe(true);
          generated += 1;
        }
      }
    }
    expect(generated).toBe(1 + 3 * stateful.length);
  });

  it('runs the image the Dockerfile builds, as docker-compose.yml names it', () => {
    const compose = parse(read('docker-compose.yml'), { merge: true }) as Parameters<
      typeof composeImage
    >[0];
    const image = composeImage(compose);
    const [name, tag] = image.split(':');
    expect(kustomization(BASE).images).toEqual([{ name, newTag: tag }]);
    for (const b of [all, consistencyBuild]) {
      for (const m of b.manifests.filter((x) => x.kind === 'Deployment')) {
        expect(containerOf(b, m.metadata.name).image).toBe(image);
      }
    }
    expect(read('Dockerfile')).toContain('npm run build');
  });

  const services: [string, Build, number][] = [
    ...workloads.map((n): [string, Build, number] => [n, all, GRAPH_PORTS[n]]),
    ['consistency', consistencyBuild, GRAPH_PORTS.consistency],
    ['gateway', all, loadGatewayConfig({}).port],
  ];

  it.each(services)('%s: PORT, containerPort, Service and probes agree', (name, b, port) => {
    const c = containerOf(b, name);
    expect(Number(envOf(b, c).PORT)).toBe(port);
    expect(envOf(b, c).HOST).toBe('0.0.0.0');
    expect(c.ports.map((p) => p.containerPort)).toEqual([port]);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port });
    if (c.startupProbe) expect(c.startupProbe.httpGet).toEqual({ path: '/healthz', port });
    const svc = find(b, 'Service', name) as Manifest & {
      spec: { selector: Record<string, string>; ports: { port: number; targetPort: number }[] };
    };
    expect(svc.spec.ports.map((p) => [p.port, p.targetPort])).toEqual([[port, port]]);
    const deployment = find(b, 'Deployment', name) as Manifest & {
      spec: { template: { metadata: { labels: Record<string, string> } } };
    };
    expect(deployment.spec.template.metadata.labels).toEqual(
      expect.objectContaining(svc.spec.selector),
    );
  });

  it.each(services)('%s runs its dist/ entry', (name, b) => {
    const c = containerOf(b, name);
    const flags = name === 'gateway' ? GATEWAY_NODE_OPTIONS.split(' ') : [];
    const script = name === 'gateway' ? 'dist/gateway/main.js' : `dist/subgraphs/${name}/main.js`;
    expect(c.command).toEqual(['node', ...flags, script]);
    expect(existsSync(sourceOf(script))).toBe(true);
  });

  it.each(services)('%s sets only variables the config modules read', (name, b) => {
    const accepted = acceptedVariables();
    const unknown = containerOf(b, name)
      .env.map((v) => v.name)
      .filter((v) => !accepted.has(v));
    expect(unknown).toEqual([]);
  });

  it.each(services)('%s references only secret keys that exist', (name, b) => {
    for (const v of containerOf(b, name).env) {
      const ref = v.valueFrom?.secretKeyRef;
      if (!ref) continue;
      const secret = b.secrets.get(ref.name) ?? all.secrets.get(ref.name);
      expect({ ref, exists: secret !== undefined }).toEqual({ ref, exists: true });
      const known =
        secret!.keys.has(ref.key) || (ref.optional && secret!.optionalKeys.has(ref.key));
      expect({ ref, known }).toEqual({ ref, known: true });
    }
  });

  it.each(services)('%s requests at least its peak RSS under load', (name, b) => {
    const { requests, limits } = containerOf(b, name).resources;
    expect(requests.cpu).toBeDefined(); // the autoscaler's utilization is relative to it
    const peak = peakRss(name as GraphName | 'gateway');
    expect(memoryMb(requests.memory)).toBeGreaterThanOrEqual(peak);
    expect(memoryMb(limits.memory)).toBeGreaterThan(memoryMb(requests.memory));
  });

  it('starts the gateway in production, pointed at each registry and the monitor by Service name', () => {
    const env = { ...envOf(all, containerOf(all, 'gateway')), NODE_ENV: 'production' };
    const config = loadGatewayConfig(env);
    expect(config.consistencyUrl).toBeNull(); // in-process: consistency/ is optional
    const urls = { ...config.subgraphUrls, monitor: String(config.monitorUrl) };
    for (const name of stateful) {
      const url = new URL(urls[name]);
      expect(url.hostname).toBe(name);
      expect(Number(url.port)).toBe(GRAPH_PORTS[name]);
      find(all, 'Service', name);
    }
  });

  it('starts the monitor in production, reading through the gateway by Service name', () => {
    const env: Record<string, string> = {
      ...envOf(all, containerOf(all, 'monitor')),
      NODE_ENV: 'production',
    };
    const config = loadMonitorConfig(env);
    const gateway = new URL(config.gatewayUrl);
    expect(gateway.hostname).toBe('gateway');
    expect(Number(gateway.port)).toBe(loadGatewayConfig({}).port);
    expect(gateway.pathname).toBe('/graphql');
    // auth.env.example sets AUTH_SECRET: the monitor signs its own tokens; MONITOR_TOKEN is the
    // documented alternative for AUTH_JWKS.
    expect(config.token).toEqual(expect.objectContaining({ secret: env.AUTH_SECRET }));
    expect(all.secrets.get('monitor-secrets')?.optionalKeys.has('MONITOR_TOKEN')).toBe(true);
  });

  it('starts the consistency subgraph in production', () => {
    const c = containerOf(consistencyBuild, 'consistency');
    const env = { ...envOf(all, c), NODE_ENV: 'production' };
    expect(loadConsistencyConfig(env).port).toBe(GRAPH_PORTS.consistency);
  });

  it('autoscales the gateway on CPU', () => {
    const hpa = find(all, 'HorizontalPodAutoscaler', 'gateway') as Manifest & {
      spec: {
        scaleTargetRef: { kind: string; name: string };
        minReplicas: number;
        maxReplicas: number;
        metrics: { type: string; resource: { name: string } }[];
      };
    };
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual(
      expect.objectContaining({ kind: 'Deployment', name: 'gateway' }),
    );
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    expect(hpa.spec.metrics).toEqual([
      expect.objectContaining({
        type: 'Resource',
        resource: expect.objectContaining({ name: 'cpu' }),
      }),
    ]);
  });

  it.each(stateful)(
    '%s starts in production on its own Cluster: service role requests, owner role migrates',
    (name: ServiceName) => {
      const env: Record<string, string> = {
        ...envOf(all, containerOf(all, name)),
        NODE_ENV: 'production',
      };
      const config = loadSubgraphConfig(name, env);
      expect(config.port).toBe(GRAPH_PORTS[name]);
      expect(config.database.kind).toBe('postgres');
      const target = config.database as { url: string; migrationUrl: string };
      const service = new URL(target.url);
      const owner = new URL(String(target.migrationUrl));
      const cluster = find(all, 'Cluster', `${name}-db`) as Manifest & {
        spec: {
          bootstrap: { initdb: { database: string; owner: string; secret: { name: string } } };
          managed: {
            roles: {
              name: string;
              login: boolean;
              superuser: boolean;
              passwordSecret: { name: string };
            }[];
          };
        };
      };
      expect(cluster.apiVersion).toBe('postgresql.cnpg.io/v1');
      // Both URLs reach the Cluster's read-write Service and the database initdb creates.
      for (const u of [service, owner]) {
        expect(u.host).toBe(`${cluster.metadata.name}-rw:5432`);
        expect(u.pathname).toBe(`/${cluster.spec.bootstrap.initdb.database}`);
      }
      expect(cluster.spec.bootstrap.initdb.database).toBe(`kyosei_${name}`);
      // The owner role owns the database; its password comes from a basic-auth Secret.
      const { initdb } = cluster.spec.bootstrap;
      expect(initdb.owner).toBe(owner.username);
      const ownerSecret = all.secrets.get(initdb.secret.name);
      expect(ownerSecret?.type).toBe('kubernetes.io/basic-auth');
      expect(ownerSecret?.keys.get('username')).toBe(owner.username);
      expect(ownerSecret?.keys.has('password')).toBe(true);
      // The service role logs in, is no superuser and owns nothing.
      const role = cluster.spec.managed.roles.find((r) => r.name === service.username);
      expect(role).toEqual(expect.objectContaining({ login: true, superuser: false }));
      expect(service.username).not.toBe(owner.username);
      const serviceSecret = all.secrets.get(String(role?.passwordSecret.name));
      expect(serviceSecret?.type).toBe('kubernetes.io/basic-auth');
      expect(serviceSecret?.keys.get('username')).toBe(service.username);
      expect(serviceSecret?.keys.has('password')).toBe(true);
      // Reference checks go to the owning registries by Service name (the monitor writes nothing).
      for (const [ref, url] of Object.entries(config.references)) {
        if (url === null || name === 'monitor') continue;
        expect(new URL(url).hostname).toBe(ref);
        find(all, 'Service', ref);
      }
      expect(config.audit?.checkpointKey).toBe(env.AUDIT_CHECKPOINT_KEY);
    },
  );

  it.each(SUBGRAPH_NAMES)('agencies/%s deploys only its own subgraph and database', (name) => {
    const agency = build(`${BASE}/agencies/${name}`);
    const ids = agency.manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort();
    expect(ids).toEqual([`Cluster/${name}-db`, `Deployment/${name}`, `Service/${name}`]);
    expect([...agency.secrets.keys()].sort()).toEqual(
      ['kyosei-auth', `${name}-db-owner`, `${name}-db-service`, `${name}-secrets`].sort(),
    );
    const env = { ...envOf(agency, containerOf(agency, name)), NODE_ENV: 'production' };
    expect(loadSubgraphConfig(name, env).database.kind).toBe('postgres');
  });
});
