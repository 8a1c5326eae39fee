/** The Elasticsearch client against the emulator over real HTTP: typed answers and typed errors. */
import { createEngineContext, type ClosableEngineContext } from '../connections/context';
import { startEmulator, type RunningEmulator } from '../emulator';
import { ElasticsearchError, type ElasticsearchClient } from './client';

let emulator: RunningEmulator;
let ctx: ClosableEngineContext;
let es: ElasticsearchClient;

beforeAll(async () => {
  emulator = await startEmulator();
  const local = emulator.clusters.local;
  ctx = createEngineContext({ elasticsearch: { endpoint: local.url, username: local.username, password: local.password } });
  es = ctx.elasticsearch();
});
afterAll(async () => {
  await ctx.close();
  await emulator.stop();
});

test('GET / names the cluster', async () => {
  const info = await es.info();
  expect(info.cluster_name).toBe(emulator.clusters.local.clusterName);
  expect(info.cluster_uuid).toBe(emulator.clusters.local.clusterUuid);
  expect(info.version.number).toMatch(/^\d+\.\d+\.\d+/);
});

test('cross-cluster keys: create, get by id and by name, update, invalidate', async () => {
  const created = await es.createCrossClusterApiKey({ name: 'client-test', access: { search: [{ names: ['a-*'] }] }, metadata: { k: 'v' } });
  expect(created.encoded).toBe(Buffer.from(`${created.id}:${created.api_key}`).toString('base64'));
  expect(await es.getApiKeys({ id: created.id })).toEqual([expect.objectContaining({ id: created.id, type: 'cross_cluster', metadata: { k: 'v' } })]);
  expect((await es.getApiKeys({ name: 'client-test', activeOnly: true })).map((k) => k.id)).toEqual([created.id]);
  expect(await es.updateCrossClusterApiKey(created.id, { access: { replication: [{ names: ['b'] }] } })).toEqual({ updated: true });
  expect((await es.getApiKeys({ id: created.id }))[0].access).toMatchObject({ replication: [{ names: ['b'] }] });
  const invalidated = await es.invalidateApiKeys([created.id]);
  expect(invalidated.invalidated_api_keys).toEqual([created.id]);
  expect(await es.getApiKeys({ id: created.id, activeOnly: true })).toEqual([]);
  expect(await es.getApiKeys({ id: 'unknown-key-id' })).toEqual([]);
});

test('cluster settings: flat persistent put, null resets, read back; remote info; reload', async () => {
  await es.putPersistentSettings({ 'cluster.remote.c1.mode': 'proxy', 'cluster.remote.c1.proxy_address': 'remote.example.com:9443' });
  expect((await es.getClusterSettings()).persistent).toMatchObject({ 'cluster.remote.c1.proxy_address': 'remote.example.com:9443' });
  expect(await es.remoteInfo()).toMatchObject({ c1: { mode: 'proxy', connected: false, proxy_address: 'remote.example.com:9443' } });
  await es.putPersistentSettings({ 'cluster.remote.c1.mode': null, 'cluster.remote.c1.proxy_address': null });
  expect(Object.keys((await es.getClusterSettings()).persistent).filter((k) => k.startsWith('cluster.remote.c1.'))).toEqual([]);
  const reload = await es.reloadSecureSettings();
  expect(reload._nodes.failed).toBe(0);
});

test("errors keep Elasticsearch's type and reason", async () => {
  const error = await es.putPersistentSettings({ 'cluster.remote.c2.mode': 'sniff', 'cluster.remote.c2.proxy_address': 'a:9300' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ElasticsearchError);
  const esError = error as ElasticsearchError;
  expect(esError.status).toBe(400);
  expect(esError.type).toBe('illegal_argument_exception');
  expect(esError.reason).toContain('cluster.remote.c2.proxy_address');
  expect(esError.message).toContain('illegal_argument_exception');
});
