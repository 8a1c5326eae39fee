/**
 * `_search` on one cluster: the request (body and URL parameters, URL winning as in
 * RestSearchAction), index expressions resolved through the subject's index privileges (wildcards
 * drop what it may not read, a named index it may not read is a 403), field and document level
 * security, sorting, paging, `track_total_hits` and the response body.
 */
import type { EmulatedCluster } from './cluster';
import { documentVisible, fieldVisible } from './document-security';
import type { IndexAccess, SourceFilter } from './document-security';
import { sourceFilterParameters, visibleSource } from './documents';
import { EsHttpError, badRequest, indexNotFound } from './es-errors';
import { booleanParameter } from './es-rest';
import { isObject } from './es-json';
import type { EmulatedIndex, FieldMapping, IndicesOptions } from './indices';
import { comparable, evaluate, parseQuery, parsingError, resolveField, valuesAt } from './query-dsl';
import type { Query } from './query-dsl';

export interface SortKey {
  field: string;
  order: 'asc' | 'desc';
  unmappedType?: string;
}

export interface SearchRequest {
  query: Query;
  from: number;
  size: number;
  source: SourceFilter | undefined;
  sort: SortKey[];
  trackTotalHits: boolean | number;
  trackScores: boolean;
  version: boolean;
  seqNoPrimaryTerm: boolean;
  restTotalHitsAsInt: boolean;
  indicesOptions: IndicesOptions;
}

/** Parameters of the search operation in the 9.3 contract (the emulator honours the ones that change results). */
export const SEARCH_PARAMETERS = [
  'allow_no_indices', 'allow_partial_search_results', 'analyzer', 'analyze_wildcard', 'batched_reduce_size', 'ccs_minimize_roundtrips',
  'default_operator', 'df', 'docvalue_fields', 'expand_wildcards', 'explain', 'ignore_throttled', 'ignore_unavailable',
  'include_named_queries_score', 'lenient', 'max_concurrent_shard_requests', 'preference', 'pre_filter_shard_size', 'request_cache',
  'routing', 'scroll', 'search_type', 'stats', 'stored_fields', 'suggest_field', 'suggest_mode', 'suggest_size', 'suggest_text',
  'terminate_after', 'timeout', 'track_total_hits', 'track_scores', 'typed_keys', 'rest_total_hits_as_int', 'version', '_source',
  '_source_excludes', '_source_exclude_vectors', '_source_includes', 'seq_no_primary_term', 'q', 'size', 'from', 'sort',
] as const;

const BODY_KEYS = ['query', 'from', 'size', '_source', 'sort', 'track_total_hits', 'track_scores', 'version', 'seq_no_primary_term', 'timeout', 'terminate_after', 'stats'];
/** Search features the emulator does not run: refused rather than silently ignored. */
const UNSUPPORTED_KEYS = ['aggs', 'aggregations', 'highlight', 'suggest', 'knn', 'rank', 'retriever', 'collapse', 'rescore', 'search_after', 'pit', 'runtime_mappings', 'script_fields', 'post_filter', 'fields', 'docvalue_fields', 'stored_fields', 'explain', 'min_score', 'indices_boost', 'profile', 'slice', 'ext', 'sub_searches'];

function nonNegative(name: string, value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number)) throw badRequest(`Failed to parse int parameter [${name}] with value [${String(value)}]`);
  if (number < 0) throw badRequest(`[${name}] parameter cannot be negative, found [${number}]`);
  return number;
}

function parseSort(value: unknown): SortKey[] {
  if (value === undefined) return [];
  const entries = Array.isArray(value) ? value : [value];
  return entries.map((entry): SortKey => {
    if (typeof entry === 'string') {
      const [field, order] = entry.includes(':') ? entry.split(':') : [entry, undefined];
      return { field, order: (order ?? (field === '_score' ? 'desc' : 'asc')) as SortKey['order'] };
    }
    if (!isObject(entry) || Object.keys(entry).length !== 1) throw parsingError('[sort] malformed, expected a field name or an object with one field');
    const [field, spec] = Object.entries(entry)[0];
    const options = isObject(spec) ? spec : { order: spec };
    const order = String(options.order ?? (field === '_score' ? 'desc' : 'asc'));
    if (order !== 'asc' && order !== 'desc') throw badRequest(`Unknown SortOrder [${order}]`);
    const key: SortKey = { field, order };
    if (typeof options.unmapped_type === 'string') key.unmappedType = options.unmapped_type;
    return key;
  });
}

