/**
 * The whole stack in a child process, logging at debug level, for tests that read its output
 * (tests/e2e/log-privacy.e2e.test.ts). Prints `STACK <json urls>` once up; stops on SIGTERM.
 */
import { startStack } from './stack';

async function main(): Promise<void> {
  const stack = await startStack({ consistencyOverHttp: true, logLevel: 'debug' });
  const urls = {
    gateway: stack.gateway.url,
    consistency: stack.consistencyUrl,
    ...Object.fromEntries(Object.entries(stack.subgraphs).map(([name, sg]) => [name, sg.url])),
  };
  process.stdout.write(`STACK ${JSON.stringify(urls)}\n`);
  process.once('SIGTERM', () => {
    void stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

void main();
