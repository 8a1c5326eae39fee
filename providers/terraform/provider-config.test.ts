import { connectionSettings, providerSchema, unknownConfigPaths } from './provider-config';
import { Unknown } from './codec';

describe('provider block over the official providers\' environment variables', () => {
  it('takes every setting from the block', () => {
    const settings = connectionSettings(
      {
        secrets_key: 'block-secrets-key',
        elasticsearch: { endpoint: 'https://es.example:9243', api_key: 'a2V5', username: null, password: null, ca_cert: null, insecure: true },
        cloud: { endpoint: 'https://ece.example:12443', api_key: 'Y2xvdWQ=', ca_cert: null, insecure: null },
      },
      {},
    );
    expect(settings).toEqual({
      secretsKey: 'block-secrets-key',
      elasticsearch: { endpoint: 'https://es.example:9243', apiKey: 'a2V5', insecureSkipVerify: true },
      cloud: { endpoint: 'https://ece.example:12443', apiKey: 'Y2xvdWQ=' },
    });
  });

  it('fills what the block leaves out from the environment, field by field', () => {
    const settings = connectionSettings(
      { secrets_key: null, elasticsearch: { endpoint: 'https://es.example:9243', api_key: null, username: null, password: null, ca_cert: null, insecure: null }, cloud: null },
      { ELASTICSEARCH_API_KEY: 'ZW52', EC_API_KEY: 'ZWM=', ELASTIC_REMOTE_SECRETS_KEY: 'env-secrets-key' },
    );
    expect(settings).toEqual({
      secretsKey: 'env-secrets-key',
      elasticsearch: { endpoint: 'https://es.example:9243', apiKey: 'ZW52' },
      cloud: { endpoint: 'https://api.elastic-cloud.com', apiKey: 'ZWM=' },
    });
  });

  it('uses the first of ELASTICSEARCH_ENDPOINTS without a block, and basic credentials from the block over an API key in the environment', () => {
    expect(connectionSettings({}, { ELASTICSEARCH_ENDPOINTS: 'https://a:9200, https://b:9200', ELASTICSEARCH_API_KEY: 'ZW52' }).elasticsearch).toEqual({
      endpoint: 'https://a:9200',
      apiKey: 'ZW52',
    });
    const basic = connectionSettings({ elasticsearch: { endpoint: null, api_key: null, username: 'elastic', password: 'pw', ca_cert: null, insecure: null } }, {
      ELASTICSEARCH_ENDPOINTS: 'https://a:9200',
      ELASTICSEARCH_API_KEY: 'ZW52',
    });
    expect(basic.elasticsearch).toEqual({ endpoint: 'https://a:9200', username: 'elastic', password: 'pw' });
  });

  it('refuses a Cloud endpoint without a Cloud API key, naming the attribute', () => {
    expect(() => connectionSettings({ cloud: { endpoint: 'https://ece.example:12443', api_key: null, ca_cert: null, insecure: null } }, {})).toThrow(
      expect.objectContaining({ path: ['cloud', 'api_key'] }),
    );
  });

  it('reports which settings are not known yet', () => {
    expect(unknownConfigPaths({ secrets_key: new Unknown(), elasticsearch: { endpoint: new Unknown(), api_key: 'x' } })).toEqual([['secrets_key'], ['elasticsearch', 'endpoint']]);
  });

  it('marks every secret attribute sensitive', () => {
    const sensitive = [
      ...providerSchema.block.attributes.filter((a) => a.sensitive).map((a) => a.name),
      ...providerSchema.block.block_types.flatMap((b) => b.block.attributes.filter((a) => a.sensitive).map((a) => `${b.type_name}.${a.name}`)),
    ];
    expect(sensitive.sort()).toEqual(['cloud.api_key', 'elasticsearch.api_key', 'elasticsearch.password', 'secrets_key']);
  });
});
