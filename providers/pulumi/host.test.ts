/**
 * The provider host against the emulator over real HTTP, called the way the dynamic-provider process
 * calls it (camelCase Pulumi properties in and out, stack configuration through `configure`).
 */
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { call as esCall } from '../../src/emulator/test-client';
import { createSecretBox } from '../../src/secrets/secret-box';
import { unknownValue } from './attributes';
import { host, importTarget, type HostCall } from './host';
import { configKeys, type StackConfigReader } from './stack-config';

let emulator: RunningEmulator;
let config: StackConfigReader;
const secretsKey = 'host-test-secrets-passphrase';

beforeAll(async () => {
  emulator = await startEmulator();
  const { local, remote } = emulator.clusters;
  const values: Record<string, string> = {
    [configKeys.clusters]: JSON.stringify({
      local: { endpoint: local.url, apiKey: local.apiKey },
      // Elasticsearch creates cross-cluster keys only for a user, not with an API key.
      remote: { endpoint: remote.url, username: remote.username, password: remote.password },
    }),
    [configKeys.secretsKey]: secretsKey,
  };
  config = { get: (key) => values[key] };
});
afterAll(() => emulator.stop());

const keyCall = (): HostCall => ({ resourceType: 'CrossClusterApiKey', config });
const connectionCall = (): HostCall => ({ resourceType: 'RemoteClusterConnection', config });

const keyArgs = { name: 'eu-logs-search', access: { search: [{ names: ['logs-*'], allowRestrictedIndices: false }] }, cluster: 'remote' };

test('bad input and unknown cluster profiles fail in check, naming the field, with no request sent', async () => {
  emulator.resetRequestLog();
  const bad = await host.check(connectionCall(), {}, { alias: 'eu logs', mode: 'proxy', proxyAddress: 'no-port', cluster: 'local' });
  expect(bad.failures?.map((f) => f.property)).toEqual(expect.arrayContaining(['alias', 'proxyAddress']));
  expect(bad.failures?.find((f) => f.property === 'proxyAddress')?.reason).toMatch(/^RemoteClusterConnection: proxyAddress: /);
  const nested = await host.check(keyCall(), {}, { ...keyArgs, access: { search: [{ names: ['bad index'] }] } });
  expect(nested.failures?.map((f) => f.property)).toEqual(['access.search[0].names[0]']);
  const profile = await host.check(keyCall(), {}, { ...keyArgs, cluster: 'remot' });
  expect(profile.failures).toEqual([{ property: 'cluster', reason: expect.stringContaining('cluster profile "remot" is not configured') }]);
  expect(emulator.requestCount()).toBe(0);
});

test('unusable connection settings fail in check under their stack configuration names, with no request sent', async () => {
  emulator.resetRequestLog();
  const shortKey: StackConfigReader = { get: (key) => (key === configKeys.secretsKey ? 'short' : config.get(key)) };
  const checked = await host.check({ resourceType: 'CrossClusterApiKey', config: shortKey }, {}, keyArgs);
  expect(checked.failures).toEqual([{ property: 'cluster', reason: expect.stringMatching(/^CrossClusterApiKey: elasticRemote:secretsKey: must be at least 8 characters/) }]);
  expect(checked.failures?.[0].reason).not.toContain('secrets_key');
  expect(checked.failures?.[0].reason).not.toContain('short');

  const badEndpoint: StackConfigReader = {
    get: (key) => (key === configKeys.clusters ? JSON.stringify({ remote: { endpoint: 'remote-host:9200', username: 'elastic', password: 'irrelevant' } }) : config.get(key)),
  };
  const endpoint = await host.check({ resourceType: 'CrossClusterApiKey', config: badEndpoint }, {}, keyArgs);
  expect(endpoint.failures?.[0].reason).toMatch(/elasticRemote:clusters\.remote\.endpoint: .*http\(s\) URL/);
  expect(emulator.requestCount()).toBe(0);
});

test('unknown values (another resource output during preview) pass check and diff', async () => {
  const checked = await host.check(connectionCall(), {}, { alias: 'eu-logs', mode: 'proxy', proxyAddress: unknownValue, credentials: unknownValue, cluster: 'local' });
  expect(checked.failures ?? []).toEqual([]);
});

