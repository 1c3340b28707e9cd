import { writeFileSync } from 'node:fs';
import { renderRulesDoc, RULES_DOC_PATH } from '../../subgraphs/consistency/doc';

writeFileSync(RULES_DOC_PATH, renderRulesDoc());
process.stdout.write(`wrote ${RULES_DOC_PATH}\n`);
