import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each stored report's outlook (ConsistencyReport.outlook: the first day its status worsens if no
 * fact changes, that status, the new rules), indexed by that day for upcomingRisks. Reports stored
 * before stay without one until re-evaluated (`npm run monitor:sweep` fills them at once).
 */
export class Outlook1766200000000 implements MigrationInterface {
  name = 'Outlook1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE monitored_worker
      ADD COLUMN outlook_on date,
      ADD COLUMN outlook_status text,
      ADD COLUMN outlook_rule_ids text[]`);
    await q.query(`CREATE INDEX monitored_worker_outlook ON monitored_worker (outlook_on, worker_id)
      WHERE outlook_on IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX monitored_worker_outlook');
    await q.query(`ALTER TABLE monitored_worker
      DROP COLUMN outlook_on, DROP COLUMN outlook_status, DROP COLUMN outlook_rule_ids`);
  }
}
