import { startEmulator } from './index';
import type { RunningEmulator } from './index';
import { call } from './test-client';

let emulator: RunningEmulator;
let local: RunningEmulator['clusters'][string];
let remote: RunningEmulator['clusters'][string];
const user = () => ({ username: remote.username, password: remote.password });
const localUser = () => ({ username: local.username, password: local.password });

beforeEach(async () => {
  emulator = await startEmulator({ seed: 7 });
  local = emulator.clusters.local;
  remote = emulator.clusters.remote;
});

afterEach(async () => {
  await emulator.stop();
});

async function createKey(body: Record<string, unknown> = {}) {
  const response = await call(remote.url, 'POST', '/_security/cross_cluster/api_key', user(), {
    name: 'ccs-key',
    access: { search: [{ names: ['logs-*'] }] },
    ...body,
  });
  expect(response.status).toBe(200);
  return response.body as { id: string; name: string; api_key: string; encoded: string; expiration?: number };
}

async function putSettings(url: string, persistent: Record<string, unknown>, auth = localUser()) {
  return call(url, 'PUT', '/_cluster/settings?flat_settings=true', auth, { persistent });
}

async function configureApiKeyConnection(alias: string, encoded: string, address = remote.remoteClusterServerAddress) {
  emulator.keystore('local').set(`cluster.remote.${alias}.credentials`, encoded);
  expect((await call(local.url, 'POST', '/_nodes/reload_secure_settings', localUser())).status).toBe(200);
  const put = await putSettings(local.url, { [`cluster.remote.${alias}.mode`]: 'proxy', [`cluster.remote.${alias}.proxy_address`]: address });
  expect(put.status).toBe(200);
}

describe('identity and authentication', () => {
  it('answers GET / with distinct 22-character uuids and 32-hex cluster ids', async () => {
    const a = await call(local.url, 'GET', '/', { apiKey: local.apiKey });
    const b = await call(remote.url, 'GET', '/', { apiKey: remote.apiKey });
    expect(a.status).toBe(200);
    expect(a.headers.get('x-elastic-product')).toBe('Elasticsearch');
    expect(a.body.cluster_uuid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.body.cluster_uuid).not.toBe(b.body.cluster_uuid);
    expect(a.body.version.number).toBe('9.3.0');
    expect(a.body.cluster_name).toBe('local');
    expect(local.clusterId).toMatch(/^[0-9a-f]{32}$/);
    expect(local.url).not.toBe(remote.url);
  });

  it('rejects missing, wrong and cross-cluster credentials with security_exception 401', async () => {
    const missing = await call(local.url, 'GET', '/_cluster/settings', undefined);
    expect(missing.status).toBe(401);
    expect(missing.body.error.type).toBe('security_exception');
    expect(missing.body.error.reason).toBe('missing authentication credentials for REST request [/_cluster/settings]');
    expect(missing.headers.get('www-authenticate')).toContain('ApiKey');
    // another cluster's admin key is unknown here
    const foreign = await call(local.url, 'GET', '/', { apiKey: remote.apiKey });
    expect(foreign.status).toBe(401);
    const wrongPassword = await call(local.url, 'GET', '/', { username: 'elastic', password: 'nope' });
    expect(wrongPassword.status).toBe(401);
    const key = await createKey();
    const crossCluster = await call(remote.url, 'GET', '/', { apiKey: key.encoded });
    expect(crossCluster.status).toBe(401);
    expect(crossCluster.body.error.reason).toContain('has type [cross_cluster]');
  });

  it('refuses to create cross-cluster keys with an API key, as Elasticsearch does', async () => {
    const response = await call(remote.url, 'POST', '/_security/cross_cluster/api_key', { apiKey: remote.apiKey }, {
      name: 'k',
      access: { search: [{ names: ['*'] }] },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.reason).toBe(
      'authentication via API key not supported: An API key cannot be used to create a cross-cluster API key',
    );
  });

  it('answers unknown paths and wrong methods like Elasticsearch', async () => {
    const unknown = await call(local.url, 'GET', '/_nope', localUser());
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ error: 'no handler found for uri [/_nope] and method [GET]', status: 400 });
    const wrongMethod = await call(local.url, 'POST', '/_cluster/settings?flat_settings', localUser(), {});
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET,PUT');
    expect(wrongMethod.body).toEqual({ error: 'Incorrect HTTP method for uri [/_cluster/settings?flat_settings] and method [POST], allowed: [GET, PUT]', status: 405 });
    const options = await fetch(`${local.url}/_security/user/bob`, { method: 'OPTIONS' });
    expect(options.status).toBe(200);
    expect(options.headers.get('allow')).toBe('GET,PUT,POST,DELETE');
    expect(options.headers.get('x-elastic-product')).toBe('Elasticsearch');
  });
});

