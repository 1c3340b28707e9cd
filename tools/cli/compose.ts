import { writeFileSync } from 'node:fs';
import { API_SCHEMA_PATH, composeApiSchema, composeSupergraph, SUPERGRAPH_PATH } from '../compose';
import { writeFacts } from '../schema/facts';

writeFacts();

writeFileSync(SUPERGRAPH_PATH, composeSupergraph());
process.stdout.write(`wrote ${SUPERGRAPH_PATH}\n`);
writeFileSync(API_SCHEMA_PATH, composeApiSchema());
process.stdout.write(`wrote ${API_SCHEMA_PATH}\n`);
