/**
 * Users, roles, `_has_privileges`, `_authenticate` and action authorization on an emulated
 * cluster, as the documented remote-cluster procedures use them (a restricted user on the local
 * cluster, cross-cluster keys created by a user with manage_security on the remote).
 */
import { startEmulator } from './index';
import type { RunningEmulator } from './index';
import { call } from './test-client';

let emulator: RunningEmulator;
const local = () => emulator.clusters.local;
const elastic = () => ({ username: local().username, password: local().password });
const bob = { username: 'bob', password: 'bob-password' };

beforeEach(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  await emulator.stop();
});

async function createRemoteSearchUser(): Promise<void> {
  const role = await call(local().url, 'PUT', '/_security/role/remote_search', elastic(), {
    cluster: ['monitor'],
    indices: [{ names: ['logs-*'], privileges: ['read', 'view_index_metadata'] }],
  });
  expect(role.body).toEqual({ role: { created: true } });
  const user = await call(local().url, 'PUT', '/_security/user/bob', elastic(), { password: bob.password, roles: ['remote_search'], full_name: 'Bob' });
  expect(user.body).toEqual({ created: true });
}

describe('users', () => {
  it('creates, reads, updates, authenticates and deletes a native user', async () => {
    await createRemoteSearchUser();
    const read = await call(local().url, 'GET', '/_security/user/bob', elastic());
    expect(read.body).toEqual({ bob: { username: 'bob', roles: ['remote_search'], full_name: 'Bob', email: null, metadata: {}, enabled: true } });
    const all = await call(local().url, 'GET', '/_security/user', elastic());
    expect(Object.keys(all.body)).toEqual(['elastic', 'bob']);
    const me = await call(local().url, 'GET', '/_security/_authenticate', bob);
    expect(me.body).toMatchObject({ username: 'bob', roles: ['remote_search'], full_name: 'Bob', authentication_realm: { name: 'default_native', type: 'native' }, authentication_type: 'realm' });
    // An update without a password keeps it.
    expect((await call(local().url, 'POST', '/_security/user/bob', elastic(), { roles: ['viewer'] })).body).toEqual({ created: false });
    expect((await call(local().url, 'GET', '/_security/_authenticate', bob)).body.roles).toEqual(['viewer']);
    expect((await call(local().url, 'PUT', '/_security/user/bob', elastic(), { roles: [], enabled: false })).status).toBe(200);
    expect((await call(local().url, 'GET', '/', bob)).status).toBe(401);
    expect((await call(local().url, 'DELETE', '/_security/user/bob', elastic())).body).toEqual({ found: true });
    const gone = await call(local().url, 'DELETE', '/_security/user/bob', elastic());
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ found: false });
    const missing = await call(local().url, 'GET', '/_security/user/bob', elastic());
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({});
  });

  it.each([
    ['elastic', { password: 'long-enough', roles: [] }, 'Username [elastic] is reserved and may not be used.'],
    ['carol', { password: 'short', roles: [] }, 'passwords must be at least [6] characters long'],
    ['carol', { roles: [] }, 'password must be specified unless you are updating an existing user'],
    ['carol', { password: 'long-enough' }, 'roles are missing'],
  ])('refuses user %s %j', async (name, body, reason) => {
    const response = await call(local().url, 'PUT', `/_security/user/${name}`, elastic(), body);
    expect(response.status).toBe(400);
    expect(response.body.error.type).toBe('action_request_validation_exception');
    expect(response.body.error.reason).toContain(reason);
  });
});

