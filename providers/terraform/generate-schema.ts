/**
 * Writes schema.generated.json, the provider's schema answers computed from the engine's resource
 * definitions (run by `npm run generate`; schema-document.test.ts fails when the file is stale):
 *   node dist/providers/terraform/generate-schema.js
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourceDefinitions } from '../../src/resources';
import type { AnyResourceDefinition } from '../../src/resources/definition';
import { repositoryRoot } from './install-mirror';
import { providerSchema } from './provider-config';
import { resourceType } from './schema';
import { providerSchemaAnswer, renderSchemaDocument, type ProviderSchemaAnswer } from './schema-document';

export function schemaOf(definitions: AnyResourceDefinition[]): ProviderSchemaAnswer {
  return providerSchemaAnswer(providerSchema, Object.fromEntries(definitions.map(resourceType).map((r) => [r.typeName, r.schema])));
}

/** The file in the source tree, also from dist/providers/terraform. */
export const schemaDocumentFile = join(repositoryRoot(), 'providers', 'terraform', 'schema.generated.json');

if (require.main === module) {
  writeFileSync(schemaDocumentFile, renderSchemaDocument(schemaOf(resourceDefinitions)));
  process.stdout.write(`wrote ${schemaDocumentFile}\n`);
}
