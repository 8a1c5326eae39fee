/**
 * Contract suite through the official `@elastic/elasticsearch` 9.x client, unchanged: every
 * Elasticsearch route the emulator serves, success and error paths, each answer validated against
 * the 9.3 OpenAPI subsets (es-9.3-api-subset.json, es-9.3-api-ccs-subset.json). The client sends
 * what any user's code sends (compatible-with=9 media types, its own bodies and parameters).
 */
import { Client, errors } from '@elastic/elasticsearch';
import type { TransportResult } from '@elastic/elasticsearch';
import path from 'node:path';
import { OpenApiResponseValidator, specsDirectory } from './contract-validator';
import { startEmulator } from './index';
import type { RunningEmulator } from './index';

const specs = path.join(specsDirectory(), 'elasticsearch');
const security = new OpenApiResponseValidator('es-9.3', path.join(specs, 'es-9.3-api-subset.json'), { readSpecificationTypes: true });
const ccs = new OpenApiResponseValidator('es-9.3-ccs', path.join(specs, 'es-9.3-api-ccs-subset.json'), { readSpecificationTypes: true });

const errorCause = { $ref: '#/components/schemas/_types.ErrorCause' };
const errorBodySchema = {
  type: 'object',
  required: ['error', 'status'],
  additionalProperties: false,
  properties: {
    status: { type: 'integer' },
    error: { allOf: [errorCause, { type: 'object', required: ['type', 'reason', 'root_cause'], properties: { root_cause: { type: 'array', minItems: 1, items: errorCause } } }] },
  },
};

let emulator: RunningEmulator;
let local: Client;
let remote: Client;
let remoteAdminKey: Client;
const checked: string[] = [];
const mismatches: string[] = [];

function record(name: string, problems: string[]): void {
  checked.push(name);
  for (const problem of problems) mismatches.push(`${name}: ${problem}`);
}

/** A successful call, validated against the operation's declared response for its status. */
async function expectContract<T>(
  validator: OpenApiResponseValidator,
  method: string,
  template: string,
  send: () => Promise<TransportResult<T>>,
): Promise<T> {
  const result = await send();
  expect(result.headers['x-elastic-product']).toBe('Elasticsearch');
  record(`${method} ${template} ${result.statusCode}`, validator.validate(method, template, String(result.statusCode), result.body));
  return result.body;
}

/** A failing call: the client raises ResponseError; its body must be Elasticsearch's error shape. */
async function expectError(name: string, status: number, send: () => Promise<unknown>): Promise<errors.ResponseError> {
  const failure = await send().then(() => undefined, (error: unknown) => error);
  expect(failure).toBeInstanceOf(errors.ResponseError);
  const response = failure as errors.ResponseError;
  expect(response.meta.statusCode).toBe(status);
  record(`${name} ${status}`, security.validateAgainst(errorBodySchema, response.meta.body));
  return response;
}

beforeAll(async () => {
  emulator = await startEmulator();
  const client = (name: string, auth: ConstructorParameters<typeof Client>[0]['auth']) =>
    new Client({ node: emulator.clusters[name].url, auth, maxRetries: 0 });
  const basic = (name: string) => ({ username: emulator.clusters[name].username, password: emulator.clusters[name].password });
  local = client('local', basic('local'));
  remote = client('remote', basic('remote'));
  remoteAdminKey = client('remote', { apiKey: emulator.clusters.remote.apiKey });
});

afterAll(async () => {
  await Promise.all([local.close(), remote.close(), remoteAdminKey.close()]);
  await emulator.stop();
  // The count the issue asks for, in the test log.
  process.stdout.write(`official client contract: ${checked.length} calls checked, ${mismatches.length} mismatches\n`);
});

const meta = { meta: true } as const;