describe('roles', () => {
  it('lists reserved roles, creates, updates, bulk-writes and deletes native ones', async () => {
    const reserved = await call(local().url, 'GET', '/_security/role/superuser', elastic());
    expect(reserved.body.superuser).toMatchObject({ cluster: ['all'], metadata: { _reserved: true } });
    await createRemoteSearchUser();
    const read = await call(local().url, 'GET', '/_security/role/remote_search', elastic());
    expect(read.body.remote_search).toEqual({
      cluster: ['monitor'],
      indices: [{ names: ['logs-*'], privileges: ['read', 'view_index_metadata'], allow_restricted_indices: false }],
      applications: [],
      run_as: [],
      metadata: {},
      transient_metadata: { enabled: true },
    });
    expect((await call(local().url, 'PUT', '/_security/role/remote_search', elastic(), { cluster: ['monitor'] })).body).toEqual({ role: { created: false } });
    const bulk = await call(local().url, 'POST', '/_security/role', elastic(), { roles: { a: { cluster: ['monitor'] }, b: { cluster: ['nope'] } } });
    expect(bulk.body).toMatchObject({ created: ['a'], errors: { count: 1, details: { b: { type: 'illegal_argument_exception' } } } });
    expect((await call(local().url, 'DELETE', '/_security/role', elastic(), { names: ['a', 'zz'] })).body).toEqual({ deleted: ['a'], not_found: ['zz'] });
    expect((await call(local().url, 'DELETE', '/_security/role/remote_search', elastic())).body).toEqual({ found: true });
    expect((await call(local().url, 'GET', '/_security/role/remote_search', elastic())).status).toBe(404);
  });

  it('refuses unknown privileges and unknown fields', async () => {
    const cluster = await call(local().url, 'PUT', '/_security/role/r', elastic(), { cluster: ['manage_everything'] });
    expect(cluster.body.error.reason).toMatch(/^unknown cluster privilege \[manage_everything\]/);
    const index = await call(local().url, 'PUT', '/_security/role/r', elastic(), { indices: [{ names: ['a'], privileges: ['reed'] }] });
    expect(index.body.error.reason).toMatch(/^unknown index privilege \[reed\]/);
    const field = await call(local().url, 'PUT', '/_security/role/r', elastic(), { clusters: [] });
    expect(field.body.error).toMatchObject({ type: 'x_content_parse_exception', reason: '[1:2] [role_descriptor] unknown field [clusters]' });
  });

  it.each([
    [{ grant: 'message' }, 'failed to parse role [r]', 'could not parse [grant] field. expected a string array but found [VALUE_STRING] value instead'],
    [{ grant: ['message', 1] }, 'failed to parse role [r]', 'could not parse [null] field. expected a string array but one of the value in the array is [VALUE_NUMBER]'],
    [{ grant: ['message'], deny: ['secret'] }, 'failed to parse indices privileges for role [r]. "field_security" only accepts options grant and except, but got: deny', undefined],
    [{}, 'failed to parse indices privileges for role [r]. "field_security" must not be empty.', undefined],
    [{ except: ['secret'] }, 'failed to parse indices privileges for role [r]. field_security requires grant if except is given', undefined],
    [{ grant: null }, 'failed to parse indices privileges for role [r]. grant must not be null.', undefined],
    ['message', 'failed to parse indices privileges for role [r]. expected START_OBJECT but got VALUE_STRING in "field_security".', undefined],
  ])('refuses field_security %j as Elasticsearch does (parse_exception), storing nothing', async (fieldSecurity, reason, cause) => {
    const put = await call(local().url, 'PUT', '/_security/role/r', elastic(), { indices: [{ names: ['a'], privileges: ['read'], field_security: fieldSecurity }] });
    expect(put.status).toBe(400);
    expect(put.body.error).toMatchObject({ type: 'parse_exception', reason });
    expect(put.body.error.caused_by?.reason).toBe(cause);
    expect((await call(local().url, 'GET', '/_security/role/r', elastic())).status).toBe(404);
  });

  it('refuses a DLS query that is neither text nor an object, and stores an empty one as none', async () => {
    const number = await call(local().url, 'PUT', '/_security/role/r', elastic(), { indices: [{ names: ['a'], privileges: ['read'], query: 1 }] });
    expect(number.body.error).toMatchObject({
      type: 'parse_exception',
      reason: 'failed to parse indices privileges for role [r]. expected field [query] value to be null, a string, an array, or an object, but found [VALUE_NUMBER] instead',
    });
    await call(local().url, 'PUT', '/_security/role/r', elastic(), { indices: [{ names: ['a'], privileges: ['read'], query: '' }] });
    expect((await call(local().url, 'GET', '/_security/role/r', elastic())).body.r.indices).toEqual([{ names: ['a'], privileges: ['read'], allow_restricted_indices: false }]);
  });

  it('stores remote_indices and remote_cluster grants and answers them, leaving out empty ones', async () => {
    const put = await call(local().url, 'PUT', '/_security/role/remote_reader', elastic(), {
      remote_indices: [{ clusters: 'eu-logs', names: ['logs-*'], privileges: ['read', 'read_cross_cluster'], query: { term: { team: 'eu' } } }],
      remote_cluster: [{ clusters: ['eu-logs'], privileges: ['monitor_enrich'] }],
    });
    expect(put.body).toEqual({ role: { created: true } });
    const read = await call(local().url, 'GET', '/_security/role/remote_reader', elastic());
    expect(read.body.remote_reader).toMatchObject({
      remote_indices: [{ clusters: ['eu-logs'], names: ['logs-*'], privileges: ['read', 'read_cross_cluster'], query: '{"term":{"team":"eu"}}', allow_restricted_indices: false }],
      remote_cluster: [{ clusters: ['eu-logs'], privileges: ['monitor_enrich'] }],
    });
    await call(local().url, 'PUT', '/_security/role/local_only', elastic(), { indices: [{ names: ['logs-*'], privileges: ['read'] }] });
    const plain = await call(local().url, 'GET', '/_security/role/local_only', elastic());
    expect(Object.keys(plain.body.local_only)).not.toContain('remote_indices');
    expect(Object.keys(plain.body.local_only)).not.toContain('remote_cluster');
  });

  it('refuses remote grants Elasticsearch refuses: no clusters, or a remote cluster privilege outside monitor_enrich and monitor_stats', async () => {
    const noClusters = await call(local().url, 'PUT', '/_security/role/r', elastic(), { remote_indices: [{ names: ['logs-*'], privileges: ['read'] }] });
    expect(noClusters.body.error.reason).toBe('failed to parse remote indices privileges for role [r]. missing required [clusters] field');
    const badIndexPrivilege = await call(local().url, 'PUT', '/_security/role/r', elastic(), { remote_indices: [{ clusters: ['eu'], names: ['logs-*'], privileges: ['reed'] }] });
    expect(badIndexPrivilege.body.error.reason).toMatch(/^unknown index privilege \[reed\]/);
    const badClusterPrivilege = await call(local().url, 'PUT', '/_security/role/r', elastic(), { remote_cluster: [{ clusters: ['eu'], privileges: ['monitor'] }] });
    expect(badClusterPrivilege.status).toBe(400);
    expect(badClusterPrivilege.body.error.reason).toBe(
      'failed to parse remote_cluster for role [r]. [monitor_enrich, monitor_stats] are the only values allowed for [privileges] within [remote_cluster]. Found [monitor]',
    );
  });
});

