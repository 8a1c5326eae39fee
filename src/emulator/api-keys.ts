/**
 * Elasticsearch API keys as the emulator keeps them: the cross-cluster key request rules
 * (CrossClusterApiKeyRoleDescriptorBuilder and the create/update request validation), and the
 * JSON shapes of the security API responses.
 */
import { EsHttpError, badRequest, parseError, validationFailed } from './es-errors';
import { apiKeyId, base64Id22 } from './ids';
import { isTimeValue } from './cluster-settings';
import { fieldLocation, isObject, rejectUnknownFields, wildcardRegex } from './es-json';
import { parseIndexGrant } from './document-security';
import type { IndexGrant } from './document-security';
import type { RoleDescriptor } from './security';

export interface IndicesAccess {
  names: string[];
  /** The DLS query as Elasticsearch stores and returns it: JSON text. */
  query?: string;
  field_security?: { grant?: string[]; except?: string[] };
  /** Always rendered by Elasticsearch, false unless given. */
  allow_restricted_indices: boolean;
}

export interface CrossClusterAccess {
  search?: IndicesAccess[];
  replication?: IndicesAccess[];
}

export interface ApiKeyRecord {
  id: string;
  name: string;
  type: 'rest' | 'cross_cluster';
  secret: string;
  creation: number;
  expiration?: number;
  invalidated: boolean;
  invalidation?: number;
  metadata: Record<string, unknown>;
  access?: CrossClusterAccess;
  certificateIdentity?: string;
  /** A REST key's own role descriptors (empty: the owner's privileges). */
  roleDescriptors?: Record<string, RoleDescriptor>;
  username: string;
  realm: string;
  realmType: string;
}

const CCS_CLUSTER_PRIVILEGES = ['cross_cluster_search', 'monitor_enrich'];
const CCR_CLUSTER_PRIVILEGES = ['cross_cluster_replication'];
const CCS_INDICES_PRIVILEGES = ['read', 'read_cross_cluster', 'view_index_metadata'];
const CCR_INDICES_PRIVILEGES = ['cross_cluster_replication', 'cross_cluster_replication_internal'];

export const encodeApiKey = (id: string, secret: string): string => Buffer.from(`${id}:${secret}`).toString('base64');

/** Splits an encoded key (base64 of `id:secret`); undefined when it is not one. */
export function decodeApiKey(encoded: string): { id: string; secret: string } | undefined {
  const text = Buffer.from(encoded.trim(), 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) return undefined;
  return { id: text.slice(0, colon), secret: text.slice(colon + 1) };
}

export function newApiKey(fields: Omit<ApiKeyRecord, 'id' | 'secret' | 'invalidated'>): ApiKeyRecord {
  return { ...fields, id: apiKeyId(), secret: base64Id22(), invalidated: false };
}

export function isExpired(key: ApiKeyRecord, now: number): boolean {
  return key.expiration !== undefined && key.expiration <= now;
}

function stringList(owner: Record<string, unknown>, field: string): string[] {
  const value = owner[field];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
    throw parseError(`${fieldLocation(owner, field)} [${field}] failed to parse field: expected a string or an array of strings`);
  }
  return list as string[];
}

