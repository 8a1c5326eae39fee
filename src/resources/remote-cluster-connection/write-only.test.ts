/**
 * credentials_wo: the key is applied like credentials (Cloud keystore, reload, connected) but state
 * never holds it, not even sealed; the same key plans clean, a new key or a new credentials_wo_version
 * is a rotation, and bad combinations are refused before any request.
 */
import type { CloudDeploymentEndpoint } from '../../emulator';
import { renderChangeSet } from '../../plan/render';
import { startElasticsearchHarness, type ElasticsearchHarness } from '../../../test/support/elasticsearch-harness';
import type { ClosableEngineContext } from '../../connections/context';
import { validateInput } from '../definition';
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
  ({ search, logs } = harness.emulator.cloud.deployments);
  const cloud = { endpoint: search.cloudUrl, apiKey: search.cloudApiKey };
  local = harness.context(search.cluster, { cloud });
  remote = harness.context(logs.cluster, { cloud });
});
afterAll(() => harness.close());

async function plainKey(name: string): Promise<string> {
  const key: CrossClusterApiKeyState = await crossClusterApiKey.create(remote, planResource<CrossClusterApiKeyInput>(crossClusterApiKey, undefined, { name, access: { search: [{ names: ['logs-*'] }] } }).desired);
  return remote.secrets.unseal(String(key.encoded));
}

test('credentials_wo connects, state keeps the key id only, rotation by a new key or a new version', async () => {
  const first = await plainKey('wo-1');
  const input = {
    alias: 'wo-logs',
    mode: 'proxy',
    proxy_address: harness.emulator.clusters[logs.cluster].remoteClusterServerAddress,
    credentials_wo: first,
    credentials_wo_version: '1',
    cloud: { deployment_id: search.id, ref_id: search.refId },
    wait_for_connected: true,
    wait_timeout: '5s',
  };
  const plan = planResource<RemoteClusterConnectionInput>(remoteClusterConnection, undefined, input);
  expect(renderChangeSet(plan.changeSet)).toContain('+ keystore secret cluster.remote.wo-logs.credentials (set');
  const created = await remoteClusterConnection.create(local, plan.desired);
  expect(created).toMatchObject({ connected: true, credentials_present: true, credentials_wo_version: '1' });
  expect(created.credentials).toBeUndefined();
  const stateText = JSON.stringify(created);
  expect(stateText).not.toContain(first);
  expect(stateText).not.toContain('sealed:v1:');
  expect(stateText).not.toContain('credentials_wo"');

  expect(planResource(remoteClusterConnection, created, input).action).toBe('noop');
  const bumped = planResource(remoteClusterConnection, created, { ...input, credentials_wo_version: '2' });
  expect(bumped.action).toBe('update');
  expect(renderChangeSet(bumped.changeSet)).toContain('~ credentials_wo_version 1 → 2');

  const second = await plainKey('wo-2');
  const rotation = planResource<RemoteClusterConnectionInput>(remoteClusterConnection, created, { ...input, credentials_wo: second, credentials_wo_version: '2' });
  expect(renderChangeSet(rotation.changeSet)).toContain('~ keystore secret cluster.remote.wo-logs.credentials (rotated');
  const rotated = await remoteClusterConnection.update(local, created, rotation.desired);
  expect(rotated.credentials_key_id).not.toBe(created.credentials_key_id);
  expect(rotated.connected).toBe(true);
  expect(JSON.stringify(rotated)).not.toContain(second);
  await remoteClusterConnection.delete(local, rotated);
});

test('credentials_wo needs a version and excludes credentials', () => {
  const base = { alias: 'x', mode: 'proxy', proxy_address: 'r.example:9443', cloud: { deployment_id: 'a'.repeat(32) } };
  const key = Buffer.from('id1:secret-part-1234567890').toString('base64');
  expect(() => validateInput(remoteClusterConnection, { ...base, credentials_wo: key })).toThrow('RemoteClusterConnection: credentials_wo_version: required with credentials_wo');
  expect(() => validateInput(remoteClusterConnection, { ...base, credentials: key, credentials_wo: key, credentials_wo_version: '1' })).toThrow('RemoteClusterConnection: credentials_wo: not accepted with credentials');
});
