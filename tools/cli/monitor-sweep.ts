/**
 * `npm run monitor:sweep`: re-evaluates every worker through the gateway (GATEWAY_URL) and stores
 * the reports in the monitor's database (MONITOR_DATABASE_URL / DATABASE_URL, else the embedded
 * one under .data/monitor): for a first start or a recovery. The embedded database serves one
 * process: stop the monitor first (on PostgreSQL the sweep runs alongside it).
 */
import { openDatabase } from '../../subgraphs/kit/database';
import { GRAPH_PORTS, type ConfigError } from '../../subgraphs/kit/config';
import { monitor } from '../../subgraphs/monitor';
import { loadMonitorConfig, type MonitorConfig } from '../../subgraphs/monitor/config';
import { sweep } from '../../subgraphs/monitor/evaluate';
import { monitorEvaluator } from '../../subgraphs/monitor/service';

async function monitorRunning(config: MonitorConfig): Promise<boolean> {
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const url = `http://${host}:${config.port || GRAPH_PORTS.monitor}/healthz`;
  return fetch(url, { signal: AbortSignal.timeout(1000) }).then(
    (r) => r.ok,
    () => false,
  );
}

async function main(): Promise<void> {
  let config: MonitorConfig;
  try {
    config = loadMonitorConfig();
  } catch (error) {
    process.stderr.write(`${(error as ConfigError).message}\n`);
    process.exit(2);
  }
  if (config.database.kind === 'pglite' && (await monitorRunning(config))) {
    process.stderr.write(
      'The monitor is running on its embedded database (one process only): stop it first, or give it MONITOR_DATABASE_URL / DATABASE_URL.\n',
    );
    process.exit(1);
  }
  const db = await openDatabase({
    name: 'monitor',
    target: config.database,
    entities: monitor.entities,
    migrations: monitor.migrations,
  });
  try {
    process.stdout.write(`Sweeping every worker through ${config.gatewayUrl}…\n`);
    const result = await sweep(monitorEvaluator(db, config), { pageSize: config.pageSize });
    process.stdout.write(
      `Done: ${result.workers} workers in ${result.seconds.toFixed(1)} s (${(result.workers / Math.max(result.seconds, 0.001)).toFixed(0)} workers/s), ${result.transitions} transitions, ${result.removed} removed.\n`,
    );
  } finally {
    await db.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`monitor:sweep: ${error.message}\n`);
  process.exit(1);
});
