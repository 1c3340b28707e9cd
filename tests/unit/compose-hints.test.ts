import { parse } from 'graphql';
import { composeStrictly } from '../../tools/compose';

const subgraph = (name: string, description: string) => ({
  name,
  url: `http://127.0.0.1/${name}`,
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@shareable"])
    type Query { ${name}: Page }
    type Page @shareable { "${description}" hasNextPage: Boolean! }
  `),
});

describe('composition hints', () => {
  it('compose when the subgraphs agree', () => {
    const result = composeStrictly([subgraph('a', 'More'), subgraph('b', 'More')]);
    expect(result.supergraphSdl).toContain('type Page');
  });

  it('fail composition like errors (a description written twice, differently)', () => {
    expect(() => composeStrictly([subgraph('a', 'More'), subgraph('b', 'Further')])).toThrow(
      /hints are errors here:\n {2}\[INCONSISTENT_DESCRIPTION\]/,
    );
  });
});
