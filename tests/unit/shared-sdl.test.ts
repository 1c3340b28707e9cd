import * as report from '../../subgraphs/consistency/engine/report';
import * as facts from '../../subgraphs/consistency/engine/facts';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { GRAPH_NAMES } from '../../subgraphs/kit/config';
import { schemaPath } from '../../subgraphs/kit/schema';
import * as vocabulary from '../../subgraphs/law/vocabulary';
import { CHANGE_KINDS } from '../../subgraphs/kit/changes';
import { readSection } from '../../tools/sections';
import { SHARED_SECTION, sharedDefinitions, withSharedSdl } from '../../tools/schema/shared';

describe('schema/shared: SDL written once', () => {
  const shared = sharedDefinitions();

  it.each(GRAPH_NAMES)(
    'schema/%s.graphql holds the shared definitions it uses, up to date (run `npm run compose`)',
    (name) => {
      const sdl = readFileSync(schemaPath(name), 'utf8');
      expect(withSharedSdl(sdl, shared)).toBe(sdl);
    },
  );

  it('copies a definition only where it is used, and refuses a hand-written copy', () => {
    const own = 'type Query {\n  on: Date\n}\n';
    const sdl = withSharedSdl(own, shared);
    expect(readSection(sdl, SHARED_SECTION)).toContain('scalar Date');
    expect(readSection(sdl, SHARED_SECTION)).not.toContain('AccessRecord');
    expect(() => withSharedSdl(`${own}\nscalar Date\n`, shared)).toThrow(/schema\/shared/);
  });

  it('defines each shared name once, and every shared definition is used by some subgraph', () => {
    const names = shared.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    const used = new Set(
      GRAPH_NAMES.flatMap((name) =>
        parse(readFileSync(schemaPath(name), 'utf8')).definitions.flatMap((d) =>
          'name' in d && d.name ? [d.name.value] : [],
        ),
      ),
    );
    for (const name of names) expect(used).toContain(name);
  });

  it('lists the same values as the TypeScript vocabulary (subgraphs/law/vocabulary.ts, kit/changes.ts)', () => {
    const values = (name: string) => {
      const definition = shared.find((d) => d.name === name);
      const node = definition && parse(definition.text).definitions[0];
      return node?.kind === 'EnumTypeDefinition' ? node.values?.map((v) => v.name.value) : null;
    };
    const pairs: [string, readonly string[]][] = [
      ['ResidenceStatus', vocabulary.RESIDENCE_STATUSES],
      ['JobField', vocabulary.JOB_FIELDS],
      ['ApplicationKind', vocabulary.APPLICATION_KINDS],
      ['ApplicationOutcome', vocabulary.APPLICATION_OUTCOMES],
      ['LegalForm', vocabulary.LEGAL_FORMS],
      ['SupportProvider', vocabulary.SUPPORT_PROVIDERS],
      ['NotificationKind', vocabulary.NOTIFICATION_KINDS],
      ['InsuranceScheme', vocabulary.INSURANCE_SCHEMES],
      ['TaxKind', vocabulary.TAX_KINDS],
      ['TaxCollection', vocabulary.TAX_COLLECTIONS],
      ['ConsistencyStatus', report.CONSISTENCY_STATUSES],
      ['Severity', report.SEVERITIES],
      ['Party', report.PARTIES],
      ['Source', facts.SOURCES],
      ['ChangeKind', CHANGE_KINDS],
    ];
    for (const [name, list] of pairs)
      expect({ name, values: values(name) }).toEqual({ name, values: [...list] });
    const enums = shared.filter((d) => d.text.includes('enum ')).map((d) => d.name);
    expect(enums.sort()).toEqual(pairs.map(([name]) => name).sort());
  });
});
