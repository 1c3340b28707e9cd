// First: tracing hooks http, undici, graphql and pg before they load (OTEL_* variables).
import '../kit/tracing';
import { loadConfig } from './config';
import { startConsistency } from './server';
import { stopOnSignals } from '../kit/signals';

async function main(): Promise<void> {
  const running = await startConsistency(loadConfig());
  stopOnSignals(() => running.close());
}

main().catch((error: Error) => {
  process.stderr.write(`consistency: ${error.message}\n`);
  process.exit(1);
});