describe('the official client against the emulator, validated against the 9.3 contracts', () => {
  it('identity, health, authenticate', async () => {
    await expectContract(ccs, 'GET', '/', () => local.info({}, meta));
    await expectContract(ccs, 'GET', '/_cluster/health', () => local.cluster.health({ wait_for_status: 'green', timeout: '1s' }, meta));
    await expectContract(security, 'GET', '/_security/_authenticate', () => local.security.authenticate({}, meta));
    await expectContract(security, 'GET', '/_security/_authenticate', () => remoteAdminKey.security.authenticate({}, meta));
  });

  it('cross-cluster API keys: create, update, get, invalidate, and their errors', async () => {
    const created = await expectContract(security, 'POST', '/_security/cross_cluster/api_key', () =>
      remote.security.createCrossClusterApiKey({
        name: 'official-client-key',
        expiration: '30d',
        access: { search: [{ names: ['logs-*'], query: { term: { team: 'a' } } }] },
        metadata: { owner: 'contract' },
      }, meta));
    await expectContract(security, 'PUT', '/_security/cross_cluster/api_key/{id}', () =>
      remote.security.updateCrossClusterApiKey({ id: created.id, access: { replication: [{ names: ['archive-*'] }] }, metadata: { owner: 'contract' } }, meta));
    const read = await expectContract(security, 'GET', '/_security/api_key', () => remote.security.getApiKey({ id: created.id }, meta));
    expect(read.api_keys[0].access?.replication?.[0]).toEqual({ names: ['archive-*'], allow_restricted_indices: false });
    await expectContract(security, 'GET', '/_security/api_key', () => remote.security.getApiKey({ name: 'official-*', active_only: true }, meta));
    const restKey = await expectContract(security, 'POST', '/_security/api_key', () =>
      remote.security.createApiKey({ name: 'official-rest', role_descriptors: { logs: { indices: [{ names: ['logs-*'], privileges: ['read'] }] } } }, meta));
    await expectContract(security, 'GET', '/_security/api_key', () => remote.security.getApiKey({ id: restKey.id }, meta));
    await expectContract(security, 'DELETE', '/_security/api_key', () => remote.security.invalidateApiKey({ ids: [created.id] }, meta));
    await expectError('POST /_security/cross_cluster/api_key (with an API key)', 400, () =>
      remoteAdminKey.security.createCrossClusterApiKey({ name: 'k', access: { search: [{ names: ['a'] }] } }));
    await expectError('POST /_security/cross_cluster/api_key (empty access)', 400, () =>
      remote.security.createCrossClusterApiKey({ name: 'k', access: {} }));
    await expectError('PUT /_security/cross_cluster/api_key/{id} (unknown id)', 404, () =>
      remote.security.updateCrossClusterApiKey({ id: 'missing', access: { search: [{ names: ['a'] }] } }));
    await expectError('DELETE /_security/api_key (nothing named)', 400, () => remote.security.invalidateApiKey({}));
  });

  it('cluster settings, with the transient deprecation warning', async () => {
    const put = await local.cluster.putSettings({ persistent: { 'cluster.remote.eu.mode': 'proxy', 'cluster.remote.eu.proxy_address': emulator.clusters.remote.remoteClusterServerAddress }, flat_settings: true }, meta);
    record('PUT /_cluster/settings 200', security.validate('PUT', '/_cluster/settings', '200', put.body));
    const transient = await local.cluster.putSettings({ transient: { 'cluster.routing.allocation.enable': 'all' } }, meta);
    record('PUT /_cluster/settings (transient) 200', security.validate('PUT', '/_cluster/settings', '200', transient.body));
    expect(transient.warnings?.[0]).toContain('[transient settings removal]');
    await expectContract(security, 'GET', '/_cluster/settings', () => local.cluster.getSettings({ include_defaults: true, flat_settings: true }, meta));
    await expectContract(security, 'GET', '/_cluster/settings', () => local.cluster.getSettings({}, meta));
    await expectError('PUT /_cluster/settings (bad address)', 400, () => local.cluster.putSettings({ persistent: { 'cluster.remote.x.seeds': ['bad'] } }));
    await expectError('PUT /_cluster/settings (unknown setting)', 400, () => local.cluster.putSettings({ persistent: { 'no.such.setting': 1 } }));
  });

  it('keystore reload and remote info', async () => {
    const key = await remote.security.createCrossClusterApiKey({ name: 'eu', access: { search: [{ names: ['*'] }] } });
    emulator.keystore('local').set('cluster.remote.eu.credentials', key.encoded);
    await expectContract(security, 'POST', '/_nodes/reload_secure_settings', () => local.nodes.reloadSecureSettings({}, meta));
    const wrong = await expectContract(security, 'POST', '/_nodes/{node_id}/reload_secure_settings', () =>
      local.nodes.reloadSecureSettings({ node_id: '_local', secure_settings_password: 'wrong' }, meta));
    expect(Object.values(wrong.nodes)[0].reload_exception?.type).toBe('security_exception');
    const info = await expectContract(security, 'GET', '/_remote/info', () => local.cluster.remoteInfo({}, meta));
    expect(info.eu.connected).toBe(true);
  });

  it('roles, users, authentication as the user, _has_privileges, and their errors', async () => {
    await expectContract(security, 'PUT', '/_security/role/{name}', () =>
      local.security.putRole({ name: 'remote_search', cluster: ['monitor'], indices: [{ names: ['logs-*'], privileges: ['read'] }] }, meta));
    await expectContract(security, 'GET', '/_security/role/{name}', () => local.security.getRole({ name: 'remote_search' }, meta));
    await expectContract(security, 'GET', '/_security/role', () => local.security.getRole({}, meta));
    await expectContract(ccs, 'PUT', '/_security/user/{username}', () =>
      local.security.putUser({ username: 'bob', password: 'bob-password', roles: ['remote_search'], full_name: 'Bob' }, meta));
    await expectContract(ccs, 'GET', '/_security/user/{username}', () => local.security.getUser({ username: 'bob' }, meta));
    const bob = new Client({ node: emulator.clusters.local.url, auth: { username: 'bob', password: 'bob-password' }, maxRetries: 0 });
    try {
      const me = await expectContract(security, 'GET', '/_security/_authenticate', () => bob.security.authenticate({}, meta));
      expect(me.roles).toEqual(['remote_search']);
      const privileges = await expectContract(ccs, 'POST', '/_security/user/_has_privileges', () =>
        bob.security.hasPrivileges({ cluster: ['monitor', 'manage'], index: [{ names: ['logs-1'], privileges: ['read', 'write'] }] }, meta));
      expect(privileges.cluster).toEqual({ monitor: true, manage: false });
      await expectError('PUT /_cluster/settings (as bob)', 403, () => bob.cluster.putSettings({ persistent: { 'cluster.routing.allocation.enable': 'all' } }));
    } finally {
      await bob.close();
    }
    await expectError('PUT /_security/user/{username} (short password)', 400, () => local.security.putUser({ username: 'carol', password: 'x', roles: [] }));
    await expectError('PUT /_security/role/{name} (unknown privilege)', 400, () => local.security.putRole({ name: 'r', cluster: ['nope' as 'all'] }));
    await expectContract(security, 'POST', '/_security/role', () =>
      local.security.bulkPutRole({ roles: { a: { cluster: ['monitor'] }, b: { cluster: ['nope' as 'all'] } } }, meta));
    await expectContract(security, 'DELETE', '/_security/role', () => local.security.bulkDeleteRole({ names: ['a', 'missing'] }, meta));
    await expectContract(ccs, 'DELETE', '/_security/user/{username}', () => local.security.deleteUser({ username: 'bob' }, meta));
    await expectContract(security, 'DELETE', '/_security/role/{name}', () => local.security.deleteRole({ name: 'remote_search' }, meta));
  });

  it('authentication and routing errors', async () => {
    const anonymous = new Client({ node: emulator.clusters.local.url, maxRetries: 0 });
    try {
      await expectError('GET / (anonymous)', 401, () => anonymous.info());
    } finally {
      await anonymous.close();
    }
    const unknown = await local.transport.request({ method: 'GET', path: '/_nope' }, { meta: true, ignore: [400] });
    // RestController's routing errors have a plain-string `error`, which ErrorResponseBase does not describe.
    expect(unknown.body).toEqual({ error: 'no handler found for uri [/_nope] and method [GET]', status: 400 });
    const wrongMethod = await local.transport.request({ method: 'DELETE', path: '/_remote/info' }, { meta: true, ignore: [405] });
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET');
    await expectError('GET /_cluster/settings (unknown parameter)', 400, () =>
      local.transport.request({ method: 'GET', path: '/_cluster/settings', querystring: { nope: 'true' } }));
  });

  it('indices, documents, search, cross-cluster search and replication, and their errors', async () => {
    await expectContract(ccs, 'PUT', '/{index}', () => remote.indices.create({ index: 'oc-logs', mappings: { properties: { team: { type: 'keyword' } } } }, meta));
    // Elasticsearch answers 201 for a created document; the contract declares the body under 200 only.
    const created = await remote.index({ index: 'oc-logs', id: '1', document: { message: 'disk full', team: 'ops' }, refresh: true }, meta);
    expect(created.statusCode).toBe(201);
    record('PUT /{index}/_doc/{id} 201', ccs.validate('PUT', '/{index}/_doc/{id}', '200', created.body));
    const generated = await remote.index({ index: 'oc-logs', document: { message: 'login ok', team: 'web' }, refresh: 'wait_for' }, meta);
    record('POST /{index}/_doc 201', ccs.validate('POST', '/{index}/_doc', '200', generated.body));
    const updated = await expectContract(ccs, 'PUT', '/{index}/_doc/{id}', () => remote.index({ index: 'oc-logs', id: '1', document: { message: 'disk full again', team: 'ops' }, refresh: true }, meta));
    expect(updated).toMatchObject({ result: 'updated', _version: 2 });
    const found = await expectContract(ccs, 'POST', '/{index}/_search', () => remote.search({ index: 'oc-logs', query: { bool: { filter: [{ term: { team: 'ops' } }] } }, sort: [{ team: 'asc' }] }, meta));
    expect(found.hits.hits.map((hit) => hit._id)).toEqual(['1']);
    await expectContract(ccs, 'POST', '/_search', () => remote.search({ query: { match: { message: 'login' } }, _source: ['message'] }, meta));
    await expectContract(ccs, 'GET', '/{index}/_search', () => remote.transport.request({ method: 'GET', path: '/oc-logs/_search', querystring: { q: 'team:web' } }, meta));

    const key = await remote.security.createCrossClusterApiKey({ name: 'oc', access: { search: [{ names: ['oc-*'] }], replication: [{ names: ['oc-logs'] }] } });
    emulator.keystore('local').set('cluster.remote.oceu.credentials', key.encoded);
    await local.nodes.reloadSecureSettings();
    await local.cluster.putSettings({ persistent: { 'cluster.remote.oceu.mode': 'proxy', 'cluster.remote.oceu.proxy_address': emulator.clusters.remote.remoteClusterServerAddress } });
    const crossCluster = await expectContract(ccs, 'POST', '/{index}/_search', () => local.search({ index: 'oceu:oc-logs', query: { match_all: {} } }, meta));
    expect(crossCluster._clusters?.successful).toBe(1);
    expect(crossCluster.hits.hits.map((hit) => hit._index)).toEqual(['oceu:oc-logs', 'oceu:oc-logs']);

    const resolved = await expectContract(ccs, 'GET', '/_resolve/cluster/{name}', () => local.indices.resolveCluster({ name: 'oceu:oc-*' }, meta));
    expect(resolved.oceu).toMatchObject({ connected: true, matching_indices: true });
    await expectContract(ccs, 'PUT', '/{index}/_ccr/follow', () => local.ccr.follow({ index: 'oc-follower', remote_cluster: 'oceu', leader_index: 'oc-logs', wait_for_active_shards: 1 }, meta));
    const info = await expectContract(ccs, 'GET', '/{index}/_ccr/info', () => local.ccr.followInfo({ index: 'oc-follower' }, meta));
    expect(info.follower_indices[0].status).toBe('active');

    await expectError('PUT /{index} (exists)', 400, () => remote.indices.create({ index: 'oc-logs' }));
    await expectError('PUT /{index} (invalid name)', 400, () => remote.indices.create({ index: 'OC' }));
    await expectError('POST /{index}/_search (missing index)', 404, () => remote.search({ index: 'oc-missing' }));
    await expectError('POST /{index}/_search (unknown query)', 400, () => remote.search({ index: 'oc-logs', query: { nope: {} } as never }));
    await expectError('PUT /{index}/_ccr/follow (leader outside the key replication access)', 403, () => local.ccr.follow({ index: 'oc-follower-2', remote_cluster: 'oceu', leader_index: 'oc-missing' }));
  });

  it('has no mismatches', () => {
    expect(mismatches).toEqual([]);
    expect(checked.length).toBeGreaterThan(30);
  });
});
