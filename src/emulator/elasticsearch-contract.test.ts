/**
 * Contract test: every Elasticsearch endpoint the emulator serves answers bodies that validate
 * against the response schemas of specs/elasticsearch/es-9.3-api-subset.json, and every error has
 * Elasticsearch's error shape ({error:{root_cause,type,reason},status} built from _types.ErrorCause).
 */
import path from 'node:path';
import { OpenApiResponseValidator, specsDirectory } from './contract-validator';
import { startEmulator } from './index';
import type { RunningEmulator } from './index';
import { call } from './test-client';
import type { TestResponse } from './test-client';

const validator = new OpenApiResponseValidator(
  'es-9.3.json',
  path.join(specsDirectory(), 'elasticsearch', 'es-9.3-api-subset.json'),
  { readSpecificationTypes: true },
);

const ccsValidator = new OpenApiResponseValidator(
  'es-9.3-ccs.json',
  path.join(specsDirectory(), 'elasticsearch', 'es-9.3-api-ccs-subset.json'),
  { readSpecificationTypes: true },
);

const errorCause = { $ref: '#/components/schemas/_types.ErrorCause' };
const errorBodySchema = {
  type: 'object',
  required: ['error', 'status'],
  additionalProperties: false,
  properties: {
    status: { type: 'integer' },
    error: {
      allOf: [errorCause, { type: 'object', required: ['type', 'reason', 'root_cause'], properties: { reason: { type: 'string' }, root_cause: { type: 'array', minItems: 1, items: errorCause } } }],
    },
  },
};

let emulator: RunningEmulator;
const cluster = (name: string) => emulator.clusters[name];
const basic = (name: string) => ({ username: cluster(name).username, password: cluster(name).password });

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

function expectValid(method: string, template: string, response: TestResponse): void {
  expect(response.status).toBe(200);
  expect(validator.validate(method, template, '200', response.body)).toEqual([]);
}

function expectEsError(response: TestResponse, status: number): void {
  expect(response.status).toBe(status);
  expect(validator.validateAgainst(errorBodySchema, response.body)).toEqual([]);
  expect((response.body as { status: number }).status).toBe(status);
}

