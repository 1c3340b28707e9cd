import { writeFileSync } from 'node:fs';
import { API_SCHEMA_PATH, composeApiSchema, composeSupergraph, SUPERGRAPH_PATH } from '../compose';
import { writeFacts } from '../schema/facts';
import { injectSharedSdl } from '../schema/shared';

// Facts first: the enums their @external types use come from the shared section.
writeFacts();
for (const file of injectSharedSdl()) process.stdout.write(`wrote ${file}\n`);
writeFileSync(SUPERGRAPH_PATH, composeSupergraph());
process.stdout.write(`wrote ${SUPERGRAPH_PATH}\n`);
writeFileSync(API_SCHEMA_PATH, composeApiSchema());
process.stdout.write(`wrote ${API_SCHEMA_PATH}\n`);
