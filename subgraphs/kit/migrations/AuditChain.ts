import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_CHAIN_SQL, DROP_AUDIT_CHAIN_SQL } from '../audit-chain';

/** The access log's hash chain and signed checkpoints, the same in every registry's database. */
export class AuditChain1764200000000 implements MigrationInterface {
  name = 'AuditChain1764200000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of AUDIT_CHAIN_SQL) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of DROP_AUDIT_CHAIN_SQL) await q.query(sql);
  }
}
