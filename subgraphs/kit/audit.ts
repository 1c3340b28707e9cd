import type { ApolloServerPlugin } from '@apollo/server';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { CHECKPOINT_CTE, Checkpoints } from './audit-chain';
import type { AuditConfig } from './audit-chain';
import type { Identity } from './auth';
import { withholdOnDatabaseFailure } from './faults';
import { isUuid } from './validation';

/**
 * SQL for the append-only access log every subgraph keeps (used by its migration): the database
 * itself refuses UPDATE, DELETE and TRUNCATE, whatever the application does.
 */
export const ACCESS_LOG_SQL = [
  `CREATE TABLE access_log (
     id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     at         timestamptz NOT NULL DEFAULT now(),
     subject    text NOT NULL,
     agency     text NOT NULL,
     purpose    text NOT NULL,
     operation  text,
     worker_id  uuid NOT NULL,
     source     text NOT NULL,
     fields     text[] NOT NULL
   )`,
  `CREATE INDEX access_log_worker ON access_log (worker_id, at)`,
  `CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'access_log is append-only: % refused', TG_OP;
   END $$`,
  `CREATE TRIGGER access_log_no_update_delete BEFORE UPDATE OR DELETE ON access_log
     FOR EACH ROW EXECUTE FUNCTION access_log_append_only()`,
  `CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
     FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()`,
];

export const DROP_ACCESS_LOG_SQL = [
  'DROP TABLE access_log',
  'DROP FUNCTION access_log_append_only()',
];

/** The personal reads of one request: per worker, the fields read. */
export class AccessRecorder {
  private readonly reads = new Map<string, Set<string>>();

  record(workerId: string, field: string): void {
    const fields = this.reads.get(workerId) ?? new Set<string>();
    fields.add(field);
    this.reads.set(workerId, fields);
  }

  get size(): number {
    return this.reads.size;
  }

  /** The reads so far, one row per worker (fields as a text[] literal); the recorder is emptied. */
  take(identity: Identity, source: string): AccessRow[] {
    const rows = [...this.reads].map(([worker, fields]) => ({
      identity,
      source,
      worker,
      fields: `{${[...fields].map((f) => `"${f}"`).join(',')}}`,
    }));
    this.reads.clear();
    return rows;
  }

  /**
   * One INSERT for the whole request, whatever the number of workers; the database chains the rows
   * (kit/audit-chain.ts), and the same statement stores the checkpoints signed since the last one.
   */
  async flush(
    ds: DataSource,
    identity: Identity,
    source: string,
    checkpoints: Checkpoints = new Checkpoints(source),
  ): Promise<void> {
    await insertAccessRows(ds, this.take(identity, source), checkpoints);
  }
}

/** One access-log row to write: who read which fields of which worker, through which registry. */
interface AccessRow {
  identity: Identity;
  source: string;
  worker: string;
  fields: string;
}

/** One statement (one transaction) for `rows`, whoever read them, with the pending checkpoints. */
async function insertAccessRows(
  ds: DataSource,
  rows: AccessRow[],
  checkpoints: Checkpoints,
): Promise<void> {
  if (rows.length === 0) return;
  const column = (f: (r: AccessRow) => string | null) => rows.map(f);
  const pending = checkpoints.take();
  const inserted: { seq: string; hash: Buffer }[] = await ds
    .query(
      `WITH ${CHECKPOINT_CTE}
       INSERT INTO access_log (subject, agency, purpose, operation, worker_id, source, fields)
       SELECT s, a, p, o, w, src, f::text[]
         FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::uuid[], $10::text[], $11::text[])
           AS t(s, a, p, o, w, src, f)
       RETURNING seq::text AS seq, hash`,
      [
        ...pending.params,
        column((r) => r.identity.sub),
        column((r) => r.identity.agency),
        column((r) => r.identity.purpose ?? ''),
        column((r) => r.identity.operation),
        column((r) => r.worker),
        column((r) => r.source),
        column((r) => r.fields),
      ],
    )
    .catch((error: unknown) => {
      pending.restore();
      throw error;
    });
  checkpoints.inserted(inserted);
}

