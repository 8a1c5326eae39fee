/**
 * Writes schema.generated.json, the provider's schema answers computed from the engine's resource
 * definitions (run by `npm run generate`; schema-document.test.ts fails when the file is stale):
 *   node dist/providers/terraform/generate-schema.js
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataSourceDefinitions, type AnyDataSourceDefinition } from '../../src/data-sources';
import { resourceDefinitions } from '../../src/resources';
import type { AnyResourceDefinition } from '../../src/resources/definition';
import { repositoryRoot } from './install-mirror';
import { providerSchema } from './provider-config';
import { dataSourceType, resourceType, type SchemaMessage } from './schema';
import { providerSchemaAnswer, renderSchemaDocument, type ProviderSchemaAnswer } from './schema-document';

export function schemaOf(definitions: AnyResourceDefinition[], dataSources: AnyDataSourceDefinition[] = dataSourceDefinitions): ProviderSchemaAnswer {
  const schemas = (types: Array<{ typeName: string; schema: SchemaMessage }>) => Object.fromEntries(types.map((t) => [t.typeName, t.schema]));
  const lookups = dataSources.map(dataSourceType);
  return providerSchemaAnswer(
    providerSchema,
    schemas(definitions.map(resourceType)),
    schemas(lookups.filter((l) => !l.definition.ephemeral)),
    schemas(lookups.filter((l) => l.definition.ephemeral)),
  );
}

/** The file in the source tree, also from dist/providers/terraform. */
export const schemaDocumentFile = join(repositoryRoot(), 'providers', 'terraform', 'schema.generated.json');

if (require.main === module) {
  writeFileSync(schemaDocumentFile, renderSchemaDocument(schemaOf(resourceDefinitions)));
  process.stdout.write(`wrote ${schemaDocumentFile}\n`);
}
