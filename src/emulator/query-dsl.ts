/**
 * The query DSL subset the emulator runs: parsing with Elasticsearch's `parsing_exception` words,
 * and evaluation over a document's `_source` with the index mapping deciding how a field compares
 * (text is analyzed into lowercase tokens, keyword and numbers compare exactly, dates as instants).
 * Scores are simple (one per matching clause, summed by `bool`): enough to order, not BM25.
 */
import { EsHttpError } from './es-errors';
import { isObject } from './es-json';
import type { FieldMapping, FieldType } from './indices';

type Scalar = string | number | boolean;

export type Query =
  | { kind: 'match_all'; boost: number }
  | { kind: 'match_none' }
  | { kind: 'term'; field: string; value: Scalar; boost: number; caseInsensitive: boolean }
  | { kind: 'terms'; field: string; values: Scalar[]; boost: number }
  | { kind: 'match'; field: string; text: Scalar; operator: 'or' | 'and'; minimumShouldMatch?: string; boost: number }
  | { kind: 'range'; field: string; gt?: Scalar; gte?: Scalar; lt?: Scalar; lte?: Scalar; boost: number }
  | { kind: 'exists'; field: string; boost: number }
  | { kind: 'prefix'; field: string; value: string; boost: number; caseInsensitive: boolean }
  | { kind: 'ids'; values: string[]; boost: number }
  | { kind: 'bool'; must: Query[]; filter: Query[]; should: Query[]; mustNot: Query[]; minimumShouldMatch?: string; boost: number };

export const parsingError = (reason: string): EsHttpError => new EsHttpError(400, 'parsing_exception', reason);

const isScalar = (value: unknown): value is Scalar => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

function boostOf(name: string, value: unknown): number {
  if (value === undefined) return 1;
  const boost = Number(value);
  if (!Number.isFinite(boost)) throw parsingError(`[${name}] failed to parse field [boost]`);
  return boost;
}

/** A leaf query is `{name: {field: value | {options}}}` with exactly one field. */
function singleField(name: string, body: unknown): [string, unknown] {
  if (!isObject(body)) throw parsingError(`[${name}] query malformed, no start_object after query name`);
  const fields = Object.keys(body);
  if (fields.length === 0) throw parsingError(`[${name}] query malformed, no field specified`);
  if (fields.length > 1) throw parsingError(`[${name}] query doesn't support multiple fields, found [${fields[0]}] and [${fields[1]}]`);
  return [fields[0], body[fields[0]]];
}

function checkOptions(name: string, options: Record<string, unknown>, accepted: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!accepted.includes(key)) throw parsingError(`[${name}] query does not support [${key}]`);
  }
}

function scalarOption(name: string, options: Record<string, unknown>, key: string): Scalar {
  const value = options[key];
  if (!isScalar(value)) throw parsingError(`[${name}] query does not support [${key}] with a value of this type`);
  return value;
}

function parseClauses(value: unknown): Query[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(parseQuery);
}

function minimumShouldMatchText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw parsingError('[bool] failed to parse field [minimum_should_match]');
  return String(value);
}

