/**
 * Cross-cluster replication between emulated clusters: a follower copies its leader and keeps
 * following it; the follow request needs the key's `access.replication`, the user's
 * `remote_indices` `cross_cluster_replication` and the local `manage_ccr`, in Elasticsearch words.
 */
import { startEmulator } from './index';
import type { RunningEmulator } from './index';
import { call } from './test-client';
import type { Auth } from './test-client';

let emulator: RunningEmulator;
const cluster = (name: string) => emulator.clusters[name];
const superuser = (name: string) => ({ username: cluster(name).username, password: cluster(name).password });
const user = (name: string) => ({ username: name, password: `${name}-password` });
const keyIds: Record<string, string> = {};

async function put(name: string, path: string, body?: unknown): Promise<void> {
  const answer = await call(cluster(name).url, 'PUT', path, superuser(name), body);
  expect(answer.status).toBeLessThan(300);
}

/** An alias of the local cluster to the remote through a cross-cluster key with this access. */
async function connect(alias: string, access: object): Promise<void> {
  const key = await call(cluster('remote').url, 'POST', '/_security/cross_cluster/api_key', superuser('remote'), { name: alias, access });
  keyIds[alias] = key.body.id;
  emulator.keystore('local').set(`cluster.remote.${alias}.credentials`, key.body.encoded);
  await call(cluster('local').url, 'POST', '/_nodes/reload_secure_settings', superuser('local'));
  await put('local', '/_cluster/settings', { persistent: { [`cluster.remote.${alias}.mode`]: 'proxy', [`cluster.remote.${alias}.proxy_address`]: cluster('remote').remoteClusterServerAddress } });
}

const follow = (follower: string, body: object, auth: Auth = superuser('local')) =>
  call(cluster('local').url, 'PUT', `/${follower}/_ccr/follow?wait_for_active_shards=1`, auth, body);

const followerIds = async (follower: string): Promise<string[]> => {
  const answer = await call(cluster('local').url, 'POST', `/${follower}/_search`, superuser('local'), { query: { match_all: {} } });
  return answer.body.hits.hits.map((hit: { _id: string }) => hit._id).sort();
};

beforeAll(async () => {
  emulator = await startEmulator({ clusters: [{ name: 'local' }, { name: 'remote' }] });
  await put('remote', '/orders', { mappings: { properties: { sku: { type: 'keyword' } } } });
  await put('remote', '/orders/_doc/1?refresh=true', { sku: 'a-1', qty: 2 });
  await put('remote', '/orders/_doc/2?refresh=true', { sku: 'b-2', qty: 1 });
  await put('remote', '/audit/_doc/1?refresh=true', { event: 'login' });
  await connect('repl', { replication: [{ names: ['orders'] }] });
  await connect('searchonly', { search: [{ names: ['*'] }] });
  await put('local', '/_security/role/follower_admin', {
    cluster: ['manage_ccr'],
    indices: [{ names: ['orders-copy*'], privileges: ['monitor', 'read', 'write', 'manage_follow_index'] }],
    remote_indices: [{ clusters: ['repl', 'searchonly'], names: ['orders'], privileges: ['cross_cluster_replication', 'cross_cluster_replication_internal'] }],
  });
  await put('local', '/_security/role/no_remote', { cluster: ['manage_ccr'], indices: [{ names: ['orders-copy*'], privileges: ['manage_follow_index'] }] });
  await put('local', '/_security/role/no_ccr', { indices: [{ names: ['*'], privileges: ['all'] }] });
  for (const [name, role] of [['fran', 'follower_admin'], ['rita', 'no_remote'], ['carl', 'no_ccr']]) {
    await put('local', `/_security/user/${name}`, { password: `${name}-password`, roles: [role] });
  }
});
afterAll(async () => {
  await emulator.stop();
});

