/**
 * Connection settings from Pulumi stack configuration, with the official providers' environment
 * variables as fall-backs. One stack talks to several clusters, so Elasticsearch connections are
 * named profiles under `elasticRemote:clusters`, and each resource says which profile it targets.
 *
 *   elasticRemote:cloudEndpoint      ECH (default) or ECE coordinator URL
 *   elasticRemote:cloudApiKey        secret
 *   elasticRemote:cloudCaCertPem     PEM bundle of extra CAs for the Cloud API (ECE private CA)
 *   elasticRemote:clusters           { <profile>: { endpoint, apiKey | username + password, caCertPem, insecureSkipVerify } }
 *   elasticRemote:defaultCluster     profile used by resources that name none
 *   elasticRemote:secretsKey         secret: passphrase that seals encoded keys kept in state
 *   elasticRemote:insecure           true turns TLS verification off for every connection (explicit only)
 *   elasticRemote:requestTimeoutMs, elasticRemote:maxRetries
 */
import { z } from 'zod';
import { ConfigurationError } from '../../src/settings/configuration-error';
import { validateConnectionSettings } from '../../src/settings/validate';
import { settingLocation } from '../../src/settings/setting-names';
import { defaultCloudEndpoint, withInsecureDefault, type ConnectionSettings, type ElasticsearchConnectionSettings } from '../../src/settings/connection-settings';

export const configNamespace = 'elasticRemote';

export const configKeys = {
  cloudEndpoint: `${configNamespace}:cloudEndpoint`,
  cloudApiKey: `${configNamespace}:cloudApiKey`,
  cloudCaCertPem: `${configNamespace}:cloudCaCertPem`,
  clusters: `${configNamespace}:clusters`,
  defaultCluster: `${configNamespace}:defaultCluster`,
  secretsKey: `${configNamespace}:secretsKey`,
  insecure: `${configNamespace}:insecure`,
  requestTimeoutMs: `${configNamespace}:requestTimeoutMs`,
  maxRetries: `${configNamespace}:maxRetries`,
} as const;

/** What the dynamic provider's `configure` hands over: Pulumi's `dynamic.Config`. */
export interface StackConfigReader {
  get(key: string): string | undefined;
}

export const clusterProfile = z
  .object({
    endpoint: z.url({ protocol: /^https?$/, error: 'an http(s) URL such as https://host:9243' }),
    apiKey: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    caCertPem: z.string().min(1).optional(),
    insecureSkipVerify: z.boolean().optional(),
  })
  .strict();

export type ClusterProfile = z.infer<typeof clusterProfile>;

const clusterProfiles = z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'profile names are letters, digits, _ . -'), clusterProfile);

function describeIssues(key: string, error: z.ZodError): string {
  return error.issues.map((i) => `${[key, ...i.path.map(String)].join('.')}: ${i.message}`).join('; ');
}

/** The cluster profiles in `elasticRemote:clusters` (a JSON object in stack configuration). */
export function clusterProfilesFrom(config: StackConfigReader): Record<string, ClusterProfile> {
  const raw = config.get(configKeys.clusters);
  if (raw === undefined || raw === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigurationError(`${configKeys.clusters}: expected an object of cluster profiles (set it with pulumi config set --path)`, [configKeys.clusters]);
  }
  const result = clusterProfiles.safeParse(parsed);
  if (!result.success) throw new ConfigurationError(describeIssues(configKeys.clusters, result.error), [configKeys.clusters]);
  return result.data;
}

function flag(config: StackConfigReader, key: string): boolean | undefined {
  const raw = config.get(key);
  if (raw === undefined) return undefined;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new ConfigurationError(`${key}: expected true or false`, [key]);
}

function count(config: StackConfigReader, key: string): number | undefined {
  const raw = config.get(key);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new ConfigurationError(`${key}: expected a non-negative integer`, [key]);
  return n;
}

