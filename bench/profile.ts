import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

interface ProfileCost {
  name: string;
  percent: number;
}

export interface ProfileSummary {
  process: string;
  totalMs: number;
  busyPercent: number;
  functions: ProfileCost[];
  packages: ProfileCost[];
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native / V8)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node core';
  const m = /\/(gateway|subgraphs|bench)\/(.*)$/.exec(url);
  return m ? `project: ${m[1]}/${m[2].split('/')[0]}` : url;
}

/** Self time per function and per package of one .cpuprofile. */
export function summarizeProfile(file: string, process: string, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, k) =>
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[k] ?? 0)),
  );
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  let idle = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    const short = url
      ? url
          .replace(/^.*node_modules\//, '')
          .replace(/^file:\/\/.*?\/(gateway|subgraphs|bench)\//, '$1/')
      : '';
    const key =
      `${functionName || '(anonymous)'} ${short ? `(${short}:${lineNumber + 1})` : ''}`.trim();
    fn.set(key, (fn.get(key) ?? 0) + us);
    const p = packageOf(url, functionName);
    pkg.set(p, (pkg.get(p) ?? 0) + us);
  }
  const busy = total - idle || 1;
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, percent: (100 * us) / busy }));
  return {
    process,
    totalMs: total / 1000,
    busyPercent: (100 * busy) / total,
    functions: rank(fn),
    packages: rank(pkg),
  };
}

export function profilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f));
}