describe('PUT /{index}/_ccr/follow with replication access', () => {
  it('creates the follower holding the leader documents', async () => {
    const answer = await follow('orders-copy', { remote_cluster: 'repl', leader_index: 'orders' }, user('fran'));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ follow_index_created: true, follow_index_shards_acked: true, index_following_started: true });
    expect(await followerIds('orders-copy')).toEqual(['1', '2']);
    const doc = await call(cluster('local').url, 'GET', '/orders-copy/_doc/1', superuser('local'));
    expect(doc.body._source).toEqual({ sku: 'a-1', qty: 2 });
  });

  it('keeps following: a later leader write shows up in a follower search after a refresh', async () => {
    await call(cluster('remote').url, 'PUT', '/orders/_doc/3', superuser('remote'), { sku: 'c-3', qty: 5 });
    expect(await followerIds('orders-copy')).toEqual(['1', '2']);
    await call(cluster('local').url, 'POST', '/orders-copy/_refresh', superuser('local'));
    expect(await followerIds('orders-copy')).toEqual(['1', '2', '3']);
    await call(cluster('remote').url, 'PUT', '/orders/_doc/4?refresh=true', superuser('remote'), { sku: 'd-4', qty: 1 });
    expect(await followerIds('orders-copy')).toEqual(['1', '2', '3', '4']);
  });

  it('a follower does not take writes of its own', async () => {
    const answer = await call(cluster('local').url, 'PUT', '/orders-copy/_doc/9', superuser('local'), { sku: 'x' });
    expect(answer.status).toBe(500);
    expect(answer.body.error).toMatchObject({ type: 'illegal_state_exception', reason: 'a following engine does not accept operations without an assigned sequence number' });
  });

  it('GET /{index}/_ccr/info describes the follower', async () => {
    const info = await call(cluster('local').url, 'GET', '/orders-copy/_ccr/info', superuser('local'));
    expect(info.body.follower_indices).toEqual([
      { follower_index: 'orders-copy', remote_cluster: 'repl', leader_index: 'orders', status: 'active', parameters: expect.objectContaining({ max_read_request_operation_count: 5120, read_poll_timeout: '1m' }) },
    ]);
    expect((await call(cluster('local').url, 'GET', '/_all/_ccr/info', superuser('local'))).body.follower_indices).toHaveLength(1);
  });

  it('refuses an existing follower name and a missing leader', async () => {
    const exists = await follow('orders-copy', { remote_cluster: 'repl', leader_index: 'orders' });
    expect(exists.body.error.type).toBe('resource_already_exists_exception');
    await connect('all', { replication: [{ names: ['*'] }] });
    const missing = await follow('orders-copy-2', { remote_cluster: 'all', leader_index: 'nope' });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ type: 'index_not_found_exception', reason: 'no such index [nope]' });
    const invalid = await follow('orders-copy-3', { leader_index: 'orders' });
    expect(invalid.body.error).toMatchObject({ type: 'action_request_validation_exception', reason: 'Validation Failed: 1: [remote_cluster] is missing;' });
  });
});

