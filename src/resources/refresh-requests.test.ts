/**
 * A refresh of many resources on one pair of clusters, through contexts that share reads (as the
 * Terraform provider's are): the requests do not grow with the number of resources, and a read made
 * after a write of the same context sees that write.
 */
import { startElasticsearchHarness, type ElasticsearchHarness } from '../../test/support/elasticsearch-harness';
import type { ClosableEngineContext } from '../connections/context';
import { crossClusterApiKey, type CrossClusterApiKeyInput, type CrossClusterApiKeyState } from './cross-cluster-api-key';
import { planResource } from './planning';
import { remoteClusterConnection, type RemoteClusterConnectionInput, type RemoteClusterConnectionState } from './remote-cluster-connection';

let harness: ElasticsearchHarness;
let keys: CrossClusterApiKeyState[];
let connections: RemoteClusterConnectionState[];

const keyInput = (i: number) => planResource<CrossClusterApiKeyInput>(crossClusterApiKey, undefined, { name: `refresh-${i}`, access: { search: [{ names: [`logs-${i}-*`] }] } }).desired;
const connectionInput = (i: number) =>
  planResource<RemoteClusterConnectionInput>(remoteClusterConnection, undefined, {
    alias: `refresh-${i}`,
    mode: 'proxy',
    proxy_address: harness.emulator.clusters.remote.remoteClusterServerAddress,
  }).desired;

/** A fresh pair of sharing contexts: one provider process per cluster, as OpenTofu runs them. */
function sharingContexts(): { local: ClosableEngineContext; remote: ClosableEngineContext } {
  return { local: harness.context('local', {}, { shareReads: true }), remote: harness.context('remote', {}, { shareReads: true }) };
}

function requestsTo(cluster: string): string[] {
  return harness.emulator
    .requestLog()
    .filter((r) => r.cluster === cluster)
    .map((r) => `${r.method} ${r.path}`);
}

beforeAll(async () => {
  harness = await startElasticsearchHarness();
  const remote = harness.context('remote');
  const local = harness.context('local');
  const indexes = Array.from({ length: 10 }, (_, i) => i);
  keys = await Promise.all(indexes.map((i) => crossClusterApiKey.create(remote, keyInput(i))));
  connections = await Promise.all(indexes.map((i) => remoteClusterConnection.create(local, connectionInput(i))));
});
afterAll(() => harness.close());

test('refreshing 10 keys and 10 connections costs one key listing on the remote cluster and one settings and one remote info read on the local one', async () => {
  const { local, remote } = sharingContexts();
  harness.emulator.resetRequestLog();
  const [readKeys, readConnections] = await Promise.all([
    Promise.all(keys.map((k) => crossClusterApiKey.read(remote, k))),
    Promise.all(connections.map((c) => remoteClusterConnection.read(local, c))),
  ]);
  // Later reads in the same operation are answered from the first.
  await crossClusterApiKey.read(remote, keys[0]);
  await remoteClusterConnection.read(local, connections[0]);

  expect(requestsTo('remote')).toEqual(['GET /_security/api_key']);
  expect(requestsTo('local').sort()).toEqual(['GET /_cluster/settings', 'GET /_remote/info']);
  expect(readKeys.map((k) => k?.id)).toEqual(keys.map((k) => k.id));
  expect(readConnections.map((c) => c?.proxy_address)).toEqual(connections.map((c) => c.proxy_address));
});

test('a context that does not share reads reads each resource by itself', async () => {
  const local = harness.context('local');
  harness.emulator.resetRequestLog();
  await Promise.all(connections.map((c) => remoteClusterConnection.read(local, c)));
  expect(requestsTo('local')).toHaveLength(2 * connections.length);
});

test('a read after a write of the same operation sees the write', async () => {
  const { local, remote } = sharingContexts();
  const before = await remoteClusterConnection.read(local, connections[1]);
  expect(before?.skip_unavailable).not.toBe(false);
  const updated = await remoteClusterConnection.update(local, before!, { ...connectionInput(1), skip_unavailable: false });
  expect((await remoteClusterConnection.read(local, updated))?.skip_unavailable).toBe(false);

  expect(await crossClusterApiKey.read(remote, keys[1])).toBeDefined();
  await crossClusterApiKey.delete(remote, keys[1]);
  expect(await crossClusterApiKey.read(remote, keys[1])).toBeUndefined();
});
