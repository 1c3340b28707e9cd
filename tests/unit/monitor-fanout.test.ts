/** Which feed changes reach an employer's other workers (subgraphs/monitor/fanout.ts). */
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { schemaPath } from '../../subgraphs/kit/schema';
import {
  changedParties,
  EMPLOYER_FACT_OPERATIONS,
  WORKER_RECORD_OPERATIONS,
} from '../../subgraphs/monitor/fanout';

const api = buildSchema(readFileSync(schemaPath('api'), 'utf8'));
const mutations = Object.keys(api.getMutationType()!.getFields());

describe('the monitor’s fan-out of employer changes', () => {
  it('classifies every mutation that names an employer, each once', () => {
    for (const op of [...WORKER_RECORD_OPERATIONS, ...EMPLOYER_FACT_OPERATIONS])
      expect(mutations).toContain(op);
    for (const op of WORKER_RECORD_OPERATIONS) expect(EMPLOYER_FACT_OPERATIONS.has(op)).toBe(false);
    const classified = new Set([...WORKER_RECORD_OPERATIONS, ...EMPLOYER_FACT_OPERATIONS]);
    // Every mutation whose input can name an employer is in one list or the other.
    const namesEmployer = mutations.filter((name) => {
      const arg = api.getMutationType()!.getFields()[name].args[0];
      const input = api.getType(String(arg.type).replace('!', '')) as unknown as {
        getFields(): Record<string, unknown>;
      };
      return (
        Object.keys(input.getFields()).some((f) => /employer/i.test(f)) || /Employer/.test(name)
      );
    });
    expect(namesEmployer.length).toBeGreaterThanOrEqual(8);
    expect(namesEmployer.filter((name) => !classified.has(name))).toEqual([]);
  });

  it('re-evaluates the worker of a hire, and every employee only for the employer’s own facts', () => {
    expect(
      changedParties([
        { kind: 'WORKER', id: 'w1', operation: 'startEmployment' },
        { kind: 'EMPLOYER', id: 'e1', operation: 'startEmployment' },
        { kind: 'EMPLOYER', id: 'e2', operation: 'recordEmployerTaxArrears' },
        { kind: 'EMPLOYER', id: 'e3', operation: 'someFutureOperation' },
        { kind: 'WORKER', id: 'w1', operation: 'enrollInsurance' },
      ]),
    ).toEqual({ workers: ['w1'], employers: ['e2', 'e3'] });
  });
});
