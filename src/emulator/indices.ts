/**
 * The indices of one emulated cluster: index names (MetadataCreateIndexService's rules and
 * messages), the create index body (settings, mappings), dynamic mapping of new fields, and the
 * documents each index holds: what is written (realtime GET) and what the last refresh made
 * searchable. Index expressions (wildcards, comma lists, `_all`) resolve here.
 */
import { EsHttpError, indexError, indexNotFound, parseError } from './es-errors';
import { fieldLocation, isObject, wildcardRegex } from './es-json';
import { base64Id22 } from './ids';

export interface StoredDocument {
  id: string;
  source: Record<string, unknown>;
  version: number;
  seqNo: number;
  primaryTerm: number;
}

export type FieldType = 'text' | 'keyword' | 'long' | 'integer' | 'short' | 'byte' | 'double' | 'float' | 'half_float' | 'scaled_float' | 'boolean' | 'date' | 'object' | 'ip' | 'wildcard' | 'constant_keyword' | 'flattened' | 'nested';

/** One field of a mapping; `fields` are its multi-fields (`title.keyword`). */
export interface FieldMapping {
  type: FieldType;
  properties?: Record<string, FieldMapping>;
  fields?: Record<string, FieldMapping>;
  [parameter: string]: unknown;
}

/** Whoever keeps an index in step with another (a CCR follower's leader): called before each read. */
export interface IndexFeed {
  pull(into: EmulatedIndex): void;
}

const MAX_INDEX_NAME_BYTES = 255;
/** Strings.INVALID_FILENAME_CHARS as Elasticsearch prints the set. */
const INVALID_FILENAME_CHARS = '[ , ", *, \\, <, |, ,, >, /, ?]';

