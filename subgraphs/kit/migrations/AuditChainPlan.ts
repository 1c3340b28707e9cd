import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_CHAIN_PLAN_SQL, DROP_AUDIT_CHAIN_PLAN_SQL } from '../audit-chain';

/** The chain trigger finds the head by the seq index, whatever the statistics (audit-chain.ts). */
export class AuditChainPlan1766300000000 implements MigrationInterface {
  name = 'AuditChainPlan1766300000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of AUDIT_CHAIN_PLAN_SQL) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of DROP_AUDIT_CHAIN_PLAN_SQL) await q.query(sql);
  }
}
