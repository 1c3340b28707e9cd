import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ERRORS, statusOf } from '../../subgraphs/kit/errors';
import { projectRoot } from '../../subgraphs/kit/schema';
import { readSection } from '../../tools/sections';
import {
  ERROR_TABLE_SECTION,
  README_PATH,
  renderErrorTable,
  withErrorTable,
} from '../../tools/errors-doc';

describe('the error registry and the README', () => {
  const readme = readFileSync(README_PATH, 'utf8');

  it("README's error table is generated from the registry and up to date (run `npm run docs`)", () => {
    expect(readSection(readme, ERROR_TABLE_SECTION, '<!--')).toBe(renderErrorTable());
    expect(withErrorTable(readme)).toBe(readme);
  });

  it('lists every registered code once, with its HTTP status', () => {
    const table = renderErrorTable();
    for (const code of Object.keys(ERRORS)) {
      expect(table.split(`| \`${code}\` `).length).toBe(2);
      expect(statusOf(code)).toBeGreaterThanOrEqual(400);
    }
    expect(statusOf('NOT_A_CODE')).toBeUndefined();
  });

  it('is where every error is made: no GraphQLError or code built elsewhere in the services', () => {
    const root = projectRoot();
    const sources = (dir: string): string[] =>
      readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? sources(path.join(dir, e.name))
          : e.name.endsWith('.ts')
            ? [path.join(dir, e.name)]
            : [],
      );
    const offenders = ['subgraphs', 'gateway']
      .flatMap(sources)
      .filter((file) => file !== path.join('subgraphs', 'kit', 'errors.ts'))
      .filter((file) =>
        /new GraphQLError\(|extensions: \{ code|code: '[A-Z_]+'/.test(
          readFileSync(path.join(root, file), 'utf8'),
        ),
      );
    expect(offenders).toEqual([]);
  });
});
