/**
 * Cross-cluster search between emulated clusters: the API-key model through a proxy connection (the
 * key's access intersected with the user's remote_indices), the certificate model (role names
 * resolved on the remote), mixed local and remote targets, `_clusters`, and skip_unavailable.
 */
import { startEmulator } from './index';
import type { RunningEmulator } from './index';
import { call } from './test-client';
import type { Auth } from './test-client';

let emulator: RunningEmulator;
const cluster = (name: string) => emulator.clusters[name];
const superuser = (name: string) => ({ username: cluster(name).username, password: cluster(name).password });
const user = (name: string) => ({ username: name, password: `${name}-password` });
let keyId: string;

async function put(name: string, path: string, body?: unknown): Promise<void> {
  const answer = await call(cluster(name).url, 'PUT', path, superuser(name), body);
  expect(answer.status).toBeLessThan(300);
}

async function search(target: string, auth: Auth, body: unknown = { query: { match_all: {} } }): Promise<{ status: number; body: any }> {
  return call(cluster('local').url, 'POST', `/${target}/_search`, auth, body);
}

beforeAll(async () => {
  emulator = await startEmulator({ clusters: [{ name: 'local' }, { name: 'remote' }] });
  // The remote cluster's data.
  await put('remote', '/logs-1/_doc/1', { message: 'disk full', team: 'ops', secret: 's1', host: 'a' });
  await put('remote', '/logs-1/_doc/2', { message: 'login ok', team: 'web', secret: 's2', host: 'b' });
  await put('remote', '/logs-2/_doc/1?refresh=true', { message: 'cpu hot', team: 'ops', secret: 's3', host: 'c' });
  await put('remote', '/private/_doc/1?refresh=true', { message: 'hidden' });
  await call(cluster('remote').url, 'POST', '/_refresh', superuser('remote'));
  await put('local', '/logs-local/_doc/1?refresh=true', { message: 'local line', team: 'ops' });

  // API-key model: a cross-cluster key for logs-* (message, team and host only, ops documents only) in the keystore, proxy to 9443.
  const key = await call(cluster('remote').url, 'POST', '/_security/cross_cluster/api_key', superuser('remote'), {
    name: 'eu-search',
    access: { search: [{ names: ['logs-*'], field_security: { grant: ['message', 'team', 'host'] } }] },
  });
  keyId = key.body.id;
  emulator.keystore('local').set('cluster.remote.eu.credentials', key.body.encoded);
  await call(cluster('local').url, 'POST', '/_nodes/reload_secure_settings', superuser('local'));
  await put('local', '/_cluster/settings', {
    persistent: {
      'cluster.remote.eu.mode': 'proxy',
      'cluster.remote.eu.proxy_address': cluster('remote').remoteClusterServerAddress,
      'cluster.remote.eu.skip_unavailable': false,
      // An alias whose address answers nothing, skipped when unavailable.
      'cluster.remote.gone.mode': 'proxy',
      'cluster.remote.gone.proxy_address': 'nowhere.example:9443',
      'cluster.remote.gone.skip_unavailable': true,
    },
  });

  // Local users: remote_indices for eu (message, team and secret), none at all, a local-only role.
  await put('local', '/_security/role/eu_logs', {
    indices: [{ names: ['logs-local'], privileges: ['read'] }],
    remote_indices: [{ clusters: ['eu'], names: ['logs-*', 'private'], privileges: ['read', 'read_cross_cluster'], field_security: { grant: ['message', 'team', 'secret'] } }],
  });
  await put('local', '/_security/role/local_only', { indices: [{ names: ['*'], privileges: ['read'] }] });
  await put('local', '/_security/user/ann', { password: 'ann-password', roles: ['eu_logs'] });
  await put('local', '/_security/user/ned', { password: 'ned-password', roles: ['local_only'] });
});
afterAll(async () => {
  await emulator.stop();
});

