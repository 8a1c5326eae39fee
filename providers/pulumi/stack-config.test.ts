import { ConfigurationError } from '../../src/settings/configuration-error';
import { connectionSettingsFor, selectClusterProfile, stackConfigNameOf, type StackConfigReader } from './stack-config';

function config(values: Record<string, unknown>): StackConfigReader {
  return { get: (key) => (values[key] === undefined ? undefined : typeof values[key] === 'string' ? (values[key] as string) : JSON.stringify(values[key])) };
}

const clusters = {
  local: { endpoint: 'http://127.0.0.1:9200', apiKey: 'bG9jYWw6a2V5' },
  remote: { endpoint: 'https://remote.example:9243', username: 'elastic', password: 'changeme', insecureSkipVerify: false },
};

describe('selectClusterProfile', () => {
  it('picks the named profile, else the default profile, else none', () => {
    const c = config({ 'elasticRemote:clusters': clusters, 'elasticRemote:defaultCluster': 'remote' });
    expect(selectClusterProfile(c, 'local')).toEqual(clusters.local);
    expect(selectClusterProfile(c, undefined)).toEqual(clusters.remote);
    expect(selectClusterProfile(config({ 'elasticRemote:clusters': clusters }), undefined)).toBeUndefined();
  });

  it('names the missing profile and the configured ones', () => {
    expect(() => selectClusterProfile(config({ 'elasticRemote:clusters': clusters }), 'locall')).toThrow(
      'cluster profile "locall" is not configured: add it under elasticRemote:clusters (configured: local, remote)',
    );
  });

  it('names the bad field of a profile', () => {
    const c = config({ 'elasticRemote:clusters': { local: { endpoint: 'ftp://x', apiKey: 'k' } } });
    expect(() => selectClusterProfile(c, 'local')).toThrow(ConfigurationError);
    expect(() => selectClusterProfile(c, 'local')).toThrow(/elasticRemote:clusters\.local\.endpoint: an http\(s\) URL/);
    expect(() => selectClusterProfile(config({ 'elasticRemote:clusters': { local: { endpoint: 'http://x', apikey: 'k' } } }), 'local')).toThrow(/apikey/);
  });

  it('applies the stack-wide insecure flag only when a profile does not decide', () => {
    const c = config({ 'elasticRemote:clusters': clusters, 'elasticRemote:insecure': 'true' });
    expect(selectClusterProfile(c, 'local')?.insecureSkipVerify).toBe(true);
    expect(selectClusterProfile(c, 'remote')?.insecureSkipVerify).toBe(false);
  });
});

describe('connectionSettingsFor', () => {
  const env = {
    cloud: { endpoint: 'https://ece.example:12443', apiKey: 'env-cloud-key' },
    elasticsearch: { endpoint: 'http://env-es:9200', apiKey: 'env-es-key' },
    secretsKey: 'env-secrets-key',
  };

  it('prefers stack configuration section by section, with the environment as fall-back', () => {
    const c = config({ 'elasticRemote:clusters': clusters, 'elasticRemote:cloudApiKey': 'config-cloud-key', 'elasticRemote:maxRetries': '2' });
    expect(connectionSettingsFor(c, 'local', env)).toEqual({
      cloud: { endpoint: 'https://ece.example:12443', apiKey: 'config-cloud-key' },
      elasticsearch: clusters.local,
      secretsKey: 'env-secrets-key',
      maxRetries: 2,
    });
    expect(connectionSettingsFor(config({}), undefined, env)).toEqual(env);
  });

  it('defaults the Cloud endpoint to ECH and leaves Cloud out without a key', () => {
    expect(connectionSettingsFor(config({ 'elasticRemote:cloudApiKey': 'k' }), undefined, {}).cloud).toEqual({ endpoint: 'https://api.elastic-cloud.com', apiKey: 'k' });
    expect(connectionSettingsFor(config({ 'elasticRemote:cloudEndpoint': 'https://x' }), undefined, {}).cloud).toBeUndefined();
  });

  it('rejects malformed numbers and flags, naming the key', () => {
    expect(() => connectionSettingsFor(config({ 'elasticRemote:maxRetries': 'many' }), undefined, {})).toThrow('elasticRemote:maxRetries: expected a non-negative integer');
    expect(() => connectionSettingsFor(config({ 'elasticRemote:insecure': 'yes' }), undefined, {})).toThrow('elasticRemote:insecure: expected true or false');
    expect(() => connectionSettingsFor(config({ 'elasticRemote:clusters': '{not json' }), 'x', {})).toThrow(/elasticRemote:clusters: expected an object/);
  });
});

test('connection settings are named as a Pulumi user sets them', () => {
  expect(stackConfigNameOf('secrets_key', undefined)).toBe('elasticRemote:secretsKey');
  expect(stackConfigNameOf('max_retries', undefined)).toBe('elasticRemote:maxRetries');
  expect(stackConfigNameOf('request_timeout_ms', undefined)).toBe('elasticRemote:requestTimeoutMs');
  expect(stackConfigNameOf('cloud.api_key', undefined)).toBe('elasticRemote:cloudApiKey');
  expect(stackConfigNameOf('cloud.ca_cert', undefined)).toBe('elasticRemote:cloudCaCertPem');
  expect(stackConfigNameOf('elasticsearch.api_key', 'local')).toBe('elasticRemote:clusters.local.apiKey');
  expect(stackConfigNameOf('elasticsearch.ca_cert', 'local')).toBe('elasticRemote:clusters.local.caCertPem');
});
