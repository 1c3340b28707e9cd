import { readFileSync } from 'node:fs';
import { ERRORS, statusOf } from '../../subgraphs/kit/errors';
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
});
