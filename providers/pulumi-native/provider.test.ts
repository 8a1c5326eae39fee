import { resourceDefinitions } from '../../src/resources';
import { NativeProvider } from './provider';
import { resourceToken } from './schema';
import { secret, unknownValue } from './values';

function provider() {
  const lines: string[] = [];
  const native = new NativeProvider(resourceDefinitions, { log: async (_level, message) => void lines.push(message), environment: {} });
  native.configure({ clusters: secret({ local: { endpoint: 'https://local.example:9243', apiKey: 'local-api-key-value' } }), secretsKey: secret('native-secrets-key') });
  return { native, lines };
}

const connection = resourceToken('RemoteClusterConnection');

test('check names the field and what is accepted; a preview\'s unknown values are left for apply', async () => {
  const { native } = provider();
  const bad = await native.check(connection, {}, { alias: 'eu', mode: 'proxy', proxyAddress: 'no-port' });
  expect(bad.failures).toEqual([{ property: 'proxyAddress', reason: expect.stringMatching(/^RemoteClusterConnection: proxyAddress: .*host:port/) }]);
  const pending = await native.check(connection, {}, { alias: 'eu', mode: 'proxy', proxyAddress: unknownValue });
  expect(pending.failures).toEqual([]);
});

test('check refuses a profile the provider does not have, naming the argument', async () => {
  const { native } = provider();
  const answer = await native.check(connection, {}, { cluster: 'eu', alias: 'eu', mode: 'proxy', proxyAddress: 'remote:9443' });
  expect(answer.failures).toEqual([{ property: 'cluster', reason: expect.stringContaining('cluster profile "eu" is not configured in the provider') }]);
});

test('while the provider\'s configuration is unknown (a preview), profiles are not judged yet', async () => {
  const { native } = provider();
  native.configure({ clusters: unknownValue });
  const answer = await native.check(connection, {}, { cluster: 'eu', alias: 'eu', mode: 'proxy', proxyAddress: 'remote:9443' });
  expect(answer.failures).toEqual([]);
});

test('a profile argument a preview does not know yet (another resource\'s output) is judged at apply', async () => {
  const { native } = provider();
  const answer = await native.check(connection, {}, { cluster: unknownValue, alias: 'eu', mode: 'proxy', proxyAddress: 'remote:9443' });
  expect(answer.failures).toEqual([]);
});

test('a create shows the engine\'s change set; secret inputs come back as given', async () => {
  const { native, lines } = provider();
  const news = { alias: 'eu', mode: 'proxy', proxyAddress: 'remote:9443', credentials: secret(Buffer.from('id:key').toString('base64')) };
  expect((await native.check(connection, {}, news)).inputs).toBe(news);
  expect(lines.join('\n')).toContain('+ keystore secret cluster.remote.eu.credentials (set');
  expect(lines.join('\n')).not.toContain(Buffer.from('id:key').toString('base64'));
});

test('an import id prefixed with a configured profile picks it; other ids are the engine\'s', () => {
  const { native } = provider();
  const spec = { definition: { target: 'elasticsearch' as const } };
  expect(native.importTarget(spec, 'local/eu-logs', {})).toEqual({ choice: { cluster: 'local' }, importId: 'eu-logs' });
  expect(native.importTarget(spec, 'd/main-elasticsearch/eu', {})).toEqual({ choice: {}, importId: 'd/main-elasticsearch/eu' });
});
