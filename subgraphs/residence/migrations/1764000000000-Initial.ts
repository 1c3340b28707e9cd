import type { MigrationInterface, QueryRunner } from 'typeorm';
import { IDEMPOTENCY_TABLE_SQL } from '../../kit/idempotency';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workers (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq           bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        full_name     text NOT NULL,
        nationality   char(2) NOT NULL,
        date_of_birth date NOT NULL
      )`);
    await q.query(`
      CREATE TABLE residence_permits (
        id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        worker_id              uuid NOT NULL REFERENCES workers(id),
        status                 text NOT NULL,
        granted_on             date NOT NULL,
        expires_on             date,
        designated_fields      text[] NOT NULL DEFAULT '{}',
        designated_employer_id uuid,
        enrolled_until         date,
        CHECK (expires_on IS NULL OR expires_on > granted_on)
      )`);
    await q.query(
      'CREATE INDEX residence_permits_worker ON residence_permits (worker_id, granted_on)',
    );
    await q.query(`
      CREATE TABLE residence_applications (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        worker_id  uuid NOT NULL REFERENCES workers(id),
        kind       text NOT NULL,
        filed_on   date NOT NULL,
        decided_on date,
        outcome    text,
        CHECK ((decided_on IS NULL) = (outcome IS NULL)),
        CHECK (decided_on IS NULL OR decided_on >= filed_on)
      )`);
    await q.query(
      'CREATE INDEX residence_applications_worker ON residence_applications (worker_id, filed_on)',
    );
    await q.query(`
      CREATE TABLE work_permissions (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        worker_id        uuid NOT NULL REFERENCES workers(id),
        granted_on       date NOT NULL,
        expires_on       date,
        max_weekly_hours integer NOT NULL CHECK (max_weekly_hours BETWEEN 0 AND 168),
        CHECK (expires_on IS NULL OR expires_on > granted_on)
      )`);
    await q.query(
      'CREATE INDEX work_permissions_worker ON work_permissions (worker_id, granted_on)',
    );
    await q.query(IDEMPOTENCY_TABLE_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'idempotency_keys',
      'work_permissions',
      'residence_applications',
      'residence_permits',
      'workers',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
