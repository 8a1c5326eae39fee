/**
 * Bad input for the Elasticsearch-side resources fails at plan time, before any request: each case
 * goes through planResource and, were it to pass, on to create; the emulator must see no request.
 * Every message names the resource and the field.
 */
import { startElasticsearchHarness, type ElasticsearchHarness } from '../../test/support/elasticsearch-harness';
import { ValidationError, type AnyResourceDefinition } from './definition';
import { planResource } from './planning';
import { crossClusterApiKey, remoteClusterConnection } from '.';

const encodedKey = Buffer.from('k3yId0000000000000001:s3cretPart0000000000x').toString('base64');
const key = { name: 'k', access: { search: [{ names: ['logs-*'] }] } };
const proxy = { alias: 'eu', mode: 'proxy', proxy_address: 'remote.example.com:9443' };
const sniff = { alias: 'eu', seeds: ['10.0.0.5:9300'] };
const deployment = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

type Case = [description: string, definition: AnyResourceDefinition, input: unknown, field: string];

const cases: Case[] = [
  // CrossClusterApiKey: name
  ['empty name', crossClusterApiKey, { ...key, name: '' }, 'name'],
  ['name with leading underscore', crossClusterApiKey, { ...key, name: '_internal' }, 'name'],
  ['name with surrounding whitespace', crossClusterApiKey, { ...key, name: ' k ' }, 'name'],
  ['name too long', crossClusterApiKey, { ...key, name: 'n'.repeat(257) }, 'name'],
  ['name missing', crossClusterApiKey, { access: key.access }, 'name'],
  // access
  ['access missing', crossClusterApiKey, { name: 'k' }, 'access'],
  ['empty access', crossClusterApiKey, { name: 'k', access: {} }, 'access'],
  ['empty access lists', crossClusterApiKey, { name: 'k', access: { search: [], replication: [] } }, 'access'],
  ['unknown access kind', crossClusterApiKey, { name: 'k', access: { search: [{ names: ['a'] }], monitor: [] } }, 'access'],
  ['search entry without names', crossClusterApiKey, { name: 'k', access: { search: [{ query: '{}' }] } }, 'access.search[0].names'],
  ['search entry with empty names', crossClusterApiKey, { name: 'k', access: { search: [{ names: [] }] } }, 'access.search[0].names'],
  ['index name empty', crossClusterApiKey, { name: 'k', access: { search: [{ names: [''] }] } }, 'access.search[0].names[0]'],
  ['index name with a space', crossClusterApiKey, { name: 'k', access: { search: [{ names: ['my logs'] }] } }, 'access.search[0].names[0]'],
  ['index name with a comma', crossClusterApiKey, { name: 'k', access: { replication: [{ names: ['a,b'] }] } }, 'access.replication[0].names[0]'],
  ['query that is not JSON', crossClusterApiKey, { name: 'k', access: { search: [{ names: ['a'], query: '{term: x' }] } }, 'access.search[0].query'],
  ['query that is a JSON array', crossClusterApiKey, { name: 'k', access: { search: [{ names: ['a'], query: '[1]' }] } }, 'access.search[0].query'],
  ['empty field security', crossClusterApiKey, { name: 'k', access: { search: [{ names: ['a'], field_security: {} }] } }, 'access.search[0].field_security'],
  ['search privileges given', crossClusterApiKey, { name: 'k', access: { search: [{ names: ['a'], privileges: ['read'] }] } }, 'access.search[0]'],
  ['replication with field security', crossClusterApiKey, { name: 'k', access: { replication: [{ names: ['a'], field_security: { grant: ['*'] } }] } }, 'access.replication[0]'],
  ['replication with a query', crossClusterApiKey, { name: 'k', access: { replication: [{ names: ['a'], query: '{}' }] } }, 'access.replication[0]'],
  [
    'document level security next to replication',
    crossClusterApiKey,
    { name: 'k', access: { search: [{ names: ['a'], query: '{"match_all":{}}' }], replication: [{ names: ['b'] }] } },
    'access.search[0].query',
  ],
  ['allow_restricted_indices not a boolean', crossClusterApiKey, { name: 'k', access: { search: [{ names: ['a'], allow_restricted_indices: 'yes' }] } }, 'access.search[0].allow_restricted_indices'],
  // expiration
  ['expiration without unit', crossClusterApiKey, { ...key, expiration: '30' }, 'expiration'],
  ['expiration with unknown unit', crossClusterApiKey, { ...key, expiration: '2w' }, 'expiration'],
  ['expiration of zero', crossClusterApiKey, { ...key, expiration: '0d' }, 'expiration'],
  ['negative expiration', crossClusterApiKey, { ...key, expiration: '-1d' }, 'expiration'],
  ['fractional expiration', crossClusterApiKey, { ...key, expiration: '1.5d' }, 'expiration'],
  // metadata, certificate identity
  ['metadata key reserved', crossClusterApiKey, { ...key, metadata: { _system: 'x' } }, 'metadata'],
  ['metadata value not a string', crossClusterApiKey, { ...key, metadata: { team: 3 } }, 'metadata.team'],
  ['certificate identity unbalanced group', crossClusterApiKey, { ...key, certificate_identity: 'CN=(remote' }, 'certificate_identity'],
  ['certificate identity bad class', crossClusterApiKey, { ...key, certificate_identity: 'CN=[z-a]' }, 'certificate_identity'],
  ['certificate identity dangling quantifier', crossClusterApiKey, { ...key, certificate_identity: '*CN=remote' }, 'certificate_identity'],
  ['certificate identity empty', crossClusterApiKey, { ...key, certificate_identity: '  ' }, 'certificate_identity'],
  ['unknown top-level attribute', crossClusterApiKey, { ...key, role_descriptors: {} }, '(input)'],

  // RemoteClusterConnection: alias
  ['empty alias', remoteClusterConnection, { ...proxy, alias: '' }, 'alias'],
  ['alias with a dot', remoteClusterConnection, { ...proxy, alias: 'eu.logs' }, 'alias'],
  ['alias with a space', remoteClusterConnection, { ...proxy, alias: 'eu logs' }, 'alias'],
  ['alias with a colon', remoteClusterConnection, { ...proxy, alias: 'eu:logs' }, 'alias'],
  ['alias with non-ASCII letters', remoteClusterConnection, { ...proxy, alias: 'région' }, 'alias'],
  // addresses
  ['proxy address without port', remoteClusterConnection, { ...proxy, proxy_address: 'remote.example.com' }, 'proxy_address'],
  ['proxy address with a URL', remoteClusterConnection, { ...proxy, proxy_address: 'https://remote.example.com:9443' }, 'proxy_address'],
  ['proxy address port not numeric', remoteClusterConnection, { ...proxy, proxy_address: 'remote.example.com:https' }, 'proxy_address'],
  ['proxy address port zero', remoteClusterConnection, { ...proxy, proxy_address: 'remote.example.com:0' }, 'proxy_address'],
  ['proxy address port too large', remoteClusterConnection, { ...proxy, proxy_address: 'remote.example.com:70000' }, 'proxy_address'],
  ['IPv6 address without brackets', remoteClusterConnection, { ...proxy, proxy_address: 'fe80::1:9443' }, 'proxy_address'],
  ['bracketed host that is not IPv6', remoteClusterConnection, { ...proxy, proxy_address: '[remote]:9443' }, 'proxy_address'],
  ['empty host', remoteClusterConnection, { ...proxy, proxy_address: ':9443' }, 'proxy_address'],
  ['seed without port', remoteClusterConnection, { ...sniff, seeds: ['10.0.0.5'] }, 'seeds[0]'],
  ['second seed with bad port', remoteClusterConnection, { ...sniff, seeds: ['10.0.0.5:9300', '10.0.0.6:-1'] }, 'seeds[1]'],
  // mode
  ['unknown mode', remoteClusterConnection, { ...proxy, mode: 'direct' }, 'mode'],
  ['proxy mode without proxy_address', remoteClusterConnection, { alias: 'eu', mode: 'proxy' }, 'proxy_address'],
  ['sniff mode without seeds', remoteClusterConnection, { alias: 'eu', mode: 'sniff' }, 'seeds'],
  ['default (sniff) mode with empty seeds', remoteClusterConnection, { alias: 'eu', seeds: [] }, 'seeds'],
  ['proxy_address in sniff mode', remoteClusterConnection, { ...sniff, proxy_address: 'remote.example.com:9443' }, 'proxy_address'],
  ['server_name in sniff mode', remoteClusterConnection, { ...sniff, server_name: 'remote.example.com' }, 'server_name'],
  ['proxy_socket_connections in sniff mode', remoteClusterConnection, { ...sniff, proxy_socket_connections: 3 }, 'proxy_socket_connections'],
  ['seeds in proxy mode', remoteClusterConnection, { ...proxy, seeds: ['10.0.0.5:9300'] }, 'seeds'],
  ['node_connections in proxy mode', remoteClusterConnection, { ...proxy, node_connections: 2 }, 'node_connections'],
  // numbers, flags, time values
  ['zero proxy sockets', remoteClusterConnection, { ...proxy, proxy_socket_connections: 0 }, 'proxy_socket_connections'],
  ['fractional node connections', remoteClusterConnection, { ...sniff, node_connections: 1.5 }, 'node_connections'],
  ['skip_unavailable as text', remoteClusterConnection, { ...proxy, skip_unavailable: 'true' }, 'skip_unavailable'],
  ['server name with a port', remoteClusterConnection, { ...proxy, server_name: 'remote.example.com:443' }, 'server_name'],
  ['unknown compression', remoteClusterConnection, { ...proxy, transport_compress: 'gzip' }, 'transport_compress'],
  ['ping schedule without unit', remoteClusterConnection, { ...proxy, transport_ping_schedule: '30' }, 'transport_ping_schedule'],
  ['wait timeout without unit', remoteClusterConnection, { ...proxy, wait_timeout: '10' }, 'wait_timeout'],
  // credentials and Cloud targets
  ['credentials that are not an encoded key', remoteClusterConnection, { ...proxy, credentials: 'not-an-api-key' }, 'credentials'],
  ['credentials in base64 without a colon', remoteClusterConnection, { ...proxy, credentials: Buffer.from('justanid').toString('base64') }, 'credentials'],
  ['cloud deployment id too short', remoteClusterConnection, { ...proxy, cloud: { deployment_id: 'abc123' } }, 'cloud.deployment_id'],
  ['cloud ref id with a slash', remoteClusterConnection, { ...proxy, cloud: { deployment_id: deployment, ref_id: 'main/es' } }, 'cloud.ref_id'],
  ['remote deployment without cloud', remoteClusterConnection, { alias: 'eu', remote_deployment: { deployment_id: deployment } }, 'cloud'],
  [
    'remote deployment with credentials',
    remoteClusterConnection,
    { alias: 'eu', cloud: { deployment_id: deployment }, remote_deployment: { deployment_id: deployment }, credentials: encodedKey },
    'credentials',
  ],
  [
    'remote deployment with a proxy address',
    remoteClusterConnection,
    { alias: 'eu', mode: 'proxy', cloud: { deployment_id: deployment }, remote_deployment: { deployment_id: deployment }, proxy_address: 'a.b:9300' },
    'proxy_address',
  ],
];

