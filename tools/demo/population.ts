import pg from 'pg';
import { openDatabase } from '../../subgraphs/kit/database';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/kit/config';
import { employment } from '../../subgraphs/employment';
import { insurance } from '../../subgraphs/insurance';
import { residence } from '../../subgraphs/residence';
import { tax } from '../../subgraphs/tax';

/**
 * Bulk population generator (`npm run seed -- --workers N`, and the benchmark's data): N workers
 * straight into the four registries' PostgreSQL databases with
 * INSERT … SELECT generate_series. Every id is derived from (seed, kind, index) with md5, and every
 * choice from a hash of (seed, salt, index), so the four databases agree on worker and employer ids
 * without ever reading each other, and a run is reproducible.
 */

export const MODULES = { residence, employment, insurance, tax } as const;

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

/** Inline SQL (no function calls: SQL functions would not be inlined and cost ~30 µs a row). */
let SEED = 'kyosei';
const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
/** A uniform [0, 1) from a hash of (seed, salt, index); salt is a string or a SQL expression. */
function R(salt: string | { sql: string }, i: string): string {
  const saltSql = typeof salt === 'string' ? lit(salt) : salt.sql;
  return `(('x' || substr(md5(${lit(SEED + ':')} || ${saltSql} || ':' || (${i})), 1, 8))::bit(32)::bigint / 4294967296.0::float8)`;
}
/** A deterministic uuid for (seed, kind, index). */
function UID(kind: string | { sql: string }, i: string): string {
  const kindSql = typeof kind === 'string' ? lit(kind) : kind.sql;
  return `md5(${lit(SEED + ':')} || ${kindSql} || ':' || (${i}))::uuid`;
}
function PICK(values: string[], x: string): string {
  return `(ARRAY[${values.map(lit).join(',')}])[1 + floor(${x} * ${values.length})::int]`;
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

function residenceSql(): string[] {
  return [
    `INSERT INTO workers (id, full_name, nationality, date_of_birth)
     SELECT wid,
       ${PICK(['Tran', 'Nguyen', 'Le', 'Pham', 'Wang', 'Li', 'Zhang', 'Santos', 'Reyes', 'Cruz', 'Gurung', 'Tamang', 'Sari', 'Putri', 'Aung', 'Silva', 'Kim', 'Perera'], `${R('fam', 'i')}`)} || ' ' ||
       ${PICK(['Van Minh', 'Thi Lan', 'Wei', 'Mei', 'Jose', 'Maria', 'Ram', 'Sita', 'Budi', 'Dewi', 'Kyaw', 'Ana', 'Joon', 'Nimal', 'Hoa', 'Ling'], `${R('giv', 'i')}`)},
       ${PICK(['VN', 'VN', 'VN', 'CN', 'CN', 'PH', 'PH', 'NP', 'ID', 'MM', 'BR', 'KR', 'LK', 'TH'], `${R('nat', 'i')}`)},
       date '1972-01-01' + floor(${R('dob', 'i')} * 11500)::int
     FROM plan ORDER BY i`,
    `INSERT INTO residence_permits (id, worker_id, status, granted_on, expires_on, designated_fields, designated_employer_id, enrolled_until)
     SELECT ${UID('p1', 'i')}, wid, status, g, exp,
       CASE WHEN designated IS NULL THEN '{}'::text[] ELSE ARRAY[designated] END,
       CASE WHEN status = 'TECHNICAL_INTERN_TRAINING' THEN ${UID('er', 'emp_idx')} END,
       CASE WHEN status = 'STUDENT' THEN g + 730 END
     FROM plan`,
    `INSERT INTO residence_permits (id, worker_id, status, granted_on, expires_on, designated_fields)
     SELECT ${UID('p0', 'i')}, wid, CASE WHEN status = 'PERMANENT_RESIDENT' THEN 'ENGINEER_SPECIALIST_INTL_SERVICES' ELSE status END,
       g - 1095, g, CASE WHEN designated IS NULL THEN '{}'::text[] ELSE ARRAY[designated] END
     FROM plan WHERE ${R('prevpermit', 'i')} < 0.3`,
    `INSERT INTO residence_applications (id, worker_id, kind, filed_on, decided_on, outcome)
     SELECT ${UID('a', 'i')}, wid,
       CASE WHEN status = 'STUDENT' THEN 'CHANGE_OF_STATUS' ELSE 'RENEWAL' END,
       COALESCE(exp, g + 1000) - 60,
       CASE WHEN ${R('app', 'i')} < 0.05 THEN COALESCE(exp, g + 1000) - 20 END,
       CASE WHEN ${R('app', 'i')} < 0.05 THEN 'GRANTED' END
     FROM plan WHERE ${R('app', 'i')} < 0.15 AND COALESCE(exp, g + 1000) - 60 > g`,
    `INSERT INTO work_permissions (id, worker_id, granted_on, expires_on, max_weekly_hours)
     SELECT ${UID('wp', 'i')}, wid, g, COALESCE(exp, g + 730), 28
     FROM plan WHERE status IN ('STUDENT','DEPENDENT') AND ${R('perm', 'i')} < 0.85`,
  ];
}

function employmentSql(p: Population): string[] {
  return [
    `INSERT INTO employers (id, name, legal_form, employee_count, insured_headcount, corporate_number)
     SELECT ${UID('er', 'j')},
       ${PICK(['Sakura', 'Fuji', 'Kansai', 'Tohoku', 'Minato', 'Hikari', 'Aozora', 'Kizuna', 'Midori', 'Yamato'], `${R('en1', 'j')}`)} || ' ' ||
       ${PICK(['Care', 'Foods', 'Logistics', 'Construction', 'Farms', 'Hotels', 'Cleaning', 'Manufacturing', 'Systems'], `${R('en2', 'j')}`)} || ' ' || j,
       CASE WHEN lf THEN 'CORPORATION' ELSE 'SOLE_PROPRIETOR' END,
       cnt, CASE WHEN lf THEN floor(cnt * 0.9)::int ELSE 0 END,
       CASE WHEN lf THEN lpad((4000000000000 + j)::text, 13, '0') END
     FROM (SELECT j, (j <= ${p.bigEmployers} OR ${R('lf', 'j')} < 0.75) AS lf,
             CASE WHEN j <= ${p.bigEmployers} THEN 600 ELSE 3 + floor(${R('cnt', 'j')} * 120)::int END AS cnt
           FROM generate_series(1, ${p.employers}) j) e
     ORDER BY j`,
    `INSERT INTO employments (id, worker_id, employer_id, start_date, end_date, job_field, weekly_hours, monthly_wage, support_plan_provider, support_plan_organization_name)
     SELECT ${UID('m1', 'i')}, wid, ${UID('er', 'emp_idx')}, emp_start, emp_end, job_field, weekly, wage,
       CASE WHEN status <> 'SPECIFIED_SKILLED_WORKER_I' THEN NULL WHEN ${R('sp', 'i')} < 0.7 THEN 'REGISTERED_SUPPORT_ORGANIZATION' WHEN ${R('sp', 'i')} < 0.95 THEN 'SELF' END,
       CASE WHEN status = 'SPECIFIED_SKILLED_WORKER_I' AND ${R('sp', 'i')} < 0.7 THEN 'Support Org ' || (1 + floor(${R('so', 'i')} * 200)::int) END
     FROM plan WHERE employed`,
    `INSERT INTO employments (id, worker_id, employer_id, start_date, end_date, job_field, weekly_hours, monthly_wage)
     SELECT ${UID('m2', 'i')}, wid, ${UID('er', 'emp2_idx')}, emp_start + 30, NULL, 'FOOD_SERVICE', 8 + floor(${R('h2', 'i')} * 10)::int, 50000
     FROM plan WHERE has_second`,
    `INSERT INTO employments (id, worker_id, employer_id, start_date, end_date, job_field, weekly_hours, monthly_wage)
     SELECT ${UID('m0', 'i')}, wid, ${UID('er', 'emp2_idx')}, g - 700, g - 200, job_field, 40, wage - 20000
     FROM plan WHERE has_prev`,
    `INSERT INTO employment_notifications (id, employment_id, worker_id, kind, filed_on, reported_status, reported_expires_on)
     SELECT ${UID({ sql: "'n-' || e.id" }, '1')}, e.id, e.worker_id, 'HIRE', e.start_date + floor(${R('nf', 'p.i')} * 20)::int, p.status, p.exp
     FROM employments e JOIN plan p ON p.wid = e.worker_id
     WHERE ${R({ sql: "'n-' || e.id" }, '0')} < 0.9`,
    `INSERT INTO employment_notifications (id, employment_id, worker_id, kind, filed_on)
     SELECT ${UID({ sql: "'s-' || e.id" }, '1')}, e.id, e.worker_id, 'SEPARATION', e.end_date + 5
     FROM employments e WHERE e.end_date IS NOT NULL AND ${R({ sql: "'s-' || e.id" }, '0')} < 0.7`,
  ];
}

function insuranceSql(p: Population): string[] {
  return [
    `INSERT INTO insurance_enrollments (id, worker_id, scheme, employer_id, start_date, end_date)
     SELECT ${UID({ sql: 's.scheme' }, 'i')}, wid, s.scheme, ${UID('er', 'emp_idx')}, emp_start, emp_end
     FROM plan, (VALUES ('EMPLOYEES_HEALTH'), ('EMPLOYEES_PENSION'), ('EMPLOYMENT_INSURANCE')) s(scheme)
     WHERE employed AND corp AND weekly >= 30 AND ${R('ins', 'i')} < 0.9
       AND (s.scheme <> 'EMPLOYMENT_INSURANCE' OR ${R('ei', 'i')} < 0.85)`,
    `INSERT INTO insurance_enrollments (id, worker_id, scheme, employer_id, start_date, end_date)
     SELECT ${UID({ sql: 's.scheme' }, 'i')}, wid, s.scheme, NULL, g, NULL
     FROM plan, (VALUES ('NATIONAL_HEALTH'), ('NATIONAL_PENSION')) s(scheme)
     WHERE NOT (employed AND corp AND weekly >= 30) AND ${R('ins', 'i')} < 0.85`,
    `INSERT INTO contribution_arrears (id, worker_id, employer_id, scheme, since, amount, settled_on)
     SELECT ${UID('ca', 'i')}, wid, NULL, 'NATIONAL_HEALTH', date '${AS_OF}' - 100 - floor(${R('cas', 'i')} * 300)::int,
       10000 + floor(${R('caa', 'i')} * 90000)::int,
       CASE WHEN ${R('cset', 'i')} < 0.3 THEN date '${AS_OF}' - 30 END
     FROM plan WHERE ${R('ca', 'i')} < 0.04`,
    `INSERT INTO contribution_arrears (id, worker_id, employer_id, scheme, since, amount, settled_on)
     SELECT ${UID('cae', 'j')}, NULL, ${UID('er', 'j')}, 'EMPLOYEES_HEALTH', date '${AS_OF}' - 200, 500000 + j, NULL
     FROM generate_series(1, ${p.employers}) j WHERE j = 2 OR ${R('cae', 'j')} < 0.05`,
  ];
}

function taxSql(p: Population): string[] {
  return [
    `INSERT INTO tax_assessments (id, worker_id, kind, fiscal_year, amount, due_date, collection, collecting_employer_id)
     SELECT ${UID('ta', 'i')}, wid, 'RESIDENT_TAX', 2025, 60000 + floor(${R('tam', 'i')} * 140000)::int, date '2025-06-30',
       CASE WHEN employed AND corp THEN 'SPECIAL' ELSE 'ORDINARY' END,
       CASE WHEN employed AND corp THEN ${UID('er', 'emp_idx')} END
     FROM plan WHERE g < date '2025-01-01'`,
    `INSERT INTO tax_assessments (id, worker_id, kind, fiscal_year, amount, due_date, collection)
     SELECT ${UID('tb', 'i')}, wid, 'INCOME_TAX', 2025, 20000 + floor(${R('tbm', 'i')} * 80000)::int, date '2026-03-15', 'ORDINARY'
     FROM plan WHERE ${R('tb', 'i')} < 0.2`,
    `INSERT INTO tax_payments (id, assessment_id, paid_on, amount)
     SELECT ${UID({ sql: "'pay-' || a.id" }, '1')}, a.id, a.due_date - 10,
       CASE WHEN ${R({ sql: "'pay-' || a.id" }, '0')} < 0.88 THEN a.amount ELSE greatest(1, a.amount / 2) END
     FROM tax_assessments a WHERE ${R({ sql: "'pay-' || a.id" }, '0')} < 0.95`,
    `INSERT INTO withholding_reports (id, employer_id, worker_id, year, gross_pay, tax_withheld)
     SELECT ${UID('wr', 'i')}, ${UID('er', 'emp_idx')}, wid, 2025, wage * 12, wage * 12 / 30
     FROM plan WHERE employed AND emp_start < date '2025-12-31'`,
    `INSERT INTO employer_tax_arrears (id, employer_id, since, amount, settled_on)
     SELECT ${UID('eta', 'j')}, ${UID('er', 'j')}, date '${AS_OF}' - 150, 300000 + j, NULL
     FROM generate_series(1, ${p.employers}) j WHERE j = 3 OR ${R('eta', 'j')} < 0.03`,
  ];
}

const TABLES: Record<SubgraphName, string[]> = {
  residence: ['workers', 'residence_permits', 'residence_applications', 'work_permissions'],
  employment: ['employers', 'employments', 'employment_notifications'],
  insurance: ['insurance_enrollments', 'contribution_arrears'],
  tax: ['tax_assessments', 'tax_payments', 'withholding_reports', 'employer_tax_arrears'],
};

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
  SEED = p.seed;
  const t0 = performance.now();
  for (const n of SUBGRAPH_NAMES) {
    const db = await openDatabase({
      name: n,
      target: { kind: 'postgres', url: urls[n] },
      entities: MODULES[n].entities,
      migrations: MODULES[n].migrations,
    });
    await db.close();
  }
  await Promise.all(
    SUBGRAPH_NAMES.map((n) =>
      withClient(urls[n], async (client) => {
        const first = TABLES[n][0];
        const r = await client.query<{ found: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM ${first}) AS found`,
        );
        if (r.rows[0].found)
          throw new Error(`${n}: table ${first} already holds rows; fill empty databases only`);
      }),
    ),
  );
  const t1 = performance.now();
  const statements: Record<SubgraphName, string[]> = {
    residence: residenceSql(),
    employment: employmentSql(p),
    insurance: insuranceSql(p),
    tax: taxSql(p),
  };
  await Promise.all(
    SUBGRAPH_NAMES.map((n) =>
      withClient(urls[n], async (client) => {
        await client.query('SET synchronous_commit = off');
        await client.query('SET maintenance_work_mem = "256MB"');
        await client.query('SET work_mem = "64MB"');
        await client.query(planSql(p));
        for (const sql of statements[n]) {
          const s = performance.now();
          await client.query(sql);
          log(
            `  ${n}: ${sql.trim().split(/\s+/).slice(0, 3).join(' ')} ${((performance.now() - s) / 1000).toFixed(1)} s`,
          );
        }
      }),
    ),
  );
  const t2 = performance.now();
  const rows: Record<string, number> = {};
  let bytes = 0;
  await Promise.all(
    SUBGRAPH_NAMES.map((n) =>
      withClient(urls[n], async (client) => {
        await client.query('VACUUM (ANALYZE)');
        for (const t of TABLES[n]) {
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
  SEED = p.seed;
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