describe('API-key model through a proxy connection', () => {
  it('returns the remote documents as <alias>:<index>, with the _clusters section', async () => {
    const answer = await search('eu:logs-*', user('ann'));
    expect(answer.status).toBe(200);
    expect(answer.body.hits.total).toEqual({ value: 3, relation: 'eq' });
    expect(new Set(answer.body.hits.hits.map((hit: { _index: string }) => hit._index))).toEqual(new Set(['eu:logs-1', 'eu:logs-2']));
    expect(answer.body._clusters).toEqual({
      total: 1, successful: 1, skipped: 0, running: 0, partial: 0, failed: 0,
      details: { eu: { status: 'successful', indices: 'logs-*', took: expect.any(Number), timed_out: false, _shards: { total: 2, successful: 2, skipped: 0, failed: 0 } } },
    });
  });

  it('a field outside either field_security.grant is absent from the _source', async () => {
    const answer = await search('eu:logs-1', user('ann'), { query: { ids: { values: ['1'] } } });
    // The key grants message, team, host; the user message, team, secret: both allow message and team only.
    expect(answer.body.hits.hits[0]._source).toEqual({ message: 'disk full', team: 'ops' });
  });

  it('an index outside the key access is refused by the remote in Elasticsearch words', async () => {
    const answer = await search('eu:private', user('ann'));
    expect(answer.status).toBe(403);
    expect(answer.body.error.type).toBe('security_exception');
    expect(answer.body.error.reason).toBe(
      `action [indices:data/read/search] towards remote cluster is unauthorized for user [ann] with assigned roles [eu_logs] authenticated by API key id [${keyId}] of user [elastic] on indices [private], this action is granted by the index privileges [read,all]`,
    );
  });

  it('a user without remote_indices for the alias is refused by the local cluster', async () => {
    const answer = await search('eu:logs-*', user('ned'));
    expect(answer.status).toBe(403);
    expect(answer.body.error.reason).toBe(
      'action [indices:data/read/search] towards remote cluster [eu] is unauthorized for user [ned] with effective roles [local_only] because no remote indices privileges apply for the target cluster',
    );
  });

  it('local and remote targets together, and the superuser limited by the key access only', async () => {
    const answer = await search('logs-local,eu:logs-2', superuser('local'));
    expect(new Set(answer.body.hits.hits.map((hit: { _index: string }) => hit._index))).toEqual(new Set(['logs-local', 'eu:logs-2']));
    expect(answer.body._clusters).toMatchObject({ total: 2, successful: 2, details: { '(local)': { status: 'successful', indices: 'logs-local' }, eu: { indices: 'logs-2' } } });
    expect(answer.body.hits.hits.find((hit: { _index: string }) => hit._index === 'eu:logs-2')._source).toEqual({ message: 'cpu hot', team: 'ops', host: 'c' });
    const query = await search('eu:logs-*', superuser('local'), { query: { term: { team: 'web' } } });
    expect(query.body.hits.hits.map((hit: { _id: string }) => hit._id)).toEqual(['2']);
  });

  it('sniff mode with seeds on the remote cluster server port works the same', async () => {
    const key = await call(cluster('remote').url, 'POST', '/_security/cross_cluster/api_key', superuser('remote'), { name: 'sniff', access: { search: [{ names: ['logs-2'] }] } });
    emulator.keystore('local').set('cluster.remote.sniffy.credentials', key.body.encoded);
    await call(cluster('local').url, 'POST', '/_nodes/reload_secure_settings', superuser('local'));
    await put('local', '/_cluster/settings', { persistent: { 'cluster.remote.sniffy.seeds': [cluster('remote').remoteClusterServerAddress] } });
    const answer = await search('sniffy:logs-*', superuser('local'));
    expect(answer.body.hits.hits.map((hit: { _index: string }) => hit._index)).toEqual(['sniffy:logs-2']);
  });

  it('document level security: the key access query and the user remote_indices query both apply', async () => {
    const key = await call(cluster('remote').url, 'POST', '/_security/cross_cluster/api_key', superuser('remote'), { name: 'dls', access: { search: [{ names: ['logs-*'], query: { term: { team: 'ops' } } }] } });
    emulator.keystore('local').set('cluster.remote.dls.credentials', key.body.encoded);
    await call(cluster('local').url, 'POST', '/_nodes/reload_secure_settings', superuser('local'));
    await put('local', '/_cluster/settings', { persistent: { 'cluster.remote.dls.mode': 'proxy', 'cluster.remote.dls.proxy_address': cluster('remote').remoteClusterServerAddress } });
    await put('local', '/_security/role/dls_hosts', { remote_indices: [{ clusters: ['dls'], names: ['logs-*'], privileges: ['read'], query: { terms: { host: ['a', 'b'] } } }] });
    await put('local', '/_security/user/dora', { password: 'dora-password', roles: ['dls_hosts'] });
    const byKey = await search('dls:logs-*', superuser('local'));
    expect(byKey.body.hits.hits.map((hit: { _source: { message: string } }) => hit._source.message).sort()).toEqual(['cpu hot', 'disk full']);
    const byBoth = await search('dls:logs-*', user('dora'));
    expect(byBoth.body.hits.hits.map((hit: { _source: { message: string } }) => hit._source.message)).toEqual(['disk full']);
  });

  it('a remote pattern that matches no alias finds nothing (and does not fall back to local indices)', async () => {
    const answer = await search('nomatch*:logs-*', superuser('local'));
    expect(answer.status).toBe(200);
    expect(answer.body.hits.total.value).toBe(0);
  });

  it('an unknown alias is no_such_remote_cluster_exception', async () => {
    const answer = await search('nowhere:logs', superuser('local'));
    expect(answer.status).toBe(404);
    expect(answer.body.error).toMatchObject({ type: 'no_such_remote_cluster_exception', reason: 'no such remote cluster: [nowhere]' });
  });
});

