/** `npm run seed`: loads the demo dataset through a running gateway (GATEWAY_URL). */
import { todayInTokyo } from '../../subgraphs/kit/dates';
import { buildDataset } from '../demo/dataset';
import { seedDataset } from '../demo/seed';
import { loadGatewayConfig } from '../config';
import { ALL_SCOPES, demoToken } from '../tokens';

async function main(): Promise<void> {
  const url = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql';
  const referenceDate = process.env.DEMO_REFERENCE_DATE ?? todayInTokyo();
  const dataset = buildDataset(referenceDate);
  process.stdout.write(
    `Seeding ${dataset.workers.length} workers and ${dataset.employers.length} employers (reference date ${referenceDate}) through ${url}…\n`,
  );
  // GATEWAY_TOKEN, or a development token with every scope signed with the configured secret.
  const secret = loadGatewayConfig().auth.secret;
  const token =
    process.env.GATEWAY_TOKEN ??
    (secret
      ? await demoToken(secret, { agency: 'ANALYST', scope: ALL_SCOPES, purpose: 'demo data' })
      : null);
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  const result = await seedDataset(url, dataset, {
    headers,
    onProgress: (done, total) => {
      if (process.stdout.isTTY) process.stdout.write(`\r  ${done}/${total} mutations`);
    },
  });
  process.stdout.write(
    `${process.stdout.isTTY ? '\n' : ''}Done: ${result.mutations} mutations in ${result.requests} requests, ${(result.ms / 1000).toFixed(1)} s.\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
