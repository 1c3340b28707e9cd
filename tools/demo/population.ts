import pg from 'pg';
import { openDatabase } from '../../subgraphs/kit/database';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/kit/config';
import { employmentPopulation } from '../../subgraphs/employment/population';
import { insurancePopulation } from '../../subgraphs/insurance/population';
import { municipalityPopulation } from '../../subgraphs/municipality/population';
import { residencePopulation } from '../../subgraphs/residence/population';
import { taxPopulation } from '../../subgraphs/tax/population';
import { AS_OF, bulkSql, type Population, type RegistryPopulation } from './bulk';

/**
 * Bulk population generator (`npm run seed -- --workers N`, and the benchmark's data): N workers
 * straight into the registries' PostgreSQL databases with INSERT … SELECT generate_series, each
 * registry's statements beside that registry (subgraphs/<name>/population.ts). Every id is derived
 * from (seed, kind, index) with md5, and every choice from a hash of (seed, salt, index), so the
 * databases agree on worker and employer ids without ever reading each other, and a run is
 * reproducible.
 */

/** The registries the generator fills: a new registry adds its population module here. */
export const POPULATIONS: readonly RegistryPopulation[] = [
  residencePopulation,
  employmentPopulation,
  insurancePopulation,
  taxPopulation,
  municipalityPopulation,
];

const byName = (name: SubgraphName): RegistryPopulation => {
  const found = POPULATIONS.find((r) => r.registry.name === name);
  if (!found) throw new Error(`No population module for registry ${name}`);
  return found;
};

/** Each registry's name, entities and migrations. */
export const MODULES = Object.fromEntries(
  SUBGRAPH_NAMES.map((n) => [n, byName(n).registry]),
) as Record<SubgraphName, RegistryPopulation['registry']>;

export { AS_OF, type Population };

export function population(workers: number, seed = 'kyosei'): Population {
  const bigEmployers = workers >= 5000 ? 4 : 1;
  const bigSize = Math.min(500, Math.floor(workers / 4));
  const employers = Math.max(bigEmployers + 2, Math.ceil(workers / 40));
  return { workers, employers, bigEmployers, bigSize, seed };
}

export function databaseUrl(server: string, name: string): string {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

export function benchDatabaseNames(tag: string): Record<SubgraphName, string> {
  return Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, `kyosei_bench_${tag}_${n}`])) as Record<
    SubgraphName,
    string
  >;
}

