/**
 * Field and document level security as Elasticsearch applies them to what a subject reads: within
 * one set of privileges (a role set, a REST key's descriptors, a cross-cluster key's access) the
 * entries granting an index add up (any entry without `field_security` or `query` lifts that
 * limit); across sets they intersect (an API key's descriptors limit its owner's roles; on a remote
 * cluster the cross-cluster key's access limits the querying user's `remote_indices`).
 * `_source` filtering of the search request uses the same path matching.
 */
import { parseException } from './es-errors';
import { isObject, jsonToken, wildcardRegex } from './es-json';
import type { FieldMapping } from './indices';
import { evaluate, parseQuery } from './query-dsl';
import type { Query } from './query-dsl';
import type { NativeRealm, Principal } from './security';

/** The part of a role or access entry that limits fields and documents. */
export interface IndexGrant {
  field_security?: { grant?: string[]; except?: string[] };
  query?: string;
}

/** XContentUtils.readStringArray under RoleDescriptor's rewrap; null stays null (allowNull). */
function readStringArray(roleName: string, field: string, value: unknown): string[] | null {
  if (value === null) return null;
  const fail = (problem: string) => parseException(`failed to parse role [${roleName}]`, { type: 'parse_exception', reason: `could not parse [${field}] field. ${problem}` });
  if (!Array.isArray(value)) throw fail(`expected a string array but found [${jsonToken(value)}] value instead`);
  // Inside an array Jackson has no current field name.
  const odd = value.find((item) => typeof item !== 'string');
  if (odd !== undefined) throw parseException(`failed to parse role [${roleName}]`, { type: 'parse_exception', reason: `could not parse [null] field. expected a string array but one of the value in the array is [${jsonToken(odd)}]` });
  return value as string[];
}

/**
 * The `field_security` and `query` of an index privileges entry, parsed as RoleDescriptor parses them for
 * roles, REST keys' role descriptors and cross-cluster keys' access alike (ElasticsearchParseException).
 */
export function parseIndexGrant(entry: Record<string, unknown>, roleName: string): IndexGrant {
  const fail = (problem: string) => parseException(`failed to parse indices privileges for role [${roleName}]. ${problem}`);
  const grant: IndexGrant = {};
  for (const key of Object.keys(entry)) {
    const value = entry[key];
    if (key === 'query') {
      if (isObject(value)) grant.query = JSON.stringify(value);
      else if (typeof value === 'string') {
        if (value !== '') grant.query = value;
      } else if (value !== null) {
        throw fail(`expected field [query] value to be null, a string, an array, or an object, but found [${jsonToken(value)}] instead`);
      }
    } else if (key === 'field_security') {
      if (!isObject(value)) throw fail(`expected START_OBJECT but got ${jsonToken(value)} in "field_security".`);
      if (Object.keys(value).length === 0) throw fail('"field_security" must not be empty.');
      const fields: NonNullable<IndexGrant['field_security']> = {};
      for (const [option, patterns] of Object.entries(value)) {
        if (option !== 'grant' && option !== 'except') throw fail(`"field_security" only accepts options grant and except, but got: ${option}`);
        const list = readStringArray(roleName, option, patterns);
        if (list === null) throw fail(`${option} must not be null.`);
        fields[option] = list;
      }
      if (fields.except !== undefined && fields.grant === undefined) throw fail('field_security requires grant if except is given');
      grant.field_security = fields;
    }
  }
  return grant;
}

/** Field patterns compiled once: whether they name a path. */
type PathPatterns = (path: string) => boolean;

/** What one set of privileges lets the subject read of one index. */
export interface AccessLayer {
  fields: 'all' | { grant: PathPatterns; except: PathPatterns }[];
  documents: 'all' | Query[];
}

/** All the layers must allow a field or a document. */
export type IndexAccess = AccessLayer[];

/** The layer of the granting entries; undefined when none grants the index. */
function layerOf(entries: readonly IndexGrant[]): AccessLayer | undefined {
  if (entries.length === 0) return undefined;
  const unlimitedFields = entries.some((entry) => entry.field_security === undefined);
  const unlimitedDocuments = entries.some((entry) => entry.query === undefined);
  return {
    fields: unlimitedFields
      ? 'all'
      : entries.map((entry) => ({ grant: pathPatterns(entry.field_security?.grant ?? ['*']), except: pathPatterns(entry.field_security?.except ?? []) })),
    documents: unlimitedDocuments ? 'all' : entries.map((entry) => parseQuery(JSON.parse(entry.query as string))),
  };
}

/** The access of several layers, or undefined when one of them grants nothing. */
export function accessOf(layers: readonly (readonly IndexGrant[])[]): IndexAccess | undefined {
  const built = layers.map(layerOf);
  return built.every((layer): layer is AccessLayer => layer !== undefined) ? built : undefined;
}

/** A pattern names a path when it matches it or one of its parent objects (`user` covers `user.name`). */
function pathPatterns(patterns: readonly string[]): PathPatterns {
  const regexes = patterns.map(wildcardRegex);
  return (path) => {
    const parts = path.split('.');
    const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('.'));
    return regexes.some((regex) => prefixes.some((prefix) => regex.test(prefix)));
  };
}

export function fieldVisible(access: IndexAccess, path: string): boolean {
  return access.every((layer) => layer.fields === 'all' || layer.fields.some((rule) => rule.grant(path) && !rule.except(path)));
}

export function documentVisible(access: IndexAccess, id: string, source: Record<string, unknown>, properties: Record<string, FieldMapping>): boolean {
  return access.every((layer) => layer.documents === 'all' || layer.documents.some((query) => evaluate(query, { id, source, properties }) !== undefined));
}

/** The source with only the leaf fields `keep` accepts (objects that end up empty are dropped). */
export function filterSource(source: Record<string, unknown>, keep: (path: string) => boolean, prefix = ''): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isObject(value)) {
      const inner = filterSource(value, keep, path);
      if (Object.keys(inner).length > 0) kept[key] = inner;
    } else if (Array.isArray(value) && value.some(isObject)) {
      const items = value.map((item) => (isObject(item) ? filterSource(item, keep, path) : item)).filter((item) => !isObject(item) || Object.keys(item).length > 0);
      if (items.length > 0 && (keep(path) || items.some(isObject))) kept[key] = items;
    } else if (keep(path)) {
      kept[key] = value;
    }
  }
  return kept;
}

/** The request's `_source` option: off, everything, or includes/excludes patterns. */
export type SourceFilter = false | { includes: string[]; excludes: string[] };

/** Which paths the request's `_source` includes/excludes keep, its patterns compiled once. */
export function sourceKeeper(filter: Exclude<SourceFilter, false>): PathPatterns {
  const included = pathPatterns(filter.includes);
  const excluded = pathPatterns(filter.excludes);
  return (path) => (filter.includes.length === 0 || included(path)) && !excluded(path);
}

/** What the subject's roles (and a REST key's descriptors) let it read of a local index; undefined: denied. */
export function localAccess(realm: NativeRealm, principal: Principal, index: string, privilege: string): IndexAccess | undefined {
  return accessOf(realm.indexGrantLayers(principal, index, privilege));
}
