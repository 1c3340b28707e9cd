import type { MigrationInterface, QueryRunner } from 'typeorm';
import { IDEMPOTENCY_TABLE_SQL } from '../../kit/idempotency';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tax_assessments (
        id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        worker_id              uuid NOT NULL,
        kind                   text NOT NULL CHECK (kind IN ('RESIDENT_TAX', 'INCOME_TAX')),
        fiscal_year            integer NOT NULL,
        amount                 integer NOT NULL CHECK (amount >= 0),
        due_date               date NOT NULL,
        collection             text NOT NULL CHECK (collection IN ('SPECIAL', 'ORDINARY')),
        collecting_employer_id uuid,
        CHECK ((collection = 'SPECIAL') = (collecting_employer_id IS NOT NULL))
      )`);
    await q.query(
      'CREATE INDEX tax_assessments_worker ON tax_assessments (worker_id, fiscal_year, due_date)',
    );
    await q.query(`
      CREATE TABLE tax_payments (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assessment_id uuid NOT NULL REFERENCES tax_assessments(id),
        paid_on       date NOT NULL,
        amount        integer NOT NULL CHECK (amount > 0)
      )`);
    await q.query('CREATE INDEX tax_payments_assessment ON tax_payments (assessment_id, paid_on)');
    await q.query(`
      CREATE TABLE withholding_reports (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        employer_id  uuid NOT NULL,
        worker_id    uuid NOT NULL,
        year         integer NOT NULL,
        gross_pay    integer NOT NULL CHECK (gross_pay >= 0),
        tax_withheld integer NOT NULL CHECK (tax_withheld >= 0 AND tax_withheld <= gross_pay)
      )`);
    await q.query(
      'CREATE UNIQUE INDEX withholding_reports_once ON withholding_reports (employer_id, worker_id, year)',
    );
    await q.query(
      'CREATE INDEX withholding_reports_worker ON withholding_reports (worker_id, year)',
    );
    await q.query(`
      CREATE TABLE employer_tax_arrears (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        employer_id uuid NOT NULL,
        since       date NOT NULL,
        amount      integer NOT NULL CHECK (amount >= 0),
        settled_on  date,
        CHECK (settled_on IS NULL OR settled_on >= since)
      )`);
    await q.query(
      'CREATE INDEX employer_tax_arrears_employer ON employer_tax_arrears (employer_id, since)',
    );
    await q.query(IDEMPOTENCY_TABLE_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'idempotency_keys',
      'employer_tax_arrears',
      'withholding_reports',
      'tax_payments',
      'tax_assessments',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
