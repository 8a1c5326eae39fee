/**
 * How the engine reaches the APIs. Front ends fill these from their own configuration (Terraform
 * provider block, Pulumi stack config) with the environment variables of the official providers as
 * fall-backs; a resource may override the Elasticsearch endpoint because one stack talks to several
 * clusters.
 */
export interface TlsSettings {
  /** PEM bundle of extra CAs to trust (ECE and self-managed clusters often use a private CA). */
  caCertPem?: string;
  /** Turns TLS verification off. Off only when a user says so explicitly. */
  insecureSkipVerify?: boolean;
}

export interface ElasticsearchConnectionSettings extends TlsSettings {
  /** e.g. `https://my-deployment.es.us-east-1.aws.elastic.cloud:443` */
  endpoint: string;
  /** Elasticsearch API key (the base64 `encoded` form). Secret. */
  apiKey?: string;
  username?: string;
  /** Secret. */
  password?: string;
}

export interface CloudConnectionSettings extends TlsSettings {
  /** ECH `https://api.elastic-cloud.com` (default) or an ECE coordinator `https://host:12443`. */
  endpoint: string;
  /** Elastic Cloud / ECE API key. Secret. */
  apiKey: string;
}

export interface ConnectionSettings {
  elasticsearch?: ElasticsearchConnectionSettings;
  cloud?: CloudConnectionSettings;
  /**
   * Passphrase that seals secrets (encoded cross-cluster keys) kept in state, so state never holds
   * them in plain text. Secret.
   */
  secretsKey?: string;
  /** Timeout in milliseconds for connecting, for the response headers and for each pause in a body (default 60000). */
  requestTimeoutMs?: number;
  /** Retries after the first attempt, where retrying is safe (429/502/503/504, dropped connections); default 3. */
  maxRetries?: number;
}

/** The environment variables the official Elastic providers read, plus this project's own. */
export const environmentVariables = {
  cloudApiKey: 'EC_API_KEY',
  cloudEndpoint: 'EC_ENDPOINT',
  elasticsearchEndpoints: 'ELASTICSEARCH_ENDPOINTS',
  elasticsearchApiKey: 'ELASTICSEARCH_API_KEY',
  elasticsearchUsername: 'ELASTICSEARCH_USERNAME',
  elasticsearchPassword: 'ELASTICSEARCH_PASSWORD',
  elasticsearchCaCertFile: 'ELASTICSEARCH_CA_CERT_FILE',
  cloudCaCertFile: 'EC_CA_CERT_FILE',
  insecure: 'ELASTIC_REMOTE_INSECURE',
  /** Per-API overrides of `insecure`, as the official elasticstack and ec providers name them. */
  elasticsearchInsecure: 'ELASTICSEARCH_INSECURE',
  cloudInsecure: 'EC_INSECURE',
  secretsKey: 'ELASTIC_REMOTE_SECRETS_KEY',
} as const;

export const defaultCloudEndpoint = 'https://api.elastic-cloud.com';

/** A provider-wide `insecure` flag applies to a connection that says nothing itself (its own setting wins). */
export function withInsecureDefault<T extends TlsSettings>(settings: T, insecure: boolean | undefined): T {
  return settings.insecureSkipVerify === undefined && insecure !== undefined ? { ...settings, insecureSkipVerify: insecure } : settings;
}
