import { connectionSettingsFor, parseProviderConfig } from './config';

const local = { endpoint: 'https://local.example:9243', apiKey: 'local-api-key-value' };
const remote = { endpoint: 'https://remote.example:9243', username: 'elastic', password: 'remote-password' };

test('each resource gets the profiles it names: two clusters and two environments in one provider', () => {
  const config = parseProviderConfig({
    clusters: { local, remote },
    environments: { ece1: { endpoint: 'https://ece1.example:12443', apiKey: 'ece1-key-value' }, ece2: { endpoint: 'https://ece2.example:12443', apiKey: 'ece2-key-value' } },
  });
  expect(connectionSettingsFor(config, { cluster: 'remote', environment: 'ece2' }, {})).toMatchObject({ elasticsearch: remote, cloud: { endpoint: 'https://ece2.example:12443' } });
  expect(connectionSettingsFor(config, { cluster: 'local', environment: 'ece1' }, {})).toMatchObject({ elasticsearch: local, cloud: { apiKey: 'ece1-key-value' } });
});

test('without a name: the default profile, else the only one, else the environment variables', () => {
  expect(connectionSettingsFor(parseProviderConfig({ clusters: { local, remote }, defaultCluster: 'remote' }), {}, {}).elasticsearch).toEqual(remote);
  expect(connectionSettingsFor(parseProviderConfig({ clusters: { local } }), {}, {}).elasticsearch).toEqual(local);
  expect(connectionSettingsFor(parseProviderConfig({}), {}, { ELASTICSEARCH_ENDPOINTS: 'https://env.example:9200', ELASTICSEARCH_API_KEY: 'env-key-value' }).elasticsearch).toMatchObject({
    endpoint: 'https://env.example:9200',
  });
});

test('nested configuration given as JSON text (stack config) reads as the object it holds', () => {
  expect(parseProviderConfig({ clusters: JSON.stringify({ local }), insecure: 'false' })).toMatchObject({ clusters: { local }, insecure: false });
});

test('a profile that is not configured, or a bad setting, is named without echoing a value', () => {
  const config = parseProviderConfig({ clusters: { local, remote } });
  expect(() => connectionSettingsFor(config, { cluster: 'eu' }, {})).toThrow('cluster profile "eu" is not configured in the provider: add it under clusters (configured: local, remote)');
  expect(() => parseProviderConfig({ clusters: { local: { endpoint: 'ftp://x' } } })).toThrow(/elasticremote: clusters\.local\.endpoint: /);
  const both = parseProviderConfig({ clusters: { local: { ...local, username: 'u', password: 'remote-password' } } });
  let message = '';
  try {
    connectionSettingsFor(both, {}, {});
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toContain('elasticremote: clusters.local.apiKey: set either an API key or a username and password, not both');
  expect(message).not.toContain('remote-password');
});