/** One connection to `url` for the duration of `fn`. */
async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabases(server: string, names: string[]): Promise<void> {
  await withClient(databaseUrl(server, 'postgres'), async (c) => {
    for (const name of names) {
      if (!/^kyosei_bench_[a-z0-9_]+$/.test(name)) throw new Error(`refusing to drop ${name}`);
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
}

const SSW_FIELDS = [
  'NURSING_CARE',
  'BUILDING_CLEANING',
  'FOOD_SERVICE',
  'CONSTRUCTION',
  'AGRICULTURE',
  'INDUSTRIAL_MANUFACTURING',
  'FOOD_MANUFACTURING',
  'ACCOMMODATION',
];

/**
 * The per-worker plan, computed identically in every database (a temp table): status, permit
 * dates, employment and employer choices. Employer legal form is a function of the employer index.
 */
export function planSql(p: Population): string {
  const { R, UID, PICK } = bulkSql(p.seed);
  const big = p.bigEmployers * p.bigSize;
  const others = p.employers - p.bigEmployers;
  return `
  CREATE TEMP TABLE plan AS
  WITH base AS MATERIALIZED (
    SELECT i,
      ${UID('w', 'i')} AS wid,
      ${R('status', 'i')} AS rs,
      (date '2023-01-01' + floor(${R('g', 'i')} * 1090)::int) AS g0,
      ${R('exp', 'i')} AS rx,
      ${R('emp', 'i')} AS re,
      ${p.bigEmployers} + 1 + floor(${R('er', 'i')} * ${others})::int AS other_idx
    FROM generate_series(1, ${p.workers}) i
  ), st AS MATERIALIZED (
    SELECT *,
      CASE
        WHEN i <= ${big} THEN CASE WHEN rs < 0.5 THEN 'SPECIFIED_SKILLED_WORKER_I' WHEN rs < 0.8 THEN 'TECHNICAL_INTERN_TRAINING' ELSE 'ENGINEER_SPECIALIST_INTL_SERVICES' END
        WHEN rs < 0.25 THEN 'ENGINEER_SPECIALIST_INTL_SERVICES'
        WHEN rs < 0.45 THEN 'SPECIFIED_SKILLED_WORKER_I'
        WHEN rs < 0.62 THEN 'TECHNICAL_INTERN_TRAINING'
        WHEN rs < 0.77 THEN 'STUDENT'
        WHEN rs < 0.87 THEN 'PERMANENT_RESIDENT'
        WHEN rs < 0.93 THEN 'SPOUSE_OF_JAPANESE_NATIONAL'
        ELSE 'DEPENDENT' END AS status
    FROM base
  ), d AS MATERIALIZED (
    SELECT *,
      CASE WHEN rx < 0.06 AND i > ${big} THEN date '${AS_OF}' - 400 - floor(rx * 3000)::int ELSE g0 END AS g,
      (i <= ${big} OR re < CASE WHEN status IN ('STUDENT','DEPENDENT') THEN 0.8 ELSE 0.93 END) AS employed,
      CASE WHEN i <= ${big} THEN ((i - 1) / ${Math.max(1, p.bigSize)}) + 1 ELSE other_idx END AS emp_idx
    FROM st
  )
  SELECT *,
    CASE WHEN status = 'PERMANENT_RESIDENT' THEN NULL
         WHEN rx < 0.06 AND i > ${big} THEN g + 365
         WHEN rx < 0.4 THEN g + 365 WHEN rx < 0.8 THEN g + 1095 ELSE g + 1826 END AS exp,
    CASE WHEN status IN ('SPECIFIED_SKILLED_WORKER_I','TECHNICAL_INTERN_TRAINING') THEN ${PICK(SSW_FIELDS, R('field', 'i'))} END AS designated,
    CASE WHEN status = 'ENGINEER_SPECIALIST_INTL_SERVICES' THEN ${PICK(['ENGINEERING', 'HUMANITIES', 'INTERNATIONAL_SERVICES'], `${R('field', 'i')}`)}
         WHEN status IN ('SPECIFIED_SKILLED_WORKER_I','TECHNICAL_INTERN_TRAINING') THEN
           CASE WHEN ${R('mis', 'i')} < 0.03 THEN 'OTHER' ELSE ${PICK(SSW_FIELDS, R('field', 'i'))} END
         ELSE ${PICK(['FOOD_SERVICE', 'OTHER', 'ACCOMMODATION', 'BUILDING_CLEANING'], `${R('field', 'i')}`)} END AS job_field,
    (g + 5 + floor(${R('start', 'i')} * 60)::int) AS emp_start,
    CASE WHEN i > ${big} AND ${R('end', 'i')} < 0.08 THEN g + 200 + floor(${R('start', 'i')} * 400)::int END AS emp_end,
    CASE WHEN status IN ('STUDENT','DEPENDENT') THEN 10 + floor(${R('hours', 'i')} * 9)::int ELSE 40 END AS weekly,
    CASE WHEN status IN ('STUDENT','DEPENDENT') THEN 60000 + floor(${R('wage', 'i')} * 60000)::int ELSE 180000 + floor(${R('wage', 'i')} * 250000)::int END AS wage,
    (emp_idx <= ${p.bigEmployers} OR ${R('lf', 'emp_idx')} < 0.75) AS corp,
    (status = 'STUDENT' AND employed AND ${R('second', 'i')} < 0.35) AS has_second,
    ${p.bigEmployers} + 1 + floor(${R('er2', 'i')} * ${others})::int AS emp2_idx,
    (employed AND status NOT IN ('STUDENT','DEPENDENT') AND i > ${big} AND ${R('prev', 'i')} < 0.2) AS has_prev
  FROM d`;
}

export interface LoadResult {
  urls: Record<SubgraphName, string>;
  population: Population;
  /** Seconds: create + migrate, then bulk load (the four databases in parallel), then ANALYZE. */
  seconds: { migrate: number; load: number; analyze: number; total: number };
  rows: Record<string, number>;
  bytes: number;
}

/** Creates (fresh) and fills the four bench databases for `tag`. */
export async function loadPopulation(
  server: string,
  tag: string,
  p: Population,
  log: (line: string) => void = () => {},
): Promise<LoadResult> {
  const names = benchDatabaseNames(tag);
  const urls = Object.fromEntries(
    SUBGRAPH_NAMES.map((n) => [n, databaseUrl(server, names[n])]),
  ) as Record<SubgraphName, string>;
  const t0 = performance.now();
  await dropDatabases(server, Object.values(names));
  const dropped = (performance.now() - t0) / 1000;
  const filled = await fillDatabases(urls, p, log);
  const { migrate, total } = filled.seconds;
  return {
    ...filled,
    seconds: { ...filled.seconds, migrate: migrate + dropped, total: total + dropped },
  };
}

/**
 * Migrates the four databases (creating them when missing) and fills them with population `p`.
 * They must hold no workers or employers yet: generated ids would collide with a previous fill.
 */
export async function fillDatabases(
  urls: Record<SubgraphName, string>,
  p: Population,
  log: (line: string) => void = () => {},
): Promise<LoadResult> {
  const t0 = performance.now();
  for (const { registry } of POPULATIONS) {
    const db = await openDatabase({
      name: registry.name,
      target: { kind: 'postgres', url: urls[registry.name] },
      entities: registry.entities,
      migrations: registry.migrations,
    });
    await db.close();
  }
  await Promise.all(
    POPULATIONS.map(({ registry: { name: n }, tables }) =>
      withClient(urls[n], async (client) => {
        const first = tables[0];
        const r = await client.query<{ found: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM ${first}) AS found`,
        );
        if (r.rows[0].found)
          throw new Error(`${n}: table ${first} already holds rows; fill empty databases only`);
      }),
    ),
  );
  const t1 = performance.now();
  const sql = bulkSql(p.seed);
  await Promise.all(
    POPULATIONS.map(({ registry: { name: n }, statements }) =>
      withClient(urls[n], async (client) => {
        await client.query('SET synchronous_commit = off');
        await client.query('SET maintenance_work_mem = "256MB"');
        await client.query('SET work_mem = "64MB"');
        await client.query(planSql(p));
        for (const statement of statements(p, sql)) {
          const s = performance.now();
          await client.query(statement);
          log(
            `  ${n}: ${statement.trim().split(/\s+/).slice(0, 3).join(' ')} ${((performance.now() - s) / 1000).toFixed(1)} s`,
          );
        }
      }),
    ),
  );
  const t2 = performance.now();
  const rows: Record<string, number> = {};
  let bytes = 0;
  await Promise.all(
    POPULATIONS.map(({ registry: { name: n }, tables }) =>
      withClient(urls[n], async (client) => {
        await client.query('VACUUM (ANALYZE)');
        for (const t of tables) {
          const r = await client.query<{ c: string }>(`SELECT count(*)::text AS c FROM ${t}`);
          rows[t] = Number(r.rows[0].c);
        }
        const size = await client.query<{ s: string }>(
          'SELECT pg_database_size(current_database())::text AS s',
        );
        bytes += Number(size.rows[0].s);
      }),
    ),
  );
  const t3 = performance.now();
  return {
    urls,
    population: p,
    seconds: {
      migrate: (t1 - t0) / 1000,
      load: (t2 - t1) / 1000,
      analyze: (t3 - t2) / 1000,
      total: (t3 - t0) / 1000,
    },
    rows,
    bytes,
  };
}

/**
 * Ids the workloads draw from (the generator's derivation, computed in SQL once). The write mix
 * gets workers and assessments of its own, the last 10 % of the population, which the read
 * workloads never reach (pages stay within the first `readWorkers`): otherwise each system's
 * writes would make the next system's reads heavier.
 */
export interface Ids {
  /** Workers 1..readWorkers (by generation index, which is also `seq` order) are read. */
  readWorkers: number;
  workers: string[];
  bigEmployers: string[];
  employers: string[];
  writeWorkers: string[];
  assessments: string[];
}

export async function sampleIds(
  urls: Record<SubgraphName, string>,
  p: Population,
  count = 2000,
): Promise<Ids> {
  const { UID } = bulkSql(p.seed);
  return withClient(urls.tax, async (client) => {
    const readWorkers = Math.max(p.bigEmployers * p.bigSize, Math.floor(p.workers * 0.9));
    const step = Math.max(1, Math.floor(readWorkers / count));
    const w = await client.query<{ id: string }>(
      `SELECT ${UID('w', 'i')}::text AS id FROM generate_series(1, ${readWorkers}, ${step}) i`,
    );
    const ww = await client.query<{ id: string }>(
      `SELECT ${UID('w', 'i')}::text AS id FROM generate_series(${readWorkers + 1}, ${p.workers}) i LIMIT ${count}`,
    );
    const big = await client.query<{ id: string }>(
      `SELECT ${UID('er', 'j')}::text AS id FROM generate_series(1, ${p.bigEmployers}) j`,
    );
    const er = await client.query<{ id: string }>(
      `SELECT ${UID('er', 'j')}::text AS id FROM generate_series(${p.bigEmployers + 1}, ${p.employers}) j`,
    );
    const a = await client.query<{ id: string }>(
      `SELECT id::text FROM tax_assessments WHERE worker_id = ANY($1::uuid[]) ORDER BY id LIMIT ${count}`,
      [ww.rows.map((r) => r.id)],
    );
    return {
      readWorkers,
      workers: w.rows.map((r) => r.id),
      bigEmployers: big.rows.map((r) => r.id),
      employers: er.rows.map((r) => r.id),
      writeWorkers: ww.rows.map((r) => r.id),
      assessments: a.rows.map((r) => r.id),
    };
  });
}
