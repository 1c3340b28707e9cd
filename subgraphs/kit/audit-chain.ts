import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Tamper evidence for the access log, as X-Road keeps its message log: every record carries the
 * hash of the one before it (hash = SHA-256(previous hash ‖ canonical content)), and the head of
 * the chain is signed at checkpoints (HMAC-SHA-256 with AUDIT_CHECKPOINT_KEY, a key the database
 * never sees). The database computes each record's position and hash itself, in a BEFORE INSERT
 * trigger under a transaction-level advisory lock, so concurrent inserts still form one chain and
 * the application cannot choose them. `verifyChain` recomputes everything independently.
 */

export interface AuditConfig {
  /** Signs checkpoints; whoever holds it can sign a rewritten chain, so the database never sees it. */
  checkpointKey: string;
  /** A checkpoint is signed when a record's sequence number is a multiple of this. */
  checkpointEvery: number;
}

export const DEFAULT_CHECKPOINT_EVERY = 100;
/** Outside production only: public, so checkpoints signed with it prove nothing. */
export const DEVELOPMENT_AUDIT_KEY = 'kyosei-development-audit-checkpoint-key';
const DEFAULT_AUDIT_CONFIG: AuditConfig = {
  checkpointKey: DEVELOPMENT_AUDIT_KEY,
  checkpointEvery: DEFAULT_CHECKPOINT_EVERY,
};

