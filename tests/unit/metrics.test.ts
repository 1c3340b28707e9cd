import { MAX_OPERATION_NAMES, operationLabel, serviceMetrics } from '../../subgraphs/kit/metrics';

describe('operation labels stay bounded', () => {
  it('names named operations, up to the cap, and nothing else', () => {
    const m = serviceMetrics('label-test');
    expect(operationLabel(m, null)).toBe('anonymous');
    expect(operationLabel(m, 'Worker360')).toBe('Worker360');
    expect(operationLabel(m, 'x'.repeat(101))).toBe('other');
    for (let i = 0; i < MAX_OPERATION_NAMES * 2; i++) operationLabel(m, `Op${i}`);
    expect(m.operations.size).toBe(MAX_OPERATION_NAMES);
    expect(operationLabel(m, 'OneMore')).toBe('other');
    expect(operationLabel(m, 'Worker360')).toBe('Worker360');
  });
});
