/**
 * The `elasticremote` provider block. One instance per cluster a stack talks to (give each an alias);
 * resources pick theirs with `provider:`. Unset values fall back to the official providers' environment
 * variables (EC_API_KEY, ELASTICSEARCH_ENDPOINTS, ...) inside the provider process.
 */
import { TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';
import { toTerraformAttributes, type ObjectShape } from './attribute-shape';
import { providerName, providerSource } from './resource';

export interface ElasticRemoteProviderProps {
  /** Terraform alias of this provider instance, e.g. `remote` or `local`. */
  readonly alias?: string;
  /** Elastic Cloud API (ECH `https://api.elastic-cloud.com`) or an ECE coordinator `https://host:12443`. */
  readonly cloudEndpoint?: string;
  /** Elastic Cloud / ECE API key. Sensitive: pass a `TerraformVariable` with `sensitive: true`. */
  readonly cloudApiKey?: string;
  /** Elasticsearch endpoint of the cluster this instance manages, e.g. `https://my-deployment.es.example:443`. */
  readonly elasticsearchEndpoint?: string;
  /** Elasticsearch API key (base64 encoded form). Sensitive. */
  readonly elasticsearchApiKey?: string;
  /** Elasticsearch user for basic authentication (instead of an API key). */
  readonly elasticsearchUsername?: string;
  /** Password of `elasticsearchUsername`. Sensitive. */
  readonly elasticsearchPassword?: string;
  /** PEM bundle of extra certificate authorities to trust (private ECE or self-managed CAs). */
  readonly caCertPem?: string;
  /** Turns TLS verification off. Only for test set-ups; never the default. */
  readonly insecure?: boolean;
  /** Passphrase that seals encoded keys kept in state (ELASTIC_REMOTE_SECRETS_KEY). Sensitive. */
  readonly secretsKey?: string;
}

/** Snake_case attributes of the provider block, as providers/terraform serves them. */
export const providerAttributes: ObjectShape = {
  kind: 'object',
  attributes: Object.fromEntries(
    [
      'cloud_endpoint',
      'cloud_api_key',
      'elasticsearch_endpoint',
      'elasticsearch_api_key',
      'elasticsearch_username',
      'elasticsearch_password',
      'ca_cert_pem',
      'insecure',
      'secrets_key',
    ].map((name) => [name, { kind: 'scalar' } as const]),
  ),
};

export class ElasticRemoteProvider extends TerraformProvider {
  static readonly tfResourceType = providerName;
  private readonly terraformAttributes: Record<string, unknown>;
  private providerAlias?: string;

  constructor(scope: Construct, id: string, props: ElasticRemoteProviderProps = {}) {
    super(scope, id, {
      terraformResourceType: providerName,
      terraformGeneratorMetadata: { providerName },
      terraformProviderSource: providerSource,
    });
    const { alias, ...settings } = props;
    this.providerAlias = alias;
    this.terraformAttributes = toTerraformAttributes(providerAttributes, { ...settings }, this.node.path);
  }

  override get alias(): string | undefined {
    return this.providerAlias;
  }

  override set alias(value: string | undefined) {
    this.providerAlias = value;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return this.terraformAttributes;
  }
}
