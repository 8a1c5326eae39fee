import { App, TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import type { IConstruct } from 'constructs';
import { providerSchema } from '../providers/terraform/provider-config';
import { CrossClusterApiKey, DeploymentTrust, RemoteClusterConnection } from './generated';
import { ElasticRemoteProvider } from './provider';

interface Synthesized {
  terraform: { required_providers: Record<string, { source: string }> };
  provider: Record<string, Record<string, unknown>[]>;
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: string; sensitive?: boolean }>;
  variable?: Record<string, { sensitive?: boolean }>;
}

function synth(build: (stack: TerraformStack) => void): Synthesized {
  const stack = new TerraformStack(Testing.app(), 'test');
  build(stack);
  return JSON.parse(Testing.synth(stack)) as Synthesized;
}

function sensitiveVariable(stack: TerraformStack, name: string): string {
  return new TerraformVariable(stack, name, { type: 'string', sensitive: true }).stringValue;
}

describe('ElasticRemoteProvider', () => {
  test('maps camelCase props to the provider block, keys from sensitive variables, with its alias and source', () => {
    const json = synth((stack) => {
      new ElasticRemoteProvider(stack, 'remote', {
        alias: 'remote',
        secretsKey: sensitiveVariable(stack, 'secrets_key'),
        elasticsearch: { endpoint: 'https://remote.example:9200', apiKey: sensitiveVariable(stack, 'remote_api_key'), caCert: 'PEM', insecure: false },
        cloud: { endpoint: 'https://ece.example:12443', apiKey: sensitiveVariable(stack, 'cloud_api_key') },
      });
    });
    expect(json.terraform.required_providers.elasticremote.source).toBe('elastic-remote/elasticremote');
    expect(json.provider.elasticremote).toEqual([
      {
        alias: 'remote',
        secrets_key: '${var.secrets_key}',
        elasticsearch: { endpoint: 'https://remote.example:9200', api_key: '${var.remote_api_key}', ca_cert: 'PEM', insecure: false },
        cloud: { endpoint: 'https://ece.example:12443', api_key: '${var.cloud_api_key}' },
      },
    ]);
    expect(json.variable?.remote_api_key.sensitive).toBe(true);
  });

  test('the props cover exactly the provider schema of providers/terraform', () => {
    const all = {
      secretsKey: 's',
      elasticsearch: { endpoint: 'e', apiKey: 'k', username: 'u', password: 'p', caCert: 'c', insecure: true },
      cloud: { endpoint: 'e', apiKey: 'k', caCert: 'c', insecure: true },
    } satisfies Required<Omit<ConstructorParameters<typeof ElasticRemoteProvider>[2] & object, 'alias'>>;
    const json = synth((stack) => new ElasticRemoteProvider(stack, 'p', all));
    const block = json.provider.elasticremote[0] as Record<string, Record<string, unknown>>;
    const names = (b: typeof providerSchema.block): string[] => [...b.attributes.map((a) => a.name), ...b.block_types.map((t) => t.type_name)].sort();
    expect(Object.keys(block).sort()).toEqual(names(providerSchema.block));
    for (const nested of providerSchema.block.block_types) expect(Object.keys(block[nested.type_name]).sort()).toEqual(names(nested.block));
  });

  test('a secret given as a literal is flagged at synth; one from a variable is not', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const literal = new ElasticRemoteProvider(stack, 'literal', { secretsKey: 'plain', elasticsearch: { endpoint: 'https://e', password: 'hunter2' }, cloud: { apiKey: 'k' } });
    const fromVariables = new ElasticRemoteProvider(stack, 'variables', { alias: 'v', secretsKey: sensitiveVariable(stack, 's'), elasticsearch: { password: sensitiveVariable(stack, 'p') } });
    const warnings = (c: IConstruct) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data).split(':')[0]);
    expect(warnings(literal).sort()).toEqual(['cloud.api_key is a literal secret', 'elasticsearch.password is a literal secret', 'secrets_key is a literal secret']);
    expect(warnings(fromVariables)).toEqual([]);
    const connection = new RemoteClusterConnection(stack, 'c', { provider: fromVariables, alias: 'a', mode: 'proxy', proxyAddress: 'r:9443', credentials: 'ZW5jb2RlZA==' });
    expect(warnings(connection)).toEqual(['credentials is a literal secret']);
  });

  test('a misspelt prop fails at synth with the construct path', () => {
    const stack = new TerraformStack(new App(), 'test');
    expect(() => new ElasticRemoteProvider(stack, 'p', { elasticsearch: { apikey: 'x' } as never })).toThrow(
      /test\/p\.elasticsearch: unknown property "apikey"; accepted: endpoint, apiKey/,
    );
  });
});

