import type { MigrationInterface, QueryRunner } from 'typeorm';
import { IDEMPOTENCY_TABLE_SQL } from '../../kit/idempotency';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE employers (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq               bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        name              text NOT NULL,
        legal_form        text NOT NULL CHECK (legal_form IN ('CORPORATION', 'SOLE_PROPRIETOR')),
        employee_count    integer NOT NULL CHECK (employee_count >= 0),
        insured_headcount integer NOT NULL CHECK (insured_headcount >= 0),
        corporate_number  char(13) CHECK (corporate_number ~ '^[0-9]{13}$')
      )`);
    await q.query(`
      CREATE TABLE employments (
        id                             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        worker_id                      uuid NOT NULL,
        employer_id                    uuid NOT NULL REFERENCES employers(id),
        start_date                     date NOT NULL,
        end_date                       date,
        job_field                      text NOT NULL,
        weekly_hours                   numeric NOT NULL CHECK (weekly_hours BETWEEN 0 AND 168),
        monthly_wage                   integer NOT NULL CHECK (monthly_wage >= 0),
        support_plan_provider          text CHECK (support_plan_provider IN ('SELF', 'REGISTERED_SUPPORT_ORGANIZATION')),
        support_plan_organization_name text,
        UNIQUE (id, worker_id),
        CHECK (end_date IS NULL OR end_date >= start_date),
        CHECK (support_plan_provider = 'REGISTERED_SUPPORT_ORGANIZATION'
               OR support_plan_organization_name IS NULL),
        CHECK (support_plan_provider IS DISTINCT FROM 'REGISTERED_SUPPORT_ORGANIZATION'
               OR support_plan_organization_name IS NOT NULL)
      )`);
    await q.query('CREATE INDEX employments_worker ON employments (worker_id, start_date)');
    await q.query('CREATE INDEX employments_employer ON employments (employer_id, start_date)');
    await q.query(`
      CREATE TABLE employment_notifications (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq                 bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        employment_id       uuid NOT NULL,
        worker_id           uuid NOT NULL,
        kind                text NOT NULL CHECK (kind IN ('HIRE', 'SEPARATION')),
        filed_on            date NOT NULL,
        reported_status     text,
        reported_expires_on date,
        FOREIGN KEY (employment_id, worker_id) REFERENCES employments (id, worker_id)
      )`);
    await q.query(
      'CREATE INDEX employment_notifications_employment ON employment_notifications (employment_id, filed_on)',
    );
    await q.query(
      'CREATE INDEX employment_notifications_worker ON employment_notifications (worker_id, filed_on)',
    );
    await q.query(IDEMPOTENCY_TABLE_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['idempotency_keys', 'employment_notifications', 'employments', 'employers']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
