/**
 * `POST /deployments/_search`: the contract's SearchRequest (from, size, query, sort) over the
 * deployments as the search answers them (DeploymentSearchResponse documents). The query is the
 * QueryContainer subset Elastic's clients send (the `ec_deployments` data source, ecctl): match_all,
 * match_none, term, match, prefix, exists, range, bool and nested. Fields are dotted paths into the
 * document; a path through arrays matches any element.
 */
import { isObject } from './es-json';

export type SearchDocument = Record<string, unknown>;

/** A search request the emulator refuses, with the field at fault. */
export class InvalidSearchRequest extends Error {
  constructor(message: string, readonly field: string) {
    super(message);
  }
}

/** Every leaf value at `path` (arrays on the way are flattened). */
function valuesAt(document: unknown, path: string): unknown[] {
  let current: unknown[] = [document];
  for (const key of path.split('.')) {
    current = current.flatMap((node) => (Array.isArray(node) ? node : [node])).flatMap((node) => (isObject(node) && node[key] !== undefined && node[key] !== null ? [node[key]] : []));
  }
  return current.flatMap((node) => (Array.isArray(node) ? node : [node]));
}

/** `{field: {value|query: x, ...}}` or the shorthand `{field: x}`: the one field and its options. */
function fieldClause(clause: unknown, kind: string, valueKey: string, field: string): { path: string; value: unknown; options: Record<string, unknown> } {
  if (!isObject(clause) || Object.keys(clause).length !== 1) throw new InvalidSearchRequest(`[${kind}] query takes exactly one field`, field);
  const [path, spec] = Object.entries(clause)[0];
  if (isObject(spec)) {
    if (spec[valueKey] === undefined) throw new InvalidSearchRequest(`[${kind}] query on [${path}] needs [${valueKey}]`, `${field}.${path}.${valueKey}`);
    return { path, value: spec[valueKey], options: spec };
  }
  return { path, value: spec, options: {} };
}

const tokens = (value: unknown): string[] => String(value).toLowerCase().split(/[^a-z0-9]+/).filter((t) => t.length > 0);

function clauses(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  if (isObject(value)) return [value];
  throw new InvalidSearchRequest(`[${field}] must be a query or a list of queries`, field);
}

/** Whether `document` matches the QueryContainer `query`. */
export function matchesQuery(document: SearchDocument, query: unknown, field = 'query'): boolean {
  if (!isObject(query) || Object.keys(query).length !== 1) throw new InvalidSearchRequest(`[${field}] must hold exactly one query`, field);
  const [kind, clause] = Object.entries(query)[0];
  const at = `${field}.${kind}`;
  switch (kind) {
    case 'match_all':
      return true;
    case 'match_none':
      return false;
    case 'term': {
      const { path, value } = fieldClause(clause, kind, 'value', at);
      return valuesAt(document, path).some((v) => String(v) === String(value));
    }
    case 'prefix': {
      const { path, value } = fieldClause(clause, kind, 'value', at);
      return valuesAt(document, path).some((v) => String(v).startsWith(String(value)));
    }
    case 'match': {
      const { path, value, options } = fieldClause(clause, kind, 'query', at);
      const wanted = tokens(value);
      const present = new Set(valuesAt(document, path).flatMap(tokens));
      return options.operator === 'and' ? wanted.every((t) => present.has(t)) : wanted.some((t) => present.has(t));
    }
    case 'exists': {
      if (!isObject(clause) || typeof clause.field !== 'string') throw new InvalidSearchRequest('[exists] query needs [field]', `${at}.field`);
      return valuesAt(document, clause.field).length > 0;
    }
    case 'range': {
      if (!isObject(clause) || Object.keys(clause).length !== 1) throw new InvalidSearchRequest('[range] query takes exactly one field', at);
      const [path, bounds] = Object.entries(clause)[0];
      if (!isObject(bounds)) throw new InvalidSearchRequest(`[range] query on [${path}] needs gt, gte, lt or lte`, `${at}.${path}`);
      return valuesAt(document, path).some((v) => inRange(v, bounds));
    }
    case 'bool': {
      if (!isObject(clause)) throw new InvalidSearchRequest('[bool] query must be an object', at);
      const all = (name: string) => clauses(clause[name], `${at}.${name}`).map((q, i) => matchesQuery(document, q, `${at}.${name}[${i}]`));
      const should = all('should');
      const required = [...all('must'), ...all('filter')];
      const minimum = Number(clause.minimum_should_match ?? (required.length > 0 ? 0 : 1));
      return required.every(Boolean) && !all('must_not').some(Boolean) && (should.length === 0 || should.filter(Boolean).length >= minimum);
    }
    case 'nested': {
      if (!isObject(clause) || typeof clause.path !== 'string') throw new InvalidSearchRequest('[nested] query needs [path] and [query]', `${at}.path`);
      // Fields inside a nested query are full paths already, so the query applies to the whole document.
      return matchesQuery(document, clause.query, `${at}.query`);
    }
    default:
      throw new InvalidSearchRequest(`[${kind}] queries are not supported by the emulator`, at);
  }
}

