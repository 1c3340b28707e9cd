import { compareAnswers, formatDifference, NORMALISATION, normalise } from '../../bench/compare';

/** The benchmark's answer check (bench/compare.ts): what counts as the same answer. */

const consistent = {
  worker: {
    id: 'w1',
    consistency: {
      status: 'CONSISTENT',
      missingSources: [],
      unevaluatedRules: [],
      findings: [],
    },
  },
};

describe('compareAnswers', () => {
  it('accepts the same answer, whatever the order of object keys', () => {
    const got = {
      worker: {
        consistency: {
          findings: [],
          unevaluatedRules: [],
          missingSources: [],
          status: 'CONSISTENT',
        },
        id: 'w1',
      },
    };
    expect(compareAnswers({ data: consistent }, { data: got })).toBeNull();
  });

  it('reports the first differing path with expected and got (the Hive default-planner case)', () => {
    const got = {
      worker: {
        id: 'w1',
        consistency: {
          status: 'INCOMPLETE',
          missingSources: ['EMPLOYMENT', 'INSURANCE', 'TAX'],
          unevaluatedRules: ['R1'],
          findings: [],
        },
      },
    };
    const d = compareAnswers({ data: consistent }, { data: got }, NORMALISATION.worker360);
    expect(d).toEqual({
      path: 'data.worker.consistency.status',
      expected: 'CONSISTENT',
      got: 'INCOMPLETE',
    });
    expect(formatDifference(d!)).toBe(
      '`data.worker.consistency.status`: expected "CONSISTENT", got "INCOMPLETE"',
    );
  });

  it('treats an answer with errors as wrong even when its data agrees', () => {
    const d = compareAnswers(
      { data: consistent },
      {
        data: consistent,
        errors: [{ message: 'cannot move to subschema', extensions: { code: 'INTERNAL' } }],
      },
    );
    expect(d?.path).toBe('errors');
    expect(d?.expected).toBe('(absent)');
    expect(d?.got).toEqual(['INTERNAL: cannot move to subschema']);
  });

  it('reports a field left out and a list of another length', () => {
    expect(
      compareAnswers({ data: { a: { endDate: null, b: 1 } } }, { data: { a: { b: 1 } } }),
    ).toEqual({ path: 'data.a.endDate', expected: null, got: '(absent)' });
    expect(compareAnswers({ data: { list: [1, 2, 3] } }, { data: { list: [1, 2] } })).toEqual({
      path: 'data.list[2]',
      expected: 3,
      got: '(absent)',
    });
  });

  it('keeps the order of lists the contract orders (findings, pages)', () => {
    const findings = (ids: string[]) => ({
      worker: { consistency: { findings: ids.map((ruleId) => ({ ruleId })) } },
    });
    const d = compareAnswers(
      { data: findings(['A', 'B']) },
      { data: findings(['B', 'A']) },
      NORMALISATION.worker360,
    );
    expect(d?.path).toBe('data.worker.consistency.findings[0].ruleId');
  });

  it('ignores the order of lists the contract leaves open, but not their content', () => {
    const evidence = (values: string[]) => ({
      worker: {
        consistency: {
          findings: [{ ruleId: 'A', evidence: values.map((value) => ({ field: 'f', value })) }],
          missingSources: [],
        },
      },
    });
    const rules = NORMALISATION.worker360;
    expect(
      compareAnswers({ data: evidence(['x', 'y']) }, { data: evidence(['y', 'x']) }, rules),
    ).toBeNull();
    expect(
      compareAnswers({ data: evidence(['x', 'y']) }, { data: evidence(['y', 'z']) }, rules),
    ).not.toBeNull();
    const employer = (ids: string[]) => ({
      employer: { workforceConsistency: { findings: ids.map((id) => ({ worker: { id } })) } },
    });
    expect(
      compareAnswers({ data: employer(['1', '2']) }, { data: employer(['2', '1']) }, rules),
    ).toBeNull();
  });

  it('masks the id a write creates, but still requires one', () => {
    const rules = NORMALISATION.writes;
    expect(
      compareAnswers(
        { data: { registerWorker: { id: 'a' } } },
        { data: { registerWorker: { id: 'b' } } },
        rules,
      ),
    ).toBeNull();
    expect(
      compareAnswers(
        { data: { registerWorker: { id: 'a' } } },
        { data: { registerWorker: null } },
        rules,
      ),
    ).toEqual({ path: 'data.registerWorker', expected: { id: '<masked>' }, got: null });
  });
});

describe('normalise', () => {
  it('sorts only the lists named, by content', () => {
    expect(
      normalise(
        { a: { missingSources: ['TAX', 'EMPLOYMENT'] }, b: ['z', 'y'] },
        { unordered: ['missingSources'], masked: [] },
      ),
    ).toEqual({ a: { missingSources: ['EMPLOYMENT', 'TAX'] }, b: ['z', 'y'] });
  });
});
