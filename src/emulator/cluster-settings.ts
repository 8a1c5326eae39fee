/**
 * Elasticsearch cluster settings as the emulator understands them: the registry of known settings
 * (the `cluster.remote.*` family from specs/elasticsearch/remote-cluster-settings.json plus a few
 * common ones), value parsing with Elasticsearch's messages, and the cross-setting rules (mode,
 * "remote cluster is not enabled") checked on the resulting state, as Elasticsearch does.
 */
import { badRequest } from './es-errors';
import { isObject } from './es-json';

export type SettingValue = string | string[];
export type SettingsMap = Map<string, SettingValue>;
export type RemoteMode = 'sniff' | 'proxy';

type SettingKind =
  | { type: 'enum'; values: readonly string[]; caseInsensitive?: boolean; enumClass: string }
  | { type: 'bool' }
  | { type: 'int'; min: number }
  | { type: 'time' }
  | { type: 'address' }
  | { type: 'address_list' }
  | { type: 'string' }
  | { type: 'string_list' };

interface SettingDefinition {
  kind: SettingKind;
  dynamic: boolean;
  /** Secure settings live in the keystore; a PUT of one is "not dynamically updateable". */
  secure?: boolean;
  /** The remote connection mode this setting belongs to. */
  mode?: RemoteMode;
  /** Only allowed when the alias has seeds (sniff) or a proxy address (proxy). */
  requiresEnabled?: boolean;
  default?: string;
}

const bool: SettingKind = { type: 'bool' };
const time: SettingKind = { type: 'time' };
const text: SettingKind = { type: 'string' };
const storeType: SettingKind = { type: 'enum', values: ['jks', 'PKCS12'], enumClass: 'keystore type' };

/** `cluster.remote.<alias>.<suffix>` settings. */
const aliasSettings: Record<string, SettingDefinition> = {
  mode: {
    kind: { type: 'enum', values: ['sniff', 'proxy'], caseInsensitive: true, enumClass: 'org.elasticsearch.transport.RemoteConnectionStrategy.ConnectionStrategy' },
    dynamic: true,
    default: 'SNIFF',
  },
  skip_unavailable: { kind: bool, dynamic: true, requiresEnabled: true, default: 'true' },
  'transport.ping_schedule': { kind: time, dynamic: true, requiresEnabled: true, default: '-1' },
  'transport.compress': {
    kind: { type: 'enum', values: ['true', 'indexing_data', 'false'], caseInsensitive: true, enumClass: 'org.elasticsearch.transport.Compression.Enabled' },
    dynamic: true,
    requiresEnabled: true,
  },
  'transport.compression_scheme': {
    kind: { type: 'enum', values: ['deflate', 'lz4'], caseInsensitive: true, enumClass: 'org.elasticsearch.transport.Compression.Scheme' },
    dynamic: true,
    requiresEnabled: true,
  },
  credentials: { kind: text, dynamic: false, secure: true },
  seeds: { kind: { type: 'address_list' }, dynamic: true, mode: 'sniff' },
  node_connections: { kind: { type: 'int', min: 1 }, dynamic: true, mode: 'sniff', default: '3' },
  proxy: { kind: { type: 'address' }, dynamic: true, mode: 'sniff' },
  proxy_address: { kind: { type: 'address' }, dynamic: true, mode: 'proxy' },
  proxy_socket_connections: { kind: { type: 'int', min: 1 }, dynamic: true, mode: 'proxy', default: '18' },
  server_name: { kind: text, dynamic: true, mode: 'proxy' },
  'signing.key': { kind: text, dynamic: true },
  'signing.key.secure_passphrase': { kind: text, dynamic: false, secure: true },
  'signing.certificate': { kind: text, dynamic: true },
  'signing.keystore.path': { kind: text, dynamic: true },
  'signing.keystore.type': { kind: storeType, dynamic: true },
  'signing.keystore.alias': { kind: text, dynamic: true },
  'signing.keystore.secure_password': { kind: text, dynamic: false, secure: true },
  'signing.keystore.secure_key_password': { kind: text, dynamic: false, secure: true },
  'signing.keystore.algorithm': { kind: text, dynamic: true },
};

