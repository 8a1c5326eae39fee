/**
 * The mapping between a connection's inputs and the `cluster.remote.<alias>.*` persistent settings it
 * owns. Pure: no I/O, so the diff, the update and the read share one definition of "our keys". The
 * owned-settings helpers also serve RemoteClusterSigningTrust's `cluster.remote.signing.*`.
 */
import type { RemoteClusterConnectionInput } from './schema';

/** Input field → setting suffix after `cluster.remote.<alias>.`. */
export const settingSuffixes = {
  mode: 'mode',
  proxy_address: 'proxy_address',
  server_name: 'server_name',
  proxy_socket_connections: 'proxy_socket_connections',
  seeds: 'seeds',
  node_connections: 'node_connections',
  skip_unavailable: 'skip_unavailable',
  transport_ping_schedule: 'transport.ping_schedule',
  transport_compress: 'transport.compress',
  // Strong identity verification (9.3): dynamic cluster settings, so the cluster settings API writes them.
  signing_certificate: 'signing.certificate',
  signing_key: 'signing.key',
  signing_keystore_path: 'signing.keystore.path',
  signing_keystore_type: 'signing.keystore.type',
  signing_keystore_alias: 'signing.keystore.alias',
} as const;

export type SettingField = keyof typeof settingSuffixes;

export const settingFields = Object.keys(settingSuffixes) as SettingField[];

export type ConnectionSettingValues = Partial<Pick<RemoteClusterConnectionInput, SettingField>>;

export function settingKey(alias: string, field: SettingField): string {
  return `cluster.remote.${alias}.${settingSuffixes[field]}`;
}

export function credentialsSetting(alias: string): string {
  return `cluster.remote.${alias}.credentials`;
}

/** Persistent settings a resource owns: its input fields and the setting key of each. */
export interface OwnedSettings<F extends string> {
  fields: readonly F[];
  keyOf: (field: F) => string;
}

type OwnedValues<F extends string> = Partial<Record<F, unknown>>;

/** The owned settings that `values` sets. */
function ownedSettingsOf<F extends string>(owned: OwnedSettings<F>, values: OwnedValues<F>): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const field of owned.fields) {
    if (values[field] !== undefined) settings[owned.keyOf(field)] = values[field];
  }
  return settings;
}

/**
 * One PUT body that moves owned settings from `prior` to `desired`: the desired values, and `null` (reset)
 * for keys set before and no longer wanted. Keys the resource does not own are never named.
 */
export function ownedSettingsUpdate<F extends string>(owned: OwnedSettings<F>, prior: OwnedValues<F> | undefined, desired: OwnedValues<F>): Record<string, unknown> {
  const update = ownedSettingsOf(owned, desired);
  for (const field of owned.fields) {
    if (prior?.[field] !== undefined && desired[field] === undefined) update[owned.keyOf(field)] = null;
  }
  return update;
}

/** The raw value of each owned key among flat persistent settings; undefined when none of them is set. */
export function ownedRawValues<F extends string>(owned: OwnedSettings<F>, persistent: Record<string, unknown>): ((field: F) => unknown) | undefined {
  const raw = (field: F) => persistent[owned.keyOf(field)];
  return owned.fields.some((f) => raw(f) !== undefined && raw(f) !== null) ? raw : undefined;
}

/** The values read back, without the ones that are not set. */
export function withoutUnset<T extends object>(values: T): T {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as T;
}

/** The settings of one alias. */
const aliasSettings = (alias: string): OwnedSettings<SettingField> => ({ fields: settingFields, keyOf: (field) => settingKey(alias, field) });

/** The settings a connection writes: its fields that are set (mode always). */
export function settingsOf(alias: string, values: ConnectionSettingValues): Record<string, unknown> {
  return ownedSettingsOf(aliasSettings(alias), values);
}

/** One PUT body that moves the alias from `prior` to `desired`; other aliases' keys are never named. */
export function settingsUpdate(alias: string, prior: ConnectionSettingValues | undefined, desired: ConnectionSettingValues): Record<string, unknown> {
  return ownedSettingsUpdate(aliasSettings(alias), prior, desired);
}

/** `null` for every key the connection owns: what delete sends. */
export function settingsReset(alias: string, prior: ConnectionSettingValues): Record<string, null> {
  return Object.fromEntries(Object.keys(settingsOf(alias, prior)).map((key) => [key, null]));
}

export const asBoolean = (v: unknown): boolean | undefined => (v === true || v === 'true' ? true : v === false || v === 'false' ? false : undefined);
const asInteger = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : undefined;
};
export const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
export const asList = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter((s) => s.length > 0) : undefined;

/**
 * The alias's values among flat persistent settings (Elasticsearch returns scalars as strings), or
 * undefined when the alias has none of them.
 */
export function settingsFromFlat(alias: string, persistent: Record<string, unknown>): ConnectionSettingValues | undefined {
  const raw = ownedRawValues(aliasSettings(alias), persistent);
  if (!raw) return undefined;
  const mode = asString(raw('mode'))?.toLowerCase();
  const values: ConnectionSettingValues = {
    mode: mode === 'proxy' ? 'proxy' : 'sniff',
    proxy_address: asString(raw('proxy_address')),
    server_name: asString(raw('server_name')),
    proxy_socket_connections: asInteger(raw('proxy_socket_connections')),
    seeds: asList(raw('seeds')),
    node_connections: asInteger(raw('node_connections')),
    skip_unavailable: asBoolean(raw('skip_unavailable')),
    transport_ping_schedule: asString(raw('transport_ping_schedule')),
    transport_compress: asString(raw('transport_compress')) as ConnectionSettingValues['transport_compress'],
    signing_certificate: asString(raw('signing_certificate')),
    signing_key: asString(raw('signing_key')),
    signing_keystore_path: asString(raw('signing_keystore_path')),
    signing_keystore_type: asString(raw('signing_keystore_type')) as ConnectionSettingValues['signing_keystore_type'],
    signing_keystore_alias: asString(raw('signing_keystore_alias')),
  };
  // An empty proxy_address is "not configured" to Elasticsearch.
  if (values.proxy_address === '') values.proxy_address = undefined;
  return withoutUnset(values);
}

/** The setting values of an input or a state. */
export function settingValuesOf(source: ConnectionSettingValues): ConnectionSettingValues {
  return Object.fromEntries(settingFields.filter((f) => source[f] !== undefined).map((f) => [f, source[f]])) as ConnectionSettingValues;
}
