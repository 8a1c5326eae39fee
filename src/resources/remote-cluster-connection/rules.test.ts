/** Elasticsearch's remote cluster rules, the settings mapping and the not-connected diagnosis: all pure. */
import { renderChange } from '../../plan/render';
import { replacementPaths } from '../../plan/change-set';
import { diagnoseCloudRemoteNotConnected, diagnoseNotConnected, type ConnectionFacts } from './diagnosis';
import { diffRemoteClusterConnection } from './diff';
import { addressProblem, aliasProblem } from './rules';
import type { RemoteClusterConnectionInput, RemoteClusterConnectionState } from './schema';
import { settingsFromFlat, settingsReset, settingsUpdate } from './settings';

const encoded = (id: string) => Buffer.from(`${id}:secretpart-${id}`).toString('base64');

test.each([
  ['remote.example.com:9443', undefined],
  ['10.0.0.5:9300', undefined],
  ['[::1]:9443', undefined],
  ['[fe80::1%eth0]:9300', undefined],
  ['remote.example.com', 'remote hosts need to be configured as [host:port], found [remote.example.com] instead'],
  ['::1:9300', 'an IPv6 host must be written in brackets'],
  ['host:0', 'port number must be > 0 but was: [0]'],
  ['host:-5', 'port number must be > 0 but was: [-5]'],
  ['host:abc', 'failed to parse port [abc]'],
  ['host:65536', 'port number must be at most 65535'],
  ['tcp://host:9300', 'not a URL'],
])('address %s', (address, problem) => {
  if (problem === undefined) expect(addressProblem(address)).toBeUndefined();
  else expect(addressProblem(address)).toContain(problem);
});

test('aliases: letters, digits, dashes and underscores only', () => {
  expect(aliasProblem('eu-logs_2')).toBeUndefined();
  expect(aliasProblem('')).toContain('empty string');
  for (const bad of ['eu.logs', 'eu logs', 'é', 'a:b', 'a*']) expect(aliasProblem(bad)).toContain('letters, digits, dashes and underscores');
});

test('settings: one PUT that resets only what this alias no longer sets', () => {
  const prior = { mode: 'sniff' as const, seeds: ['a:9300'], node_connections: 2, skip_unavailable: true };
  const update = settingsUpdate('eu', prior, { mode: 'proxy', proxy_address: 'b:9443', skip_unavailable: true });
  expect(update).toEqual({
    'cluster.remote.eu.mode': 'proxy',
    'cluster.remote.eu.proxy_address': 'b:9443',
    'cluster.remote.eu.skip_unavailable': true,
    'cluster.remote.eu.seeds': null,
    'cluster.remote.eu.node_connections': null,
  });
  expect(settingsReset('eu', prior)).toEqual({
    'cluster.remote.eu.mode': null,
    'cluster.remote.eu.seeds': null,
    'cluster.remote.eu.node_connections': null,
    'cluster.remote.eu.skip_unavailable': null,
  });
});

test('settings read back from flat settings (strings) belong to one alias only', () => {
  const persistent = {
    'cluster.remote.eu.mode': 'PROXY',
    'cluster.remote.eu.proxy_address': 'b:9443',
    'cluster.remote.eu.proxy_socket_connections': '6',
    'cluster.remote.eu.skip_unavailable': 'false',
    'cluster.remote.eu.transport.compress': 'indexing_data',
    'cluster.remote.eu-2.mode': 'sniff',
    'cluster.remote.eu-2.seeds': ['x:9300'],
  };
  expect(settingsFromFlat('eu', persistent)).toEqual({ mode: 'proxy', proxy_address: 'b:9443', proxy_socket_connections: 6, skip_unavailable: false, transport_compress: 'indexing_data' });
  expect(settingsFromFlat('eu-2', persistent)).toEqual({ mode: 'sniff', seeds: ['x:9300'] });
  expect(settingsFromFlat('us', persistent)).toBeUndefined();
});

const input: RemoteClusterConnectionInput = { alias: 'eu', mode: 'proxy', proxy_address: 'b:9443', wait_for_connected: false, wait_timeout: '60s' };
const state = (overrides: Partial<RemoteClusterConnectionState> = {}): RemoteClusterConnectionState => ({ id: 'eu', ...input, ...overrides });
const lines = (prior: RemoteClusterConnectionState | undefined, desired: RemoteClusterConnectionInput) => diffRemoteClusterConnection(prior, desired).changes.map(renderChange);

