/** bench:trace --cpu: CPU time per request of each process, A/B across trees (bench/trace.ts). */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/kit/config';
import { type Ids } from '../../tools/demo/population';
import { profilesIn, summarizeProfile } from '../profile';
import { median } from '../stats';
import { requestSource } from '../workloads';
import type { Options } from './options';
import { body, worker360, type Stack } from './stack';

/** CPU time (user + system) of a process so far, in ms. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
}

/** Access-log rows and INSERT statements (the chain stamps a statement's rows alike) since `since`. */
async function accessLogWrites(
  databases: Record<SubgraphName, string>,
  since: Date,
): Promise<{ rows: number; inserts: number }> {
  let rows = 0;
  let inserts = 0;
  for (const url of Object.values(databases)) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const r = await client.query<{ rows: number; inserts: number }>(
        'SELECT count(*)::int AS rows, count(DISTINCT at)::int AS inserts FROM access_log WHERE at >= $1',
        [since],
      );
      rows += r.rows[0].rows;
      inserts += r.rows[0].inserts;
    } finally {
      await client.end();
    }
  }
  return { rows, inserts };
}

/** `n` Worker 360 requests, `concurrency` at a time: their latencies (ms) and errors. */
export async function drive(url: string, next: () => string, n: number, concurrency: number) {
  const latencies: number[] = [];
  let errors = 0;
  let left = n;
  const loop = async () => {
    while (left-- > 0) {
      const ms = await worker360(url, next()).catch(() => null);
      if (ms === null) errors += 1;
      else latencies.push(ms);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { latencies, errors };
}

export async function cpuRounds(
  o: Options,
  stacks: Stack[],
  ids: Ids,
  databases: Record<SubgraphName, string>,
): Promise<void> {
  const source = requestSource('worker360', ids, o.workers, 1);
  const next = () => body(source);
  const rows = stacks.map(() => ({
    p50: [] as number[],
    cpu: new Map<string, number[]>(),
    inserts: [] as number[],
    errors: 0,
  }));
  for (const s of stacks) await drive(s.gateway.url, next, 30, o.concurrency);
  for (let round = 0; round < o.rounds; round++) {
    for (const [k, s] of stacks.entries()) {
      const procs = [s.gateway, ...s.services];
      const since = new Date();
      const before = procs.map((p) => cpuMs(p.pid));
      const { latencies, errors } = await drive(s.gateway.url, next, o.cpu, o.concurrency);
      const after = procs.map((p) => cpuMs(p.pid));
      const log = await accessLogWrites(databases, since);
      const row = rows[k];
      row.p50.push(median(latencies));
      row.inserts.push(log.inserts / o.cpu);
      row.errors += errors;
      procs.forEach((p, j) => {
        const list = row.cpu.get(p.name) ?? [];
        list.push((after[j] - before[j]) / o.cpu);
        row.cpu.set(p.name, list);
      });
      const total = (after.reduce((a, b) => a + b) - before.reduce((a, b) => a + b)) / o.cpu;
      console.log(
        `  round ${round + 1} ${s.root}: p50 ${median(latencies).toFixed(1)} ms, CPU ${total.toFixed(1)} ms/request, access-log INSERTs/request ${(log.inserts / o.cpu).toFixed(2)} (${log.rows} rows), errors ${errors} (load ${os.loadavg()[0].toFixed(2)})`,
      );
    }
  }
  const names = [...rows[0].cpu.keys()];
  console.log(
    `\nc=${o.concurrency}, ${o.cpu} requests × ${o.rounds} rounds, medians over the rounds\n`,
  );
  console.log(
    `| tree | p50 ms | access-log INSERTs/request | errors | CPU ms/request: ${names.join(' | ')} | total |`,
  );
  console.log(`| --- | --- | --- | --- | ${names.map(() => '---').join(' | ')} | --- |`);
  for (const [k, s] of stacks.entries()) {
    const cpu = names.map((n) => median(rows[k].cpu.get(n) ?? []));
    console.log(
      `| ${s.root} | ${median(rows[k].p50).toFixed(1)} | ${median(rows[k].inserts).toFixed(2)} | ${rows[k].errors} | ${cpu.map((c) => c.toFixed(2)).join(' | ')} | ${cpu.reduce((a, b) => a + b, 0).toFixed(2)} |`,
    );
  }
}

/** Self time per package of each service's profile (bench/profile.ts). */
export function printProfiles(dir: string): void {
  for (const name of ['gateway', ...SUBGRAPH_NAMES]) {
    const files = existsSync(path.join(dir, name)) ? profilesIn(path.join(dir, name)) : [];
    if (files.length === 0) continue;
    const summary = summarizeProfile(files[0], name, 20);
    console.log(`\n${name} (busy ${summary.busyPercent.toFixed(1)} %): % of busy self time`);
    console.log(summary.packages.map((p) => `${p.name} ${p.percent.toFixed(1)}`).join(', '));
  }
}
