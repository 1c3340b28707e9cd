import type { Query } from './audit-chain';
import { APPEND_ONLY_TABLES as AUDIT_TABLES } from './audit-chain';
import { CHANGE_OUTBOX_TABLE } from './changes';

/** The tables the service role may only INSERT into and SELECT from: the access log, the outbox. */
const APPEND_ONLY_TABLES = [...AUDIT_TABLES, CHANGE_OUTBOX_TABLE];

/** TypeORM's migration history: the service role reads it (readiness), never writes it. */
const MIGRATIONS_TABLE = 'migrations';

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Run by the owner role after its migrations, on every start (so tables a later migration adds are
 * covered): the service role gets exactly SELECT, INSERT, UPDATE, DELETE on the data tables,
 * SELECT and INSERT on the append-only tables, SELECT on the migration history — nothing else, and
 * it must own nothing and not be a superuser, or it could disable the access log's triggers.
 * Call it inside one transaction, so the service never sees a moment without its grants.
 */
export async function grantServiceRole(query: Query, service: string): Promise<void> {
  const [role] = await query('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1', [
    service,
  ]);
  if (!role) throw new Error(`Service role ${service} does not exist`);
  if (role.rolsuper)
    throw new Error(
      `Service role ${service} is a superuser: it could edit the access log; use a plain role`,
    );
  const owned = await query(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = $1)`,
    [service],
  );
  if (owned.length)
    throw new Error(
      `Service role ${service} owns ${owned.map((r) => r.relname as string).join(', ')}: ` +
        `a table owner can disable the access log's triggers; as a superuser run ` +
        `REASSIGN OWNED BY ${ident(service)} TO <the migration role> in this database`,
    );
  const tables = (
    await query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)
  ).map((r) => r.tablename as string);
  const role_ = ident(service);
  const appendOnly = tables.filter((t) => APPEND_ONLY_TABLES.includes(t));
  const data = tables.filter((t) => !APPEND_ONLY_TABLES.includes(t) && t !== MIGRATIONS_TABLE);
  const list = (ts: string[]) => ts.map(ident).join(', ');
  const statements = [
    `GRANT USAGE ON SCHEMA public TO ${role_}`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role_}`,
    `REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role_}`,
    data.length ? `GRANT SELECT, INSERT, UPDATE, DELETE ON ${list(data)} TO ${role_}` : null,
    appendOnly.length ? `GRANT SELECT, INSERT ON ${list(appendOnly)} TO ${role_}` : null,
    appendOnly.length
      ? `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${list(appendOnly)} FROM PUBLIC`
      : null,
    tables.includes(MIGRATIONS_TABLE) ? `GRANT SELECT ON ${MIGRATIONS_TABLE} TO ${role_}` : null,
  ].filter((s): s is string => s !== null);
  for (const sql of statements) await query(sql);
}
