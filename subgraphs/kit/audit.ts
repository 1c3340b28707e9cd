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
    if (this.reads.size === 0) return;
    const workers = [...this.reads.keys()];
    const fields = workers.map(
      (w) => `{${[...(this.reads.get(w) ?? [])].map((f) => `"${f}"`).join(',')}}`,
    );
    this.reads.clear();
    const pending = checkpoints.take();
    const rows: { seq: string; hash: Buffer }[] = await ds
      .query(
        `WITH ${CHECKPOINT_CTE}
         INSERT INTO access_log (subject, agency, purpose, operation, worker_id, source, fields)
         SELECT $5, $6, $7, $8, w, $9, f::text[] FROM unnest($10::uuid[], $11::text[]) AS t(w, f)
         RETURNING seq::text AS seq, hash`,
        [
          ...pending.params,
          identity.sub,
          identity.agency,
          identity.purpose ?? '',
          identity.operation,
          source,
          workers,
          fields,
        ],
      )
      .catch((error: unknown) => {
        pending.restore();
        throw error;
      });
    checkpoints.inserted(rows);
  }
}

/**
 * Writes each request's personal reads to the access log before the response leaves, and signs the
 * head of the chain when the server stops.
 */
export function accessLogPlugin<C extends { audit: AccessRecorder; identity: Identity }>(
  ds: DataSource,
  source: string,
  audit?: AuditConfig,
): ApolloServerPlugin<C> {
  const checkpoints = new Checkpoints(source, audit);
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
            await contextValue.audit.flush(ds, contextValue.identity, source, checkpoints);
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