describe('pause_follow and unfollow', () => {
  it('a paused follower stops following; unfollowed it is a regular index taking writes', async () => {
    const local = cluster('local').url;
    await follow('orders-copy-p', { remote_cluster: 'repl', leader_index: 'orders' });
    const early = await call(local, 'POST', '/orders-copy-p/_ccr/unfollow', superuser('local'));
    expect(early.body.error.reason).toBe('cannot convert the follower index [orders-copy-p] to a non-follower, because it has not been paused');
    expect((await call(local, 'POST', '/orders-copy-p/_ccr/pause_follow', superuser('local'))).body).toEqual({ acknowledged: true });
    expect((await call(local, 'POST', '/orders-copy-p/_ccr/pause_follow', superuser('local'))).body.error.reason).toBe('no shard follow tasks for [orders-copy-p]');
    const info = await call(local, 'GET', '/orders-copy-p/_ccr/info', superuser('local'));
    expect(info.body.follower_indices).toEqual([{ follower_index: 'orders-copy-p', remote_cluster: 'repl', leader_index: 'orders', status: 'paused' }]);
    const before = await followerIds('orders-copy-p');
    await call(cluster('remote').url, 'PUT', '/orders/_doc/paused?refresh=true', superuser('remote'), { sku: 'p' });
    expect(await followerIds('orders-copy-p')).toEqual(before);
    expect((await call(local, 'POST', '/orders-copy-p/_ccr/unfollow', superuser('local'))).body).toEqual({ acknowledged: true });
    expect((await call(local, 'PUT', '/orders-copy-p/_doc/own?refresh=true', superuser('local'), { sku: 'own' })).status).toBe(201);
    const regular = await call(local, 'POST', '/orders-copy-p/_ccr/pause_follow', superuser('local'));
    expect(regular.body.error.reason).toBe('index [orders-copy-p] is not a follower index');
  });
});

describe('refusals', () => {
  it('a key without replication access for the leader: the remote refuses', async () => {
    const answer = await follow('orders-copy-s', { remote_cluster: 'searchonly', leader_index: 'orders' }, user('fran'));
    expect(answer.status).toBe(403);
    expect(answer.body.error.reason).toBe(
      `action [indices:internal/admin/ccr/restore/session/put] towards remote cluster is unauthorized for user [fran] with assigned roles [follower_admin] authenticated by API key id [${keyIds.searchonly}] of user [elastic] on indices [orders], this action is granted by the index privileges [cross_cluster_replication_internal,all]`,
    );
    const outside = await follow('orders-copy-a', { remote_cluster: 'repl', leader_index: 'audit' });
    expect(outside.status).toBe(403);
  });

  it('a user without remote_indices for the alias: the local cluster refuses', async () => {
    const answer = await follow('orders-copy-r', { remote_cluster: 'repl', leader_index: 'orders' }, user('rita'));
    expect(answer.status).toBe(403);
    expect(answer.body.error.reason).toBe(
      'action [indices:internal/admin/ccr/restore/session/put] towards remote cluster [repl] is unauthorized for user [rita] with effective roles [no_remote] because no remote indices privileges apply for the target cluster',
    );
  });

  it('a user without manage_ccr: the cluster privilege is missing', async () => {
    const answer = await follow('orders-copy-c', { remote_cluster: 'repl', leader_index: 'orders' }, user('carl'));
    expect(answer.status).toBe(403);
    expect(answer.body.error.reason).toBe('action [cluster:admin/xpack/ccr/put_follow] is unauthorized for user [carl] with effective roles [no_ccr], this action is granted by the cluster privileges [manage_ccr,all]');
  });
});

describe('certificate model', () => {
  it('the subject roles on the remote need read and monitor on the leader', async () => {
    emulator.trust('local', 'remote');
    emulator.trust('remote', 'local');
    await put('local', '/_cluster/settings', { persistent: { 'cluster.remote.legacy.seeds': [cluster('remote').transportAddress] } });
    await put('remote', '/_security/role/follower_admin', { indices: [{ names: ['orders'], privileges: ['read'] }] });
    const denied = await follow('orders-copy-l', { remote_cluster: 'legacy', leader_index: 'orders' }, user('fran'));
    expect(denied.status).toBe(403);
    expect(denied.body.error.reason).toContain('is unauthorized for user [fran] with effective roles [follower_admin] on indices [orders]');
    await put('remote', '/_security/role/follower_admin', { cluster: ['read_ccr'], indices: [{ names: ['orders'], privileges: ['read', 'monitor'] }] });
    const followed = await follow('orders-copy-l', { remote_cluster: 'legacy', leader_index: 'orders' }, user('fran'));
    expect(followed.status).toBe(200);
    expect(await followerIds('orders-copy-l')).toEqual(['1', '2', '3', '4', 'paused']);
  });
});