test('create, no-op diff, in-place and replacing diffs, refresh, drift, import and delete', async () => {
  const key = await host.create(keyCall(), keyArgs);
  expect(key.outs.encoded).toMatch(/^sealed:v1:/);
  expect(key.outs).toMatchObject({ name: 'eu-logs-search', cluster: 'remote', access: { search: [{ names: ['logs-*'] }] } });
  expect(JSON.stringify(key.outs)).not.toContain(emulator.clusters.remote.password);

  // The self-managed keystore step an operator does (the tool cannot write this keystore).
  emulator.keystore('local').set('cluster.remote.eu-logs.credentials', createSecretBox(secretsKey).unseal(String(key.outs.encoded)));
  const connectionArgs = {
    alias: 'eu-logs',
    mode: 'proxy',
    proxyAddress: emulator.clusters.remote.remoteClusterServerAddress,
    credentials: key.outs.encoded,
    skipUnavailable: true,
    cluster: 'local',
  };
  const connection = await host.create(connectionCall(), connectionArgs);
  expect(connection.id).toBe('eu-logs');
  expect(connection.outs).toMatchObject({ alias: 'eu-logs', proxyAddress: connectionArgs.proxyAddress, credentialsKeyId: key.id, cluster: 'local' });
  const settings = await esCall(emulator.clusters.local.url, 'GET', '/_cluster/settings?flat_settings=true', { apiKey: emulator.clusters.local.apiKey });
  expect(settings.body.persistent['cluster.remote.eu-logs.proxy_address']).toBe(connectionArgs.proxyAddress);

  // Program unchanged: nothing to do.
  expect(await host.diff(keyCall(), key.id, key.outs, keyArgs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  expect((await host.diff(connectionCall(), connection.id, connection.outs, connectionArgs)).changes).toBe(false);

  // In place: one address; replacing: the alias (create the new alias first), the cluster profile, the key name.
  expect(await host.diff(connectionCall(), connection.id, connection.outs, { ...connectionArgs, proxyAddress: 'other.example:9443' })).toEqual({
    changes: true,
    replaces: [],
    deleteBeforeReplace: false,
  });
  expect(await host.diff(connectionCall(), connection.id, connection.outs, { ...connectionArgs, alias: 'eu-logs-2' })).toEqual({
    changes: true,
    replaces: ['alias'],
    deleteBeforeReplace: false,
  });
  expect((await host.diff(keyCall(), key.id, key.outs, { ...keyArgs, cluster: 'local' })).replaces).toEqual(['cluster']);
  expect((await host.diff(keyCall(), key.id, key.outs, { ...keyArgs, name: 'renamed' })).replaces).toEqual(['name']);
  // A key being replaced: its new encoded value is unknown during preview, so the credentials rotate.
  expect((await host.diff(connectionCall(), connection.id, connection.outs, { ...connectionArgs, credentials: unknownValue })).changes).toBe(true);

  // Refresh of unchanged objects: same id and properties.
  const refreshed = await host.read(connectionCall(), connection.id, connection.outs);
  expect(refreshed.id).toBe('eu-logs');
  expect(refreshed.props).toMatchObject({ alias: 'eu-logs', proxyAddress: connectionArgs.proxyAddress, cluster: 'local' });
  expect(refreshed.inputs).toMatchObject({ alias: 'eu-logs', proxyAddress: connectionArgs.proxyAddress, cluster: 'local' });

  // Drift behind the tool's back: the address edited, the key invalidated.
  await esCall(emulator.clusters.local.url, 'PUT', '/_cluster/settings', { apiKey: emulator.clusters.local.apiKey }, { persistent: { 'cluster.remote.eu-logs.proxy_address': 'drifted.example:9443' } });
  const drifted = await host.read(connectionCall(), connection.id, connection.outs);
  expect(drifted.props?.proxyAddress).toBe('drifted.example:9443');
  expect((await host.diff(connectionCall(), connection.id, drifted.props ?? {}, connectionArgs)).changes).toBe(true);
  const { username, password } = emulator.clusters.remote;
  await esCall(emulator.clusters.remote.url, 'DELETE', '/_security/api_key', { username, password }, { ids: [key.id] });
  expect(await host.read(keyCall(), key.id, key.outs)).toEqual({ id: '', props: {} });

  // Import by `<profile>/<id>`: the state and the inputs a program would declare.
  const imported = await host.read(connectionCall(), 'local/eu-logs', undefined);
  expect(imported.id).toBe('eu-logs');
  expect(imported.inputs).toMatchObject({ alias: 'eu-logs', mode: 'proxy', proxyAddress: 'drifted.example:9443', cluster: 'local' });

  await host.destroy(connectionCall(), connection.id, connection.outs);
  const after = await esCall(emulator.clusters.local.url, 'GET', '/_cluster/settings?flat_settings=true', { apiKey: emulator.clusters.local.apiKey });
  expect(Object.keys(after.body.persistent).filter((k) => k.startsWith('cluster.remote.eu-logs.'))).toEqual([]);
});

test('import ids name their cluster profile with a <profile>/ prefix only when that profile exists', () => {
  const definition = { target: 'elasticsearch' as const };
  expect(importTarget({ definition, config }, 'local/eu-logs', undefined)).toEqual({ cluster: 'local', importId: 'eu-logs' });
  // A Cloud import id has slashes of its own: not a profile, kept whole.
  expect(importTarget({ definition, config }, '0123456789abcdef0123456789abcdef/main-elasticsearch/eu-logs', undefined)).toEqual({
    importId: '0123456789abcdef0123456789abcdef/main-elasticsearch/eu-logs',
  });
  expect(importTarget({ definition, config }, 'local/eu-logs', { cluster: 'remote' })).toEqual({ cluster: 'remote', importId: 'local/eu-logs' });
});
