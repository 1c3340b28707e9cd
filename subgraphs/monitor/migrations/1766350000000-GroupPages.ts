import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * riskOverview's pages of groups (views/groups.ts): each group's selected workers, summed from the
 * tally's worker rows (rule_id ''), read from this index alone (an index-only scan in key order)
 * to find the groups with most workers, instead of every tally row of the grouping.
 */
export class GroupPages1766350000000 implements MigrationInterface {
  name = 'GroupPages1766350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX monitor_tally_groups ON monitor_tally (fdim, fkey, dim, key, status)
      INCLUDE (n) WHERE rule_id = ''`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX monitor_tally_groups');
  }
}
