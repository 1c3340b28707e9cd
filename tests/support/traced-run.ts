/**
 * Child process of tests/e2e/tracing.e2e.test.ts: with tracing on (OTEL_* variables set by the
 * test), starts the stack, reads one Worker through the gateway, stops and flushes the spans.
 * Prints the worker's id on stdout.
 */
import { stopTracing } from '../../subgraphs/kit/tracing';
import type {
  TracedWorkerQuery,
  TracedWorkerQueryVariables,
} from '../../tools/codegen/generated/operations';
import { mutate } from './mutations';
import { startStack } from './stack';

async function main(): Promise<void> {
  const stack = await startStack();
  try {
    const worker = await mutate(stack, 'registerWorker', 'RegisterWorkerInput', {
      fullName: 'Traced Person',
      nationality: 'VN',
      dateOfBirth: '1998-07-15',
    });
    const res = await stack.query<TracedWorkerQuery>(
      /* GraphQL */ `
        query TracedWorker($id: ID!) {
          worker(id: $id) {
            id
            fullName
            residencePermits {
              status
            }
            employments {
              jobField
            }
          }
        }
      `,
      { id: worker.id } satisfies TracedWorkerQueryVariables,
    );
    if (res.errors || res.data?.worker?.id !== worker.id) throw new Error(JSON.stringify(res));
    process.stdout.write(`${worker.id}\n`);
  } finally {
    await stack.stop();
    await stopTracing();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