function parseSourceOption(value: unknown): SourceFilter | undefined {
  if (value === undefined || value === true) return undefined;
  if (value === false) return false;
  if (typeof value === 'string') return { includes: [value], excludes: [] };
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return { includes: value, excludes: [] };
  if (isObject(value)) {
    const list = (item: unknown): string[] => (item === undefined ? [] : typeof item === 'string' ? [item] : Array.isArray(item) ? item.map(String) : []);
    return { includes: list(value.includes ?? value.include), excludes: list(value.excludes ?? value.exclude) };
  }
  throw parsingError('[_source] Expected one of [VALUE_BOOLEAN, VALUE_STRING, START_ARRAY, START_OBJECT] but found a number');
}

function trackTotalHitsOf(value: unknown): boolean | number {
  if (value === undefined || value === null) return 10_000;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  const number = Number(value);
  if (!Number.isInteger(number) || number < -1) throw badRequest(`[track_total_hits] parameter must be positive or equals to -1, got ${String(value)}`);
  return number === -1 ? true : number;
}

/** `q`: `field:value` as a match, `*` everything, a bare word across the fields. */
function queryStringQuery(q: string): Query {
  if (q === '*' || q === '*:*') return { kind: 'match_all', boost: 1 };
  const colon = q.indexOf(':');
  if (colon > 0) return { kind: 'match', field: q.slice(0, colon), text: q.slice(colon + 1), operator: 'or', boost: 1 };
  return { kind: 'match', field: '*', text: q, operator: 'or', boost: 1 };
}

const MAX_RESULT_WINDOW = 10_000;

export function parseSearchRequest(body: unknown, query: URLSearchParams): SearchRequest {
  const source = body === undefined ? {} : body;
  if (!isObject(source)) throw parsingError('Expected [START_OBJECT] but found [START_ARRAY]');
  for (const key of Object.keys(source)) {
    if (UNSUPPORTED_KEYS.includes(key)) throw badRequest(`the emulator does not run [${key}] in a search request`);
    if (!BODY_KEYS.includes(key)) throw parsingError(`Unknown key for a ${isObject(source[key]) ? 'START_OBJECT' : Array.isArray(source[key]) ? 'START_ARRAY' : 'VALUE_STRING'} in [${key}].`);
  }
  const param = (name: string): string | undefined => query.get(name) ?? undefined;
  const q = param('q');
  const sortParam = param('sort');
  const fromParams = sourceFilterParameters(query);
  const expand = (param('expand_wildcards') ?? 'open').split(',');
  const from = nonNegative('from', param('from') ?? source.from, 0);
  const size = nonNegative('size', param('size') ?? source.size, 10);
  if (from + size > MAX_RESULT_WINDOW) {
    throw badRequest(`Result window is too large, from + size must be less than or equal to: [${MAX_RESULT_WINDOW}] but was [${from + size}]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.`);
  }
  return {
    query: q !== undefined ? queryStringQuery(q) : source.query === undefined ? { kind: 'match_all', boost: 1 } : parseQuery(source.query),
    from,
    size,
    source: fromParams ?? parseSourceOption(source._source),
    sort: sortParam !== undefined ? parseSort(sortParam.split(',')) : parseSort(source.sort),
    trackTotalHits: trackTotalHitsOf(param('track_total_hits') ?? source.track_total_hits),
    trackScores: param('track_scores') !== undefined ? booleanParameter(query, 'track_scores') : source.track_scores === true,
    version: param('version') !== undefined ? booleanParameter(query, 'version') : source.version === true,
    seqNoPrimaryTerm: param('seq_no_primary_term') !== undefined ? booleanParameter(query, 'seq_no_primary_term') : source.seq_no_primary_term === true,
    restTotalHitsAsInt: booleanParameter(query, 'rest_total_hits_as_int'),
    indicesOptions: {
      ignoreUnavailable: booleanParameter(query, 'ignore_unavailable'),
      allowNoIndices: param('allow_no_indices') === undefined ? true : booleanParameter(query, 'allow_no_indices'),
      expandHidden: expand.includes('all') || expand.includes('hidden'),
    },
  };
}