describe('cross-cluster API keys', () => {
  it('creates, reads, updates and invalidates a key', async () => {
    const key = await createKey({ expiration: '1d', metadata: { team: 'search' }, certificate_identity: 'CN=.*\\.example' });
    expect(key.id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(Buffer.from(key.encoded, 'base64').toString()).toBe(`${key.id}:${key.api_key}`);
    expect(key.expiration! - emulator.clock.now()).toBeGreaterThan(86_400_000 - 5_000);

    const read = await call(remote.url, 'GET', `/_security/api_key?id=${key.id}`, { apiKey: remote.apiKey });
    expect(read.status).toBe(200);
    const info = read.body.api_keys[0];
    expect(info).toMatchObject({ id: key.id, name: 'ccs-key', type: 'cross_cluster', invalidated: false, metadata: { team: 'search' } });
    expect(info.access).toEqual({ search: [{ names: ['logs-*'], allow_restricted_indices: false }] });
    expect(info.certificate_identity).toBe('CN=.*\\.example');
    expect(info.role_descriptors.cross_cluster.cluster).toEqual(['cross_cluster_search', 'monitor_enrich']);
    expect(info.role_descriptors.cross_cluster.indices[0].privileges).toEqual(['read', 'read_cross_cluster', 'view_index_metadata']);

    const update = await call(remote.url, 'PUT', `/_security/cross_cluster/api_key/${key.id}`, user(), {
      access: { replication: [{ names: ['archive-*'] }] },
    });
    expect(update.body).toEqual({ updated: true });
    const noop = await call(remote.url, 'PUT', `/_security/cross_cluster/api_key/${key.id}`, user(), {
      access: { replication: [{ names: ['archive-*'] }] },
    });
    expect(noop.body).toEqual({ updated: false });
    const renamed = await call(remote.url, 'PUT', `/_security/cross_cluster/api_key/${key.id}`, user(), { name: 'other' });
    expect(renamed.status).toBe(400);
    expect(renamed.body.error.type).toBe('x_content_parse_exception');

    const byName = await call(remote.url, 'GET', '/_security/api_key?name=ccs-*', user());
    expect(byName.body.api_keys.map((k: { id: string }) => k.id)).toEqual([key.id]);
    expect(byName.body.api_keys[0].role_descriptors.cross_cluster.cluster).toEqual(['cross_cluster_replication']);

    const invalidate = await call(remote.url, 'DELETE', '/_security/api_key', { apiKey: remote.apiKey }, { ids: [key.id] });
    expect(invalidate.body).toEqual({ invalidated_api_keys: [key.id], previously_invalidated_api_keys: [], error_count: 0 });
    const again = await call(remote.url, 'DELETE', '/_security/api_key', user(), { ids: [key.id] });
    expect(again.body.previously_invalidated_api_keys).toEqual([key.id]);
    const after = await call(remote.url, 'GET', `/_security/api_key?id=${key.id}`, user());
    expect(after.body.api_keys[0].invalidated).toBe(true);
    expect(typeof after.body.api_keys[0].invalidation).toBe('number');
    const updateInvalidated = await call(remote.url, 'PUT', `/_security/cross_cluster/api_key/${key.id}`, user(), { metadata: {} });
    expect(updateInvalidated.status).toBe(400);
  });

  it('renders allow_restricted_indices always and a DLS query as the JSON text Elasticsearch stores', async () => {
    const key = await createKey({
      access: {
        search: [
          { names: ['logs-*'], query: { term: { team: 'a' } } },
          { names: ['metrics-*'], query: '{"match_all":{}}', allow_restricted_indices: true },
        ],
      },
    });
    const read = await call(remote.url, 'GET', `/_security/api_key?id=${key.id}`, user());
    const info = read.body.api_keys[0];
    expect(info.access.search).toEqual([
      { names: ['logs-*'], query: '{"term":{"team":"a"}}', allow_restricted_indices: false },
      { names: ['metrics-*'], query: '{"match_all":{}}', allow_restricted_indices: true },
    ]);
    expect(info.role_descriptors.cross_cluster.indices[0]).toMatchObject({ query: '{"term":{"team":"a"}}', allow_restricted_indices: false });
    const replication = await createKey({ name: 'ccr-key', access: { replication: [{ names: ['archive-*'] }] } });
    const ccr = await call(remote.url, 'GET', `/_security/api_key?id=${replication.id}`, user());
    expect(ccr.body.api_keys[0].access).toEqual({ replication: [{ names: ['archive-*'], allow_restricted_indices: false }] });
  });

  it('reports request errors at the location of the field, as ObjectParser does', async () => {
    const body = '{\n  "name": "k",\n  "expiration": "1x",\n  "access": {"search": [{"names": ["a"]}]}\n}';
    const badExpiration = await call(remote.url, 'POST', '/_security/cross_cluster/api_key', user(), body);
    expect(badExpiration.body.error.reason).toBe('[3:3] [cross_cluster_api_key_request] failed to parse field [expiration]');
    const badSection = await call(remote.url, 'POST', '/_security/cross_cluster/api_key', user(), '{"name": "k", "access": {"search": {"names": ["a"]}}}');
    expect(badSection.body.error.reason).toBe('[1:26] [cross_cluster_api_key_request_access] search expected an array of objects');
  });

  it('filters by owner, username and realm', async () => {
    const key = await createKey();
    const owned = await call(remote.url, 'GET', '/_security/api_key?owner=true', user());
    expect(owned.body.api_keys.map((k: { id: string }) => k.id)).toContain(key.id);
    const nobody = await call(remote.url, 'GET', '/_security/api_key?username=nobody', user());
    expect(nobody.body).toEqual({ api_keys: [] });
    const otherRealm = await call(remote.url, 'GET', '/_security/api_key?realm_name=native1', user());
    expect(otherRealm.body).toEqual({ api_keys: [] });
  });

  it('answers 404 with an empty list for an unknown id', async () => {
    const response = await call(remote.url, 'GET', '/_security/api_key?id=doesnotexist', user());
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ api_keys: [] });
    const update = await call(remote.url, 'PUT', '/_security/cross_cluster/api_key/doesnotexist', user(), { metadata: {} });
    expect(update.status).toBe(404);
    expect(update.body.error.type).toBe('resource_not_found_exception');
  });

  it.each([
    [{ name: 'k' }, 'x_content_parse_exception', 'Required [access]'],
    [{ name: 'k', access: {} }, 'illegal_argument_exception', 'must specify non-empty access for either [search] or [replication]'],
    [{ name: 'k', access: { search: [] } }, 'illegal_argument_exception', 'must specify non-empty access for either [search] or [replication]'],
    [
      { name: 'k', access: { replication: [{ names: ['a'], query: { match_all: {} } }] } },
      'illegal_argument_exception',
      'replication does not support document or field level security',
    ],
    [
      { name: 'k', access: { replication: [{ names: ['a'], field_security: { grant: ['f'] } }] } },
      'illegal_argument_exception',
      'replication does not support document or field level security',
    ],
    [
      { name: 'k', access: { search: [{ names: ['a'], query: '{}' }], replication: [{ names: ['b'] }] } },
      'illegal_argument_exception',
      'search does not support document or field level security if replication is assigned',
    ],
    [{ name: 'k', access: { search: [{ names: ['a'], privileges: ['read'] }] } }, 'x_content_parse_exception', 'failed to parse field [search]'],
    [{ name: 'k', access: { search: [{ names: ['a'], field_security: { grant: 'x' } }] } }, 'x_content_parse_exception', 'failed to parse field [search]'],
    [{ name: 'k', access: { search: [{ names: ['a'], field_security: { grant: ['x'], deny: ['y'] } }] } }, 'x_content_parse_exception', 'failed to parse field [search]'],
    [{ name: '', access: { search: [{ names: ['a'] }] } }, 'action_request_validation_exception', 'api key name is required'],
    [{ name: '_k', access: { search: [{ names: ['a'] }] } }, 'action_request_validation_exception', 'may not begin with an underscore'],
    [{ name: 'k', expiration: '1x', access: { search: [{ names: ['a'] }] } }, 'x_content_parse_exception', 'failed to parse field [expiration]'],
    [{ name: 'k', certificate_identity: 'CN=(', access: { search: [{ names: ['a'] }] } }, 'illegal_argument_exception', 'certificate_identity'],
    [{ name: 'k', metadata: { _x: 1 }, access: { search: [{ names: ['a'] }] } }, 'action_request_validation_exception', 'may not start with [_]'],
    [{ name: 'k', role_descriptors: {}, access: { search: [{ names: ['a'] }] } }, 'x_content_parse_exception', 'unknown field [role_descriptors]'],
  ])('rejects %j', async (body, type, reason) => {
    const response = await call(remote.url, 'POST', '/_security/cross_cluster/api_key', user(), body);
    expect(response.status).toBe(400);
    expect(response.body.status).toBe(400);
    expect(response.body.error.type).toBe(type);
    expect(response.body.error.reason).toContain(reason);
    expect(response.body.error.root_cause[0].type).toBe(type);
  });
});

