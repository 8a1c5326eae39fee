/**
 * The `provider "elasticremote"` block: connection settings for one Elasticsearch cluster and one
 * Elastic Cloud / ECE API (a stack that talks to several clusters declares one aliased provider per
 * cluster), with the environment variables of the official Elastic providers as fall-backs.
 */
import { connectionSettingsFromEnv } from '../../src/connections/context';
import { defaultCloudEndpoint, environmentVariables as env, type ConnectionSettings } from '../../src/settings/connection-settings';
import { isTfObject, isUnknown, type TfObject, type TfType, type TfValue } from './codec';
import type { SchemaAttributeMessage, SchemaMessage } from './schema';

interface ConfigAttribute {
  name: string;
  type: 'string' | 'bool';
  description: string;
  sensitive?: boolean;
}

const tlsAttributes: ConfigAttribute[] = [
  { name: 'ca_cert', type: 'string', description: 'PEM bundle of extra certificate authorities to trust (ECE and self-managed clusters often use a private CA).' },
  { name: 'insecure', type: 'bool', description: `Turns TLS certificate verification off. Off only when set to true (or ${env.insecure}=true).` },
];

const elasticsearchAttributes: ConfigAttribute[] = [
  { name: 'endpoint', type: 'string', description: `Elasticsearch URL, e.g. https://my-deployment.es.us-east-1.aws.elastic.cloud:443. Fall-back: the first of ${env.elasticsearchEndpoints}.` },
  { name: 'api_key', type: 'string', sensitive: true, description: `Elasticsearch API key (base64 encoded form). Fall-back: ${env.elasticsearchApiKey}.` },
  { name: 'username', type: 'string', description: `User for basic authentication, when no API key is given. Fall-back: ${env.elasticsearchUsername}.` },
  { name: 'password', type: 'string', sensitive: true, description: `Password for basic authentication. Fall-back: ${env.elasticsearchPassword}.` },
  ...tlsAttributes,
];

const cloudAttributes: ConfigAttribute[] = [
  { name: 'endpoint', type: 'string', description: `Elastic Cloud API (default ${defaultCloudEndpoint}) or an ECE coordinator, e.g. https://ece.example.com:12443. Fall-back: ${env.cloudEndpoint}.` },
  { name: 'api_key', type: 'string', sensitive: true, description: `Elastic Cloud / ECE API key. Fall-back: ${env.cloudApiKey}.` },
  ...tlsAttributes,
];

const secretsKeyAttribute: ConfigAttribute = {
  name: 'secrets_key',
  type: 'string',
  sensitive: true,
  description: `Passphrase that seals secrets kept in state (encoded cross-cluster API keys), so state never holds them in plain text. Fall-back: ${env.secretsKey}.`,
};

function attributeMessage(a: ConfigAttribute): SchemaAttributeMessage {
  return {
    name: a.name,
    type: Buffer.from(JSON.stringify(a.type)),
    description: a.description,
    description_kind: 'PLAIN',
    required: false,
    optional: true,
    computed: false,
    sensitive: a.sensitive === true,
  };
}

function block(attributes: ConfigAttribute[], description: string) {
  return { version: 0, attributes: attributes.map(attributeMessage), block_types: [], description, description_kind: 'PLAIN' as const };
}

export const providerSchema: SchemaMessage = {
  version: 0,
  block: {
    ...block([secretsKeyAttribute], 'Connects Elasticsearch deployments for cross-cluster search and replication. One provider configuration per Elasticsearch cluster: use aliases for several.'),
    block_types: [
      { type_name: 'elasticsearch', nesting: 'SINGLE', min_items: 0, max_items: 1, block: block(elasticsearchAttributes, 'The Elasticsearch cluster this provider configuration manages.') },
      { type_name: 'cloud', nesting: 'SINGLE', min_items: 0, max_items: 1, block: block(cloudAttributes, 'The Elastic Cloud (ECH) or ECE API.') },
    ],
  },
};

const objectOf = (attributes: ConfigAttribute[]): TfType => ['object', Object.fromEntries(attributes.map((a) => [a.name, a.type]))];

export const providerConfigType: TfType = [
  'object',
  { secrets_key: 'string', elasticsearch: objectOf(elasticsearchAttributes), cloud: objectOf(cloudAttributes) },
];

export class ProviderConfigError extends Error {
  constructor(
    message: string,
    readonly path: string[],
  ) {
    super(message);
    this.name = 'ProviderConfigError';
  }
}

/** Paths of provider attributes whose values are not known yet (derived from resources). */
export function unknownConfigPaths(config: TfObject): string[][] {
  const paths: string[][] = [];
  for (const [name, value] of Object.entries(config)) {
    if (isUnknown(value)) paths.push([name]);
    else if (isTfObject(value)) for (const [inner, v] of Object.entries(value)) if (isUnknown(v)) paths.push([name, inner]);
  }
  return paths;
}

function text(value: TfValue | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function flag(value: TfValue | undefined): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Provider block over environment, field by field: a setting given in the block wins, the official
 * providers' environment variables fill the rest (an endpoint in the block with the API key in
 * ELASTICSEARCH_API_KEY is the common CI set-up).
 */
export function connectionSettings(config: TfObject, environment: Record<string, string | undefined> = process.env): ConnectionSettings {
  const es = isTfObject(config.elasticsearch) ? config.elasticsearch : {};
  const cloud = isTfObject(config.cloud) ? config.cloud : {};
  // Endpoints and keys from the block stand in for their variables, so the environment's CA files,
  // credentials and insecure flag attach to them exactly as they would to the variables' values.
  const fromEnv = connectionSettingsFromEnv({
    ...environment,
    [env.elasticsearchEndpoints]: text(es.endpoint) ?? environment[env.elasticsearchEndpoints],
    [env.cloudApiKey]: text(cloud.api_key) ?? environment[env.cloudApiKey],
    [env.cloudEndpoint]: text(cloud.endpoint) ?? environment[env.cloudEndpoint],
  });
  const settings: ConnectionSettings = {};
  if (fromEnv.elasticsearch) {
    const username = text(es.username) ?? fromEnv.elasticsearch.username;
    settings.elasticsearch = withoutUndefined({
      endpoint: fromEnv.elasticsearch.endpoint,
      // Basic credentials in the block mean "use these", not an API key left in the environment.
      apiKey: text(es.api_key) ?? (text(es.username) ? undefined : fromEnv.elasticsearch.apiKey),
      username,
      password: text(es.password) ?? fromEnv.elasticsearch.password,
      caCertPem: text(es.ca_cert) ?? fromEnv.elasticsearch.caCertPem,
      insecureSkipVerify: flag(es.insecure) ?? fromEnv.elasticsearch.insecureSkipVerify,
    });
  }
  if (fromEnv.cloud) {
    settings.cloud = withoutUndefined({
      ...fromEnv.cloud,
      caCertPem: text(cloud.ca_cert) ?? fromEnv.cloud.caCertPem,
      insecureSkipVerify: flag(cloud.insecure) ?? fromEnv.cloud.insecureSkipVerify,
    });
  } else if (text(cloud.endpoint)) {
    throw new ProviderConfigError(`cloud.endpoint is set but no Cloud API key is: set cloud.api_key or ${env.cloudApiKey}`, ['cloud', 'api_key']);
  }
  const secretsKey = text(config.secrets_key) ?? fromEnv.secretsKey;
  if (secretsKey) settings.secretsKey = secretsKey;
  return settings;
}