/** AbstractQueryBuilder.parseTopLevelQuery: one query name per object. */
export function parseQuery(value: unknown): Query {
  if (!isObject(value)) throw parsingError('query malformed, must start with start_object');
  const names = Object.keys(value);
  if (names.length === 0) throw parsingError('query malformed, empty clause found');
  if (names.length > 1) throw parsingError(`[${names[0]}] malformed query, expected [END_OBJECT] but found [FIELD_NAME]`);
  const name = names[0];
  const body = value[name];
  switch (name) {
    case 'match_all': {
      const options = isObject(body) ? body : {};
      checkOptions(name, options, ['boost', '_name']);
      return { kind: 'match_all', boost: boostOf(name, options.boost) };
    }
    case 'match_none':
      return { kind: 'match_none' };
    case 'term': {
      const [field, raw] = singleField(name, body);
      const options = isObject(raw) ? raw : { value: raw };
      checkOptions(name, options, ['value', 'boost', 'case_insensitive', '_name']);
      return { kind: 'term', field, value: scalarOption(name, options, 'value'), boost: boostOf(name, options.boost), caseInsensitive: options.case_insensitive === true };
    }
    case 'terms': {
      if (!isObject(body)) throw parsingError('[terms] query malformed, no start_object after query name');
      const fields = Object.keys(body).filter((key) => key !== 'boost' && key !== '_name');
      if (fields.length !== 1) throw parsingError(fields.length === 0 ? '[terms] query requires a field' : `[terms] query does not support multiple fields`);
      const values = body[fields[0]];
      if (!Array.isArray(values) || !values.every(isScalar)) throw parsingError(`[terms] query does not support [${fields[0]}]`);
      return { kind: 'terms', field: fields[0], values, boost: boostOf(name, body.boost) };
    }
    case 'match': {
      const [field, raw] = singleField(name, body);
      const options = isObject(raw) ? raw : { query: raw };
      checkOptions(name, options, ['query', 'operator', 'minimum_should_match', 'boost', 'analyzer', 'fuzziness', 'lenient', 'zero_terms_query', '_name']);
      const operator = String(options.operator ?? 'or').toLowerCase();
      if (operator !== 'or' && operator !== 'and') throw parsingError(`[match] query does not support [operator] value [${String(options.operator)}]`);
      const query: Query = { kind: 'match', field, text: scalarOption(name, options, 'query'), operator, boost: boostOf(name, options.boost) };
      const minimum = minimumShouldMatchText(options.minimum_should_match);
      if (minimum !== undefined) query.minimumShouldMatch = minimum;
      return query;
    }
    case 'range': {
      const [field, raw] = singleField(name, body);
      if (!isObject(raw)) throw parsingError(`[range] query does not support [${field}]`);
      checkOptions(name, raw, ['gt', 'gte', 'lt', 'lte', 'boost', 'format', 'time_zone', 'relation', '_name']);
      const query: Query = { kind: 'range', field, boost: boostOf(name, raw.boost) };
      for (const bound of ['gt', 'gte', 'lt', 'lte'] as const) {
        if (raw[bound] !== undefined && raw[bound] !== null) query[bound] = scalarOption(name, raw, bound);
      }
      return query;
    }
    case 'exists': {
      if (!isObject(body) || typeof body.field !== 'string') throw parsingError('[exists] must be provided with a [field]');
      checkOptions(name, body, ['field', 'boost', '_name']);
      return { kind: 'exists', field: body.field, boost: boostOf(name, body.boost) };
    }
    case 'prefix': {
      const [field, raw] = singleField(name, body);
      const options = isObject(raw) ? raw : { value: raw };
      checkOptions(name, options, ['value', 'boost', 'case_insensitive', 'rewrite', '_name']);
      return { kind: 'prefix', field, value: String(scalarOption(name, options, 'value')), boost: boostOf(name, options.boost), caseInsensitive: options.case_insensitive === true };
    }
    case 'ids': {
      if (!isObject(body) || !Array.isArray(body.values)) throw parsingError('[ids] query malformed, [values] expected an array');
      checkOptions(name, body, ['values', 'boost', '_name']);
      return { kind: 'ids', values: body.values.map(String), boost: boostOf(name, body.boost) };
    }
    case 'bool': {
      if (!isObject(body)) throw parsingError('[bool] query malformed, no start_object after query name');
      checkOptions(name, body, ['must', 'filter', 'should', 'must_not', 'minimum_should_match', 'boost', '_name', 'adjust_pure_negative']);
      const query: Query = {
        kind: 'bool',
        must: parseClauses(body.must),
        filter: parseClauses(body.filter),
        should: parseClauses(body.should),
        mustNot: parseClauses(body.must_not),
        boost: boostOf(name, body.boost),
      };
      const minimum = minimumShouldMatchText(body.minimum_should_match);
      if (minimum !== undefined) query.minimumShouldMatch = minimum;
      return query;
    }
    default:
      throw parsingError(`unknown query [${name}]`);
  }
}

/** Where a query field reads its values, and as what type (`title.keyword` is title's keyword multi-field). */
export interface ResolvedField {
  path: string;
  type: FieldType;
}