/**
 * Group commit of the access log. A request's rows are written at once when no write is under
 * way; the requests that finish while one is (concurrent operations, or the parallel fetches of
 * one query plan) wait for it and then share the next INSERT: one transaction, one WAL flush and
 * one turn of the chain's lock for all of them, on one pool connection, instead of one each in a
 * queue behind the lock. Each request is answered only after the INSERT holding its rows has
 * committed, so a crash loses no record of a read that was answered. A failed shared INSERT is
 * retried request by request, so one request's bad row cannot withhold another's answer.
 */
export class AccessLogWriter {
  private waiting: { rows: AccessRow[]; resolve(): void; reject(e: unknown): void }[] = [];
  private writing = false;

  constructor(
    private readonly ds: DataSource,
    readonly checkpoints: Checkpoints,
    /** Requests per INSERT at most (its arrays are parameters: no statement-size limit near). */
    private readonly maxRequests = 256,
  ) {}

  /** Resolves once `rows` are committed. */
  write(rows: AccessRow[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ rows, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxRequests);
      try {
        await insertAccessRows(
          this.ds,
          batch.flatMap((b) => b.rows),
          this.checkpoints,
        );
        for (const b of batch) b.resolve();
      } catch (error) {
        if (batch.length === 1) batch[0].reject(error);
        else
          for (const b of batch)
            await insertAccessRows(this.ds, b.rows, this.checkpoints).then(b.resolve, b.reject);
      }
    }
    this.writing = false;
  }
}

/**
 * Writes each request's personal reads to the access log before the response leaves (group
 * commit: AccessLogWriter), and signs the head of the chain when the server stops.
 */
export function accessLogPlugin<C extends { audit: AccessRecorder; identity: Identity }>(
  ds: DataSource,
  source: string,
  audit?: AuditConfig,
): ApolloServerPlugin<C> {
  const checkpoints = new Checkpoints(source, audit);
  const writer = new AccessLogWriter(ds, checkpoints);
  return {
    async serverWillStart() {
      return {
        async serverWillStop() {
          // Best effort: a database that is gone leaves the tail unsigned until the next checkpoint.
          await checkpoints.settle((sql, p) => ds.query(sql, p)).catch(() => {});
        },
      };
    },
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          try {
            await writer.write(contextValue.audit.take(contextValue.identity, source));
          } catch (error) {
            withholdOnDatabaseFailure(error, response, source);
          }
        },
      };
    },
  };
}

interface AccessRecordRow {
  at: Date;
  subject: string;
  agency: string;
  purpose: string;
  operation: string | null;
  worker_id: string;
  source: string;
  fields: string[];
}

/** One access-log row as the graph shows it. */
export interface AccessRecordView {
  at: string;
  subject: string;
  agency: string;
  purpose: string;
  operation: string | null;
  source: string;
  fields: string[];
}

/** A worker's access-log rows, oldest first: one statement per batch of workers. */
export function accessLogLoader(ds: DataSource): DataLoader<string, AccessRecordView[]> {
  return new DataLoader(async (workerIds) => {
    const valid = workerIds.filter(isUuid);
    const rows: AccessRecordRow[] = valid.length
      ? await ds.query(
          `SELECT at, subject, agency, purpose, operation, worker_id, source, fields
             FROM access_log WHERE worker_id = ANY($1::uuid[]) ORDER BY at, id`,
          [valid],
        )
      : [];
    const byWorker = new Map<string, AccessRecordView[]>();
    for (const r of rows) {
      const list = byWorker.get(r.worker_id) ?? [];
      list.push({ ...r, at: new Date(r.at).toISOString() });
      byWorker.set(r.worker_id, list);
    }
    return workerIds.map((id) => byWorker.get(id) ?? []);
  });
}