describe('roles with remote_indices, and _resolve/cluster', () => {
  it('a role keeps its remote_indices; an entry without clusters is refused', async () => {
    const role = await call(cluster('local').url, 'GET', '/_security/role/eu_logs', superuser('local'));
    expect(role.body.eu_logs.remote_indices).toEqual([
      { names: ['logs-*', 'private'], privileges: ['read', 'read_cross_cluster'], field_security: { grant: ['message', 'team', 'secret'] }, allow_restricted_indices: false, clusters: ['eu'] },
    ]);
    const refused = await call(cluster('local').url, 'PUT', '/_security/role/broken', superuser('local'), { remote_indices: [{ names: ['x'], privileges: ['read'] }] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.reason).toBe('failed to parse remote indices privileges for role [broken]. missing required [clusters] field');
  });

  it('GET /_resolve/cluster/{name} tells per cluster whether it is connected and matches', async () => {
    const answer = await call(cluster('local').url, 'GET', '/_resolve/cluster/logs-local,eu:logs-*,eu:private,gone:x', user('ann'));
    expect(answer.status).toBe(200);
    expect(answer.body['(local)']).toMatchObject({ connected: true, skip_unavailable: false, matching_indices: true, version: { number: '9.3.0' } });
    expect(answer.body.eu).toMatchObject({ connected: true, skip_unavailable: false });
    expect(answer.body.eu.error).toContain('towards remote cluster is unauthorized for user [ann]');
    expect(answer.body.gone).toEqual({ connected: false, skip_unavailable: true });
    const matching = await call(cluster('local').url, 'GET', '/_resolve/cluster/eu:logs-*', user('ann'));
    expect(matching.body.eu).toMatchObject({ connected: true, matching_indices: true });
  });
});

describe('skip_unavailable', () => {
  it('true: the unreachable cluster is skipped with its failure, the others answer', async () => {
    const answer = await search('*:logs-*', superuser('local'));
    expect(answer.status).toBe(200);
    // eu (3 documents), sniffy (1), dls (the 2 ops ones) and the unreachable gone.
    expect(answer.body.hits.total.value).toBe(6);
    expect(answer.body._clusters).toMatchObject({ total: 4, successful: 3, skipped: 1 });
    expect(answer.body._clusters.details.gone).toEqual({
      status: 'skipped', indices: 'logs-*', timed_out: false,
      failures: [{ shard: -1, reason: { type: 'connect_transport_exception', reason: 'Unable to connect to [gone]' } }],
    });
  });

  it('false: the search fails when the remote is unreachable', async () => {
    await put('local', '/_cluster/settings', { persistent: { 'cluster.remote.gone.skip_unavailable': false } });
    try {
      const answer = await search('gone:logs-*', superuser('local'));
      expect(answer.status).toBe(500);
      expect(answer.body.error).toMatchObject({ type: 'connect_transport_exception', reason: 'Unable to connect to [gone]' });
    } finally {
      await put('local', '/_cluster/settings', { persistent: { 'cluster.remote.gone.skip_unavailable': true } });
    }
  });

  it('an invalidated key disconnects the alias: skipped when skip_unavailable is true', async () => {
    const key = await call(cluster('remote').url, 'POST', '/_security/cross_cluster/api_key', superuser('remote'), { name: 'short-lived', access: { search: [{ names: ['*'] }] } });
    emulator.keystore('local').set('cluster.remote.brief.credentials', key.body.encoded);
    await call(cluster('local').url, 'POST', '/_nodes/reload_secure_settings', superuser('local'));
    await put('local', '/_cluster/settings', { persistent: { 'cluster.remote.brief.mode': 'proxy', 'cluster.remote.brief.proxy_address': cluster('remote').remoteClusterServerAddress } });
    expect((await search('brief:logs-1', superuser('local'))).body._clusters.successful).toBe(1);
    await call(cluster('remote').url, 'DELETE', '/_security/api_key', superuser('remote'), { ids: [key.body.id] });
    const after = await search('brief:logs-1', superuser('local'));
    expect(after.body._clusters).toMatchObject({ skipped: 1, details: { brief: { status: 'skipped' } } });
  });
});

describe('certificate model (transport port, no credentials)', () => {
  beforeAll(async () => {
    emulator.trust('local', 'remote');
    emulator.trust('remote', 'local');
    await put('local', '/_cluster/settings', { persistent: { 'cluster.remote.legacy.seeds': [cluster('remote').transportAddress] } });
    // The remote knows a role named like ann's local role, with its own FLS; not ned's.
    await put('remote', '/_security/role/eu_logs', { indices: [{ names: ['logs-1'], privileges: ['read', 'read_cross_cluster'], field_security: { grant: ['message', 'secret'] } }] });
  });

  it('the local user role names are resolved on the remote, with the remote role limits', async () => {
    const answer = await search('legacy:logs-*', user('ann'));
    expect(answer.status).toBe(200);
    expect(answer.body.hits.hits.map((hit: { _index: string }) => hit._index)).toEqual(['legacy:logs-1', 'legacy:logs-1']);
    expect(answer.body.hits.hits.map((hit: { _source: object }) => hit._source)).toContainEqual({ message: 'disk full', secret: 's1' });
  });

  it('a role the remote does not know grants nothing there', async () => {
    await put('local', '/_cluster/settings', { persistent: { 'cluster.remote.legacy.skip_unavailable': false } });
    const answer = await search('legacy:logs-1', user('ned'));
    expect(answer.status).toBe(403);
    expect(answer.body.error.reason).toBe('action [indices:data/read/search] is unauthorized for user [ned] with effective roles [local_only] on indices [logs-1], this action is granted by the index privileges [read,all]');
  });
});
