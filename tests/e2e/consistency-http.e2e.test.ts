import { mutate } from '../support/mutations';
import { startStack, type Stack } from '../support/stack';

/** The consistency subgraph served on its own over HTTP, as other federation gateways use it. */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ consistencyOverHttp: true });
});
afterAll(() => stack.stop());

it('answers Worker.consistency through an HTTP consistency subgraph', async () => {
  const w = await mutate(stack, 'registerWorker', 'RegisterWorkerInput', {
    fullName: 'Kim Min-jun',
    nationality: 'KR',
    dateOfBirth: '1990-10-10',
  });
  await mutate(stack, 'grantResidencePermit', 'GrantResidencePermitInput', {
    workerId: w.id,
    status: 'ENGINEER_SPECIALIST_INTL_SERVICES',
    grantedOn: '2024-04-01',
    expiresOn: '2026-08-01',
  });
  stack.resetCounters();
  const res = await stack.query(
    `query($id: ID!) { worker(id: $id) { consistency(asOf: "2026-06-01") { status findings { ruleId dueBy } } } }`,
    { id: w.id },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data!.worker.consistency.findings).toEqual(
    expect.arrayContaining([{ ruleId: 'RESIDENCE_EXPIRING', dueBy: '2026-08-01' }]),
  );
  expect(stack.fetches.filter((f) => f.subgraph === 'consistency')).toHaveLength(1);
});
