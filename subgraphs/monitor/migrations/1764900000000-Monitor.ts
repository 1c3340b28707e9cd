import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monitor's store: every worker's current report (with the columns the population views group
 * by) and every change of it; the sweeps that re-evaluated everyone.
 */
export class Monitor1764900000000 implements MigrationInterface {
  name = 'Monitor1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE monitored_worker (
      worker_id         uuid PRIMARY KEY,
      status            text NOT NULL,
      report            jsonb NOT NULL,
      next_review_on    date,
      as_of             date NOT NULL,
      evaluated_at      timestamptz NOT NULL,
      cause             text NOT NULL,
      source            text,
      change_ref        text,
      residence_status  text,
      nationality       text,
      employer_ids      text[] NOT NULL DEFAULT '{}',
      job_fields        text[] NOT NULL DEFAULT '{}',
      municipality_code text
    )`);
    await q.query(`CREATE INDEX monitored_worker_status ON monitored_worker (status)`);
    await q.query(`CREATE INDEX monitored_worker_review ON monitored_worker (next_review_on)`);
    await q.query(`CREATE TABLE risk_transition (
      id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      worker_id         uuid NOT NULL,
      at                timestamptz NOT NULL,
      from_status       text,
      to_status         text NOT NULL,
      cause             text NOT NULL,
      source            text,
      findings_added    jsonb NOT NULL,
      findings_resolved jsonb NOT NULL
    )`);
    await q.query(`CREATE INDEX risk_transition_worker ON risk_transition (worker_id, at, id)`);
    await q.query(`CREATE TABLE monitor_sweep (
      id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      started_at  timestamptz NOT NULL,
      finished_at timestamptz,
      workers     integer NOT NULL DEFAULT 0
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE monitor_sweep');
    await q.query('DROP TABLE risk_transition');
    await q.query('DROP TABLE monitored_worker');
  }
}