/** One index a search reads, with what the subject may see of it and the name its hits carry. */
export interface SearchTarget {
  index: EmulatedIndex;
  access: IndexAccess;
  /** `_index` of the hits: the index name, `alias:name` for a remote cluster's. */
  hitIndex: string;
}

/**
 * The indices a target expression names on a cluster, through the subject's privileges:
 * `access(name)` says what it may read (undefined: nothing), `denied(names)` is the 403 for a named index.
 */
export function resolveTargets(
  cluster: EmulatedCluster,
  target: string,
  options: IndicesOptions,
  access: (index: string) => IndexAccess | undefined,
  denied: (indices: string[]) => EsHttpError,
  hitPrefix = '',
): SearchTarget[] {
  const selected = new Map<string, IndexAccess>();
  const expressions = cluster.indices.expressions(target, options);
  for (const expression of expressions) {
    if (expression.exclusion) {
      for (const name of expression.indices) selected.delete(name);
      continue;
    }
    if (expression.wildcard) {
      for (const name of expression.indices) {
        const granted = access(name);
        if (granted) selected.set(name, granted);
      }
      continue;
    }
    const name = expression.indices[0];
    const granted = access(name);
    if (!granted) throw denied([name]);
    if (!cluster.indices.get(name)) {
      if (options.ignoreUnavailable) continue;
      throw indexNotFound(name);
    }
    selected.set(name, granted);
  }
  if (selected.size === 0 && !options.allowNoIndices) throw indexNotFound(expressions.map((e) => e.expression).join(','));
  return [...selected].map(([name, granted]) => ({ index: cluster.indices.get(name) as EmulatedIndex, access: granted, hitIndex: `${hitPrefix}${name}` }));
}

/** A document that matched, with what sorting and rendering need. */
export interface Match {
  target: SearchTarget;
  id: string;
  source: Record<string, unknown>;
  score: number;
  version: number;
  seqNo: number;
  primaryTerm: number;
  sortValues: (number | string | null)[];
}

/** The mapped leaf fields, by full path. */
function leafFields(properties: Record<string, FieldMapping>, prefix = ''): string[] {
  return Object.entries(properties).flatMap(([name, field]) =>
    field.properties ? leafFields(field.properties, `${prefix}${name}.`) : [`${prefix}${name}`]);
}

/** `q` without a field searches every mapped field. */
function expandAllFields(query: Query, properties: Record<string, FieldMapping>): Query {
  if (query.kind !== 'match' || query.field !== '*') return query;
  const should = leafFields(properties).map((field): Query => ({ ...query, field }));
  return { kind: 'bool', must: [], filter: [], should, mustNot: [], boost: 1 };
}

function sortValue(key: SortKey, match: { source: Record<string, unknown>; score: number; seqNo: number }, index: EmulatedIndex): number | string | null {
  if (key.field === '_score') return match.score;
  if (key.field === '_doc') return match.seqNo;
  const resolved = resolveField(index.properties, key.field);
  if (!resolved) {
    if (key.unmappedType !== undefined) return null;
    throw new EsHttpError(400, 'query_shard_exception', `No mapping found for [${key.field}] in order to sort on`, { metadata: { index_uuid: index.uuid, index: index.name } });
  }
  if (resolved.type === 'text') {
    throw badRequest(`Fielddata is disabled on [${key.field}] in [${index.name}]. Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [${key.field}] in order to load field data by uninverting the inverted index. Note that this can use significant memory.`);
  }
  const values = valuesAt(match.source, resolved.path).map((value) => comparable(resolved.type, value)).filter((v): v is number | string => v !== undefined);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return key.order === 'asc' ? sorted[0] : sorted[sorted.length - 1];
}

