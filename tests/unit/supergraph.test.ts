import { readFileSync } from 'node:fs';
import { composeSupergraph, SUPERGRAPH_PATH } from '../../gateway/compose';

describe('schema/supergraph.graphql', () => {
  it('composes from schema/<name>.graphql and is committed up to date (run `npm run compose`)', () => {
    const composed = composeSupergraph();
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(composed);
  });

  it('unifies Worker and Employer across the registries', () => {
    const sdl = composeSupergraph();
    const worker = /type Worker\n((?:\s+@join__type\(.*\)\n)+)/.exec(sdl)?.[1] ?? '';
    for (const graph of ['RESIDENCE', 'EMPLOYMENT', 'INSURANCE', 'TAX']) {
      expect(worker).toContain(`@join__type(graph: ${graph}, key: "id")`);
    }
    const employer = /type Employer\n((?:\s+@join__type\(.*\)\n)+)/.exec(sdl)?.[1] ?? '';
    for (const graph of ['EMPLOYMENT', 'INSURANCE', 'TAX']) {
      expect(employer).toContain(`@join__type(graph: ${graph}, key: "id")`);
    }
  });
});
