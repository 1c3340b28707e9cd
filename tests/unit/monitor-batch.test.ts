/** The monitor's requests fit the gateway's limits at their largest configurable size. */
import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate, type OperationDefinitionNode } from 'graphql';
import { LIMITS, operationCost } from '../../subgraphs/kit/limits';
import { schemaPath } from '../../subgraphs/kit/schema';
import {
  BATCH_QUERY,
  DEFAULT_BATCH_SIZE,
  MAX_BATCH_SIZE,
  MAX_PAGE_SIZE,
  SWEEP_PAGE,
} from '../../subgraphs/monitor/evaluate';
import { loadMonitorConfig } from '../../subgraphs/monitor/config';

const schema = buildSchema(readFileSync(schemaPath('api'), 'utf8'));

function cost(source: string, variables: Record<string, unknown>): number {
  const document = parse(source);
  expect(validate(schema, document)).toEqual([]);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
  )!;
  return operationCost(schema, document, operation, variables);
}

describe('monitor requests and the gateway limits', () => {
  it.each([DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE])(
    'a batch of %i workers is one valid request within the cost limit',
    (size) => {
      const ids = Array.from({ length: size }, (_, k) => `w${k}`);
      const c = cost(BATCH_QUERY, { asOf: '2026-06-01', ids });
      expect(c).toBeGreaterThan(size * 18); // each worker is a consistency evaluation
      expect(c).toBeLessThanOrEqual(LIMITS.cost);
    },
  );

  it('a sweep page of the largest size fits the cost limit', () => {
    expect(cost(SWEEP_PAGE, { asOf: '2026-06-01', first: MAX_PAGE_SIZE })).toBeLessThanOrEqual(
      LIMITS.cost,
    );
  });

  it('refuses a batch size beyond what fits, and needs a token source in production', () => {
    expect(() => loadMonitorConfig({ MONITOR_BATCH_SIZE: String(MAX_BATCH_SIZE + 1) })).toThrow(
      /MONITOR_BATCH_SIZE/,
    );
    expect(() =>
      loadMonitorConfig({
        NODE_ENV: 'production',
        AUTH_JWKS: '/etc/jwks.json',
        INTERNAL_SECRET: 'internal-secret-0123456789',
        AUDIT_CHECKPOINT_KEY: 'audit-key-0123456789',
      }),
    ).toThrow(/MONITOR_TOKEN/);
    const config = loadMonitorConfig({});
    expect(config.port).toBe(4007);
    expect(config.database).toMatchObject({ kind: 'pglite' });
    expect(String((config.database as { dataDir: string }).dataDir)).toMatch(/\.data\/monitor$/);
  });
});