/** Cluster-wide settings the emulator recognises. */
const clusterSettings: Record<string, SettingDefinition> = {
  'cluster.remote.initial_connect_timeout': { kind: time, dynamic: false, default: '30s' },
  'cluster.remote.node.attr': { kind: text, dynamic: false },
  'cluster.remote.connections_per_cluster': { kind: { type: 'int', min: 1 }, dynamic: false, default: '3' },
  'cluster.remote.signing.certificate_authorities': { kind: { type: 'string_list' }, dynamic: true },
  'cluster.remote.signing.truststore.path': { kind: text, dynamic: true },
  'cluster.remote.signing.truststore.secure_password': { kind: text, dynamic: false, secure: true },
  'cluster.remote.signing.truststore.algorithm': { kind: text, dynamic: true },
  'cluster.remote.signing.truststore.type': { kind: storeType, dynamic: true },
  'cluster.remote.signing.diagnose.trust': { kind: bool, dynamic: true, default: 'true' },
  'cluster.routing.allocation.enable': {
    kind: { type: 'enum', values: ['all', 'primaries', 'new_primaries', 'none'], caseInsensitive: true, enumClass: 'org.elasticsearch.cluster.routing.allocation.decider.EnableAllocationDecider.Allocation' },
    dynamic: true,
    default: 'all',
  },
  'action.destructive_requires_name': { kind: bool, dynamic: true, default: 'true' },
  'cluster.max_shards_per_node': { kind: { type: 'int', min: 1 }, dynamic: true, default: '1000' },
  'indices.recovery.max_bytes_per_sec': { kind: text, dynamic: true, default: '40mb' },
  'search.default_search_timeout': { kind: time, dynamic: true, default: '-1' },
};

const aliasKeyPattern = new RegExp(
  `^cluster\\.remote\\.([-\\w]*)\\.(${Object.keys(aliasSettings).map((s) => s.replace(/\./g, '\\.')).join('|')})$`,
);

interface ResolvedSetting {
  definition: SettingDefinition;
  alias?: string;
  suffix?: string;
}

function resolveSetting(key: string): ResolvedSetting | undefined {
  const cluster = clusterSettings[key];
  if (cluster) return { definition: cluster };
  const match = aliasKeyPattern.exec(key);
  if (match) return { definition: aliasSettings[match[2]], alias: match[1], suffix: match[2] };
  return undefined;
}

export const remoteSettingKey = (alias: string, suffix: string): string => `cluster.remote.${alias}.${suffix}`;

/** Flattens a (possibly nested) settings object to dotted keys; null marks a reset. */
export function flattenSettings(input: unknown, scope: string): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  if (input === undefined || input === null) return flat;
  if (!isObject(input)) {
    throw badRequest(`[${scope}] settings must be an object`);
  }
  const walk = (object: Record<string, unknown>, prefix: string): void => {
    for (const [key, value] of Object.entries(object)) {
      const full = prefix ? `${prefix}.${key}` : key;
      if (isObject(value)) walk(value, full);
      else flat.set(full, value);
    }
  };
  walk(input, '');
  return flat;
}

/** Nests dotted keys the way `GET _cluster/settings` without flat_settings renders them. */
export function nestSettings(flat: Iterable<[string, SettingValue]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of flat) {
    const parts = key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (next === undefined || typeof next !== 'object' || Array.isArray(next)) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = value;
  }
  return root;
}

function scalarText(key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw badRequest(`Found list type value for setting [${key}] but but did not expect a list for it.`);
}

/** Turns a JSON value into how Elasticsearch stores it: strings, or lists of strings. */
function storedValue(key: string, value: unknown): SettingValue {
  if (Array.isArray(value)) {
    return value.map((item) => {
      if (item === null || typeof item === 'object') throw badRequest(`[${key}] list values must be strings, numbers or booleans`);
      return String(item);
    });
  }
  return scalarText(key, value);
}

const listOf = (value: SettingValue): string[] =>
  Array.isArray(value) ? value : value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);

/** RemoteConnectionStrategy.parsePort: the port follows the LAST ':' (IPv6 must be bracketed). */
export function parseAddress(address: string): { host: string; port: number } {
  const separator = address.lastIndexOf(':');
  if (separator === -1) {
    throw badRequest(`remote hosts need to be configured as [host:port], found [${address}] instead`);
  }
  const portText = address.slice(separator + 1);
  const port = /^[+-]?\d+$/.test(portText) ? Number(portText) : Number.NaN;
  if (!Number.isSafeInteger(port) || port > 2147483647) {
    throw badRequest('failed to parse port', { type: 'number_format_exception', reason: `For input string: "${portText}"` });
  }
  if (port <= 0) throw badRequest(`port number must be > 0 but was: [${port}]`);
  return { host: address.slice(0, separator), port };
}

const timePattern = /^(?:-1|0|\d+(?:nanos|micros|ms|s|m|h|d))$/;

export function isTimeValue(text: string): boolean {
  return timePattern.test(text.trim());
}

