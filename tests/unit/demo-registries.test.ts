/**
 * The demo organised per registry: every registry module's documents are valid against the public
 * API with the inputs the dataset gives them, and a fifth registry plugs in with one module (its
 * facts derived per worker, its mutations planned after the workers exist) without disturbing the
 * four registries' data.
 */
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getVariableValues,
  parse,
  validate,
  type OperationDefinitionNode,
} from 'graphql';
import { API_SCHEMA_PATH } from '../../tools/compose';
import { batchDocument, mutationName } from '../../tools/demo/batch';
import { buildDataset } from '../../tools/demo/dataset';
import { DEMO_REGISTRIES, type DemoRegistry } from '../../tools/demo/registries';
import { municipalityDemo } from '../../tools/demo/registries/municipality';
import type { Op } from '../../tools/demo/registries/registry';
import { planPhases } from '../../tools/demo/seed';
import type { DemoDataset } from '../../tools/demo/types';

interface DemoAddress {
  municipality: string;
  since: string;
}

declare module '../../tools/demo/types' {
  interface RegistryFacts {
    addresses?: DemoAddress[];
  }
}

const REF = '2026-11-28';
const schema = buildSchema(readFileSync(API_SCHEMA_PATH, 'utf8'));

/** Runs the phases offline: every created record gets the id `id:<ref>`. */
function allOps(dataset: DemoDataset, registries?: readonly DemoRegistry[]): Op[][] {
  return planPhases(dataset, registries).map((phase) => {
    const ops = phase.ops();
    expect(ops).toHaveLength(phase.count);
    for (const op of ops) op.onId?.(`id:${op.ref}`);
    return ops;
  });
}

const municipality: DemoRegistry = {
  name: 'municipality',
  derive: (worker, { rng }) => ({
    addresses: [
      { municipality: rng.pick(['Shinjuku', 'Toyota', 'Hamamatsu']), since: worker.dateOfBirth },
    ],
  }),
  phases: {
    records: ({ workers }, { id }) =>
      workers.map((w) => ({
        document: /* GraphQL */ `
          mutation RegisterAddress($input: RegisterAddressInput!) {
            registerAddress(input: $input) {
              id
            }
          }
        `,
        ref: `address:${w.key}`,
        input: { workerId: id(w.key), ...w.registryFacts.addresses?.[0] },
      })),
  },
};

describe('demo registry modules', () => {
  const dataset = buildDataset(REF);

  it('send documents the API accepts, with inputs of the right types, in batches', () => {
    const phases = allOps(dataset);
    const mutations = new Set(phases.flat().map((op) => mutationName(op.document)));
    expect(mutations.size).toBe(19);
    for (const ops of phases) {
      for (let i = 0; i < ops.length; i += 50) {
        const chunk = ops.slice(i, i + 50);
        const document = parse(batchDocument(chunk.map((op) => op.document)));
        expect(validate(schema, document)).toEqual([]);
        const operation = document.definitions[0] as OperationDefinitionNode;
        const inputs = Object.fromEntries(
          chunk.map((op, n) => [`i${n}`, { ...op.input, idempotencyKey: `k:${op.ref}` }]),
        );
        const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], inputs);
        expect(coerced.errors ?? []).toEqual([]);
      }
    }
  });

  it('refer only to ids an earlier phase created', () => {
    const created = new Set<string>();
    for (const ops of allOps(dataset)) {
      const referenced = ops.flatMap(
        (op) =>
          JSON.stringify(op.input)
            .match(/id:[^"]+/g)
            ?.map((s) => s.slice(3)) ?? [],
      );
      const missing = referenced.filter((ref) => !created.has(ref));
      expect(missing).toEqual([]);
      for (const op of ops) if (op.onId) created.add(op.ref);
    }
  });

  it('reject a document that is not a single mutation with one variable', () => {
    expect(() => batchDocument(['query Q { workers { totalCount } }'])).toThrow(/single mutation/);
    expect(() =>
      batchDocument(['mutation M($a: ID!, $b: ID!) { endEmployment(input: {}) { id } }']),
    ).toThrow(/single mutation/);
  });
});