describe('cluster settings', () => {
  it('stores persistent and transient settings, renders nested or flat, and resets with null', async () => {
    const put = await call(local.url, 'PUT', '/_cluster/settings', localUser(), {
      persistent: { cluster: { remote: { 'eu-logs': { mode: 'proxy', proxy_address: 'x.example:9443', skip_unavailable: false } } } },
      transient: { 'cluster.routing.allocation.enable': 'primaries' },
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      acknowledged: true,
      persistent: { cluster: { remote: { 'eu-logs': { mode: 'proxy', proxy_address: 'x.example:9443', skip_unavailable: 'false' } } } },
      transient: { cluster: { routing: { allocation: { enable: 'primaries' } } } },
    });
    const flat = await call(local.url, 'GET', '/_cluster/settings?flat_settings=true', localUser());
    expect(flat.body.persistent).toEqual({
      'cluster.remote.eu-logs.mode': 'proxy',
      'cluster.remote.eu-logs.proxy_address': 'x.example:9443',
      'cluster.remote.eu-logs.skip_unavailable': 'false',
    });
    expect(flat.body.transient).toEqual({ 'cluster.routing.allocation.enable': 'primaries' });

    const reset = await putSettings(local.url, {
      'cluster.remote.eu-logs.proxy_address': null,
      'cluster.remote.eu-logs.skip_unavailable': null,
      'cluster.remote.eu-logs.mode': null,
    });
    expect(reset.status).toBe(200);
    expect(reset.body.persistent).toEqual({});
    const defaults = await call(local.url, 'GET', '/_cluster/settings?flat_settings=true&include_defaults=true', localUser());
    expect(defaults.body.persistent).toEqual({});
    expect(defaults.body.defaults['cluster.remote.initial_connect_timeout']).toBe('30s');
  });

  it.each([
    [{ 'cluster.remote.bad alias.seeds': ['a:9300'] }, 'persistent setting [cluster.remote.bad alias.seeds], not recognized'],
    [{ 'cluster.remote.a.seeds': ['nohost'] }, 'remote hosts need to be configured as [host:port], found [nohost] instead'],
    [{ 'cluster.remote.a.seeds': ['h:abc'] }, 'failed to parse port'],
    [{ 'cluster.remote.a.mode': 'proxy', 'cluster.remote.a.proxy_address': 'h:0' }, 'port number must be > 0 but was: [0]'],
    [
      { 'cluster.remote.a.mode': 'proxy', 'cluster.remote.a.proxy_address': 'h:9443', 'cluster.remote.a.seeds': ['h:9300'] },
      'Setting "cluster.remote.a.seeds" cannot be used with the configured "cluster.remote.a.mode" [required=SNIFF, configured=PROXY]',
    ],
    [
      { 'cluster.remote.a.seeds': ['h:9300'], 'cluster.remote.a.proxy_address': 'h:9443' },
      'Setting "cluster.remote.a.proxy_address" cannot be used with the configured "cluster.remote.a.mode" [required=PROXY, configured=SNIFF]',
    ],
    [{ 'cluster.remote.a.skip_unavailable': true }, 'Cannot configure setting [cluster.remote.a.skip_unavailable] if remote cluster is not enabled.'],
    [{ 'cluster.remote.a.mode': 'tunnel' }, 'No enum constant org.elasticsearch.transport.RemoteConnectionStrategy.ConnectionStrategy.TUNNEL'],
    [{ 'cluster.remote.a.seeds': ['h:9300'], 'cluster.remote.a.node_connections': 0 }, 'must be >= 1'],
    [{ 'cluster.remote.a.seeds': ['h:9300'], 'cluster.remote.a.skip_unavailable': 'maybe' }, 'as only [true] or [false] are allowed.'],
    [{ 'cluster.remote.a.credentials': 'abc' }, 'persistent setting [cluster.remote.a.credentials], not dynamically updateable'],
    [{ 'cluster.remote.initial_connect_timeout': '10s' }, 'not dynamically updateable'],
    [{ 'no.such.setting': 1 }, 'persistent setting [no.such.setting], not recognized'],
    [{ 'cluster.remote..seeds': ['h:9300'] }, 'remote clusters must not have the empty string as its key'],
  ])('rejects %j', async (persistent, reason) => {
    const response = await putSettings(local.url, persistent);
    expect(response.status).toBe(400);
    expect(response.body.error.type).toBe('illegal_argument_exception');
    expect(response.body.error.reason).toContain(reason);
    const after = await call(local.url, 'GET', '/_cluster/settings?flat_settings=true', localUser());
    expect(after.body.persistent).toEqual({});
  });

  it('rejects an update that leaves skip_unavailable behind when the address is reset', async () => {
    expect((await putSettings(local.url, { 'cluster.remote.a.seeds': ['h:9300'], 'cluster.remote.a.skip_unavailable': true })).status).toBe(200);
    const partial = await putSettings(local.url, { 'cluster.remote.a.seeds': null });
    expect(partial.status).toBe(400);
    const full = await putSettings(local.url, { 'cluster.remote.a.*': null });
    expect(full.status).toBe(200);
  });

  it('rejects an empty update', async () => {
    const response = await call(local.url, 'PUT', '/_cluster/settings', localUser(), { persistent: {} });
    expect(response.status).toBe(400);
    expect(response.body.error.reason).toBe('Validation Failed: 1: no settings to update;');
  });
});

