import { Batcher } from '../../subgraphs/kit/batcher';

describe('Batcher (graphile-worker jobs gathered into one handler call)', () => {
  it('flushes at the batch size and the rest after the delay', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number>(3, async (items) => void batches.push(items), 5);
    await Promise.all([1, 2, 3, 4].map((n) => b.add(n)));
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('fails every item of a batch whose flush throws, and only those', async () => {
    const b = new Batcher<number>(2, async (items) => {
      if (items.includes(1)) throw new Error('source down');
    });
    const results = await Promise.allSettled([1, 2, 3].map((n) => b.add(n)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });
});
