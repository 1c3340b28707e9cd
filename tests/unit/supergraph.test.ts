import { readFileSync } from 'node:fs';
import { buildSchema, isObjectType, isSpecifiedDirective } from 'graphql';
import {
  API_SCHEMA_PATH,
  composeApiSchema,
  composeSupergraph,
  SUPERGRAPH_PATH,
} from '../../tools/compose';

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

describe('schema/api.graphql', () => {
  it('is the API schema of the supergraph, committed up to date (run `npm run compose`)', () => {
    expect(readFileSync(API_SCHEMA_PATH, 'utf8')).toBe(composeApiSchema());
  });

  it('holds what clients see: no federation types or directives, no @inaccessible fields', () => {
    const schema = buildSchema(readFileSync(API_SCHEMA_PATH, 'utf8'));
    expect(schema.getDirectives().filter((d) => !isSpecifiedDirective(d))).toEqual([]);
    expect(Object.keys(schema.getTypeMap()).filter((t) => /^_[^_]|join__|link__/.test(t))).toEqual(
      [],
    );
    for (const type of ['Worker', 'Employer']) {
      const fields = schema.getType(type);
      expect(isObjectType(fields) && Object.keys(fields.getFields())).toEqual(
        expect.not.arrayContaining(['employmentRecords', 'insuranceEnrollmentRecords']),
      );
    }
    const query = schema.getQueryType()?.getFields() ?? {};
    expect(Object.keys(query).sort()).toEqual([
      'consistencyRules',
      'employer',
      'employers',
      'findings',
      'monitorStatus',
      'riskOverview',
      'riskTransitions',
      'upcomingRisks',
      'worker',
      'workers',
      'workersByIds',
    ]);
  });
});
