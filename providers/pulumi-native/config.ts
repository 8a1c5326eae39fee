/**
 * The native provider's configuration: named profiles of Elasticsearch clusters and of Elastic Cloud /
 * ECE environments in one provider (`new elasticremote.Provider("ece1", {...})` or the stack's
 * `elasticremote:*` keys), so one program can span two ECE environments and ECH. Each resource picks
 * its profiles (`cluster`, `environment`); without one it gets the default, else the only profile,
 * else the official providers' environment variables.
 */
import { z } from 'zod';
import { ConfigurationError } from '../../src/settings/configuration-error';
import { connectionSettingsFromEnv } from '../../src/connections/context';
import { defaultCloudEndpoint, withInsecureDefault, type CloudConnectionSettings, type ConnectionSettings, type ElasticsearchConnectionSettings } from '../../src/settings/connection-settings';
import { validateConnectionSettings } from '../../src/settings/validate';
import { settingLocation } from '../../src/settings/setting-names';
import { clusterArgument } from '../pulumi/catalog';
import { clusterProfile } from '../pulumi/stack-config';

export const packageName = 'elasticremote';

/** The resource arguments naming a profile: `cluster` as in the dynamic provider, and the Cloud / ECE environment. */
export { clusterArgument };
export const environmentArgument = 'environment';
export const profileArguments = [clusterArgument, environmentArgument] as const;

const profileName = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'profile names are letters, digits, _ . -');

export const environmentProfile = z
  .object({
    endpoint: z.url({ protocol: /^https?$/, error: 'an http(s) URL such as https://ece.example.com:12443' }).optional(),
    apiKey: z.string().min(1),
    caCertPem: z.string().min(1).optional(),
    insecureSkipVerify: z.boolean().optional(),
  })
  .strict();

export type ClusterProfile = z.infer<typeof clusterProfile>;
export type EnvironmentProfile = z.infer<typeof environmentProfile>;

export const providerConfig = z
  .object({
    clusters: z.record(profileName, clusterProfile).default({}),
    environments: z.record(profileName, environmentProfile).default({}),
    defaultCluster: profileName.optional(),
    defaultEnvironment: profileName.optional(),
    secretsKey: z.string().min(1).optional(),
    insecure: z.boolean().optional(),
    requestTimeoutMs: z.number().int().nonnegative().optional(),
    maxRetries: z.number().int().nonnegative().optional(),
  })
  .strict();

export type ProviderConfig = z.infer<typeof providerConfig>;

/** Pulumi hands nested configuration over as JSON text (stack config, older engines): decode it where an object or flag is meant. */
function decoded(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (/^[{[]/.test(trimmed) || trimmed === 'true' || trimmed === 'false' || /^\d+$/.test(trimmed)) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  return value;
}

const textKeys = new Set(['secretsKey', 'defaultCluster', 'defaultEnvironment']);

/** Parses the provider's inputs (camelCase, secrets already unwrapped); issues name `<key>.<path>`. */
export function parseProviderConfig(raw: Record<string, unknown>): ProviderConfig {
  const given = Object.fromEntries(
    Object.entries(raw)
      .filter(([k, v]) => !k.startsWith('__') && k !== 'version' && v !== undefined && v !== '')
      .map(([k, v]) => [k, textKeys.has(k) ? v : decoded(v)]),
  );
  const parsed = providerConfig.safeParse(given);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(config)', message: i.message }));
  throw new ConfigurationError(issues.map((i) => `${packageName}: ${i.path}: ${i.message}`).join('\n'), issues.map((i) => i.path));
}

/** The provider's configuration key of one of the engine's connection settings (for messages). */
function settingName(setting: string, cluster: string | undefined, environment: string | undefined): string {
  const { section, property } = settingLocation(setting);
  if (section === undefined) return property;
  return section === 'cloud' ? `environments.${environment ?? '<profile>'}.${property}` : `clusters.${cluster ?? '<profile>'}.${property}`;
}

/** The profile a resource gets: its own, else the default, else the only one configured, else none. */
function pick<T>(kind: 'cluster' | 'environment', profiles: Record<string, T>, own: string | undefined, fallback: string | undefined): { name: string; profile: T } | undefined {
  const names = Object.keys(profiles);
  const name = own ?? fallback ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined) return undefined;
  const profile = profiles[name];
  if (!profile) {
    const list = kind === 'cluster' ? 'clusters' : 'environments';
    throw new ConfigurationError(
      `${kind} profile "${name}" is not configured in the provider: add it under ${list}` + (names.length ? ` (configured: ${names.join(', ')})` : ` (no ${list} are configured)`),
      [list],
    );
  }
  return { name, profile };
}

export interface ProfileChoice {
  cluster?: string;
  environment?: string;
}

/**
 * Connection settings for one resource: its profiles over the environment variables section by section,
 * checked before any request with messages naming the provider's keys (never a value).
 */
export function connectionSettingsFor(config: ProviderConfig, choice: ProfileChoice, environment: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  const fromEnv = connectionSettingsFromEnv(environment);
  const cluster = pick('cluster', config.clusters, choice.cluster, config.defaultCluster);
  const cloud = pick('environment', config.environments, choice.environment, config.defaultEnvironment);
  const insecure = config.insecure;
  const elasticsearch: ElasticsearchConnectionSettings | undefined = cluster ? withInsecureDefault(cluster.profile, insecure) : fromEnv.elasticsearch;
  const cloudSettings: CloudConnectionSettings | undefined = cloud
    ? withInsecureDefault(
        {
          endpoint: cloud.profile.endpoint ?? fromEnv.cloud?.endpoint ?? defaultCloudEndpoint,
          apiKey: cloud.profile.apiKey,
          ...(cloud.profile.caCertPem ? { caCertPem: cloud.profile.caCertPem } : {}),
          ...(cloud.profile.insecureSkipVerify !== undefined ? { insecureSkipVerify: cloud.profile.insecureSkipVerify } : {}),
        },
        insecure,
      )
    : fromEnv.cloud;
  const secretsKey = config.secretsKey ?? fromEnv.secretsKey;
  const requestTimeoutMs = config.requestTimeoutMs ?? fromEnv.requestTimeoutMs;
  const maxRetries = config.maxRetries ?? fromEnv.maxRetries;
  const settings: ConnectionSettings = {
    ...(elasticsearch ? { elasticsearch } : {}),
    ...(cloudSettings ? { cloud: cloudSettings } : {}),
    ...(secretsKey ? { secretsKey } : {}),
    ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {}),
    ...(maxRetries !== undefined ? { maxRetries } : {}),
  };
  const issues = validateConnectionSettings(settings);
  if (issues.length > 0) {
    const names = issues.map((i) => settingName(i.setting, cluster?.name, cloud?.name));
    throw new ConfigurationError(issues.map((i, n) => `${packageName}: ${names[n]}: ${i.message}`).join('\n'), names);
  }
  return settings;
}