export function resolveField(properties: Record<string, FieldMapping>, field: string): ResolvedField | undefined {
  const parts = field.split('.');
  let level: Record<string, FieldMapping> | undefined = properties;
  for (let i = 0; i < parts.length; i += 1) {
    const mapping: FieldMapping | undefined = level?.[parts[i]];
    if (!mapping) return undefined;
    if (i === parts.length - 1) return { path: field, type: mapping.type };
    const next = parts[i + 1];
    if (i + 1 === parts.length - 1 && mapping.fields?.[next]) return { path: parts.slice(0, i + 1).join('.'), type: mapping.fields[next].type };
    level = mapping.properties;
  }
  return undefined;
}

/** The values at a dotted path of a source (arrays flattened, dotted keys understood). */
export function valuesAt(source: unknown, path: string): unknown[] {
  if (path === '') return Array.isArray(source) ? source.flat(Infinity) : [source];
  if (Array.isArray(source)) return source.flatMap((item) => valuesAt(item, path));
  if (!isObject(source)) return [];
  const found: unknown[] = [];
  if (path in source) found.push(...valuesAt(source[path], ''));
  const parts = path.split('.');
  for (let i = 1; i < parts.length; i += 1) {
    const head = parts.slice(0, i).join('.');
    if (head in source) found.push(...valuesAt(source[head], parts.slice(i).join('.')));
  }
  return found.filter((value) => value !== null && value !== undefined);
}

/** The standard analyzer, roughly: lowercase words of letters and digits. */
const analyze = (text: string): string[] => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((token) => token.length > 0);

const numericTypes: readonly FieldType[] = ['long', 'integer', 'short', 'byte', 'double', 'float', 'half_float', 'scaled_float'];

const DATE_UNITS_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, H: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Date math from `now` (`now-1d`, `now+2h/d`), in epoch millis; months and years are not emulated. */
function dateMath(text: string, now: number): number | undefined {
  const match = /^now((?:[+-]\d+[smhHdw])*)(?:\/([smhHdw]))?$/.exec(text);
  if (!match) return undefined;
  let instant = now;
  for (const [, sign, amount, unit] of match[1].matchAll(/([+-])(\d+)([smhHdw])/g)) instant += (sign === '-' ? -1 : 1) * Number(amount) * DATE_UNITS_MS[unit];
  if (match[2] !== undefined) instant -= instant % DATE_UNITS_MS[match[2]];
  return instant;
}

/** A value as the field's doc values compare it: numbers, epoch millis for dates, text otherwise. */
export function comparable(type: FieldType, value: unknown): number | string | undefined {
  if (numericTypes.includes(type)) {
    const number = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(number) ? number : undefined;
  }
  if (type === 'date') {
    if (typeof value === 'number') return value;
    const text = String(value);
    if (text.startsWith('now')) return dateMath(text, Date.now());
    const instant = Date.parse(text);
    return Number.isNaN(instant) ? undefined : instant;
  }
  if (type === 'boolean') return String(value === true || value === 'true');
  return String(value);
}

function termMatches(type: FieldType, value: unknown, wanted: Scalar, caseInsensitive: boolean): boolean {
  if (type === 'text') return analyze(String(value)).includes(caseInsensitive ? String(wanted).toLowerCase() : String(wanted));
  const [left, right] = [comparable(type, value), comparable(type, wanted)];
  if (left === undefined || right === undefined) return false;
  return caseInsensitive && typeof left === 'string' ? left.toLowerCase() === String(right).toLowerCase() : left === right;
}

/** minimum_should_match: an integer or a percentage, negative counting from the clause count. */
function requiredMatches(spec: string | undefined, optional: number, fallback: number): number {
  if (spec === undefined) return fallback;
  const match = /^(-?)(\d+)(%?)$/.exec(spec.trim());
  if (!match) throw parsingError(`[bool] failed to parse minimum_should_match [${spec}]`);
  const amount = match[3] === '%' ? Math.floor((optional * Number(match[2])) / 100) : Number(match[2]);
  const required = match[1] === '-' ? optional - amount : amount;
  return Math.max(0, Math.min(optional, required));
}

