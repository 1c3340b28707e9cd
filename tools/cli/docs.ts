import { readFileSync, writeFileSync } from 'node:fs';
import { renderRulesDoc, RULES_DOC_PATH } from '../../subgraphs/consistency/doc';
import { README_PATH, withErrorTable } from '../errors-doc';

writeFileSync(RULES_DOC_PATH, renderRulesDoc());
process.stdout.write(`wrote ${RULES_DOC_PATH}\n`);
writeFileSync(README_PATH, withErrorTable(readFileSync(README_PATH, 'utf8')));
process.stdout.write(`wrote the error table of ${README_PATH}\n`);