describe('_remote/info connectivity', () => {
  it('connects with a live cross-cluster key, only after a reload, only on 9443', async () => {
    const key = await createKey();
    emulator.keystore('local').set('cluster.remote.eu.credentials', key.encoded);
    await putSettings(local.url, { 'cluster.remote.eu.mode': 'proxy', 'cluster.remote.eu.proxy_address': remote.remoteClusterServerAddress });
    let info = await call(local.url, 'GET', '/_remote/info', localUser());
    expect(info.body.eu.connected).toBe(false);
    expect(emulator.diagnose('local', 'eu').reasons.join(' ')).toContain('not reloaded');

    const reload = await call(local.url, 'POST', '/_nodes/reload_secure_settings', localUser());
    expect(reload.body._nodes).toEqual({ total: 3, successful: 3, failed: 0 });
    info = await call(local.url, 'GET', '/_remote/info', localUser());
    expect(info.body.eu).toEqual({
      connected: true,
      mode: 'proxy',
      proxy_address: remote.remoteClusterServerAddress,
      server_name: '',
      num_proxy_sockets_connected: 18,
      max_proxy_socket_connections: 18,
      initial_connect_timeout: '30s',
      skip_unavailable: true,
      cluster_credentials: '::es_redacted::',
    });

    await putSettings(local.url, { 'cluster.remote.eu.proxy_address': remote.transportAddress });
    info = await call(local.url, 'GET', '/_remote/info', localUser());
    expect(info.body.eu.connected).toBe(false);
    expect(emulator.diagnose('local', 'eu').reasons[0]).toContain('port 9443');
  });

  it('disconnects when the key is invalidated or expires, or belongs to another cluster', async () => {
    const key = await createKey({ expiration: '30m' });
    await configureApiKeyConnection('eu', key.encoded);
    expect(emulator.diagnose('local', 'eu').connected).toBe(true);
    emulator.clock.advance(31 * 60_000);
    expect(emulator.diagnose('local', 'eu')).toMatchObject({ connected: false, reasons: [expect.stringContaining('expired')] });

    const second = await createKey({ name: 'second' });
    await configureApiKeyConnection('eu', second.encoded);
    expect(emulator.diagnose('local', 'eu').connected).toBe(true);
    await call(remote.url, 'DELETE', '/_security/api_key', user(), { name: 'second' });
    expect(emulator.diagnose('local', 'eu').reasons[0]).toContain('invalidated');

    // a key of the local cluster does not open the remote one
    const own = await call(local.url, 'POST', '/_security/cross_cluster/api_key', localUser(), { name: 'x', access: { search: [{ names: ['*'] }] } });
    await configureApiKeyConnection('eu', own.body.encoded);
    expect(emulator.diagnose('local', 'eu').reasons[0]).toContain('does not exist on remote cluster [remote]');
  });

  it('certificate model needs 9300 and trust in both directions', async () => {
    await putSettings(local.url, { 'cluster.remote.cert.seeds': [remote.transportAddress] });
    let diagnosis = emulator.diagnose('local', 'cert');
    expect(diagnosis).toMatchObject({ connected: false, securityModel: 'certificate' });
    expect(diagnosis.reasons).toHaveLength(2);
    emulator.trust('local', 'remote');
    diagnosis = emulator.diagnose('local', 'cert');
    expect(diagnosis.reasons).toEqual(['remote cluster [remote] does not trust the certificates of local cluster [local]']);
    emulator.trust('remote', 'local');
    const info = await call(local.url, 'GET', '/_remote/info', localUser());
    expect(info.body.cert).toEqual({
      connected: true,
      mode: 'sniff',
      seeds: [remote.transportAddress],
      num_nodes_connected: 3,
      max_connections_per_cluster: 3,
      initial_connect_timeout: '30s',
      skip_unavailable: true,
    });
    await putSettings(local.url, { 'cluster.remote.cert.seeds': [remote.remoteClusterServerAddress] });
    expect(emulator.diagnose('local', 'cert').reasons[0]).toContain('requires a cross-cluster API key');
  });

  it('needs signing and a matching DN for keys with certificate_identity', async () => {
    const key = await createKey({ certificate_identity: 'CN=instance-.*' });
    await configureApiKeyConnection('strong', key.encoded);
    expect(emulator.diagnose('local', 'strong').reasons.join(' ')).toContain('does not sign requests');
    await putSettings(local.url, { 'cluster.remote.strong.signing.certificate': 'node.crt', 'cluster.remote.strong.signing.key': 'node.key' });
    await putSettings(remote.url, { 'cluster.remote.signing.certificate_authorities': ['internal_tls_ca.crt'] }, user());
    expect(emulator.diagnose('local', 'strong')).toMatchObject({ connected: true, reasons: [] });
    await call(remote.url, 'PUT', `/_security/cross_cluster/api_key/${key.id}`, user(), { certificate_identity: 'CN=someone-else' });
    expect(emulator.diagnose('local', 'strong').reasons[0]).toContain('does not match certificate identity');
  });

  it('lists only aliases whose mode settings are complete, and reports unknown hosts', async () => {
    await putSettings(local.url, { 'cluster.remote.half.mode': 'proxy' });
    await putSettings(local.url, { 'cluster.remote.away.seeds': ['elsewhere.example:9300'] });
    const info = await call(local.url, 'GET', '/_remote/info', localUser());
    expect(Object.keys(info.body)).toEqual(['away']);
    expect(emulator.diagnose('local', 'half').reasons[0]).toContain('proxy_address');
    expect(emulator.diagnose('local', 'away').reasons[0]).toContain('does not point at an emulated cluster');
  });
});

