import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_CHAIN_CANONICAL_SQL, DROP_AUDIT_CHAIN_CANONICAL_SQL } from '../audit-chain';

/** The chain trigger builds the canonical content itself, no query a row (audit-chain.ts). */
export class AuditChainCanonical1766500000000 implements MigrationInterface {
  name = 'AuditChainCanonical1766500000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of AUDIT_CHAIN_CANONICAL_SQL) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of DROP_AUDIT_CHAIN_CANONICAL_SQL) await q.query(sql);
  }
}