describe('a fifth registry added by one list entry', () => {
  const base = buildDataset(REF);
  const withMunicipality = buildDataset(REF, [...DEMO_REGISTRIES, municipality]);

  it('derives its facts for every worker, deterministically', () => {
    expect(withMunicipality.workers.every((w) => w.registryFacts.addresses?.length === 1)).toBe(
      true,
    );
    expect(buildDataset(REF, [...DEMO_REGISTRIES, municipality])).toEqual(withMunicipality);
    const places = new Set(withMunicipality.workers.map((w) => w.registryFacts.addresses?.[0]));
    expect(places.size).toBeGreaterThan(1);
    expect(base.workers.every((w) => w.registryFacts.addresses === undefined)).toBe(true);
  });

  it("leaves the four registries' data as it was", () => {
    const strip = (d: DemoDataset) => d.workers.map(({ registryFacts: _, ...w }) => w);
    expect(strip(withMunicipality)).toEqual(strip(base));
    expect(withMunicipality.employers).toEqual(base.employers);
  });

  it('has its mutations planned in its phase, with the ids of the workers', () => {
    const before = allOps(base);
    const after = allOps(withMunicipality, [...DEMO_REGISTRIES, municipality]);
    expect(after.map((ops) => ops.length)).toEqual(
      before.map((ops, i) => ops.length + (i === 1 ? base.workers.length : 0)),
    );
    const addresses = after[1].filter((op) => mutationName(op.document) === 'registerAddress');
    expect(addresses[0].input).toEqual({
      workerId: `id:worker:${withMunicipality.workers[0].key}`,
      ...withMunicipality.workers[0].registryFacts.addresses?.[0],
    });
  });
});

describe('the municipality module', () => {
  const dataset = buildDataset(REF);
  const full = DEMO_REGISTRIES.map((r) => (r.name === 'municipality' ? municipalityDemo : r));
  const NOTIFY = ['notifyAddress', 'notifyMoveOut'];
  const municipal = (registries?: readonly DemoRegistry[]) =>
    allOps(dataset, registries).map((ops) =>
      ops.filter((op) => NOTIFY.includes(mutationName(op.document))),
    );

  it('notifies each address, then the move out of the first, then the address moved into', () => {
    const registrations = dataset.workers.flatMap(
      (w) => w.registryFacts.addressRegistrations ?? [],
    );
    expect(registrations.length).toBeGreaterThan(dataset.workers.length * 0.9);
    const [, records, followUps, notices] = municipal(full).map((ops) =>
      ops.map((op) => mutationName(op.document)),
    );
    const movedOut = registrations.filter((r) => r.movedOutOn !== null).length;
    expect(movedOut).toBeGreaterThan(10);
    expect(followUps).toEqual(Array(movedOut).fill('notifyMoveOut'));
    expect([...records, ...notices]).toEqual(Array(registrations.length).fill('notifyAddress'));
    const first = municipal(full)[1][0];
    expect(Object.keys(first.input).sort()).toEqual([
      'movedInOn',
      'municipalityCode',
      'notifiedOn',
      'workerId',
    ]);
    const moveOut = municipal(full)[2][0];
    expect(moveOut.input).toEqual({
      registrationId: expect.stringMatching(/^id:address:w\d+:0$/),
      movedOutOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
  });

  it('sends documents the API accepts', () => {
    for (const op of municipal(full).flat()) {
      const document = parse(batchDocument([op.document]));
      expect(validate(schema, document)).toEqual([]);
      const operation = document.definitions[0] as OperationDefinitionNode;
      const inputs = { i0: { ...op.input, idempotencyKey: `k:${op.ref}` } };
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], inputs);
      expect(coerced.errors ?? []).toEqual([]);
    }
  });
});