let harness: ElasticsearchHarness;
beforeAll(async () => {
  harness = await startElasticsearchHarness();
});
afterAll(() => harness.close());

test(`${cases.length} invalid inputs are rejected before any request, naming the resource and the field`, async () => {
  expect(cases.length).toBeGreaterThanOrEqual(40);
  const ctx = harness.context('local');
  harness.emulator.resetRequestLog();
  const outcomes: string[] = [];
  for (const [description, definition, input, fieldPath] of cases) {
    let error: unknown;
    try {
      const { desired } = planResource(definition, undefined, input);
      await definition.create(ctx, desired);
    } catch (e) {
      error = e;
    }
    if (!(error instanceof ValidationError)) {
      outcomes.push(`${description}: not rejected by validation (${error === undefined ? 'accepted' : String(error)})`);
      continue;
    }
    const lines = error.message.split('\n');
    const expectedStart = `${definition.type}: ${fieldPath}: `;
    if (!lines.some((l) => l.startsWith(expectedStart))) outcomes.push(`${description}: no line starts with "${expectedStart}" in:\n${error.message}`);
  }
  expect(outcomes).toEqual([]);
  expect(harness.emulator.requestCount()).toBe(0);
});

test('valid neighbours of the invalid inputs are accepted (the rules are not simply rejecting everything)', () => {
  const valid: [AnyResourceDefinition, unknown][] = [
    [crossClusterApiKey, { ...key, expiration: '90d', metadata: { team: 'a' }, certificate_identity: 'CN=remote-.*,O=example' }],
    [crossClusterApiKey, { name: 'k', access: { search: [{ names: ['/logs-.*/'], query: '{"term":{"a":1}}', field_security: { except: ['secret'] } }] } }],
    [crossClusterApiKey, { name: 'k', access: { search: [{ names: ['a'] }], replication: [{ names: ['b'], allow_restricted_indices: true }] } }],
    [remoteClusterConnection, { ...proxy, proxy_address: '[fe80::1]:9443', server_name: 'remote.example.com', transport_compress: 'indexing_data', credentials: encodedKey }],
    [remoteClusterConnection, { ...sniff, node_connections: 2, transport_ping_schedule: '-1', skip_unavailable: false }],
    [remoteClusterConnection, { alias: 'eu_logs-2', cloud: { deployment_id: deployment }, remote_deployment: { deployment_id: deployment, ref_id: 'main-elasticsearch' } }],
  ];
  for (const [definition, input] of valid) expect(() => planResource(definition, undefined, input)).not.toThrow();
});