/** Every visible searchable document of the targets that matches the query. */
export function matchTargets(targets: readonly SearchTarget[], request: SearchRequest): Match[] {
  const matches: Match[] = [];
  for (const target of targets) {
    target.index.catchUp();
    const properties = target.index.properties;
    const query = expandAllFields(request.query, properties);
    for (const document of target.index.searchable.values()) {
      if (!documentVisible(target.access, document.id, document.source, properties)) continue;
      const score = evaluate(query, { id: document.id, source: document.source, properties });
      if (score === undefined) continue;
      const match = { target, id: document.id, source: document.source, score, version: document.version, seqNo: document.seqNo, primaryTerm: document.primaryTerm, sortValues: [] as (number | string | null)[] };
      match.sortValues = request.sort.map((key) => sortValue(key, match, target.index));
      matches.push(match);
    }
  }
  return matches;
}

function compareMatches(request: SearchRequest, a: Match, b: Match): number {
  if (request.sort.length === 0) return b.score - a.score;
  for (let i = 0; i < request.sort.length; i += 1) {
    const [x, y] = [a.sortValues[i], b.sortValues[i]];
    if (x === y) continue;
    // Missing values sort last in either order.
    if (x === null) return 1;
    if (y === null) return -1;
    const order = x < y ? -1 : 1;
    return request.sort[i].order === 'asc' ? order : -order;
  }
  return 0;
}

export interface ShardCounts {
  total: number;
  successful: number;
  skipped: number;
  failed: number;
}

export const shardsOf = (targets: readonly SearchTarget[]): ShardCounts => {
  const total = targets.reduce((sum, target) => sum + target.index.numberOfShards, 0);
  return { total, successful: total, skipped: 0, failed: 0 };
};

/** The search response body; `clusters` is the `_clusters` section of a cross-cluster search. */
export function searchResponse(matches: Match[], request: SearchRequest, shards: ShardCounts, took: number, clusters?: Record<string, unknown>): Record<string, unknown> {
  const ordered = [...matches].sort((a, b) => compareMatches(request, a, b));
  const page = ordered.slice(request.from, request.from + request.size);
  const scored = request.sort.length === 0 || request.trackScores || request.sort.some((key) => key.field === '_score');
  const hits = page.map((match) => {
    const hit: Record<string, unknown> = { _index: match.target.hitIndex, _id: match.id, _score: scored ? match.score : null };
    if (request.version) hit._version = match.version;
    if (request.seqNoPrimaryTerm) {
      hit._seq_no = match.seqNo;
      hit._primary_term = match.primaryTerm;
    }
    const source = visibleSource(match.source, (path) => fieldVisible(match.target.access, path), request.source);
    if (source !== undefined) hit._source = source;
    if (request.sort.length > 0) hit.sort = match.sortValues;
    return hit;
  });
  const body: Record<string, unknown> = { took, timed_out: false, _shards: shards };
  if (clusters) body._clusters = clusters;
  const count = ordered.length;
  // No top hits asked for (size 0) or sorted without scores: Elasticsearch has no max score to give.
  const maxScore = scored && request.size > 0 && ordered.length > 0 ? Math.max(...ordered.map((m) => m.score)) : null;
  const section: Record<string, unknown> = {};
  if (request.trackTotalHits !== false) {
    const limit = request.trackTotalHits === true ? Infinity : request.trackTotalHits;
    const total = { value: Math.min(count, limit), relation: count > limit ? 'gte' : 'eq' };
    section.total = request.restTotalHitsAsInt ? total.value : total;
  }
  section.max_score = maxScore;
  section.hits = hits;
  body.hits = section;
  return body;
}