/** One entry of `access.search` / `access.replication`; `at` is the location of the section's field. */
function parseIndicesAccess(entry: unknown, section: 'search' | 'replication', at: string): IndicesAccess {
  if (!isObject(entry)) throw parseError(`${at} [cross_cluster_api_key_request_access] ${section} doesn't support values of type: ${entry === null ? 'VALUE_NULL' : 'VALUE_STRING'}`);
  if ('privileges' in entry) {
    throw parseError(`${at} [cross_cluster_api_key_request_access] failed to parse field [${section}]`, {
      type: 'parse_exception',
      reason: 'failed to parse indices privileges for role [cross_cluster]. field [privileges] must not present',
    });
  }
  rejectUnknownFields(entry, section, ['names', 'query', 'field_security', 'allow_restricted_indices']);
  if (entry.names === undefined) {
    throw parseError(`${at} [cross_cluster_api_key_request_access] failed to parse field [${section}]`, {
      type: 'parse_exception',
      reason: 'failed to parse indices privileges for role [cross_cluster]. missing required [names] field',
    });
  }
  const names = stringList(entry, 'names');
  if (names.length === 0) {
    throw badRequest('failed to parse indices privileges for role [cross_cluster]. [names] must not be empty');
  }
  const access: IndicesAccess = { names, ...indexGrantOf(entry, section, at), allow_restricted_indices: false };
  if (entry.allow_restricted_indices !== undefined) {
    if (typeof entry.allow_restricted_indices !== 'boolean') throw parseError(`${fieldLocation(entry, 'allow_restricted_indices')} [allow_restricted_indices] expected a boolean`);
    access.allow_restricted_indices = entry.allow_restricted_indices;
  }
  return access;
}

/** The role parser's error surfaces through the request's ObjectParser, which wraps it with the section's field. */
function indexGrantOf(entry: Record<string, unknown>, section: 'search' | 'replication', at: string): IndexGrant {
  try {
    return parseIndexGrant(entry, 'cross_cluster');
  } catch (error) {
    if (error instanceof EsHttpError) throw parseError(`${at} [cross_cluster_api_key_request_access] failed to parse field [${section}]`, error.asCause());
    throw error;
  }
}

const usesDlsOrFls = (access: IndicesAccess): boolean => access.query !== undefined || access.field_security !== undefined;

/** CrossClusterApiKeyRoleDescriptorBuilder: parse then build (with its exact messages). */
export function parseCrossClusterAccess(value: unknown, at: string): CrossClusterAccess {
  if (value === null) throw parseError(`${at} [cross_cluster_api_key_request] access doesn't support values of type: VALUE_NULL`);
  if (!isObject(value)) throw parseError(`${at} [cross_cluster_api_key_request] access expected an object`);
  rejectUnknownFields(value, 'cross_cluster_api_key_request_access', ['search', 'replication']);
  const section = (name: 'search' | 'replication'): IndicesAccess[] => {
    const raw = value[name];
    if (raw === undefined) return [];
    const sectionAt = fieldLocation(value, name);
    if (raw === null) throw parseError(`${sectionAt} [cross_cluster_api_key_request_access] ${name} doesn't support values of type: VALUE_NULL`);
    if (!Array.isArray(raw)) throw parseError(`${sectionAt} [cross_cluster_api_key_request_access] ${name} expected an array of objects`);
    return raw.map((entry) => parseIndicesAccess(entry, name, sectionAt));
  };
  const search = section('search');
  const replication = section('replication');
  if (search.length === 0 && replication.length === 0) {
    throw badRequest('must specify non-empty access for either [search] or [replication]');
  }
  if (search.length > 0 && replication.length > 0 && search.some(usesDlsOrFls)) {
    throw badRequest('search does not support document or field level security if replication is assigned');
  }
  if (replication.some(usesDlsOrFls)) throw badRequest('replication does not support document or field level security');
  const access: CrossClusterAccess = {};
  if (search.length > 0) access.search = search;
  if (replication.length > 0) access.replication = replication;
  return access;
}

/** The one role descriptor (`cross_cluster`) ES derives from the access. */
function crossClusterRoleDescriptor(access: CrossClusterAccess): Record<string, unknown> {
  const search = access.search ?? [];
  const replication = access.replication ?? [];
  const cluster = search.length > 0 && replication.length > 0
    ? [...CCS_CLUSTER_PRIVILEGES, ...CCR_CLUSTER_PRIVILEGES]
    : search.length > 0 ? CCS_CLUSTER_PRIVILEGES : CCR_CLUSTER_PRIVILEGES;
  const indices = [
    ...search.map((entry) => ({ ...entry, privileges: CCS_INDICES_PRIVILEGES })),
    ...replication.map((entry) => ({ names: entry.names, privileges: CCR_INDICES_PRIVILEGES, allow_restricted_indices: entry.allow_restricted_indices })),
  ];
  return {
    cross_cluster: {
      cluster,
      indices,
      applications: [],
      run_as: [],
      metadata: {},
      transient_metadata: { enabled: true },
    },
  };
}

