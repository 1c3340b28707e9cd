import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CHANGE_OUTBOX_SQL, DROP_CHANGE_OUTBOX_SQL } from '../changes';

/** The transactional outbox of changed workers and employers, the same in every registry's database. */
export class ChangeOutbox1764300000000 implements MigrationInterface {
  name = 'ChangeOutbox1764300000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of CHANGE_OUTBOX_SQL) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of DROP_CHANGE_OUTBOX_SQL) await q.query(sql);
  }
}
