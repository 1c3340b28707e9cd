import path from 'node:path';
import { ERRORS } from '../subgraphs/kit/errors';
import { projectRoot } from '../subgraphs/kit/schema';
import { replaceSection } from './sections';

export const README_PATH = path.join(projectRoot(), 'README.md');
/** The README's generated block holding the error table. */
export const ERROR_TABLE_SECTION = 'error-codes';

/** The README's error table, from the registry in subgraphs/kit/errors.ts (aligned as prettier does). */
export function renderErrorTable(): string {
  const rows = [
    ['`extensions.code`', 'meaning', 'HTTP'],
    ...Object.entries(ERRORS).map(([code, spec]) => [`\`${code}\``, spec.meaning, spec.http]),
  ].map((row) => row.map((cell) => cell.replace(/\|/g, '\\|')));
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const [head, ...body] = rows;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), ''].join('\n');
}

/** `readme` with its error table regenerated. */
export function withErrorTable(readme: string): string {
  return replaceSection(readme, ERROR_TABLE_SECTION, renderErrorTable(), '<!--');
}
