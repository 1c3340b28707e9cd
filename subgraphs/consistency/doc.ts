import path from 'node:path';
import { projectRoot } from '../kit/schema';
import { CATALOGUE } from './engine/catalogue';

export const RULES_DOC_PATH = path.join(projectRoot(), 'docs', 'RULES.md');

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** docs/RULES.md, generated from the engine's catalogue (`npm run docs`). */
export function renderRulesDoc(): string {
  const lines = [
    '# Consistency rules',
    '',
    'Generated from the rule engine (`subgraphs/consistency/engine`) by `npm run docs`; a test fails',
    'when this file is stale. The specification is `../shared/RULES.md`; the same catalogue is served',
    'by the `consistencyRules` query.',
    '',
    '| rule | severity | responsible → affected | sources | effective | legal basis |',
    '|---|---|---|---|---|---|',
    ...CATALOGUE.map(
      (r) =>
        `| [${r.id}](#${r.id.toLowerCase()}) | ${r.severity} | ${r.responsibleParty} → ${r.affectedParty} | ${r.sources.join(', ')} | ${r.effectiveFrom ? `from ${r.effectiveFrom}` : 'always'}${r.effectiveUntil ? ` until ${r.effectiveUntil}` : ''} | ${cell(r.legalBasis)} |`,
    ),
    '',
  ];
  for (const r of CATALOGUE) {
    lines.push(
      `## ${r.id}`,
      '',
      `**${r.title}** — ${r.severity}; responsible ${r.responsibleParty}, affected ${r.affectedParty}.`,
      '',
      r.description,
      '',
      `- Legal basis: ${r.legalBasis}`,
      `- Reads: ${r.sources.join(', ')} (not evaluated when one of them cannot be read)`,
      `- Recommended action: ${r.recommendedAction}`,
      '',
    );
  }
  return lines.join('\n');
}
