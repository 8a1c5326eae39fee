/**
 * Validates emulator responses against the OpenAPI response schemas of the contracts in
 * /work/shared/specs (or ../shared/specs from the repository), with Ajv. Used by the contract tests.
 */
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fs from 'node:fs';
import path from 'node:path';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function specsDirectory(): string {
  const candidates = [
    process.env.ELASTIC_SPECS_DIR,
    path.resolve(__dirname, '../../../shared/specs'),
    path.resolve(__dirname, '../../../../shared/specs'),
    '/work/shared/specs',
  ].filter((c): c is string => typeof c === 'string');
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'elasticsearch', 'es-9.3-api-subset.json')));
  if (!found) throw new Error(`API contracts not found (looked in ${candidates.join(', ')}); set ELASTIC_SPECS_DIR`);
  return found;
}

/**
 * Two renderings of the Elasticsearch specification's TypeScript types are read for what they mean:
 * - `UserDefinedValue` (any JSON value: setting values, metadata values) comes out as
 *   `{type: object}`, yet real Elasticsearch answers strings there (`"cluster.remote.a.mode": "proxy"`);
 * - unions (`string | null`, `Duration = string | -1 | 0`) come out as `oneOf` whose branches
 *   overlap, which no value could satisfy exactly once; a TypeScript union is an `anyOf`.
 */
function readSpecificationTypes(node: Json): Json {
  if (Array.isArray(node)) return node.map(readSpecificationTypes);
  if (node === null || typeof node !== 'object') return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    const isUserDefined =
      key === 'additionalProperties' && value !== null && typeof value === 'object' && !Array.isArray(value) &&
      Object.keys(value).length === 1 && value.type === 'object';
    // Discriminated unions (ClusterRemoteInfo by `mode`) stay exact through each branch's enum tag.
    if (key === 'discriminator') continue;
    out[key === 'oneOf' ? 'anyOf' : key] = isUserDefined ? {} : readSpecificationTypes(value);
  }
  return out;
}

function rewriteRefs(node: Json, documentId: string): Json {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, documentId));
  if (node === null || typeof node !== 'object') return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `${documentId}${value}` : rewriteRefs(value, documentId);
  }
  return out;
}

export class OpenApiResponseValidator {
  private readonly ajv: Ajv;
  private readonly document: { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Json }> }> }>> };
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(readonly documentId: string, specFile: string, options: { readSpecificationTypes?: boolean } = {}) {
    let document = JSON.parse(fs.readFileSync(specFile, 'utf8')) as Json;
    if (options.readSpecificationTypes) document = readSpecificationTypes(document);
    this.document = document as unknown as OpenApiResponseValidator['document'];
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    const definitions = document as { [key: string]: Json };
    // Swagger 2 keeps schemas under definitions, OpenAPI 3 under components.
    this.ajv.addSchema(
      rewriteRefs({ components: definitions.components ?? {}, definitions: definitions.definitions ?? {} }, documentId) as object,
      documentId,
    );
  }

  /** The response schema of an operation, exactly as the contract declares it. */
  responseSchema(method: string, pathTemplate: string, status: string): Json {
    const operation = this.document.paths[pathTemplate]?.[method.toLowerCase()];
    if (!operation) throw new Error(`${this.documentId}: no operation ${method} ${pathTemplate}`);
    let response = operation.responses?.[status] as { content?: Record<string, { schema?: Json }>; schema?: Json; $ref?: string } | undefined;
    if (response?.$ref) response = this.pointer(response.$ref) as typeof response;
    const schema = response?.content?.['application/json']?.schema ?? response?.schema;
    if (!schema) throw new Error(`${this.documentId}: ${method} ${pathTemplate} declares no JSON schema for ${status}`);
    return schema;
  }

  private pointer(ref: string): unknown {
    let node: unknown = this.document;
    for (const part of ref.replace(/^#\//, '').split('/')) {
      node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    return node;
  }

  /** Errors of `body` against the operation's response schema (empty when valid). */
  validate(method: string, pathTemplate: string, status: string, body: unknown): string[] {
    const key = `${method} ${pathTemplate} ${status}`;
    let validate = this.cache.get(key);
    if (!validate) {
      validate = this.ajv.compile(rewriteRefs(this.responseSchema(method, pathTemplate, status), this.documentId) as object);
      this.cache.set(key, validate);
    }
    return this.errorsOf(validate, body);
  }

  /** Errors of `body` against an arbitrary schema that may reference the document's components. */
  validateAgainst(schema: Json, body: unknown): string[] {
    return this.errorsOf(this.ajv.compile(rewriteRefs(schema, this.documentId) as object), body);
  }

  private errorsOf(validate: ValidateFunction, body: unknown): string[] {
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
}