describe('reload_secure_settings', () => {
  it('reads secure_settings_password: a wrong one is each node entry\'s reload_exception and nothing is reloaded', async () => {
    const guarded = await startEmulator({ clusters: [{ name: 'guarded', keystorePassword: 'keystore-password', nodes: 2 }] });
    try {
      const cluster = guarded.clusters.guarded;
      const auth = { username: cluster.username, password: cluster.password };
      guarded.keystore('guarded').set('cluster.remote.eu.credentials', 'secret');
      const wrong = await call(cluster.url, 'POST', '/_nodes/reload_secure_settings', auth, { secure_settings_password: 'nope' });
      expect(wrong.status).toBe(200);
      expect(wrong.body._nodes).toEqual({ total: 2, successful: 2, failed: 0 });
      for (const node of Object.values(wrong.body.nodes)) {
        expect(node).toEqual({ name: expect.any(String), reload_exception: { type: 'security_exception', reason: 'Provided keystore password was incorrect' } });
      }
      expect(guarded.keystore('guarded').active()).toEqual([]);
      const missing = await call(cluster.url, 'POST', '/_nodes/reload_secure_settings', auth);
      expect(Object.values(missing.body.nodes)[0]).toHaveProperty('reload_exception');
      const right = await call(cluster.url, 'POST', '/_nodes/reload_secure_settings', auth, { secure_settings_password: 'keystore-password' });
      expect(Object.values(right.body.nodes)[0]).toEqual({
        name: expect.any(String),
        secure_setting_names: ['cluster.remote.eu.credentials'],
        keystore_path: expect.any(String),
        keystore_digest: expect.stringMatching(/^[0-9a-f]{64}$/),
        keystore_last_modified_time: expect.any(String),
      });
      expect(guarded.keystore('guarded').active()).toEqual(['cluster.remote.eu.credentials']);
    } finally {
      await guarded.stop();
    }
  });

  it('refuses a password on an unprotected keystore, unknown fields and malformed JSON', async () => {
    const wrong = await call(local.url, 'POST', '/_nodes/reload_secure_settings', localUser(), { secure_settings_password: 'x' });
    expect(Object.values(wrong.body.nodes)[0]).toHaveProperty('reload_exception.type', 'security_exception');
    const unknown = await call(local.url, 'POST', '/_nodes/reload_secure_settings', localUser(), { password: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ type: 'x_content_parse_exception', reason: '[1:2] [reload_secure_settings] unknown field [password]' });
    const malformed = await call(local.url, 'POST', '/_nodes/reload_secure_settings', localUser(), '{"secure_settings_password": ');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('x-elastic-product')).toBe('Elasticsearch');
  });
});