function checkValue(key: string, definition: SettingDefinition, value: SettingValue): void {
  const kind = definition.kind;
  if (kind.type === 'address_list' || kind.type === 'string_list') {
    if (kind.type === 'address_list') for (const address of listOf(value)) parseAddress(address);
    return;
  }
  const raw = scalarText(key, value);
  switch (kind.type) {
    case 'bool':
      if (raw !== 'true' && raw !== 'false') {
        throw badRequest(`Failed to parse value [${raw}] as only [true] or [false] are allowed.`);
      }
      return;
    case 'int': {
      if (!/^[+-]?\d+$/.test(raw)) throw badRequest(`Failed to parse value [${raw}] for setting [${key}]`);
      if (Number(raw) < kind.min) throw badRequest(`Failed to parse value [${raw}] for setting [${key}] must be >= ${kind.min}`);
      return;
    }
    case 'time':
      if (!isTimeValue(raw)) {
        throw badRequest(`failed to parse setting [${key}] with value [${raw}] as a time value: unit is missing or unrecognized`);
      }
      return;
    case 'enum': {
      const candidate = kind.caseInsensitive ? raw.toLowerCase() : raw;
      const allowed = kind.caseInsensitive ? kind.values.map((v) => v.toLowerCase()) : kind.values;
      if (!allowed.includes(candidate)) throw badRequest(`No enum constant ${kind.enumClass}.${raw.toUpperCase()}`);
      return;
    }
    case 'address':
      if (raw !== '') parseAddress(raw);
      return;
    case 'string':
      return;
  }
}

/** Effective mode of an alias in a settings map (ES default: sniff). */
export function modeOf(settings: SettingsMap, alias: string): RemoteMode {
  const raw = settings.get(remoteSettingKey(alias, 'mode'));
  return typeof raw === 'string' && raw.toLowerCase() === 'proxy' ? 'proxy' : 'sniff';
}

export function isConnectionEnabled(settings: SettingsMap, alias: string): boolean {
  if (modeOf(settings, alias) === 'proxy') {
    const address = settings.get(remoteSettingKey(alias, 'proxy_address'));
    return typeof address === 'string' && address.length > 0;
  }
  const seeds = settings.get(remoteSettingKey(alias, 'seeds'));
  return seeds !== undefined && listOf(seeds).length > 0;
}

export function seedsOf(settings: SettingsMap, alias: string): string[] {
  const seeds = settings.get(remoteSettingKey(alias, 'seeds'));
  return seeds === undefined ? [] : listOf(seeds);
}

/** Aliases that have at least one `cluster.remote.<alias>.*` setting. */
export function aliasesIn(settings: SettingsMap): string[] {
  const aliases = new Set<string>();
  for (const key of settings.keys()) {
    const resolved = resolveSetting(key);
    if (resolved?.alias !== undefined) aliases.add(resolved.alias);
  }
  return [...aliases];
}

/** The rules Elasticsearch checks on the resulting settings of each remote alias. */
function checkAliasConsistency(settings: SettingsMap, alias: string): void {
  const mode = modeOf(settings, alias);
  const enabled = isConnectionEnabled(settings, alias);
  const prefix = `cluster.remote.${alias}.`;
  for (const key of settings.keys()) {
    if (!key.startsWith(prefix)) continue;
    const resolved = resolveSetting(key);
    if (!resolved || resolved.alias !== alias) continue;
    const definition = resolved.definition;
    if (definition.mode && definition.mode !== mode) {
      throw badRequest(
        `Setting "${key}" cannot be used with the configured "${prefix}mode" [required=${definition.mode.toUpperCase()}, configured=${mode.toUpperCase()}]`,
      );
    }
    if (definition.requiresEnabled && !enabled) {
      throw badRequest(`Cannot configure setting [${key}] if remote cluster is not enabled.`);
    }
  }
  if (settings.has(`${prefix}signing.certificate`) && !settings.has(`${prefix}signing.key`)) {
    throw badRequest(`Setting [${prefix}signing.certificate] requires setting [${prefix}signing.key]`);
  }
  if (settings.has(`${prefix}signing.key`) && settings.has(`${prefix}signing.keystore.path`)) {
    throw badRequest(`Setting [${prefix}signing.key] cannot be used together with [${prefix}signing.keystore.path]`);
  }
}

export type SettingsScope = 'persistent' | 'transient';

export interface SettingsUpdate {
  scope: SettingsScope;
  /** Flat keys; null resets the key (`prefix.*: null` resets a group). */
  changes: Map<string, unknown>;
}

