/**
 * Validates emulator responses against the response schemas of the contracts in /work/shared/specs
 * (or ../shared/specs from the repository) with openapi-response-validator, which reads both
 * Swagger 2 (cloud subsets) and OpenAPI 3 (Elasticsearch subset). Used by the contract tests.
 */
import type { Format } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats';
import OpenAPIResponseValidator from 'openapi-response-validator';
import type { OpenAPIResponseValidatorArgs, OpenAPIResponseValidatorValidationError } from 'openapi-response-validator';
import fs from 'node:fs';
import path from 'node:path';
import { isObject } from './es-json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

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

/** Rebuilds a document bottom-up, letting `readSchema` rewrite every object node. */
function mapObjects(node: Json, readSchema: (node: JsonObject) => JsonObject): Json {
  if (Array.isArray(node)) return node.map((n) => mapObjects(n, readSchema));
  if (!isObject(node)) return node;
  return readSchema(Object.fromEntries(Object.entries(node).map(([key, value]) => [key, mapObjects(value, readSchema)])));
}

/**
 * Two renderings of the Elasticsearch specification's TypeScript types are read for what they mean:
 * - `UserDefinedValue` (any JSON value: setting values, metadata values) comes out as
 *   `{type: object}`, yet real Elasticsearch answers strings there (`"cluster.remote.a.mode": "proxy"`);
 * - unions (`string | null`, `Duration = string | -1 | 0`) come out as `oneOf` whose branches
 *   overlap, which no value could satisfy exactly once; a TypeScript union is an `anyOf`.
 */
function readSpecificationType(node: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    const isUserDefined = key === 'additionalProperties' && isObject(value) && Object.keys(value).length === 1 && value.type === 'object';
    // Discriminated unions (ClusterRemoteInfo by `mode`) stay exact through each branch's enum tag.
    if (key === 'discriminator') continue;
    out[key === 'oneOf' ? 'anyOf' : key] = isUserDefined ? {} : value;
  }
  return out;
}

/** OpenAPI's `int32` is a range; the library checks string formats only, so the range is spelled out. */
function int32AsRange(node: JsonObject): JsonObject {
  return node.type === 'integer' && node.format === 'int32' ? { minimum: -(2 ** 31), maximum: 2 ** 31 - 1, ...node } : node;
}

/** An ajv-formats string format as the predicate the library accepts (number formats are not string checks). */
function stringPredicate(format: Format): ((value: string) => boolean) | undefined {
  const check = typeof format === 'object' && !(format instanceof RegExp) ? (format.type === 'number' || format.async ? undefined : format.validate) : format;
  if (check instanceof RegExp) return (value) => check.test(value);
  if (typeof check === 'string') return (value) => new RegExp(check, 'u').test(value);
  if (typeof check === 'function') return (value) => (check as (value: string) => boolean)(value);
  return undefined;
}

const stringFormats = Object.fromEntries(
  Object.entries(fullFormats as Record<string, Format>).flatMap(([name, format]) => {
    const predicate = stringPredicate(format);
    return predicate ? [[name, predicate]] : [];
  }),
);

interface ContractDocument {
  paths: Record<string, Record<string, { responses?: Record<string, JsonObject> }>>;
  definitions?: OpenAPIResponseValidatorArgs['definitions'];
  components?: { responses?: Record<string, JsonObject> } & OpenAPIResponseValidatorArgs['components'];
}

export class OpenApiResponseValidator {
  private readonly document: ContractDocument;
  private readonly operations = new Map<string, OpenAPIResponseValidator>();

  constructor(readonly documentId: string, specFile: string, options: { readSpecificationTypes?: boolean } = {}) {
    let document = mapObjects(JSON.parse(fs.readFileSync(specFile, 'utf8')) as Json, int32AsRange);
    if (options.readSpecificationTypes) document = mapObjects(document, readSpecificationType);
    this.document = document as unknown as ContractDocument;
  }

  /** Errors of `body` against the operation's response for `status` (empty when valid). */
  validate(method: string, pathTemplate: string, status: string, body: unknown): string[] {
    const key = `${method.toLowerCase()} ${pathTemplate}`;
    let validator = this.operations.get(key);
    if (!validator) {
      validator = this.validatorOf(this.responsesOf(method, pathTemplate));
      this.operations.set(key, validator);
    }
    return this.errorsOf(validator, status, body);
  }

  /** Errors of `body` against an arbitrary schema that may reference the document's definitions or components. */
  validateAgainst(schema: Json, body: unknown): string[] {
    return this.errorsOf(this.validatorOf({ default: { schema } }), 'default', body);
  }

  /** The operation's responses as declared; OpenAPI 3 may name them under components.responses. */
  private responsesOf(method: string, pathTemplate: string): Record<string, JsonObject> {
    const responses = this.document.paths[pathTemplate]?.[method.toLowerCase()]?.responses;
    if (!responses) throw new Error(`${this.documentId}: no operation ${method} ${pathTemplate}`);
    return Object.fromEntries(Object.entries(responses).map(([status, response]) => {
      const name = typeof response.$ref === 'string' ? /^#\/components\/responses\/(.+)$/.exec(response.$ref)?.[1] : undefined;
      if (response.$ref !== undefined && !name) throw new Error(`${this.documentId}: unsupported response reference ${String(response.$ref)}`);
      const resolved = name ? this.document.components?.responses?.[name] : response;
      if (!resolved) throw new Error(`${this.documentId}: ${method} ${pathTemplate} ${status} references a missing ${String(response.$ref)}`);
      return [status, resolved];
    }));
  }

  private validatorOf(responses: Record<string, JsonObject>): OpenAPIResponseValidator {
    return new OpenAPIResponseValidator({
      loggingKey: this.documentId,
      // Swagger 2 responses carry `schema`, OpenAPI 3 ones `content`; the library reads both.
      responses: responses as unknown as OpenAPIResponseValidatorArgs['responses'],
      definitions: this.document.definitions,
      components: this.document.components,
      customFormats: stringFormats,
      errorTransformer: (error, ajvError) => `${ajvError.instancePath.replace(/^\/response/, '') || '/'} ${error.message} ${JSON.stringify(ajvError.params)}`,
    });
  }

  private errorsOf(validator: OpenAPIResponseValidator, status: string, body: unknown): string[] {
    // The library fills schema defaults into what it validates; the response under test stays as received.
    const result: OpenAPIResponseValidatorValidationError | undefined = validator.validateResponse(status, structuredClone(body));
    if (!result) return [];
    // Our errorTransformer makes schema errors strings; an undeclared status comes back as {message}.
    return ((result.errors ?? [result]) as Array<string | { message: string }>).map((e) => (typeof e === 'string' ? e : e.message));
  }
}