describe('faults and the request log', () => {
  it('injects statuses with Retry-After, latency and dropped connections for the next N requests', async () => {
    emulator.faults.set([{ kind: 'status', status: 429, retryAfterSeconds: 2, times: 1, method: 'GET', path: '/_remote' }]);
    const limited = await call(local.url, 'GET', '/_remote/info', localUser());
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.body.error.type).toBe('es_rejected_execution_exception');
    expect((await call(local.url, 'GET', '/_remote/info', localUser())).status).toBe(200);

    emulator.faults.set({ kind: 'drop', times: 1, target: 'local' });
    await expect(call(local.url, 'GET', '/', localUser())).rejects.toThrow();
    expect((await call(local.url, 'GET', '/', localUser())).status).toBe(200);

    emulator.faults.set({ kind: 'latency', latencyMs: 150, times: 1 });
    const started = Date.now();
    await call(local.url, 'GET', '/', localUser());
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(emulator.faults.fired()).toMatchObject({ status: 1, drop: 1, latency: 1 });
  });

  it('switches faults over the admin endpoint and logs requests per cluster', async () => {
    emulator.resetRequestLog();
    const admin = await call(emulator.cloudUrl, 'POST', '/_emulator/faults', { bearer: emulator.adminToken }, { kind: 'status', status: 503, times: 2, target: 'remote' });
    expect(admin.status).toBe(200);
    expect((await call(remote.url, 'GET', '/', user())).status).toBe(503);
    expect((await call(remote.url, 'GET', '/', user())).status).toBe(503);
    expect((await call(remote.url, 'GET', '/', user())).status).toBe(200);
    expect((await call(local.url, 'GET', '/', localUser())).status).toBe(200);
    expect(emulator.requestCount()).toBe(4);
    expect(emulator.requestLog()).toEqual([
      { method: 'GET', path: '/', cluster: 'remote', status: 503, fault: 'status' },
      { method: 'GET', path: '/', cluster: 'remote', status: 503, fault: 'status' },
      { method: 'GET', path: '/', cluster: 'remote', status: 200 },
      { method: 'GET', path: '/', cluster: 'local', status: 200 },
    ]);
    const bad = await call(emulator.cloudUrl, 'POST', '/_emulator/faults', { bearer: emulator.adminToken }, { kind: 'status', status: 418 });
    expect(bad.status).toBe(400);
  });

  it('applies a probability with a seeded random source', async () => {
    emulator.faults.set({ kind: 'status', status: 503, probability: 0.3, target: 'local' });
    let failures = 0;
    for (let i = 0; i < 200; i += 1) if ((await call(local.url, 'GET', '/', localUser())).status === 503) failures += 1;
    expect(failures).toBeGreaterThan(35);
    expect(failures).toBeLessThan(85);
  });
});

