/**
 * RemoteClusterConnection on ECH deployments (emulated Cloud API): credentials through the Cloud
 * keystore API then a secure-settings reload, rotation, delete that removes only this alias's secret,
 * and the certificate model through the remote-clusters API (only this alias's entry changes).
 */
import { call } from '../../emulator/test-client';
import type { CloudDeploymentEndpoint } from '../../emulator';
import { renderChangeSet } from '../../plan/render';
import { startElasticsearchHarness, type ElasticsearchHarness } from '../../../test/support/elasticsearch-harness';
import type { ClosableEngineContext } from '../../connections/context';
import { planResource } from '../planning';
import { crossClusterApiKey, type CrossClusterApiKeyInput, type CrossClusterApiKeyState } from '../cross-cluster-api-key';
import { remoteClusterConnection, type RemoteClusterConnectionInput } from '.';

let harness: ElasticsearchHarness;
let search: CloudDeploymentEndpoint;
let logs: CloudDeploymentEndpoint;
let local: ClosableEngineContext;
let remote: ClosableEngineContext;

beforeAll(async () => {
  harness = await startElasticsearchHarness({ clusters: [], cloud: { ech: [{ name: 'acme', deployments: [{ name: 'search' }, { name: 'logs' }] }] } });
  const deployments = Object.values(harness.emulator.cloud.deployments);
  search = deployments.find((d) => d.name === 'search')!;
  logs = deployments.find((d) => d.name === 'logs')!;
  const cloud = { endpoint: search.cloudUrl, apiKey: search.cloudApiKey };
  local = harness.context(search.cluster, { cloud });
  remote = harness.context(logs.cluster, { cloud });
});
afterAll(() => harness.close());

const cloudAuth = () => ({ apiKey: search.cloudApiKey });
const resourcePath = (d: CloudDeploymentEndpoint, what: string) => `/api/v1/deployments/${d.id}/elasticsearch/${d.refId}/${what}`;

async function keystoreNames(): Promise<string[]> {
  const res = await call<{ secrets: Record<string, unknown> }>(search.cloudUrl, 'GET', resourcePath(search, 'keystore'), cloudAuth());
  expect(res.status).toBe(200);
  return Object.keys(res.body.secrets ?? {}).sort();
}

async function newKey(name: string): Promise<CrossClusterApiKeyState> {
  return crossClusterApiKey.create(remote, planResource<CrossClusterApiKeyInput>(crossClusterApiKey, undefined, { name, access: { search: [{ names: ['logs-*'] }] } }).desired);
}

test('API-key model on ECH: keystore through the Cloud API, reload, rotation, delete', async () => {
  // A keystore secret that belongs to someone else survives everything below.
  const other = await call(search.cloudUrl, 'PATCH', resourcePath(search, 'keystore'), cloudAuth(), { secrets: { 's3.client.default.secret_key': { value: 'not-ours-123456' } } });
  expect(other.status).toBeLessThan(300);

  const key1 = await newKey('ech-link-1');
  const input = {
    alias: 'logs',
    mode: 'proxy',
    proxy_address: harness.emulator.clusters[logs.cluster].remoteClusterServerAddress,
    credentials: key1.encoded,
    cloud: { deployment_id: search.id, ref_id: search.refId },
    wait_for_connected: true,
    wait_timeout: '5s',
  };
  const created = await remoteClusterConnection.create(local, planResource<RemoteClusterConnectionInput>(remoteClusterConnection, undefined, input).desired);
  expect(created).toMatchObject({ connected: true, credentials_present: true, credentials_key_id: key1.id });
  expect(await keystoreNames()).toEqual(['cluster.remote.logs.credentials', 's3.client.default.secret_key']);
  expect(harness.logger.lines().some((l) => l.includes('keystore secret cluster.remote.logs.credentials written'))).toBe(true);

  // Rotation: the new key is written and reloaded before the old one is retired.
  const key2 = await newKey('ech-link-2');
  const plainKey2 = remote.secrets.unseal(key2.encoded!);
  const rotation = planResource<RemoteClusterConnectionInput>(remoteClusterConnection, created, { ...input, credentials: plainKey2 });
  expect(renderChangeSet(rotation.changeSet)).toBe(`RemoteClusterConnection "logs"\n  ~ keystore secret cluster.remote.logs.credentials (rotated, key ${key1.id} → ${key2.id})`);
  const rotated = await remoteClusterConnection.update(local, created, rotation.desired);
  await crossClusterApiKey.delete(remote, key1);
  expect((await remoteClusterConnection.read(local, rotated))).toMatchObject({ connected: true, credentials_key_id: key2.id });

  // The keystore secret removed by hand: read forgets the fingerprint, the plan sets it again.
  // "Adds the specified values to the Elasticsearch keystore, or removes the keys for the unspecified values."
  const removal = await call(search.cloudUrl, 'PATCH', resourcePath(search, 'keystore'), cloudAuth(), { secrets: { 'cluster.remote.logs.credentials': {} } });
  expect(removal.status).toBeLessThan(300);
  await local.elasticsearch().reloadSecureSettings();
  const drifted = await remoteClusterConnection.read(local, rotated);
  expect(drifted).toMatchObject({ credentials_present: false, connected: false });
  expect(renderChangeSet(planResource(remoteClusterConnection, drifted, { ...input, credentials: plainKey2 }).changeSet)).toContain(
    `+ keystore secret cluster.remote.logs.credentials (set, key ${key2.id})`,
  );
  const repaired = await remoteClusterConnection.update(local, drifted!, planResource<RemoteClusterConnectionInput>(remoteClusterConnection, drifted, { ...input, credentials: plainKey2 }).desired);
  expect(repaired.connected).toBe(true);

  await remoteClusterConnection.delete(local, repaired);
  expect(await keystoreNames()).toEqual(['s3.client.default.secret_key']);
  expect(await remoteClusterConnection.read(local, repaired)).toBeUndefined();
});

