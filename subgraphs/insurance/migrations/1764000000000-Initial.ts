import type { MigrationInterface, QueryRunner } from 'typeorm';
import { IDEMPOTENCY_TABLE_SQL } from '../../kit/idempotency';

const SCHEMES = `'EMPLOYEES_HEALTH', 'EMPLOYEES_PENSION', 'NATIONAL_HEALTH', 'NATIONAL_PENSION', 'EMPLOYMENT_INSURANCE'`;

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE insurance_enrollments (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        worker_id   uuid NOT NULL,
        scheme      text NOT NULL CHECK (scheme IN (${SCHEMES})),
        employer_id uuid,
        start_date  date NOT NULL,
        end_date    date,
        CHECK ((employer_id IS NULL) = (scheme IN ('NATIONAL_HEALTH', 'NATIONAL_PENSION'))),
        CHECK (end_date IS NULL OR end_date >= start_date)
      )`);
    await q.query(
      'CREATE INDEX insurance_enrollments_worker ON insurance_enrollments (worker_id, start_date)',
    );
    await q.query(`
      CREATE TABLE contribution_arrears (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        worker_id   uuid,
        employer_id uuid,
        scheme      text NOT NULL CHECK (scheme IN (${SCHEMES})),
        since       date NOT NULL,
        amount      integer NOT NULL CHECK (amount >= 0),
        settled_on  date,
        CHECK ((worker_id IS NULL) <> (employer_id IS NULL)),
        CHECK (settled_on IS NULL OR settled_on >= since)
      )`);
    await q.query(
      'CREATE INDEX contribution_arrears_worker ON contribution_arrears (worker_id, since)',
    );
    await q.query(
      'CREATE INDEX contribution_arrears_employer ON contribution_arrears (employer_id, since)',
    );
    await q.query(IDEMPOTENCY_TABLE_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['idempotency_keys', 'contribution_arrears', 'insurance_enrollments']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