describe('version compatibility', () => {
  it('does not connect clusters that are too far apart, and says so', async () => {
    const mixed = await startEmulator({ clusters: [{ name: 'new', version: '9.3.0' }, { name: 'old', version: '8.18.2' }, { name: 'lts', version: '8.19.4' }] });
    try {
      const auth = { username: mixed.clusters.new.username, password: mixed.clusters.new.password };
      await call(mixed.clusters.new.url, 'PUT', '/_cluster/settings', auth, {
        persistent: { 'cluster.remote.old.seeds': [mixed.clusters.old.transportAddress], 'cluster.remote.lts.seeds': [mixed.clusters.lts.transportAddress] },
      });
      for (const [a, b] of [['new', 'old'], ['new', 'lts']]) {
        mixed.trust(a, b);
        mixed.trust(b, a);
      }
      expect(mixed.diagnose('new', 'old').reasons).toEqual([
        'cluster [old] runs 8.18.2, older than 8.19.0, the oldest version cluster [new] (9.3.0) can connect to',
      ]);
      expect(mixed.diagnose('new', 'lts').connected).toBe(true);
      const identity = await call(mixed.clusters.new.url, 'GET', '/', auth);
      expect(identity.body.version.minimum_wire_compatibility_version).toBe('8.19.0');
    } finally {
      await mixed.stop();
    }
  });
});

