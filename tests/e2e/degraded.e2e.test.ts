import { mutate } from '../support/mutations';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

describe('a subgraph that is down', () => {
  it('yields the other registries’ data and an error for its own fields, not a 500', async () => {
    const worker = await mutate(stack, 'registerWorker', 'RegisterWorkerInput', {
      fullName: 'Siti Rahayu',
      nationality: 'ID',
      dateOfBirth: '1997-03-03',
    });
    await stack.stopSubgraph('tax');
    const res = await stack.query(
      `query($id: ID!) { worker(id: $id) { fullName employments { id } insuranceEnrollments { id } taxAssessments { id } } }`,
      { id: worker.id },
    );
    expect(res.status).toBe(200);
    expect(res.data!.worker).toMatchObject({
      fullName: 'Siti Rahayu',
      employments: [],
      insuranceEnrollments: [],
    });
    expect(res.errors!.length).toBeGreaterThan(0);
    expect(JSON.stringify(res.errors)).toMatch(/tax/i);
    const ready = await fetch(new URL('/readyz', stack.gateway.url));
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { subgraphs: Record<string, boolean> }).subgraphs).toEqual({
      residence: true,
      employment: true,
      insurance: true,
      tax: false,
      municipality: true,
    });
  });
});
