import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ACCESS_LOG_SQL, DROP_ACCESS_LOG_SQL } from '../audit';

/** The append-only access log, the same in every registry's database. */
export class AccessLog1764100000000 implements MigrationInterface {
  name = 'AccessLog1764100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of ACCESS_LOG_SQL) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of DROP_ACCESS_LOG_SQL) await q.query(sql);
  }
}