/**
 * Applies an update to a copy of the scope's settings and returns it with the keys actually set
 * (for the response). Throws EsHttpError with Elasticsearch's messages; nothing changes on error.
 */
export function applySettingsUpdate(
  current: SettingsMap,
  update: SettingsUpdate,
): { next: SettingsMap; applied: Map<string, SettingValue> } {
  const next = new Map(current);
  const applied = new Map<string, SettingValue>();
  for (const [key, value] of update.changes) {
    if (value === null || value === undefined) {
      if (key.endsWith('*')) {
        const prefix = key.slice(0, -1);
        for (const existing of [...next.keys()]) if (existing.startsWith(prefix)) next.delete(existing);
      } else {
        next.delete(key);
      }
      continue;
    }
    if (/^cluster\.remote\.\.[^.]/.test(key)) throw badRequest('remote clusters must not have the empty string as its key');
    const resolved = resolveSetting(key);
    if (!resolved) throw badRequest(`${update.scope} setting [${key}], not recognized`);
    if (!resolved.definition.dynamic) throw badRequest(`${update.scope} setting [${key}], not dynamically updateable`);
    const stored = storedValue(key, value);
    checkValue(key, resolved.definition, stored);
    next.set(key, stored);
    applied.set(key, stored);
  }
  return { next, applied };
}

/** Checks the cross-setting rules on the settings nodes would apply (transient over persistent). */
export function checkEffectiveSettings(effective: SettingsMap): void {
  for (const alias of aliasesIn(effective)) checkAliasConsistency(effective, alias);
}

/** Settings layers merged, later ones winning: node settings, then persistent, then transient. */
export function effectiveSettings(...layers: SettingsMap[]): SettingsMap {
  const merged = new Map<string, SettingValue>();
  for (const layer of layers) for (const [key, value] of layer) merged.set(key, value);
  return merged;
}

/** Node-level settings (elasticsearch.yml) that are not cluster settings, with their defaults. */
const nodeOnlySettings: Record<string, string> = { 'http.max_content_length': '100mb' };

const byteUnits: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4, pb: 1024 ** 5 };

/** ByteSizeValue.parseBytesSizeValue; undefined when the text is not a byte size. */
export function parseByteSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb|pb)?$/i.exec(text.trim());
  if (!match) return undefined;
  return Math.floor(Number(match[1]) * byteUnits[(match[2] ?? 'b').toLowerCase()]);
}

/**
 * Node settings given at start, read as a node reads elasticsearch.yml: static and dynamic
 * cluster settings, `node.attr.*` and the node-only settings above; anything else stops the node.
 */
export function parseNodeSettings(input: Record<string, unknown>): SettingsMap {
  const settings: SettingsMap = new Map();
  for (const [key, value] of flattenSettings(input, 'node')) {
    if (value === null || value === undefined) continue;
    const stored = storedValue(key, value);
    const resolved = resolveSetting(key);
    if (resolved) checkValue(key, resolved.definition, stored);
    else if (key in nodeOnlySettings) {
      if (typeof stored !== 'string' || parseByteSize(stored) === undefined) {
        throw badRequest(`failed to parse setting [${key}] with value [${String(stored)}] as a size in bytes: unit is missing or unrecognized`);
      }
    } else if (!/^node\.attr\.[^.]+$/.test(key)) {
      throw badRequest(`unknown setting [${key}] please check that any required plugins are installed, or check the breaking changes documentation for removed settings`);
    }
    settings.set(key, stored);
  }
  checkEffectiveSettings(settings);
  return settings;
}

/** Defaults reported by `include_defaults=true` (non-affix settings only, as Elasticsearch does). */
export function defaultSettings(): Map<string, SettingValue> {
  const defaults = new Map<string, SettingValue>();
  for (const [key, definition] of Object.entries(clusterSettings)) {
    if (definition.default !== undefined) defaults.set(key, definition.default);
  }
  for (const [key, value] of Object.entries(nodeOnlySettings)) defaults.set(key, value);
  return defaults;
}

/** Integer value of an alias setting, or its default. */
export function intSetting(settings: SettingsMap, alias: string, suffix: string, fallback: number): number {
  const raw = settings.get(remoteSettingKey(alias, suffix));
  return typeof raw === 'string' ? Number(raw) : fallback;
}

export function boolSetting(settings: SettingsMap, alias: string, suffix: string, fallback: boolean): boolean {
  const raw = settings.get(remoteSettingKey(alias, suffix));
  return typeof raw === 'string' ? raw === 'true' : fallback;
}