describe('Elasticsearch responses validate against es-9.3-api-subset.json', () => {
  it('the validator rejects bodies that break the contract (so passing means something)', () => {
    expect(validator.validate('GET', '/_remote/info', '200', { a: { mode: 'proxy', connected: 'yes' } })).not.toEqual([]);
    expect(validator.validate('POST', '/_security/cross_cluster/api_key', '200', { id: 'x', name: 'y' })).not.toEqual([]);
    expect(validator.validate('DELETE', '/_security/api_key', '200', { invalidated_api_keys: [] })).not.toEqual([]);
    expect(validator.validateAgainst(errorBodySchema, { error: 'no handler found', status: 400 })).not.toEqual([]);
  });

  it('the validator rejects a served body broken where the response is a components.responses reference', async () => {
    const reloaded = await call(cluster('local').url, 'POST', '/_nodes/reload_secure_settings', basic('local'));
    expectValid('POST', '/_nodes/reload_secure_settings', reloaded);
    const broken = structuredClone(reloaded.body) as Record<string, unknown>;
    delete broken.cluster_name;
    expect(validator.validate('POST', '/_nodes/reload_secure_settings', '200', broken)).toEqual([
      expect.stringContaining("must have required property 'cluster_name'"),
    ]);
    expect(validator.validate('POST', '/_nodes/reload_secure_settings', '200', { ...(reloaded.body as object), nodes: [] })).not.toEqual([]);
  });

  it('cross-cluster API keys: create, update, get, invalidate', async () => {
    const url = cluster('remote').url;
    const created = await call(url, 'POST', '/_security/cross_cluster/api_key', basic('remote'), {
      name: 'contract-key',
      expiration: '7d',
      access: { search: [{ names: ['logs-*'], query: { term: { team: 'a' } }, field_security: { grant: ['*'] } }] },
      metadata: { owner: 'contract', nested: { level: 1 } },
      certificate_identity: 'CN=instance-.*',
    });
    expectValid('POST', '/_security/cross_cluster/api_key', created);
    const id = (created.body as { id: string }).id;
    const withPut = await call(url, 'PUT', '/_security/cross_cluster/api_key', basic('remote'), {
      name: 'contract-key-2',
      access: { replication: [{ names: ['archive-*'] }] },
    });
    expectValid('POST', '/_security/cross_cluster/api_key', withPut);

    expectValid('PUT', '/_security/cross_cluster/api_key/{id}', await call(url, 'PUT', `/_security/cross_cluster/api_key/${id}`, basic('remote'), {
      access: { search: [{ names: ['logs-*'] }], replication: [{ names: ['logs-*'] }] },
      metadata: { owner: 'contract' },
      expiration: '30d',
    }));
    expectValid('GET', '/_security/api_key', await call(url, 'GET', `/_security/api_key?id=${id}`, basic('remote')));
    expectValid('GET', '/_security/api_key', await call(url, 'GET', '/_security/api_key', { apiKey: cluster('remote').apiKey }));
    expectValid('GET', '/_security/api_key', await call(url, 'GET', '/_security/api_key?name=contract-*&active_only=true', basic('remote')));
    expectValid('DELETE', '/_security/api_key', await call(url, 'DELETE', '/_security/api_key', basic('remote'), { ids: [id] }));
    expectValid('DELETE', '/_security/api_key', await call(url, 'DELETE', '/_security/api_key', basic('remote'), { name: 'contract-*' }));
    // invalidated keys still validate
    expectValid('GET', '/_security/api_key', await call(url, 'GET', `/_security/api_key?id=${id}`, basic('remote')));
    expectValid('GET', '/_security/_authenticate', await call(url, 'GET', '/_security/_authenticate', basic('remote')));
    expectValid('GET', '/_security/_authenticate', await call(url, 'GET', '/_security/_authenticate', { apiKey: cluster('remote').apiKey }));
  });

  it('cluster settings: get (nested, flat, defaults) and put', async () => {
    const url = cluster('local').url;
    const put = await call(url, 'PUT', '/_cluster/settings', basic('local'), {
      persistent: { 'cluster.remote.contract.mode': 'proxy', 'cluster.remote.contract.proxy_address': cluster('remote').remoteClusterServerAddress, 'cluster.remote.contract.skip_unavailable': false },
      transient: { cluster: { routing: { allocation: { enable: 'all' } } } },
    });
    expectValid('PUT', '/_cluster/settings', put);
    expectValid('PUT', '/_cluster/settings', await call(url, 'PUT', '/_cluster/settings?flat_settings=true', basic('local'), {
      persistent: { 'cluster.remote.sniffy.seeds': [cluster('remote').transportAddress] },
    }));
    expectValid('GET', '/_cluster/settings', await call(url, 'GET', '/_cluster/settings', basic('local')));
    expectValid('GET', '/_cluster/settings', await call(url, 'GET', '/_cluster/settings?flat_settings=true', basic('local')));
    expectValid('GET', '/_cluster/settings', await call(url, 'GET', '/_cluster/settings?include_defaults=true', basic('local')));
  });

  it('_remote/info in both modes, connected or not, with and without credentials; reload_secure_settings', async () => {
    const url = cluster('local').url;
    const key = await call(cluster('remote').url, 'POST', '/_security/cross_cluster/api_key', basic('remote'), {
      name: 'remote-info-key',
      access: { search: [{ names: ['*'] }] },
    });
    emulator.keystore('local').set('cluster.remote.contract.credentials', (key.body as { encoded: string }).encoded);
    expectValid('POST', '/_nodes/reload_secure_settings', await call(url, 'POST', '/_nodes/reload_secure_settings', basic('local')));
    expectValid('POST', '/_nodes/{node_id}/reload_secure_settings', await call(url, 'POST', '/_nodes/_local/reload_secure_settings', basic('local')));
    await call(url, 'PUT', '/_cluster/settings', basic('local'), {
      persistent: { 'cluster.remote.contract.mode': 'proxy', 'cluster.remote.contract.proxy_address': cluster('remote').remoteClusterServerAddress, 'cluster.remote.sniffy.seeds': [cluster('remote').transportAddress] },
    });
    const info = await call(url, 'GET', '/_remote/info', basic('local'));
    expectValid('GET', '/_remote/info', info);
    const body = info.body as Record<string, { connected: boolean; mode: string }>;
    expect(body.contract).toMatchObject({ connected: true, mode: 'proxy' });
    expect(body.sniffy).toMatchObject({ connected: false, mode: 'sniff' });
    emulator.trust('local', 'remote');
    emulator.trust('remote', 'local');
    const connected = await call(url, 'GET', '/_remote/info', basic('local'));
    expectValid('GET', '/_remote/info', connected);
    expect((connected.body as Record<string, { connected: boolean }>).sniffy.connected).toBe(true);
  });

  it('indices, documents and searches (local, cross-cluster, with a skipped cluster) validate against es-9.3-api-ccs-subset.json', async () => {
    const remote = cluster('remote').url;
    const valid = (method: string, template: string, response: TestResponse, status = '200') => {
      expect(ccsValidator.validate(method, template, status, response.body)).toEqual([]);
    };
    const createdIndex = await call(remote, 'PUT', '/contract-logs', basic('remote'), { settings: { number_of_shards: 1 } });
    valid('PUT', '/{index}', createdIndex);
    const doc = await call(remote, 'PUT', '/contract-logs/_doc/1?refresh=true', basic('remote'), { message: 'hello', level: 'info' });
    expect(doc.status).toBe(201);
    valid('PUT', '/{index}/_doc/{id}', doc);
    valid('POST', '/{index}/_doc', await call(remote, 'POST', '/contract-logs/_doc?refresh=true', basic('remote'), { message: 'again' }));
    valid('POST', '/{index}/_search', await call(remote, 'POST', '/contract-logs/_search', basic('remote'), { query: { match: { message: 'hello' } }, _source: { includes: ['message'] } }));
    valid('GET', '/_search', await call(remote, 'GET', '/_search?size=1&track_total_hits=false', basic('remote')));
    const key = await call(remote, 'POST', '/_security/cross_cluster/api_key', basic('remote'), { name: 'contract-ccs', access: { search: [{ names: ['contract-*'] }] } });
    emulator.keystore('local').set('cluster.remote.ccs.credentials', (key.body as { encoded: string }).encoded);
    await call(cluster('local').url, 'POST', '/_nodes/reload_secure_settings', basic('local'));
    await call(cluster('local').url, 'PUT', '/_cluster/settings', basic('local'), {
      persistent: { 'cluster.remote.ccs.mode': 'proxy', 'cluster.remote.ccs.proxy_address': cluster('remote').remoteClusterServerAddress, 'cluster.remote.lost.mode': 'proxy', 'cluster.remote.lost.proxy_address': 'lost.example:9443' },
    });
    const crossCluster = await call(cluster('local').url, 'POST', '/ccs:contract-*,lost:contract-*/_search', basic('local'), { query: { match_all: {} } });
    valid('POST', '/{index}/_search', crossCluster);
    expect((crossCluster.body as { _clusters: { skipped: number } })._clusters.skipped).toBe(1);
    const missing = await call(remote, 'POST', '/contract-missing/_search', basic('remote'), {});
    expectEsError(missing, 404);
  });

  it('roles with remote_indices and remote_cluster grants: put, get, delete', async () => {
    const url = cluster('local').url;
    const auth = basic('local');
    const role = {
      description: 'Searches eu-logs',
      remote_indices: [{ clusters: ['eu-logs'], names: ['logs-*'], privileges: ['read', 'read_cross_cluster'], query: '{"term":{"team":"eu"}}', field_security: { grant: ['message'] } }],
      remote_cluster: [{ clusters: ['eu-logs'], privileges: ['monitor_enrich'] }],
    };
    expectValid('PUT', '/_security/role/{name}', await call(url, 'PUT', '/_security/role/eu-logs-reader', auth, role));
    expectValid('GET', '/_security/role/{name}', await call(url, 'GET', '/_security/role/eu-logs-reader', auth));
    expectValid('DELETE', '/_security/role/{name}', await call(url, 'DELETE', '/_security/role/eu-logs-reader', auth));
  });

  it('errors of every endpoint have Elasticsearch error bodies', async () => {
    const url = cluster('local').url;
    const auth = basic('local');
    expectEsError(await call(url, 'GET', '/', undefined), 401);
    expectEsError(await call(url, 'GET', '/_remote/info', { apiKey: 'bm9wZTpub3Bl' }), 401);
    // RestController's routing answers carry a plain-string `error`, as in Elasticsearch.
    expect((await call(url, 'GET', '/_nope', auth)).body).toEqual({ error: 'no handler found for uri [/_nope] and method [GET]', status: 400 });
    expect((await call(url, 'DELETE', '/_remote/info', auth)).body).toEqual({ error: 'Incorrect HTTP method for uri [/_remote/info] and method [DELETE], allowed: [GET]', status: 405 });
    expectEsError(await call(url, 'POST', '/_security/cross_cluster/api_key', auth, { name: 'k', access: {} }), 400);
    expectEsError(await call(url, 'POST', '/_security/cross_cluster/api_key', auth, { name: 'k' }), 400);
    expectEsError(await call(url, 'POST', '/_security/cross_cluster/api_key', auth, '{"name": '), 400);
    expectEsError(await call(url, 'POST', '/_security/cross_cluster/api_key', { apiKey: cluster('local').apiKey }, { name: 'k', access: { search: [{ names: ['a'] }] } }), 400);
    expectEsError(await call(url, 'PUT', '/_security/cross_cluster/api_key/missing', auth, { metadata: {} }), 404);
    expectEsError(await call(url, 'PUT', '/_security/cross_cluster/api_key/missing', auth, {}), 400);
    expectEsError(await call(url, 'DELETE', '/_security/api_key', auth, {}), 400);
    expectEsError(await call(url, 'GET', '/_security/api_key?id=a&name=b', auth), 400);
    expectEsError(await call(url, 'PUT', '/_cluster/settings', auth, { persistent: { 'cluster.remote.x.seeds': ['bad'] } }), 400);
    expectEsError(await call(url, 'PUT', '/_cluster/settings', auth, { persistent: {} }), 400);
    expectEsError(await call(url, 'PUT', '/_cluster/settings', auth, { other: {} }), 400);
    expectEsError(await call(url, 'PUT', '/_cluster/settings', auth), 400);
    emulator.faults.set([
      { kind: 'status', status: 429, times: 1, target: 'local' },
      { kind: 'status', status: 503, times: 1, target: 'local' },
    ]);
    expectEsError(await call(url, 'GET', '/_remote/info', auth), 429);
    expectEsError(await call(url, 'GET', '/_remote/info', auth), 503);
  });
});
