/**
 * The `elasticremote` provider block. One instance per Elasticsearch cluster a stack talks to (give
 * each an alias); resources pick theirs with `provider:`. Values left out fall back, inside the provider
 * process, to the official providers' environment variables (ELASTICSEARCH_ENDPOINTS, EC_API_KEY, ...).
 */
import { TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';
import { providerSchema } from '../providers/terraform/provider-config';
import type { SchemaBlockMessage } from '../providers/terraform/schema';
import { toTerraformAttributes, type ObjectShape } from './attribute-shape';
import { providerName, providerSource, warnLiteralSecrets } from './resource';

interface TlsProps {
  /** PEM bundle of extra certificate authorities to trust (private ECE or self-managed CAs). */
  readonly caCert?: string;
  /** Turns TLS verification off. Only for test set-ups; never the default. */
  readonly insecure?: boolean;
}

export interface ElasticsearchConnectionProps extends TlsProps {
  /** Elasticsearch URL of the cluster this provider instance manages, e.g. `https://my-deployment.es.example:443`. */
  readonly endpoint?: string;
  /** Elasticsearch API key (base64 encoded form). Sensitive: pass a `TerraformVariable` with `sensitive: true`. */
  readonly apiKey?: string;
  /** User for basic authentication (cross-cluster API keys can only be created with user credentials). */
  readonly username?: string;
  /** Password of `username`. Sensitive. */
  readonly password?: string;
}

export interface CloudConnectionProps extends TlsProps {
  /** Elastic Cloud API (ECH `https://api.elastic-cloud.com`, the default) or an ECE coordinator `https://host:12443`. */
  readonly endpoint?: string;
  /** Elastic Cloud / ECE API key. Sensitive. */
  readonly apiKey?: string;
}

export interface ElasticRemoteProviderProps {
  /** Terraform alias of this provider instance, e.g. `remote` or `local`; needed when a stack has several. */
  readonly alias?: string;
  /** Passphrase that seals encoded keys kept in state (ELASTIC_REMOTE_SECRETS_KEY). Sensitive. */
  readonly secretsKey?: string;
  readonly elasticsearch?: ElasticsearchConnectionProps;
  readonly cloud?: CloudConnectionProps;
}

/** The provider block's attributes and nested blocks, as providers/terraform serves them. */
function shapeOf(block: SchemaBlockMessage): ObjectShape {
  return {
    kind: 'object',
    attributes: Object.fromEntries([
      ...block.attributes.map((a) => [a.name, { kind: 'scalar' } as const]),
      ...block.block_types.map((b) => [b.type_name, shapeOf(b.block)]),
    ]),
  };
}

export const providerAttributes: ObjectShape = shapeOf(providerSchema.block);

/** Snake_case paths of the provider block's sensitive attributes (keys, passwords, the secrets key). */
function sensitivePaths(block: SchemaBlockMessage, prefix: string[] = []): string[][] {
  return [
    ...block.attributes.filter((a) => a.sensitive).map((a) => [...prefix, a.name]),
    ...block.block_types.flatMap((b) => sensitivePaths(b.block, [...prefix, b.type_name])),
  ];
}

const providerSecrets = sensitivePaths(providerSchema.block);

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
    warnLiteralSecrets(this, this.terraformAttributes, providerSecrets);
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