describe('resource constructs', () => {
  test('CrossClusterApiKey: snake_case attributes, nested access entries, its provider', () => {
    const json = synth((stack) => {
      const remote = new ElasticRemoteProvider(stack, 'remote', { alias: 'remote' });
      new CrossClusterApiKey(stack, 'key', {
        provider: remote,
        name: 'eu-logs',
        access: { search: [{ names: ['logs-*'], allowRestrictedIndices: false, fieldSecurity: { grant: ['*'] } }], replication: [{ names: ['metrics-*'] }] },
        expiration: '90d',
        metadata: { owner_team: 'search', costCenter: '42' },
        certificateIdentity: 'CN=.*.node.abc.cluster.*',
      });
    });
    expect(json.resource.elasticremote_cross_cluster_api_key.key).toMatchObject({
      provider: 'elasticremote.remote',
      name: 'eu-logs',
      access: { search: [{ names: ['logs-*'], allow_restricted_indices: false, field_security: { grant: ['*'] } }], replication: [{ names: ['metrics-*'] }] },
      expiration: '90d',
      metadata: { owner_team: 'search', costCenter: '42' },
      certificate_identity: 'CN=.*.node.abc.cluster.*',
    });
  });

  test('a secret output is a token; outputs reading it are sensitive, others are not', () => {
    const json = synth((stack) => {
      new ElasticRemoteProvider(stack, 'provider');
      const key = new CrossClusterApiKey(stack, 'key', { name: 'k', access: { search: [{ names: ['a'] }] } });
      expect(key.encoded).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
      new TerraformOutput(stack, 'encoded', { value: key.encoded });
      new TerraformOutput(stack, 'wrapped', { value: `prefix-${key.encoded}` });
      new TerraformOutput(stack, 'whole', { value: key });
      new TerraformOutput(stack, 'key_id', { value: key.id });
    });
    expect(json.output?.encoded).toEqual({ value: '${elasticremote_cross_cluster_api_key.key.encoded}', sensitive: true });
    expect(json.output?.wrapped.sensitive).toBe(true);
    expect(json.output?.whole.sensitive).toBe(true);
    expect(json.output?.key_id.sensitive).toBeUndefined();
  });

  test('RemoteClusterConnection: the key reference as credentials, the deployment as a nested object', () => {
    const json = synth((stack) => {
      new ElasticRemoteProvider(stack, 'provider');
      const key = new CrossClusterApiKey(stack, 'key', { name: 'k', access: { search: [{ names: ['a'] }] } });
      new RemoteClusterConnection(stack, 'connection', {
        alias: 'eu-logs',
        mode: 'proxy',
        proxyAddress: 'remote.example:9443',
        serverName: 'remote.example',
        credentials: key.encoded,
        skipUnavailable: true,
        cloud: { deploymentId: 'a'.repeat(32), refId: 'main-elasticsearch' },
        waitForConnected: true,
      });
    });
    expect(json.resource.elasticremote_remote_cluster_connection.connection).toMatchObject({
      alias: 'eu-logs',
      mode: 'proxy',
      proxy_address: 'remote.example:9443',
      server_name: 'remote.example',
      credentials: '${elasticremote_cross_cluster_api_key.key.encoded}',
      skip_unavailable: true,
      cloud: { deployment_id: 'a'.repeat(32), ref_id: 'main-elasticsearch' },
      wait_for_connected: true,
    });
  });

  test('DeploymentTrust: lists of scopes keep their order and snake_case keys', () => {
    const json = synth((stack) => {
      new ElasticRemoteProvider(stack, 'provider');
      new DeploymentTrust(stack, 'trust', {
        deploymentId: 'b'.repeat(32),
        accounts: [{ accountId: 'c'.repeat(32), trustAllowlist: ['d'.repeat(32)] }],
        external: [{ trustRelationshipId: 'e'.repeat(32), trustAll: true }],
      });
    });
    expect(json.resource.elasticremote_deployment_trust.trust).toMatchObject({
      deployment_id: 'b'.repeat(32),
      accounts: [{ account_id: 'c'.repeat(32), trust_allowlist: ['d'.repeat(32)] }],
      external: [{ trust_relationship_id: 'e'.repeat(32), trust_all: true }],
    });
  });

  test('a resource without an elasticremote provider in its stack fails synth validation', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new CrossClusterApiKey(stack, 'key', { name: 'k', access: { search: [{ names: ['a'] }] } });
    expect(() => Testing.synth(stack, true)).toThrow(/elasticremote/);
  });
});
