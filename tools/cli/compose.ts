import { writeFileSync } from 'node:fs';
import { API_SCHEMA_PATH, composeApiSchema, composeSupergraph, SUPERGRAPH_PATH } from '../compose';
import { injectSharedSdl } from '../schema/shared';

for (const file of injectSharedSdl()) process.stdout.write(`wrote ${file}\n`);
writeFileSync(SUPERGRAPH_PATH, composeSupergraph());
process.stdout.write(`wrote ${SUPERGRAPH_PATH}\n`);
writeFileSync(API_SCHEMA_PATH, composeApiSchema());
process.stdout.write(`wrote ${API_SCHEMA_PATH}\n`);