describe('_has_privileges and authorization', () => {
  it('evaluates cluster and index privileges from the user\'s roles', async () => {
    await createRemoteSearchUser();
    const response = await call(local().url, 'POST', '/_security/user/_has_privileges', bob, {
      cluster: ['monitor', 'manage', 'monitor_enrich'],
      index: [{ names: ['logs-2026', 'logs-*', 'metrics-1', '.security-7'], privileges: ['read', 'write'] }],
    });
    expect(response.body).toEqual({
      username: 'bob',
      has_all_requested: false,
      cluster: { monitor: true, manage: false, monitor_enrich: true },
      index: {
        'logs-2026': { read: true, write: false },
        'logs-*': { read: true, write: false },
        'metrics-1': { read: false, write: false },
        '.security-7': { read: false, write: false },
      },
      application: {},
    });
    const superuser = await call(local().url, 'POST', '/_security/user/_has_privileges', elastic(), { cluster: ['all'], index: [{ names: ['.security-7'], privileges: ['all'] }] });
    expect(superuser.body.has_all_requested).toBe(true);
    const none = await call(local().url, 'POST', '/_security/user/_has_privileges', bob, {});
    expect(none.status).toBe(400);
  });

  it('answers 403 for an action the user\'s roles do not grant', async () => {
    await createRemoteSearchUser();
    expect((await call(local().url, 'GET', '/_remote/info', bob)).status).toBe(200);
    const denied = await call(local().url, 'PUT', '/_cluster/settings', bob, { persistent: { 'cluster.routing.allocation.enable': 'all' } });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({
      type: 'security_exception',
      reason: 'action [cluster:admin/settings/update] is unauthorized for user [bob] with effective roles [remote_search], this action is granted by the cluster privileges [manage,all]',
    });
  });
});

