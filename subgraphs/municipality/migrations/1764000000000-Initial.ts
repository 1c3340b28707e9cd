import type { MigrationInterface, QueryRunner } from 'typeorm';
import { IDEMPOTENCY_TABLE_SQL } from '../../kit/idempotency';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE address_registrations (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        worker_id         uuid NOT NULL,
        municipality_code char(6) NOT NULL CHECK (municipality_code ~ '^[0-9]{6}$'),
        moved_in_on       date NOT NULL,
        notified_on       date NOT NULL CHECK (notified_on >= moved_in_on),
        moved_out_on      date CHECK (moved_out_on IS NULL OR moved_out_on >= moved_in_on)
      )`);
    await q.query(
      'CREATE INDEX address_registrations_worker ON address_registrations (worker_id, moved_in_on, notified_on)',
    );
    // One current registration per worker: concurrent notifications cannot both win.
    await q.query(
      'CREATE UNIQUE INDEX address_registrations_current ON address_registrations (worker_id) WHERE moved_out_on IS NULL',
    );
    await q.query(IDEMPOTENCY_TABLE_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['idempotency_keys', 'address_registrations']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
