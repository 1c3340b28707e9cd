import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The store's tables whose plans and index-only scans the population views depend on. */
export const TABLES = ['monitor_tally', 'monitored_worker', 'monitor_finding'];

/**
 * Autovacuum and autoanalyze at 2 % of a store's rows changed or inserted instead of PostgreSQL's
 * 20 %: at 1,000,000 workers the first sweep inserts every row of the tally, and until a vacuum
 * marks its pages all-visible riskOverview's page of employers (an index-only scan, migration
 * GroupPages) visits the heap for each of its rows — 3.5 s right after a sweep of a million
 * (docs/BENCHMARKS.md). The monitor also vacuums the tally itself when a sweep ends
 * (MonitorStore.settle); this keeps it so between sweeps, and where the service role does not own
 * the tables (PostgreSQL skips its VACUUM then; autovacuum runs as the server).
 */
export class StoreMaintenance1766600000000 implements MigrationInterface {
  name = 'StoreMaintenance1766600000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES)
      await q.query(`ALTER TABLE ${table} SET (autovacuum_vacuum_scale_factor = 0.02,
        autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES)
      await q.query(`ALTER TABLE ${table} RESET (autovacuum_vacuum_scale_factor,
        autovacuum_vacuum_insert_scale_factor, autovacuum_analyze_scale_factor)`);
  }
}