/** The profile a resource targets: its own `cluster`, else `elasticRemote:defaultCluster`, else none (environment). */
export function selectClusterProfile(config: StackConfigReader, cluster: string | undefined): ElasticsearchConnectionSettings | undefined {
  const name = cluster ?? config.get(configKeys.defaultCluster);
  if (name === undefined) return undefined;
  const profiles = clusterProfilesFrom(config);
  const profile = profiles[name];
  if (!profile) {
    const known = Object.keys(profiles);
    throw new ConfigurationError(
      `cluster profile "${name}" is not configured: add it under ${configKeys.clusters}` +
        (known.length ? ` (configured: ${known.join(', ')})` : ' (no profiles are configured)'),
      [configKeys.clusters],
    );
  }
  return withInsecureDefault(profile, flag(config, configKeys.insecure));
}

/**
 * Settings for one resource call. Stack configuration wins over the environment section by section,
 * so a stack can keep its Cloud key in config while CI supplies Elasticsearch through the environment.
 */
export function connectionSettingsFor(config: StackConfigReader, cluster: string | undefined, fromEnv: ConnectionSettings): ConnectionSettings {
  const insecure = flag(config, configKeys.insecure);
  const cloudApiKey = config.get(configKeys.cloudApiKey) ?? fromEnv.cloud?.apiKey;
  const cloudCaCertPem = config.get(configKeys.cloudCaCertPem) ?? fromEnv.cloud?.caCertPem;
  const cloudInsecure = insecure ?? fromEnv.cloud?.insecureSkipVerify;
  // Without a key there is no Cloud connection; the engine's cloud() then names what is missing.
  const cloud = cloudApiKey
    ? {
        endpoint: config.get(configKeys.cloudEndpoint) ?? fromEnv.cloud?.endpoint ?? defaultCloudEndpoint,
        apiKey: cloudApiKey,
        ...(cloudCaCertPem ? { caCertPem: cloudCaCertPem } : {}),
        ...(cloudInsecure !== undefined ? { insecureSkipVerify: cloudInsecure } : {}),
      }
    : undefined;
  const elasticsearch = selectClusterProfile(config, cluster) ?? fromEnv.elasticsearch;
  const secretsKey = config.get(configKeys.secretsKey) ?? fromEnv.secretsKey;
  const requestTimeoutMs = count(config, configKeys.requestTimeoutMs) ?? fromEnv.requestTimeoutMs;
  const maxRetries = count(config, configKeys.maxRetries) ?? fromEnv.maxRetries;
  return {
    ...(cloud ? { cloud } : {}),
    ...(elasticsearch ? { elasticsearch } : {}),
    ...(secretsKey ? { secretsKey } : {}),
    ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {}),
    ...(maxRetries !== undefined ? { maxRetries } : {}),
  };
}

/**
 * The stack configuration key a user sets for one of the engine's connection settings (`secrets_key`
 * → `elasticRemote:secretsKey`, `elasticsearch.endpoint` → `elasticRemote:clusters.<profile>.endpoint`),
 * so messages name what a Pulumi user can change, not a Terraform attribute.
 */
export function stackConfigNameOf(setting: string, cluster: string | undefined): string {
  const { section, property } = settingLocation(setting);
  if (section === undefined) return `${configNamespace}:${property}`;
  if (section === 'cloud') return `${configNamespace}:cloud${property[0].toUpperCase()}${property.slice(1)}`;
  return `${configKeys.clusters}.${cluster ?? '<profile>'}.${property}`;
}

/** Connection settings checked before any request, with stack-config names in the messages. */
export function assertValidStackSettings(settings: ConnectionSettings, config: StackConfigReader, cluster: string | undefined): void {
  const issues = validateConnectionSettings(settings);
  if (issues.length === 0) return;
  const profile = cluster ?? config.get(configKeys.defaultCluster);
  const names = issues.map((i) => stackConfigNameOf(i.setting, profile));
  throw new ConfigurationError(issues.map((i, n) => `${names[n]}: ${i.message}`).join('\n'), names);
}