const timeUnitsMs: Record<string, number> = { nanos: 1e-6, micros: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** TimeValue.parseTimeValue for the `expiration` field; returns milliseconds. */
export function parseExpiration(value: unknown, at: string): number {
  const text = typeof value === 'string' ? value.trim() : undefined;
  const cause = (why: string): EsHttpError =>
    parseError(`${at} [cross_cluster_api_key_request] failed to parse field [expiration]`, {
      type: 'illegal_argument_exception',
      reason: `failed to parse setting [expiration] with value [${String(value)}] as a time value: ${why}`,
    });
  if (text === undefined) throw cause('unit is missing or unrecognized');
  if (/^-\d/.test(text)) throw cause('negative durations are not supported');
  if (/^\d+\.\d+/.test(text)) throw cause('fractional time values are not supported');
  if (!isTimeValue(text) || text === '-1' || text === '0') throw cause('unit is missing or unrecognized');
  const match = /^(\d+)(nanos|micros|ms|s|m|h|d)$/.exec(text);
  if (!match) throw cause('unit is missing or unrecognized');
  const ms = Number(match[1]) * timeUnitsMs[match[2]];
  if (ms <= 0) throw validationFailed(['API key expiration must be positive']);
  return ms;
}

/** certificate_identity is a Java regular expression over the certificate's DN. */
export function parseCertificateIdentity(value: unknown, at: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw parseError(`${at} [cross_cluster_api_key_request] certificate_identity expected a string`);
  if (value.trim() === '') throw validationFailed(['certificate_identity must not be empty']);
  try {
    new RegExp(value);
  } catch (error) {
    throw badRequest(`Invalid certificate_identity format: [${value}]. ${(error as Error).message}`);
  }
  return value;
}

export function parseMetadata(value: unknown, at: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw parseError(`${at} [cross_cluster_api_key_request] metadata expected an object`);
  const reserved = Object.keys(value).filter((key) => key.startsWith('_'));
  if (reserved.length > 0) throw validationFailed(['API key metadata keys may not start with [_]']);
  return value;
}

/** ApiKeyRequest name rules (action_request_validation_exception). */
export function checkApiKeyName(value: unknown, at: string): string {
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw parseError(`${at} [cross_cluster_api_key_request] name expected a string`);
  }
  const name = typeof value === 'string' ? value : '';
  const problems: string[] = [];
  if (name.trim() === '') problems.push('api key name is required');
  else {
    if (name.length > 1024) problems.push('api key name may not be more than [1024] characters long');
    if (name !== name.trim()) problems.push('api key name may not begin or end with whitespace');
    if (name.startsWith('_')) problems.push('api key name may not begin with an underscore');
  }
  if (problems.length > 0) throw validationFailed(problems);
  return name;
}

export interface CrossClusterKeyRequest {
  name: string;
  access: CrossClusterAccess;
  expirationMs?: number;
  metadata: Record<string, unknown>;
  certificateIdentity?: string;
}

export function parseCreateRequest(body: unknown): CrossClusterKeyRequest {
  if (!isObject(body)) throw parseError('[1:1] [cross_cluster_api_key_request] expected an object');
  rejectUnknownFields(body, 'cross_cluster_api_key_request', ['name', 'access', 'expiration', 'metadata', 'certificate_identity']);
  if (!('access' in body)) throw parseError('[1:2] Required [access]');
  const at = (field: string): string => fieldLocation(body, field);
  const access = parseCrossClusterAccess(body.access, at('access'));
  const name = checkApiKeyName(body.name, at('name'));
  const request: CrossClusterKeyRequest = { name, access, metadata: parseMetadata(body.metadata, at('metadata')) };
  if (body.expiration !== undefined && body.expiration !== null) request.expirationMs = parseExpiration(body.expiration, at('expiration'));
  const identity = parseCertificateIdentity(body.certificate_identity, at('certificate_identity'));
  if (identity !== undefined) request.certificateIdentity = identity;
  return request;
}

