/** Writes docs/reference.md (run by `npm run generate`): node dist/src/reference/main.js */
import { writeFileSync } from 'node:fs';
import { dataSourceDefinitions } from '../data-sources';
import { resourceDefinitions } from '../resources';
import { referenceFile } from './file';
import { renderReference } from './render';

writeFileSync(referenceFile, renderReference(resourceDefinitions, dataSourceDefinitions));
process.stdout.write(`wrote ${referenceFile}\n`);
