// First: tracing hooks http, undici, graphql and pg before they load (OTEL_* variables).
import '../subgraphs/kit/tracing';
import { loadGatewayConfig } from './config';
import { startGateway } from './server';
import { stopOnSignals } from '../subgraphs/kit/signals';

async function main(): Promise<void> {
  let config;
  try {
    config = loadGatewayConfig();
  } catch (error) {
    process.stderr.write(`gateway: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const running = await startGateway(config);
  stopOnSignals(() => running.stop());
}

main().catch((error: Error) => {
  process.stderr.write(`gateway: failed to start: ${error.message}\n`);
  process.exit(1);
});