/** What a query sees of one document. */
export interface Candidate {
  id: string;
  source: Record<string, unknown>;
  properties: Record<string, FieldMapping>;
}

/** The document's score under the query, or undefined when it does not match. */
export function evaluate(query: Query, doc: Candidate): number | undefined {
  const fieldValues = (field: string): { type: FieldType; values: unknown[] } | undefined => {
    const resolved = resolveField(doc.properties, field);
    return resolved ? { type: resolved.type, values: valuesAt(doc.source, resolved.path) } : undefined;
  };
  switch (query.kind) {
    case 'match_all':
      return query.boost;
    case 'match_none':
      return undefined;
    case 'ids':
      return query.values.includes(doc.id) ? query.boost : undefined;
    case 'exists': {
      const found = fieldValues(query.field);
      return found && found.values.length > 0 ? query.boost : undefined;
    }
    case 'term':
    case 'terms': {
      const found = fieldValues(query.field);
      const wanted = query.kind === 'term' ? [query.value] : query.values;
      const insensitive = query.kind === 'term' && query.caseInsensitive;
      return found?.values.some((value) => wanted.some((w) => termMatches(found.type, value, w, insensitive))) ? query.boost : undefined;
    }
    case 'prefix': {
      const found = fieldValues(query.field);
      if (!found) return undefined;
      const prefix = query.caseInsensitive ? query.value.toLowerCase() : query.value;
      const words = found.values.flatMap((value) => (found.type === 'text' ? analyze(String(value)) : [String(value)]));
      return words.some((word) => (query.caseInsensitive ? word.toLowerCase() : word).startsWith(prefix)) ? query.boost : undefined;
    }
    case 'match': {
      const found = fieldValues(query.field);
      if (!found) return undefined;
      if (found.type !== 'text') return found.values.some((value) => termMatches(found.type, value, query.text, false)) ? query.boost : undefined;
      const tokens = [...new Set(analyze(String(query.text)))];
      if (tokens.length === 0) return undefined;
      const present = new Set(found.values.flatMap((value) => analyze(String(value))));
      const matched = tokens.filter((token) => present.has(token)).length;
      const required = query.operator === 'and' ? tokens.length : requiredMatches(query.minimumShouldMatch, tokens.length, 1);
      return matched >= Math.max(1, required) ? query.boost * matched : undefined;
    }
    case 'range': {
      const found = fieldValues(query.field);
      if (!found) return undefined;
      const inRange = (value: unknown): boolean => {
        const at = comparable(found.type, value);
        if (at === undefined) return false;
        const bound = (limit: Scalar | undefined, test: (a: number | string, b: number | string) => boolean): boolean => {
          if (limit === undefined) return true;
          const other = comparable(found.type, limit);
          return other !== undefined && test(at, other);
        };
        return bound(query.gt, (a, b) => a > b) && bound(query.gte, (a, b) => a >= b) && bound(query.lt, (a, b) => a < b) && bound(query.lte, (a, b) => a <= b);
      };
      return found.values.some(inRange) ? query.boost : undefined;
    }
    case 'bool': {
      let score = 0;
      for (const clause of query.must) {
        const s = evaluate(clause, doc);
        if (s === undefined) return undefined;
        score += s;
      }
      if (query.filter.some((clause) => evaluate(clause, doc) === undefined)) return undefined;
      if (query.mustNot.some((clause) => evaluate(clause, doc) !== undefined)) return undefined;
      const shouldScores = query.should.map((clause) => evaluate(clause, doc)).filter((s): s is number => s !== undefined);
      // Without must or filter clauses, at least one should clause has to match.
      const fallback = query.must.length === 0 && query.filter.length === 0 && query.should.length > 0 ? 1 : 0;
      if (shouldScores.length < requiredMatches(query.minimumShouldMatch, query.should.length, fallback)) return undefined;
      score += shouldScores.reduce((sum, s) => sum + s, 0);
      return score * query.boost;
    }
  }
}
