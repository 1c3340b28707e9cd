/**
 * What a registry contributes to the demo: the mutations that load its records (per phase of the
 * seeder) and, optionally, facts of its own it derives for every demo worker. A new registry adds
 * one module beside this one and one entry in ./index.ts.
 */
import type { CalendarDate } from '../dates';
import type { EmployerIndex } from '../employers';
import type { Random } from '../random';
import type { DemoDataset, DemoWorker, RegistryFacts } from '../types';

/**
 * The seeder's phases, in order: ids created in one phase feed the next.
 * - identities: workers and employers;
 * - records: what hangs off them (permits, employments, enrollments, assessments, arrears);
 * - followUps: what changes a record (decisions, ends, settlements, payments, permissions);
 * - notices: what reports on a changed record (notifications after endEmployment).
 */
export const PHASES = ['identities', 'records', 'followUps', 'notices'] as const;
export type PhaseName = (typeof PHASES)[number];

/** One mutation to send: a document with a single `$input` variable and a selection of `id`. */
export interface Op {
  document: string;
  /** Stable id: names the record in the idempotency key and in error messages. */
  ref: string;
  input: Record<string, unknown>;
  /** Receives the created record's id (to `keep` it for a later phase). */
  onId?: (id: string) => void;
}

/** Ids returned by earlier phases, by stable id. */
export interface Refs {
  /** The id kept under `ref` (a placeholder while the seeder only counts). */
  id(ref: string): string;
  keep(ref: string): (id: string) => void;
}

export interface DeriveContext {
  ref: CalendarDate;
  employers: EmployerIndex;
  /** Seeded by (dataset, registry, worker): a registry's draws never shift another's data. */
  rng: Random;
}

export interface DemoRegistry {
  name: string;
  /** The registry's mutations for each phase it takes part in. */
  phases: Partial<Record<PhaseName, (dataset: DemoDataset, refs: Refs) => Op[]>>;
  /**
   * Facts this registry keeps about a worker that the scenarios do not state (e.g. addresses),
   * derived deterministically; what a scenario set on the worker (WorkerBuilder.facts) wins.
   */
  derive?(worker: DemoWorker, ctx: DeriveContext): Partial<RegistryFacts>;
}

/** Drops null/undefined fields so optional inputs are simply absent. */
export function clean(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));
}

/** One op per item that has something to send (`make` returns null to skip it). */
export function each<T>(items: readonly T[], make: (item: T, i: number) => Op | null): Op[] {
  return items.flatMap((item, i) => make(item, i) ?? []);
}