/** The previous hash of the first record. */
const GENESIS = Buffer.alloc(32);
/** `at` rendered the same in every session, whatever its TimeZone. */
const AT_TEXT = `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The canonical content, in SQL: each value length-prefixed (`<bytes>:<value>`, `-` for NULL), so
 * no choice of text can make two records read the same. `canonical()` below is the same in TypeScript.
 * This is its head: record `r` (a row variable) up to its fields' values.
 */
const canonicalHead = (r: string) => `'kyosei-access-log/v1'
       || access_log_part(${r}.seq::text)
       || access_log_part(to_char(${r}.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
       || access_log_part(${r}.subject) || access_log_part(${r}.agency) || access_log_part(${r}.purpose)
       || access_log_part(${r}.operation) || access_log_part(${r}.worker_id::text)
       || access_log_part(${r}.source)
       || cardinality(${r}.fields)::text || ':'`;

const CANONICAL_SQL = [
  `CREATE FUNCTION access_log_part(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
     SELECT CASE WHEN v IS NULL THEN '-' ELSE octet_length(v)::text || ':' || v END $$`,
  `CREATE FUNCTION access_log_canonical(r access_log) RETURNS bytea LANGUAGE sql STABLE AS $$
     SELECT convert_to(${canonicalHead('r')}
       || coalesce((SELECT string_agg(access_log_part(f), '' ORDER BY i)
                      FROM unnest(r.fields) WITH ORDINALITY AS t(f, i)), ''), 'UTF8') $$`,
];

/** Any constant: advisory locks are per database, and only this trigger takes this one. */
const CHAIN_LOCK = 4_715_172_001;

/** How the first chain trigger computes a record's hash: access_log_canonical, a subquery a row. */
const HASH_BY_FUNCTION = 'NEW.hash := sha256(NEW.prev_hash || access_log_canonical(NEW));';

/** The same bytes as access_log_canonical(NEW), its fields appended in a loop (no query a row). */
const HASH_INLINE = `content := ${canonicalHead('NEW')};
     IF NEW.fields IS NOT NULL THEN
       FOREACH f IN ARRAY NEW.fields LOOP content := content || access_log_part(f); END LOOP;
     END IF;
     NEW.hash := sha256(NEW.prev_hash || convert_to(content, 'UTF8'));`;

/** The chain trigger's function: `settings` its SET clauses, `declare` and `hash` how it hashes. */
const chainFunction = (verb: string, settings: string, declare: string, hash: string) =>
  `${verb} FUNCTION access_log_chain() RETURNS trigger LANGUAGE plpgsql ${settings}AS $$
   DECLARE last record;${declare}
   BEGIN
     -- Held to the end of the transaction: the next insert waits, then sees this row committed.
     PERFORM pg_advisory_xact_lock(${CHAIN_LOCK});
     SELECT seq, hash INTO last FROM access_log ORDER BY seq DESC LIMIT 1;
     NEW.at := statement_timestamp();
     NEW.seq := coalesce(last.seq, 0) + 1;
     NEW.prev_hash := coalesce(last.hash, '\\x${GENESIS.toString('hex')}'::bytea);
     ${hash}
     RETURN NEW;
   END $$`;

/** Migration SQL: chain columns (existing rows chained in id order), the trigger, the checkpoints. */
export const AUDIT_CHAIN_SQL = [
  `ALTER TABLE access_log ADD COLUMN seq bigint, ADD COLUMN prev_hash bytea, ADD COLUMN hash bytea`,
  ...CANONICAL_SQL,
  `ALTER TABLE access_log DISABLE TRIGGER access_log_no_update_delete`,
  `DO $$
   DECLARE r access_log; prev bytea := '\\x${GENESIS.toString('hex')}'; n bigint := 0;
   BEGIN
     FOR r IN SELECT * FROM access_log ORDER BY id LOOP
       n := n + 1;
       r.seq := n;
       r.prev_hash := prev;
       prev := sha256(prev || access_log_canonical(r));
       UPDATE access_log SET seq = n, prev_hash = r.prev_hash, hash = prev WHERE id = r.id;
     END LOOP;
   END $$`,
  `ALTER TABLE access_log ENABLE TRIGGER access_log_no_update_delete`,
  `ALTER TABLE access_log ALTER COLUMN seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL,
     ALTER COLUMN hash SET NOT NULL, ADD CONSTRAINT access_log_seq UNIQUE (seq)`,
  chainFunction('CREATE', '', '', HASH_BY_FUNCTION),
  `CREATE TRIGGER access_log_chain BEFORE INSERT ON access_log
     FOR EACH ROW EXECUTE FUNCTION access_log_chain()`,
  `CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
   END $$`,
  `CREATE TABLE access_log_checkpoint (
     seq       bigint PRIMARY KEY,
     hash      bytea NOT NULL,
     at        timestamptz NOT NULL DEFAULT now(),
     key_id    text NOT NULL,
     signature bytea NOT NULL
   )`,
  `CREATE TRIGGER access_log_checkpoint_no_update_delete BEFORE UPDATE OR DELETE
     ON access_log_checkpoint FOR EACH ROW EXECUTE FUNCTION access_log_append_only()`,
  `CREATE TRIGGER access_log_checkpoint_no_truncate BEFORE TRUNCATE ON access_log_checkpoint
     FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()`,
];

/**
 * The trigger's head lookup (`ORDER BY seq DESC LIMIT 1`) by the seq index, whatever the table's
 * statistics say. Its plan is cached per connection: planned while access_log was empty (a new
 * registry, a bench database just loaded and vacuumed) it was a sequential scan and sort, which
 * every later row repeated over the whole table until autovacuum's next ANALYZE (0.5–0.9 ms a row
 * at 5,000 rows in the monitor sweep's bench, growing with the table). The index is always there
 * (the UNIQUE constraint on seq), so a sequential scan is never the better plan here.
 */
export const AUDIT_CHAIN_PLAN_SQL = [`ALTER FUNCTION access_log_chain() SET enable_seqscan = off`];

export const DROP_AUDIT_CHAIN_PLAN_SQL = [`ALTER FUNCTION access_log_chain() RESET enable_seqscan`];

/**
 * The chain trigger without a query a row for the canonical content (migration
 * AuditChainCanonical): the same bytes, built in the trigger (HASH_INLINE), about half the trigger's
 * cost a row. Still computed by the database from the row as stored, under the chain lock.
 */
export const AUDIT_CHAIN_CANONICAL_SQL = [
  chainFunction(
    'CREATE OR REPLACE',
    'SET enable_seqscan = off ',
    ' content text; f text;',
    HASH_INLINE,
  ),
];

export const DROP_AUDIT_CHAIN_CANONICAL_SQL = [
  chainFunction('CREATE OR REPLACE', 'SET enable_seqscan = off ', '', HASH_BY_FUNCTION),
];

export const DROP_AUDIT_CHAIN_SQL = [
  'DROP TABLE access_log_checkpoint',
  'DROP TRIGGER access_log_chain ON access_log',
  'DROP FUNCTION access_log_chain()',
  'ALTER TABLE access_log DROP COLUMN seq, DROP COLUMN prev_hash, DROP COLUMN hash',
  'DROP FUNCTION access_log_canonical(access_log)',
  'DROP FUNCTION access_log_part(text)',
];

/** The tables the service role may only INSERT into and SELECT from. */
export const APPEND_ONLY_TABLES = ['access_log', 'access_log_checkpoint'];

/** One access-log record as stored, `at` as AT_TEXT renders it. */
interface ChainRecord {
  id: string;
  seq: string;
  at: string;
  subject: string;
  agency: string;
  purpose: string;
  operation: string | null;
  worker_id: string;
  source: string;
  fields: (string | null)[];
  prev_hash: Buffer;
  hash: Buffer;
}

const part = (v: string | null) => (v === null ? '-' : `${Buffer.byteLength(v)}:${v}`);

/** The same bytes as access_log_canonical() in the database. */
function canonical(r: ChainRecord): Buffer {
  return Buffer.from(
    'kyosei-access-log/v1' +
      [r.seq, r.at, r.subject, r.agency, r.purpose, r.operation, r.worker_id, r.source]
        .map(part)
        .join('') +
      `${r.fields.length}:` +
      r.fields.map(part).join(''),
    'utf8',
  );
}

function recordHash(r: ChainRecord): Buffer {
  return createHash('sha256').update(r.prev_hash).update(canonical(r)).digest();
}

function keyId(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** The signature of a checkpoint: which registry, which record, which head hash. */
function signHead(key: string, source: string, seq: string, hash: Buffer): Buffer {
  return createHmac('sha256', key)
    .update(`kyosei-access-log-checkpoint/v1 ${source} ${seq} ${hash.toString('hex')}`)
    .digest();
}

/** Runs one SQL statement, whatever the client (TypeORM, pg, PGlite). */
export type Query = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

interface Checkpoint {
  seq: string;
  hash: Buffer;
  keyId: string;
  signature: Buffer;
}

/**
 * The SQL that stores the checkpoints `$1..$4` carry (arrays; none when empty): a data-modifying
 * CTE, so a request's access-log INSERT stays one statement with its checkpoints in it.
 */
export const CHECKPOINT_CTE = `checkpoints AS (
  INSERT INTO access_log_checkpoint (seq, hash, key_id, signature)
  SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::text[], $4::bytea[])
  ON CONFLICT (seq) DO NOTHING)`;

/**
 * One registry's checkpoint signer. An insert that reaches a multiple of `checkpointEvery` leaves
 * a signed checkpoint pending; the next insert stores it (CHECKPOINT_CTE), and `settle` stores
 * what is pending and signs the head (when a service stops, or on demand).
 */
export class Checkpoints {
  private pending: Checkpoint[] = [];

  constructor(
    readonly source: string,
    readonly config: AuditConfig = DEFAULT_AUDIT_CONFIG,
  ) {}

  private sign(seq: string, hash: Buffer): Checkpoint {
    const key = this.config.checkpointKey;
    return { seq, hash, keyId: keyId(key), signature: signHead(key, this.source, seq, hash) };
  }

  /** The CTE parameters of the pending checkpoints, now handed to an insert. */
  take(): { params: unknown[]; restore(): void } {
    const taken = this.pending;
    this.pending = [];
    return {
      params: [
        taken.map((c) => c.seq),
        taken.map((c) => c.hash),
        taken.map((c) => c.keyId),
        taken.map((c) => c.signature),
      ],
      restore: () => {
        this.pending = [...taken, ...this.pending];
      },
    };
  }

  /** After an insert: signs the rows that reached a checkpoint. */
  inserted(rows: { seq: string; hash: Buffer }[]): void {
    const every = BigInt(this.config.checkpointEvery);
    for (const r of rows)
      if (BigInt(r.seq) % every === 0n) this.pending.push(this.sign(r.seq, toBuffer(r.hash)));
  }

  /** Stores the pending checkpoints now, without waiting for the next insert. */
  async store(query: Query): Promise<void> {
    const taken = this.take();
    if (!(taken.params[0] as unknown[]).length) return;
    try {
      await query(`WITH ${CHECKPOINT_CTE} SELECT 1`, taken.params);
    } catch (error) {
      taken.restore();
      throw error;
    }
  }

  /** Signs the current head of the chain and stores every pending checkpoint (a service stops). */
  async settle(query: Query): Promise<void> {
    const [head] = await query(
      'SELECT seq::text AS last, hash FROM access_log ORDER BY access_log.seq DESC LIMIT 1',
    );
    if (head) this.pending.push(this.sign(head.last as string, toBuffer(head.hash)));
    await this.store(query);
  }
}

function toBuffer(v: unknown): Buffer {
  return Buffer.isBuffer(v) ? v : Buffer.from(v as Uint8Array);
}

interface ChainBreak {
  seq: string;
  /** The record's id, when the record exists. */
  id: string | null;
  reason: string;
}

export interface ChainReport {
  records: number;
  checkpoints: number;
  /** The last signed record; records after it are chained but not yet signed. */
  lastCheckpoint: string | null;
  /** The first thing that does not hold, or null for an intact chain. */
  broken: ChainBreak | null;
}

const BATCH = 5000;

/**
 * Walks the chain in sequence order, recomputing every hash and checking every checkpoint's
 * signature and head; stops at the first break.
 */
export async function verifyChain(query: Query, source: string, key: string): Promise<ChainReport> {
  const checkpoints = (
    await query(
      'SELECT seq::text AS seq, hash, key_id, signature FROM access_log_checkpoint ORDER BY access_log_checkpoint.seq',
    )
  ).map((c) => ({
    seq: BigInt(c.seq as string),
    hash: toBuffer(c.hash),
    keyId: c.key_id as string,
    signature: toBuffer(c.signature),
  }));
  const report = (records: number, broken: ChainBreak | null): ChainReport => ({
    records,
    checkpoints: checkpoints.length,
    lastCheckpoint: checkpoints.length ? String(checkpoints[checkpoints.length - 1].seq) : null,
    broken,
  });
  const expectedKey = keyId(key);
  let c = 0;
  let expected = 1n;
  let prev: Buffer = GENESIS;
  let records = 0;
  for (;;) {
    const rows = (await query(
      `SELECT id::text AS id, seq::text AS seq, ${AT_TEXT} AS at, subject, agency, purpose,
              operation, worker_id::text AS worker_id, source, fields, prev_hash, hash
         FROM access_log WHERE seq >= $1 ORDER BY access_log.seq LIMIT ${BATCH}`,
      [String(expected)],
    )) as unknown as ChainRecord[];
    for (const raw of rows) {
      const r = { ...raw, prev_hash: toBuffer(raw.prev_hash), hash: toBuffer(raw.hash) };
      const seq = BigInt(r.seq);
      const at = { seq: r.seq, id: r.id };
      if (seq !== expected)
        return report(records, {
          seq: String(expected),
          id: null,
          reason: `missing: the chain jumps from seq ${expected - 1n} to seq ${seq} (id ${r.id}) — deleted`,
        });
      if (!r.prev_hash.equals(prev))
        return report(records, {
          ...at,
          reason: `its previous hash is not the hash of seq ${seq - 1n} — a record before it was removed or replaced`,
        });
      if (!recordHash(r).equals(r.hash))
        return report(records, {
          ...at,
          reason: 'its content does not match its hash — edited after it was written',
        });
      while (c < checkpoints.length && checkpoints[c].seq === seq) {
        const cp = checkpoints[c++];
        const failure =
          cp.keyId !== expectedKey
            ? `its checkpoint was signed with another key (key id ${cp.keyId}, configured ${expectedKey})`
            : !safeEqual(cp.signature, signHead(key, source, r.seq, cp.hash))
              ? 'its checkpoint signature is invalid — the checkpoint was forged or edited'
              : !cp.hash.equals(r.hash)
                ? 'its hash differs from the one signed at its checkpoint — the chain was rewritten up to here'
                : null;
        if (failure) return report(records, { ...at, reason: failure });
      }
      prev = r.hash;
      expected = seq + 1n;
      records += 1;
    }
    if (rows.length < BATCH) break;
  }
  if (c < checkpoints.length)
    return report(records, {
      seq: String(checkpoints[c].seq),
      id: null,
      reason: `missing: signed at a checkpoint, but the chain ends at seq ${expected - 1n} — deleted`,
    });
  return report(records, null);
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
