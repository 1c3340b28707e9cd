import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where the monitor stands in each registry's change feed (subgraphs/monitor/follow.ts), and the
 * last day the calendar enqueued its due reviews (row `calendar`, subgraphs/monitor/calendar.ts).
 */
export class FeedCursor1765000000000 implements MigrationInterface {
  name = 'FeedCursor1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE monitor_feed_cursor (
      registry   text PRIMARY KEY,
      cursor     text,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX monitored_worker_employers ON monitored_worker USING gin (employer_ids)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX monitored_worker_employers');
    await q.query('DROP TABLE monitor_feed_cursor');
  }
}
