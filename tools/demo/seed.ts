/**
 * Loads a demo dataset through the gateway with the public mutations, many aliased mutations per
 * HTTP request. Every mutation carries an idempotency key derived from the reference date and the
 * record's stable id, so a re-run the same day after a crash completes the data without duplicates.
 */
import { DEMO_REGISTRIES } from './registries';
import { batchDocument, mutationName } from './batch';
import { clean, PHASES, type DemoRegistry, type Op } from './registries/registry';
import type { DemoDataset } from './types';

export interface SeedOptions {
  /** Extra request headers (e.g. Authorization once the gateway requires a token). */
  headers?: Record<string, string>;
  /** Mutations per HTTP request (run serially inside it). */
  batchSize?: number;
  /** Requests in flight at once within one phase. */
  concurrency?: number;
  /** Give up on a request after this long. */
  requestTimeoutMs?: number;
  onProgress?: (done: number, total: number) => void;
  /** The registries to load (default: DEMO_REGISTRIES). */
  registries?: readonly DemoRegistry[];
}

export interface SeedResult {
  mutations: number;
  requests: number;
  ms: number;
}

interface GraphQLReply {
  data?: Record<string, { id: string } | null> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export class SeedError extends Error {}

class Batcher {
  requests = 0;
  done = 0;

  constructor(
    private readonly url: string,
    private readonly keyPrefix: string,
    private readonly options: Required<Omit<SeedOptions, 'onProgress' | 'headers' | 'registries'>> &
      SeedOptions,
    private readonly total: number,
  ) {}

  async post(ops: Op[]): Promise<void> {
    const variables = Object.fromEntries(
      ops.map((op, i) => [
        `i${i}`,
        { ...clean(op.input), idempotencyKey: `${this.keyPrefix}${op.ref}` },
      ]),
    );
    let reply: GraphQLReply;
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.options.headers },
        body: JSON.stringify({ query: batchDocument(ops.map((op) => op.document)), variables }),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      reply = (await res.json()) as GraphQLReply;
      if (!res.ok && !reply.errors) throw new Error(`HTTP ${res.status}`);
    } catch (error) {
      throw new SeedError(
        `Seeding failed: the gateway at ${this.url} did not answer (${(error as Error).message})`,
      );
    }
    this.requests += 1;
    if (reply.errors?.length) {
      const lines = reply.errors.slice(0, 5).map((e) => {
        const alias = typeof e.path?.[0] === 'string' ? e.path[0] : '';
        const op = alias.startsWith('m') ? ops[Number(alias.slice(1))] : undefined;
        const where = op ? `${mutationName(op.document)} ${op.ref}` : 'request';
        const ext = e.extensions ?? {};
        const code = [ext.code, ext.field].filter(Boolean).join(' ');
        return `${where}: ${e.message}${code ? ` (${code})` : ''}`;
      });
      throw new SeedError(
        `Seeding failed (${reply.errors.length} error(s)):\n  ${lines.join('\n  ')}`,
      );
    }
    ops.forEach((op, i) => {
      const row = reply.data?.[`m${i}`];
      if (!row?.id)
        throw new SeedError(
          `Seeding failed: ${mutationName(op.document)} ${op.ref} returned no id`,
        );
      op.onId?.(row.id);
    });
    this.done += ops.length;
    this.options.onProgress?.(this.done, this.total);
  }

  /** Sends one phase: independent mutations, grouped by subgraph, several requests at once. */
  async phase(ops: Op[]): Promise<void> {
    const sorted = [...ops].sort((a, b) =>
      mutationName(a.document).localeCompare(mutationName(b.document)),
    );
    const chunks: Op[][] = [];
    for (let i = 0; i < sorted.length; i += this.options.batchSize) {
      chunks.push(sorted.slice(i, i + this.options.batchSize));
    }
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) await this.post(chunks[next++]);
    };
    await Promise.all(
      Array.from({ length: Math.min(this.options.concurrency, chunks.length) }, worker),
    );
  }
}

export async function seedDataset(
  gatewayUrl: string,
  dataset: DemoDataset,
  options: SeedOptions = {},
): Promise<SeedResult> {
  const started = Date.now();
  const phases = planPhases(dataset, options.registries);
  const total = phases.reduce((sum, build) => sum + build.count, 0);
  const batcher = new Batcher(
    gatewayUrl,
    `demo:${dataset.referenceDate}:`,
    { batchSize: 50, concurrency: 1, requestTimeoutMs: 120_000, ...options },
    total,
  );
  for (const phase of phases) await batcher.phase(phase.ops());
  return { mutations: batcher.done, requests: batcher.requests, ms: Date.now() - started };
}

export interface Phase {
  count: number;
  /** Built when the phase runs, so it can use the ids the earlier phases returned. */
  ops(): Op[];
}

/** The registries' mutations in phase order: ids created by one phase feed the next. */
export function planPhases(
  dataset: DemoDataset,
  registries: readonly DemoRegistry[] = DEMO_REGISTRIES,
): Phase[] {
  const ids = new Map<string, string>();
  // Counting builds a phase with placeholder ids; nothing is sent.
  let counting = false;
  const refs = {
    id: (ref: string) => {
      const value = counting ? ref : ids.get(ref);
      if (!value)
        throw new SeedError(`Seeding failed: no id for ${ref} (an earlier step did not run)`);
      return value;
    },
    keep: (ref: string) => (value: string) => void ids.set(ref, value),
  };
  return PHASES.map((name) => {
    const make = () => registries.flatMap((r) => r.phases[name]?.(dataset, refs) ?? []);
    counting = true;
    try {
      return { count: make().length, ops: make };
    } finally {
      counting = false;
    }
  });
}