test('diff: one line per setting and per seed; a mode switch shows each key', () => {
  expect(lines(undefined, { ...input, credentials: encoded('abc') })).toEqual([
    '+ create',
    '+ cluster.remote.eu.mode = proxy',
    '+ cluster.remote.eu.proxy_address = b:9443',
    '+ keystore secret cluster.remote.eu.credentials (set, key abc): operator step on every node: bin/elasticsearch-keystore add cluster.remote.eu.credentials, then POST _nodes/reload_secure_settings',
  ]);
  expect(lines(state(), input)).toEqual([]);
  expect(lines(state(), { ...input, mode: 'sniff', proxy_address: undefined, seeds: ['a:9300', 'c:9300'] })).toEqual([
    '~ cluster.remote.eu.mode proxy → sniff',
    '- cluster.remote.eu.proxy_address (was b:9443)',
    '+ cluster.remote.eu.seeds a:9300',
    '+ cluster.remote.eu.seeds c:9300',
  ]);
  expect(lines(state({ mode: 'sniff', proxy_address: undefined, seeds: ['a:9300', 'c:9300'] }), { ...input, mode: 'sniff', proxy_address: undefined, seeds: ['c:9300'] })).toEqual([
    '- cluster.remote.eu.seeds a:9300',
  ]);
});

test('diff: keystore secret set, rotated, removed, by key id and never by value', () => {
  const withKey = state({ credentials: 'sealed:v1:AAAA', credentials_key_id: 'abc' });
  expect(lines(withKey, { ...input, credentials: encoded('abc') })).toEqual([]);
  expect(lines(withKey, { ...input, credentials: 'sealed:v1:AAAA' })).toEqual([]);
  expect(lines(withKey, { ...input, credentials: encoded('def') })).toEqual(['~ keystore secret cluster.remote.eu.credentials (rotated, key abc → def): operator step on every node: bin/elasticsearch-keystore add cluster.remote.eu.credentials, then POST _nodes/reload_secure_settings']);
  expect(lines(withKey, { ...input, credentials: 'sealed:v1:BBBB' })).toEqual(['~ keystore secret cluster.remote.eu.credentials (rotated, key abc → (new key)): operator step on every node: bin/elasticsearch-keystore add cluster.remote.eu.credentials, then POST _nodes/reload_secure_settings']);
  expect(lines(withKey, input)).toEqual(['- keystore secret cluster.remote.eu.credentials (removed, key abc)']);
  const rendered = lines(withKey, { ...input, credentials: encoded('def') }).join('\n');
  expect(rendered).not.toContain(encoded('def'));
  expect(rendered).not.toContain('secretpart');
});

test('diff: a new alias or another deployment replaces the connection', () => {
  const alias = diffRemoteClusterConnection(state(), { ...input, alias: 'eu2' });
  expect(replacementPaths(alias)).toEqual([['alias']]);
  const cloud = diffRemoteClusterConnection(state(), { ...input, cloud: { deployment_id: 'a'.repeat(32), ref_id: 'main-elasticsearch' } });
  expect(replacementPaths(cloud)).toEqual([['cloud']]);
});

const facts: ConnectionFacts = { alias: 'eu', mode: 'proxy', proxy_address: 'remote:9443', credentialsGiven: true, credentialsKeyId: 'abc', selfManagedKeystore: true };
const info = (overrides: object = {}) => ({
  mode: 'proxy' as const,
  connected: false,
  proxy_address: 'remote:9443',
  server_name: '',
  num_proxy_sockets_connected: 0,
  max_proxy_socket_connections: 18,
  initial_connect_timeout: '30s',
  skip_unavailable: true,
  ...overrides,
});

test('diagnosis: names the likely cause from _remote/info and what was configured', () => {
  expect(diagnoseNotConnected(facts, undefined).join()).toContain('_remote/info has no entry for "eu"');
  expect(diagnoseNotConnected(facts, info()).join()).toContain('bin/elasticsearch-keystore add cluster.remote.eu.credentials');
  expect(diagnoseNotConnected({ ...facts, selfManagedKeystore: false }, info()).join()).toContain('not reloaded');
  expect(diagnoseNotConnected({ ...facts, proxy_address: 'remote:9300' }, info({ cluster_credentials: '::es_redacted::' })).join()).toContain('uses 9300, the transport port of the certificate model');
  expect(diagnoseNotConnected({ ...facts, credentialsGiven: false }, info()).join()).toContain('has no credentials');
  expect(diagnoseNotConnected(facts, info({ cluster_credentials: '::es_redacted::' })).join()).toContain('key abc is still valid on the remote cluster (not invalidated or expired)');
  expect(diagnoseNotConnected({ ...facts, credentialsGiven: false, proxy_address: 'remote:9300' }, info()).join()).toContain('trust each other');
});

test('diagnosis, certificate model through the Cloud API: says which side of the trust is missing', () => {
  const status = { connected: false, trusted: true, trusted_back: true, compatible: true, healthy: true };
  expect(diagnoseCloudRemoteNotConnected('eu', 'd2', undefined).join()).toContain('no status for "eu"');
  expect(diagnoseCloudRemoteNotConnected('eu', 'd2', { ...status, trusted: false })).toEqual([expect.stringContaining('the local deployment does not trust deployment d2')]);
  expect(diagnoseCloudRemoteNotConnected('eu', 'd2', { ...status, trusted_back: false })).toEqual([expect.stringContaining('deployment d2 does not trust the local deployment back')]);
  expect(diagnoseCloudRemoteNotConnected('eu', 'd2', status).join()).toContain('longer wait_timeout');
});
