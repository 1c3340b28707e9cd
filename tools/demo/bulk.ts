/**
 * What every registry's bulk SQL shares (subgraphs/<name>/population.ts): the population's shape,
 * the date it is generated around, and the inline SQL helpers that derive ids and choices from a
 * hash of (seed, salt, index), so the registries' databases agree on ids without reading each other.
 */
import type { SubgraphModule } from '../../subgraphs/kit/server';
import type { SubgraphName } from '../../subgraphs/kit/config';

/** The date every workload evaluates consistency on (the data is generated around it). */
export const AS_OF = '2026-06-01';

export interface Population {
  workers: number;
  employers: number;
  /** Employers 1..bigEmployers each have `bigSize` active employees (workers 1..big*bigSize). */
  bigEmployers: number;
  bigSize: number;
  seed: string;
}

/** A salt or kind: a string literal, or a SQL expression. */
export type Salt = string | { sql: string };

/** Inline SQL builders (no function calls: SQL functions would not be inlined and cost ~30 µs a row). */
export interface BulkSql {
  /** A quoted SQL string literal. */
  lit(value: string): string;
  /** A uniform [0, 1) from a hash of (seed, salt, index). */
  R(salt: Salt, i: string): string;
  /** A deterministic uuid for (seed, kind, index). */
  UID(kind: Salt, i: string): string;
  /** One of `values`, chosen by `x` in [0, 1). */
  PICK(values: readonly string[], x: string): string;
}

const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
const saltSql = (salt: Salt) => (typeof salt === 'string' ? lit(salt) : salt.sql);

export function bulkSql(seed: string): BulkSql {
  const prefix = lit(`${seed}:`);
  return {
    lit,
    R: (salt, i) =>
      `(('x' || substr(md5(${prefix} || ${saltSql(salt)} || ':' || (${i})), 1, 8))::bit(32)::bigint / 4294967296.0::float8)`,
    UID: (kind, i) => `md5(${prefix} || ${saltSql(kind)} || ':' || (${i}))::uuid`,
    PICK: (values, x) =>
      `(ARRAY[${values.map(lit).join(',')}])[1 + floor(${x} * ${values.length})::int]`,
  };
}

/**
 * One registry's part of the bulk generator. Its statements run in the registry's own database
 * after the shared `plan` temp table (tools/demo/population.ts planSql) is created there.
 */
export interface RegistryPopulation {
  /** The registry's name, entities and migrations (the generator migrates its database). */
  registry: Pick<SubgraphModule<never>, 'entities' | 'migrations'> & { name: SubgraphName };
  /** Tables counted after the load; the first must be empty before it. */
  tables: readonly string[];
  statements(p: Population, sql: BulkSql): string[];
}