test('certificate model within one Cloud organization: only this alias\'s remote-clusters entry changes', async () => {
  const other = { deployment_id: logs.id, elasticsearch_ref_id: logs.refId, alias: 'someone-else', skip_unavailable: false };
  expect((await call(search.cloudUrl, 'PUT', resourcePath(search, 'remote-clusters'), cloudAuth(), { resources: [other] })).status).toBe(202);

  const input = {
    alias: 'logs-cert',
    cloud: { deployment_id: search.id, ref_id: search.refId },
    remote_deployment: { deployment_id: logs.id, ref_id: logs.refId },
    skip_unavailable: true,
    wait_for_connected: true,
    wait_timeout: '5s',
  };
  const created = await remoteClusterConnection.create(local, planResource<RemoteClusterConnectionInput>(remoteClusterConnection, undefined, input).desired);
  expect(created.connected).toBe(true);
  const read = await remoteClusterConnection.read(local, created);
  expect(read).toMatchObject({ skip_unavailable: true, remote_deployment: { deployment_id: logs.id, ref_id: logs.refId } });
  expect(planResource(remoteClusterConnection, read, input).action).toBe('noop');

  const list = async () =>
    (await call<{ resources: { alias: string; skip_unavailable?: boolean }[] }>(search.cloudUrl, 'GET', resourcePath(search, 'remote-clusters'), cloudAuth())).body.resources.map((r) => [
      r.alias,
      r.skip_unavailable,
    ]);
  const updated = await remoteClusterConnection.update(local, read!, planResource<RemoteClusterConnectionInput>(remoteClusterConnection, read, { ...input, skip_unavailable: false }).desired);
  expect(await list()).toEqual([
    ['someone-else', false],
    ['logs-cert', false],
  ]);
  await remoteClusterConnection.delete(local, updated);
  expect(await list()).toEqual([['someone-else', false]]);
});

test('certificate model with skip_unavailable left unset: the value the API reports is not drift', async () => {
  const input = { alias: 'logs-default', cloud: { deployment_id: search.id, ref_id: search.refId }, remote_deployment: { deployment_id: logs.id, ref_id: logs.refId } };
  const created = await remoteClusterConnection.create(local, planResource<RemoteClusterConnectionInput>(remoteClusterConnection, undefined, input).desired);
  const read = await remoteClusterConnection.read(local, created);
  expect(read?.skip_unavailable).toBeDefined();
  expect(planResource(remoteClusterConnection, read, input).action).toBe('noop');
  await remoteClusterConnection.delete(local, read!);
});
