/**
 * The answers to the schema calls (GetProviderSchema, GetMetadata), precomputed at build time into
 * schema.generated.json, so a provider process started only for its schema (OpenTofu starts one per
 * command just for that) answers without loading the engine: no zod, no HTTP clients, no resources.
 * `npm run generate` rewrites the file (generate-schema.ts); a test fails when it is stale.
 */
import type { SchemaMessage } from './schema';

/** What this provider supports beyond the protocol's core, told in GetMetadata and GetProviderSchema alike. */
export const serverCapabilities = { plan_destroy: false, get_provider_schema_optional: false, move_resource_state: false };

export interface ProviderSchemaAnswer {
  provider: SchemaMessage;
  resource_schemas: Record<string, SchemaMessage>;
  data_source_schemas: Record<string, SchemaMessage>;
  functions: Record<string, never>;
  ephemeral_resource_schemas: Record<string, SchemaMessage>;
  diagnostics: [];
  server_capabilities: typeof serverCapabilities;
}

export function providerSchemaAnswer(
  provider: SchemaMessage,
  resourceSchemas: Record<string, SchemaMessage>,
  dataSourceSchemas: Record<string, SchemaMessage>,
  ephemeralResourceSchemas: Record<string, SchemaMessage>,
): ProviderSchemaAnswer {
  return {
    provider,
    resource_schemas: resourceSchemas,
    data_source_schemas: dataSourceSchemas,
    functions: {},
    ephemeral_resource_schemas: ephemeralResourceSchemas,
    diagnostics: [],
    server_capabilities: serverCapabilities,
  };
}

export function metadataAnswer(schema: ProviderSchemaAnswer) {
  return {
    server_capabilities: serverCapabilities,
    diagnostics: [],
    data_sources: Object.keys(schema.data_source_schemas).map((type_name) => ({ type_name })),
    resources: Object.keys(schema.resource_schemas).map((type_name) => ({ type_name })),
    functions: [],
    ephemeral_resources: Object.keys(schema.ephemeral_resource_schemas).map((type_name) => ({ type_name })),
  };
}

/** An attribute's `type` is protocol bytes (the JSON of a cty type): the document keeps that JSON as text. */
export function renderSchemaDocument(schema: ProviderSchemaAnswer): string {
  // `this[key]`: JSON.stringify hands the replacer a Buffer already turned into { type, data }.
  function typesAsText(this: Record<string, unknown>, key: string, value: unknown): unknown {
    const original = this[key];
    return key === 'type' && Buffer.isBuffer(original) ? original.toString('utf8') : value;
  }
  return `${JSON.stringify(schema, typesAsText, 1)}\n`;
}

/** The document (schema.generated.json as imported) back as the protocol answer, types as bytes again. */
export function schemaFromDocument(document: unknown): ProviderSchemaAnswer {
  const restore = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(restore);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, key === 'type' && typeof v === 'string' ? Buffer.from(v, 'utf8') : restore(v)]));
  };
  return restore(document) as ProviderSchemaAnswer;
}
