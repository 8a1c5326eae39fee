import { readFileSync } from 'node:fs';
import { resourceDefinitions } from '../../src/resources';
import { schemaDocumentFile, schemaOf } from './generate-schema';
import { metadataAnswer, renderSchemaDocument, schemaFromDocument } from './schema-document';

const schema = schemaOf(resourceDefinitions);

test('schema.generated.json is the schema of the current resource definitions (regenerate with npm run generate)', () => {
  expect(readFileSync(schemaDocumentFile, 'utf8')).toBe(renderSchemaDocument(schema));
});

test('the document gives back the protocol answer, attribute types as bytes', () => {
  expect(schemaFromDocument(JSON.parse(renderSchemaDocument(schema)))).toEqual(schema);
  expect(schema.provider.block.attributes[0].type).toEqual(Buffer.from('"string"'));
});

test('GetMetadata names every resource type of the schema', () => {
  expect(metadataAnswer(schema).resources.map((r) => r.type_name).sort()).toEqual(resourceDefinitions.map((d) => `elasticremote_${d.tfName}`).sort());
});