function inRange(value: unknown, bounds: Record<string, unknown>): boolean {
  const compare = (other: unknown) => (typeof value === 'number' && typeof other === 'number' ? value - other : String(value).localeCompare(String(other)));
  return (bounds.gt === undefined || compare(bounds.gt) > 0)
    && (bounds.gte === undefined || compare(bounds.gte) >= 0)
    && (bounds.lt === undefined || compare(bounds.lt) < 0)
    && (bounds.lte === undefined || compare(bounds.lte) <= 0);
}

function nonNegativeInteger(value: unknown, field: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new InvalidSearchRequest(`[${field}] must be a non-negative integer`, field);
  return value;
}

/** Sort keys as SearchRequest gives them: `"field"`, `{"field": "desc"}` or `{"field": {"order": "desc"}}`. */
function sortKeys(sort: unknown): { path: string; descending: boolean }[] {
  if (sort === undefined || sort === null) return [];
  if (!Array.isArray(sort)) throw new InvalidSearchRequest('[sort] must be an array', 'sort');
  return sort.map((key, i) => {
    if (typeof key === 'string') return { path: key, descending: false };
    if (isObject(key) && Object.keys(key).length === 1) {
      const [path, order] = Object.entries(key)[0];
      const direction = isObject(order) ? order.order : order;
      return { path, descending: direction === 'desc' };
    }
    throw new InvalidSearchRequest(`[sort[${i}]] must be a field name or {field: order}`, `sort[${i}]`);
  });
}

/** The matching documents of one page, and how many matched in all. */
export function searchDocuments(documents: SearchDocument[], request: Record<string, unknown>): { page: SearchDocument[]; matchCount: number } {
  const from = nonNegativeInteger(request.from, 'from', 0);
  const size = nonNegativeInteger(request.size, 'size', 100);
  const query = request.query ?? { match_all: {} };
  const matched = documents.filter((document) => matchesQuery(document, query));
  for (const { path, descending } of sortKeys(request.sort).reverse()) {
    matched.sort((a, b) => String(valuesAt(a, path)[0] ?? '').localeCompare(String(valuesAt(b, path)[0] ?? '')) * (descending ? -1 : 1));
  }
  return { page: matched.slice(from, from + size), matchCount: matched.length };
}

/** `minimal_metadata=a,b.c`: each document reduced to those attributes (first value of each path). */
export function minimalMetadata(documents: SearchDocument[], attributes: string): Record<string, unknown>[] {
  const paths = attributes.split(',').map((a) => a.trim()).filter((a) => a.length > 0);
  return documents.map((document) => Object.fromEntries(paths.flatMap((path) => {
    const [first] = valuesAt(document, path);
    return first === undefined ? [] : [[path, first]];
  })));
}
