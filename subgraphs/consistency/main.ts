// First: tracing hooks http, undici, graphql and pg before they load (OTEL_* variables).
import '../kit/tracing';
import { loadConfig } from './config';
import { startConsistency } from './server';

async function main(): Promise<void> {
  const running = await startConsistency(loadConfig());
  const stop = () =>
    void running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`consistency: ${error.message}\n`);
  process.exit(1);
});