describe('admin HTTP routes (for the CLI users)', () => {
  it('keystore, trust, clock and diagnosis over HTTP, none of it counted as API traffic', async () => {
    emulator.resetRequestLog();
    const admin = (method: string, path: string, body?: unknown) => call(emulator.cloudUrl, method, `/_emulator/${path}`, { bearer: emulator.adminToken }, body);
    const key = await createKey({ expiration: '1h' });
    emulator.resetRequestLog();
    expect((await admin('POST', 'keystore/local', { setting: 'cluster.remote.eu.credentials', value: key.encoded })).status).toBe(200);
    expect(emulator.keystore('local').list()).toEqual(['cluster.remote.eu.credentials']);
    expect(emulator.keystore('local').active()).toEqual([]);
    await call(local.url, 'POST', '/_nodes/reload_secure_settings', localUser());
    await putSettings(local.url, { 'cluster.remote.eu.mode': 'proxy', 'cluster.remote.eu.proxy_address': remote.remoteClusterServerAddress });
    let diagnosis = await admin('GET', 'diagnosis/local/eu');
    expect(diagnosis.body).toMatchObject({ alias: 'eu', connected: true, securityModel: 'api_key', remoteCluster: 'remote' });
    expect((await admin('POST', 'clock', { advance_ms: 2 * 3_600_000 })).status).toBe(200);
    diagnosis = await call(local.url, 'GET', '/_emulator/diagnosis/eu', { bearer: emulator.adminToken });
    expect(diagnosis.body.connected).toBe(false);
    expect(diagnosis.body.reasons[0]).toContain('expired');
    expect((await admin('POST', 'trust', { from: 'local', to: 'nope' })).status).toBe(400);
    expect((await admin('DELETE', 'keystore/local/cluster.remote.eu.credentials')).status).toBe(200);
    expect(emulator.keystore('local').list()).toEqual([]);
    const topology = await admin('GET', 'topology');
    expect(topology.body.clusters.local.url).toBe(local.url);
    const requests = await admin('GET', 'requests');
    expect(requests.body.count).toBe(2);
    expect(emulator.requestLog().map((r) => r.path)).toEqual(['/_nodes/reload_secure_settings', '/_cluster/settings']);
  });

  it('answer only the emulator\'s own admin token: not anonymous callers, not a cluster\'s credentials', async () => {
    for (const auth of [undefined, localUser(), { apiKey: local.apiKey }, { bearer: 'not-the-token' }]) {
      for (const [url, path] of [[emulator.cloudUrl, '/_emulator/topology'], [local.url, '/_emulator/diagnosis/eu'], [emulator.cloudUrl, '/_emulator/keystore/local']]) {
        const refused = await call(url, path.endsWith('local') ? 'POST' : 'GET', path, auth, path.endsWith('local') ? { setting: 'cluster.remote.x.credentials', value: 'v' } : undefined);
        expect(refused.status).toBe(401);
        expect(refused.headers.get('www-authenticate')).toContain('Bearer');
        expect(JSON.stringify(refused.body)).not.toContain(local.password);
      }
    }
    expect(emulator.keystore('local').list()).not.toContain('cluster.remote.x.credentials');
    expect(emulator.describe().admin.token).toBe(emulator.adminToken);
  });
});