describe('REST API keys with role descriptors', () => {
  it('are limited by their descriptors and by their owner\'s roles', async () => {
    await createRemoteSearchUser();
    const denied = await call(local().url, 'POST', '/_security/api_key', bob, { name: 'reader' });
    expect(denied.status).toBe(403);
    await call(local().url, 'PUT', '/_security/role/remote_search', elastic(), {
      cluster: ['monitor', 'manage_own_api_key'],
      indices: [{ names: ['logs-*'], privileges: ['read', 'view_index_metadata'] }],
    });
    const created = await call(local().url, 'POST', '/_security/api_key', bob, {
      name: 'reader',
      expiration: '1d',
      role_descriptors: { only_logs: { cluster: [], indices: [{ names: ['logs-2026'], privileges: ['read'] }] } },
    });
    expect(created.status).toBe(200);
    expect(Object.keys(created.body)).toEqual(['id', 'name', 'expiration', 'api_key', 'encoded']);
    const asKey = { apiKey: created.body.encoded as string };
    const privileges = await call(local().url, 'POST', '/_security/user/_has_privileges', asKey, {
      cluster: ['monitor'],
      index: [{ names: ['logs-2026', 'logs-2027'], privileges: ['read'] }],
    });
    expect(privileges.body).toMatchObject({ username: 'bob', cluster: { monitor: false }, index: { 'logs-2026': { read: true }, 'logs-2027': { read: false } } });
    const read = await call(local().url, 'GET', `/_security/api_key?id=${created.body.id}`, elastic());
    expect(read.body.api_keys[0]).toMatchObject({ type: 'rest', username: 'bob', realm: 'default_native', realm_type: 'native', role_descriptors: { only_logs: { indices: [{ names: ['logs-2026'], privileges: ['read'] }] } } });
    expect((await call(local().url, 'POST', '/_security/api_key', asKey, { name: 'derived' })).status).toBe(403);
    const unlimited = await call(local().url, 'POST', '/_security/api_key', bob, { name: 'as-bob' });
    const derived = await call(local().url, 'POST', '/_security/api_key', { apiKey: unlimited.body.encoded as string }, { name: 'derived' });
    expect(derived.body.error.reason).toBe('creating derived api keys requires an explicit role descriptor that is empty (has no privileges)');
    const empty = await call(local().url, 'POST', '/_security/api_key', { apiKey: unlimited.body.encoded as string }, { name: 'derived', role_descriptors: { none: {} } });
    expect(empty.status).toBe(200);
  });
});

describe('_cluster/health', () => {
  it('is green with the cluster\'s nodes; an unmet wait_for_nodes times out with 408', async () => {
    const health = await call(local().url, 'GET', '/_cluster/health', elastic());
    expect(health.body).toMatchObject({ cluster_name: 'local', status: 'green', timed_out: false, number_of_nodes: 3, number_of_data_nodes: 3 });
    const waited = await call(local().url, 'GET', '/_cluster/health?wait_for_status=yellow&wait_for_nodes=>=3&timeout=1s', elastic());
    expect(waited.status).toBe(200);
    const unmet = await call(local().url, 'GET', '/_cluster/health?wait_for_nodes=5&timeout=1s', elastic());
    expect(unmet.status).toBe(408);
    expect(unmet.body.timed_out).toBe(true);
  });
});
