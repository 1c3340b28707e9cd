import { readFileSync } from 'node:fs';
import { renderRulesDoc, RULES_DOC_PATH } from '../../subgraphs/consistency/doc';
import { CATALOGUE } from '../../subgraphs/consistency/engine/catalogue';

describe('docs/RULES.md', () => {
  it('is generated from the catalogue and up to date (run `npm run docs`)', () => {
    expect(readFileSync(RULES_DOC_PATH, 'utf8')).toBe(renderRulesDoc());
  });

  it('documents every rule of the catalogue', () => {
    const doc = renderRulesDoc();
    for (const rule of CATALOGUE) expect(doc).toContain(`## ${rule.id}`);
  });
});