/** MetadataCreateIndexService.validateIndexOrAliasName then the lowercase rule. */
export function validateIndexName(index: string): void {
  const invalid = (why: string): EsHttpError => indexError(400, 'invalid_index_name_exception', `Invalid index name [${index}], ${why}`, index);
  if (/[\\/*?"<>| ,]/.test(index)) throw invalid(`must not contain the following characters ${INVALID_FILENAME_CHARS}`);
  if (index.length === 0) throw invalid('must not be empty');
  if (index.includes('#')) throw invalid("must not contain '#'");
  if (index.includes(':')) throw invalid("must not contain ':'");
  if (/^[_\-+]/.test(index)) throw invalid("must not start with '_', '-', or '+'");
  const bytes = Buffer.byteLength(index, 'utf8');
  if (bytes > MAX_INDEX_NAME_BYTES) throw invalid(`index name is too long, (${bytes} > ${MAX_INDEX_NAME_BYTES})`);
  if (index === '.' || index === '..') throw invalid("must not be '.' or '..'");
  if (index.toLowerCase() !== index) throw invalid('must be lowercase');
}

const knownTypes: readonly FieldType[] = ['text', 'keyword', 'long', 'integer', 'short', 'byte', 'double', 'float', 'half_float', 'scaled_float', 'boolean', 'date', 'object', 'ip', 'wildcard', 'constant_keyword', 'flattened', 'nested'];

/** A `properties` object of a mapping, checked as the mapper parsers check it. */
function parseProperties(value: unknown, path: string): Record<string, FieldMapping> {
  if (!isObject(value)) throw new EsHttpError(400, 'mapper_parsing_exception', `Expected map for property [properties] on field [${path || '_doc'}] but got a class java.lang.String`);
  const properties: Record<string, FieldMapping> = {};
  for (const [name, raw] of Object.entries(value)) {
    const full = path ? `${path}.${name}` : name;
    if (!isObject(raw)) throw new EsHttpError(400, 'mapper_parsing_exception', `Expected map for property [fields] on field [${full}] but got a class java.lang.String`);
    const type = (raw.type ?? (raw.properties !== undefined ? 'object' : undefined)) as string | undefined;
    if (type === undefined) throw new EsHttpError(400, 'mapper_parsing_exception', `No type specified for field [${full}]`);
    if (!knownTypes.includes(type as FieldType)) throw new EsHttpError(400, 'mapper_parsing_exception', `No handler for type [${type}] declared on field [${full}]`);
    const field: FieldMapping = { ...raw, type: type as FieldType };
    if (raw.properties !== undefined) field.properties = parseProperties(raw.properties, full);
    if (raw.fields !== undefined) field.fields = parseProperties(raw.fields, full);
    properties[name] = field;
  }
  return properties;
}

/** `mappings` of a create index body: `properties` and `dynamic` (other mapping parameters are kept). */
function parseMappings(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new EsHttpError(400, 'mapper_parsing_exception', 'Failed to parse mapping: Root mapping definition has unsupported parameters');
  const mappings: Record<string, unknown> = { ...value };
  if (value.properties !== undefined) mappings.properties = parseProperties(value.properties, '');
  return mappings;
}

/** Index settings, flat with the `index.` prefix, as GET settings shows them; values as text. */
export function parseIndexSettings(value: unknown): Map<string, string> {
  const settings = new Map<string, string>();
  if (value === undefined || value === null) return settings;
  if (!isObject(value)) throw parseError('[1:1] [settings] expected an object');
  const walk = (node: Record<string, unknown>, prefix: string): void => {
    for (const [key, child] of Object.entries(node)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (isObject(child)) walk(child, name);
      else settings.set(name.startsWith('index.') ? name : `index.${name}`, Array.isArray(child) ? child.map(String).join(',') : String(child));
    }
  };
  walk(value, '');
  for (const setting of ['index.number_of_shards', 'index.number_of_replicas']) {
    const text = settings.get(setting);
    if (text === undefined) continue;
    const number = Number(text);
    const minimum = setting === 'index.number_of_shards' ? 1 : 0;
    if (!Number.isInteger(number)) throw badSetting(`Failed to parse value [${text}] for setting [${setting}]`);
    if (number < minimum) throw badSetting(`Failed to parse value [${text}] for setting [${setting}] must be >= ${minimum}`);
  }
  return settings;
}

const badSetting = (reason: string): EsHttpError => new EsHttpError(400, 'illegal_argument_exception', reason);

/** The body of PUT /{index}: settings, mappings and aliases, nothing else (CreateIndexRequest.source). */
export function parseCreateIndexBody(body: unknown): { settings: Map<string, string>; mappings: Record<string, unknown> } {
  if (body === undefined) return { settings: new Map(), mappings: {} };
  if (!isObject(body)) throw parseError('[1:1] [create index] expected an object');
  for (const key of Object.keys(body)) {
    if (!['settings', 'mappings', 'aliases'].includes(key)) {
      throw new EsHttpError(400, 'parse_exception', `unknown key [${key}] for create index`);
    }
  }
  if (body.mappings !== undefined && !isObject(body.mappings)) {
    throw parseError(`${fieldLocation(body, 'mappings')} [create index] mappings expected an object`);
  }
  return { settings: parseIndexSettings(body.settings), mappings: parseMappings(body.mappings) };
}

const isDateText = (value: string): boolean => /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value);

/** The field a dynamic mapping gives a JSON value (strings: text with a `keyword` multi-field, or date). */
function dynamicField(value: unknown): FieldMapping | undefined {
  if (typeof value === 'string') {
    return isDateText(value) ? { type: 'date' } : { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } };
  }
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (typeof value === 'number') return Number.isInteger(value) ? { type: 'long' } : { type: 'float' };
  if (isObject(value)) return { type: 'object', properties: {} };
  return undefined;
}

/** Adds mappings for the fields of `source` the index does not map yet (dynamic: true). */
function mapNewFields(properties: Record<string, FieldMapping>, source: Record<string, unknown>): void {
  for (const [name, raw] of Object.entries(source)) {
    const value = Array.isArray(raw) ? raw.find((item) => item !== null) : raw;
    if (value === undefined || value === null) continue;
    const existing = properties[name] ?? dynamicField(value);
    if (!existing) continue;
    properties[name] = existing;
    if (existing.type === 'object' && isObject(value)) {
      existing.properties ??= {};
      mapNewFields(existing.properties, value);
    }
  }
}

/** Shard copies (primaries and replicas) of some indices, and how many the nodes hold: a node holds at most one copy of a shard. */
export interface ShardCopies {
  primaries: number;
  total: number;
  assigned: number;
}

/** `shardsEach` overrides the indices' shard count (a write touches the one shard its document lives in). */
export function shardCopies(indices: readonly EmulatedIndex[], nodes: number, shardsEach?: number): ShardCopies {
  const copies: ShardCopies = { primaries: 0, total: 0, assigned: 0 };
  for (const index of indices) {
    const shards = shardsEach ?? index.numberOfShards;
    const perShard = 1 + index.numberOfReplicas;
    copies.primaries += shards;
    copies.total += shards * perShard;
    copies.assigned += shards * Math.min(perShard, nodes);
  }
  return copies;
}

export class EmulatedIndex {
  readonly uuid = base64Id22();
  readonly creationDate: number;
  /** Every written document, as a realtime GET reads them. */
  readonly live = new Map<string, StoredDocument>();
  /** The documents the last refresh made visible to search. */
  searchable = new Map<string, StoredDocument>();
  private nextSeqNo = 0;
  readonly primaryTerm = 1;
  /** Set while the index follows another one (CCR). */
  feed: IndexFeed | undefined;

  constructor(
    readonly name: string,
    readonly settings: Map<string, string>,
    readonly mappings: Record<string, unknown>,
    now: number,
  ) {
    this.creationDate = now;
  }

  get numberOfShards(): number {
    return Number(this.settings.get('index.number_of_shards') ?? '1');
  }

  get numberOfReplicas(): number {
    return Number(this.settings.get('index.number_of_replicas') ?? '1');
  }

  get properties(): Record<string, FieldMapping> {
    this.mappings.properties ??= {};
    return this.mappings.properties as Record<string, FieldMapping>;
  }

  /** Stores a document version and maps its new fields; the caller decides about versions and refresh. */
  write(id: string, source: Record<string, unknown>): StoredDocument {
    const previous = this.live.get(id);
    const document: StoredDocument = { id, source, version: (previous?.version ?? 0) + 1, seqNo: this.nextSeqNo, primaryTerm: this.primaryTerm };
    this.nextSeqNo += 1;
    if (this.mappings.dynamic !== false && this.mappings.dynamic !== 'false' && this.mappings.dynamic !== 'strict') mapNewFields(this.properties, source);
    this.live.set(id, document);
    return document;
  }

  /** Copies another index's documents as they are (a follower replaying its leader's operations). */
  replicate(from: EmulatedIndex): void {
    for (const [id, document] of from.live) this.live.set(id, { ...document });
    // What the leader already refreshed is visible at once; the follower's own refreshes show the rest.
    for (const [id, document] of from.searchable) {
      const shown = this.searchable.get(id);
      if (!shown || shown.seqNo < document.seqNo) this.searchable.set(id, { ...document });
    }
    this.nextSeqNo = Math.max(this.nextSeqNo, from.nextSeqNo);
    for (const [name, field] of Object.entries(from.properties)) this.properties[name] ??= structuredClone(field);
  }

  /** A refresh: what is written becomes searchable. */
  refresh(): void {
    this.catchUp();
    this.searchable = new Map(this.live);
  }

  /** Before a read: a follower first pulls what its leader has. */
  catchUp(): void {
    this.feed?.pull(this);
  }
}

/** expand_wildcards, ignore_unavailable and allow_no_indices of a request. */
export interface IndicesOptions {
  ignoreUnavailable: boolean;
  allowNoIndices: boolean;
  /** `open`/`all` match dot-prefixed (hidden) indices only with `all` or `hidden`. */
  expandHidden: boolean;
}

/** One expression of a target, as IndexNameExpressionResolver reads it. */
export interface ResolvedExpression {
  expression: string;
  /** Whether the expression had a wildcard (or was `_all`/`*`): a wildcard never fails for missing indices. */
  wildcard: boolean;
  /** A `-pattern` exclusion. */
  exclusion: boolean;
  indices: string[];
}

export class IndexStore {
  readonly indices = new Map<string, EmulatedIndex>();

  constructor(private readonly now: () => number) {}

  get(name: string): EmulatedIndex | undefined {
    return this.indices.get(name);
  }

  create(name: string, settings: Map<string, string>, mappings: Record<string, unknown>): EmulatedIndex {
    validateIndexName(name);
    const existing = this.indices.get(name);
    if (existing) throw indexError(400, 'resource_already_exists_exception', `index [${name}/${existing.uuid}] already exists`, name, existing.uuid);
    const index = new EmulatedIndex(name, settings, mappings, this.now());
    this.indices.set(name, index);
    return index;
  }

  delete(name: string): void {
    if (!this.indices.delete(name)) throw indexNotFound(name);
  }

  /** Each comma-separated expression with the indices it names (missing concrete names stay, for the caller to judge). */
  expressions(target: string, options: IndicesOptions): ResolvedExpression[] {
    const parts = target === '' ? ['_all'] : target.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
    return parts.map((part, position) => {
      const exclusion = part.startsWith('-') && position > 0;
      const pattern = exclusion ? part.slice(1) : part;
      if (pattern === '_all' || pattern.includes('*')) {
        const regex = wildcardRegex(pattern === '_all' ? '*' : pattern);
        const hiddenAllowed = options.expandHidden || pattern.startsWith('.');
        const indices = [...this.indices.keys()].filter((name) => regex.test(name) && (hiddenAllowed || !name.startsWith('.'))).sort();
        return { expression: part, wildcard: true, exclusion, indices };
      }
      return { expression: part, wildcard: false, exclusion, indices: [pattern] };
    });
  }
}