export interface CrossClusterKeyUpdate {
  access?: CrossClusterAccess;
  metadata?: Record<string, unknown>;
  /** undefined: unchanged; null: never expires. */
  expirationMs?: number | null;
  /** undefined: unchanged; null: removed. */
  certificateIdentity?: string | null;
}

export function parseUpdateRequest(body: unknown): CrossClusterKeyUpdate {
  if (!isObject(body)) throw validationFailed(['must update either [access] or [metadata] for cross-cluster API keys']);
  rejectUnknownFields(body, 'cross_cluster_api_key_request', ['access', 'expiration', 'metadata', 'certificate_identity']);
  const update: CrossClusterKeyUpdate = {};
  const at = (field: string): string => fieldLocation(body, field);
  if (body.access !== undefined) update.access = parseCrossClusterAccess(body.access, at('access'));
  if (body.metadata !== undefined) update.metadata = parseMetadata(body.metadata, at('metadata'));
  if (body.expiration !== undefined) update.expirationMs = body.expiration === null ? null : parseExpiration(body.expiration, at('expiration'));
  if (body.certificate_identity !== undefined) {
    update.certificateIdentity = body.certificate_identity === null ? null : parseCertificateIdentity(body.certificate_identity, at('certificate_identity'));
  }
  if (Object.keys(update).length === 0) {
    throw validationFailed(['must update either [access] or [metadata] or [expiration] or [certificate_identity] for cross-cluster API keys']);
  }
  return update;
}

/** Applies an update; returns whether anything changed (ES answers `updated: false` for a no-op). */
export function applyUpdate(key: ApiKeyRecord, update: CrossClusterKeyUpdate, now: number): boolean {
  const before = JSON.stringify([key.access, key.metadata, key.expiration, key.certificateIdentity]);
  if (update.access) key.access = update.access;
  if (update.metadata) key.metadata = update.metadata;
  if (update.expirationMs !== undefined) key.expiration = update.expirationMs === null ? undefined : now + update.expirationMs;
  if (update.certificateIdentity !== undefined) key.certificateIdentity = update.certificateIdentity ?? undefined;
  return JSON.stringify([key.access, key.metadata, key.expiration, key.certificateIdentity]) !== before;
}

/** One entry of `GET /_security/api_key`. */
export function apiKeyInfo(key: ApiKeyRecord): Record<string, unknown> {
  const info: Record<string, unknown> = {
    id: key.id,
    name: key.name,
    type: key.type,
    creation: key.creation,
    invalidated: key.invalidated,
    username: key.username,
    realm: key.realm,
    realm_type: key.realmType,
    metadata: key.metadata,
  };
  if (key.expiration !== undefined) info.expiration = key.expiration;
  if (key.invalidation !== undefined) info.invalidation = key.invalidation;
  if (key.type === 'cross_cluster' && key.access) {
    info.role_descriptors = crossClusterRoleDescriptor(key.access);
    info.access = key.access;
    if (key.certificateIdentity !== undefined) info.certificate_identity = key.certificateIdentity;
  } else {
    info.role_descriptors = key.roleDescriptors ?? {};
  }
  return info;
}

/** `name` query values support `*` wildcards, as in ES. */
export function nameMatcher(pattern: string): (name: string) => boolean {
  if (!pattern.includes('*')) return (name) => name === pattern;
  const regex = wildcardRegex(pattern);
  return (name) => regex.test(name);
}

/** Whether the DN satisfies the key's certificate_identity (a full match, as Java's matches()). */
export function certificateIdentityMatches(pattern: string, dn: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(dn);
}
