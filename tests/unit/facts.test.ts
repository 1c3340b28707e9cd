import { readFileSync } from 'node:fs';
import { buildASTSchema, Kind, parse } from 'graphql';
import {
  loadFactsModel,
  readFactsFile,
  selectionText,
  type FactsReader,
} from '../../tools/schema/facts-model';
import { FACTS_SDL_PATH, FACTS_TS_PATH, generateFacts } from '../../tools/schema/facts';
import { readSection } from '../../tools/sections';
import { requirementOf } from '../../subgraphs/consistency/requirements';
import { SUPERGRAPH_PATH } from '../../tools/compose';

/**
 * The engine's facts are written once, in subgraphs/<registry>/facts.graphql: the @requires
 * selections and @external stubs of schema/consistency.graphql and the representation types of
 * subgraphs/consistency/generated/facts.ts are derived from them by `npm run compose`.
 */

const files = readFactsFile;
const generated = generateFacts();

describe('facts generated from the registries’ fragments', () => {
  it('schema/consistency.graphql is committed up to date (run `npm run compose`)', () => {
    expect(readFileSync(FACTS_SDL_PATH, 'utf8')).toBe(generated.sdl);
  });

  it('subgraphs/consistency/generated/facts.ts is committed up to date (run `npm run compose`)', () => {
    expect(readFileSync(FACTS_TS_PATH, 'utf8')).toBe(generated.ts);
  });

  it('the supergraph requires exactly the fragments’ facts, the arrears first (docs/INTEROP.md)', () => {
    const supergraph = buildASTSchema(parse(readFileSync(SUPERGRAPH_PATH, 'utf8')), {
      assumeValidSDL: true,
    });
    const model = loadFactsModel();
    const worker = requirementOf(supergraph, 'Worker', 'consistency').selection;
    const text = selectionText(model.selections.Worker);
    expect(worker.loc?.source.body).toBe(`{ ${text} }`);
    const employer = requirementOf(supergraph, 'Employer', 'workforceConsistency').selection;
    expect(employer.loc?.source.body).toBe(`{ ${selectionText(model.selections.Employer)} }`);
    expect(employer.loc?.source.body).toContain(`employees { id ${text} }`);
    // Hive's default planner waits only for the first sub-selection: fetched last, by a @requires.
    const firstObject = model.selections.Worker.find((f) => f.selectionSet);
    expect(firstObject?.name.value).toBe('employerContributionArrears');
    for (const { fragment } of model.fragments) {
      const entity = fragment.typeCondition.name.value as 'Worker' | 'Employer';
      const words = selectionText(model.selections[entity]).split(' ');
      for (const s of fragment.selectionSet.selections) {
        if (s.kind === Kind.FIELD) expect(words).toContain(s.name.value);
      }
    }
  });

  it('a fact added to a fragment reaches the @requires, the @external stubs and the types', () => {
    const withNationality: FactsReader = (name) =>
      name === 'residence'
        ? files(name)!.replace('dateOfBirth\n', 'dateOfBirth\n  nationality\n')
        : files(name);
    const { sdl, ts } = generateFacts(withNationality);
    expect(sdl).toContain('fields: "dateOfBirth nationality employerContributionArrears {');
    expect(readSection(sdl, 'worker-facts-external')).toContain('nationality: String! @external');
    expect(ts).toMatch(
      /interface ResidenceFacts \{\n {2}dateOfBirth\?: string \| null;\n {2}nationality\?: string \| null;/,
    );
    expect(sdl).not.toBe(generated.sdl);
  });

  it('refuses a fact no registry resolves', () => {
    const unknown: FactsReader = (name) =>
      name === 'tax' ? files(name)!.replace('year\n', 'year\n    shoeSize\n') : files(name);
    expect(() => generateFacts(unknown)).toThrow('WithholdingReport.shoeSize is resolved by no');
  });
});
