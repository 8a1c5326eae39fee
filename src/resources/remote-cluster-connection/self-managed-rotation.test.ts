/**
 * Rotation on a self-managed cluster, whose keystore the tool cannot write: the update never records
 * the new key before the nodes' keystores show the operator's step, so the old key (invalidated only
 * after a successful update) stays valid; after the step the next apply converges.
 */
import { call } from '../../emulator/test-client';
import { renderChangeSet } from '../../plan/render';
import { startElasticsearchHarness, type ElasticsearchHarness } from '../../../test/support/elasticsearch-harness';
import type { ClosableEngineContext } from '../../connections/context';
import { planResource } from '../planning';
import { crossClusterApiKey, type CrossClusterApiKeyInput, type CrossClusterApiKeyState } from '../cross-cluster-api-key';
import { KeystoreStepRequiredError, remoteClusterConnection, type RemoteClusterConnectionInput, type RemoteClusterConnectionState } from '.';

let harness: ElasticsearchHarness;
let local: ClosableEngineContext;
let remote: ClosableEngineContext;

beforeAll(async () => {
  harness = await startElasticsearchHarness();
  local = harness.context('local');
  remote = harness.context('remote');
});
afterAll(() => harness.close());

async function newKey(name: string): Promise<CrossClusterApiKeyState> {
  return crossClusterApiKey.create(remote, planResource<CrossClusterApiKeyInput>(crossClusterApiKey, undefined, { name, access: { search: [{ names: ['logs-*'] }] } }).desired);
}

const keystoreAdd = (key: CrossClusterApiKeyState) => harness.emulator.keystore('local').set('cluster.remote.eu.credentials', remote.secrets.unseal(key.encoded!));
const connection = (key: CrossClusterApiKeyState, extra: Partial<RemoteClusterConnectionInput> = {}) =>
  planResource<RemoteClusterConnectionInput>(remoteClusterConnection, undefined, {
    alias: 'eu',
    mode: 'proxy',
    proxy_address: harness.emulator.clusters.remote.remoteClusterServerAddress,
    credentials: key.encoded,
    wait_for_connected: true,
    wait_timeout: '1s',
    ...extra,
  }).desired;

async function remoteInfo(): Promise<{ connected: boolean }> {
  const { username, password } = harness.emulator.clusters.local;
  return (await call<Record<string, { connected: boolean }>>(harness.emulator.clusters.local.url, 'GET', '/_remote/info', { username, password })).body.eu;
}

test('a new key is not recorded until every node\'s keystore changed; after the operator step the update converges', async () => {
  const oldKey = await newKey('eu-v1');
  keystoreAdd(oldKey);
  const first = await remoteClusterConnection.create(local, connection(oldKey));
  expect(first).toMatchObject({ credentials_key_id: oldKey.id, connected: true, keystore_last_modified: expect.any(String) });

  harness.emulator.clock.advance(1000);
  const newer = await newKey('eu-v2');
  const rotation = planResource<RemoteClusterConnectionInput>(remoteClusterConnection, first, connection(newer));
  expect(renderChangeSet(rotation.changeSet)).toContain(
    `~ keystore secret cluster.remote.eu.credentials (rotated, key ${oldKey.id} → (new key)): operator step on every node: bin/elasticsearch-keystore add cluster.remote.eu.credentials, then POST _nodes/reload_secure_settings`,
  );

  // Without the operator's step: refused, nothing recorded, the old key still carries the link.
  const refused = await remoteClusterConnection.update(local, first, rotation.desired).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(KeystoreStepRequiredError);
  expect((refused as Error).message).toContain(`key ${newer.id} is not confirmed`);
  expect((refused as Error).message).toContain('its keystore is unchanged since the previous key was confirmed');
  expect(await remoteInfo()).toMatchObject({ connected: true });

  // The operator's step (keystore add; the update reloads): confirmed, recorded, connected on the new key.
  harness.emulator.clock.advance(1000);
  keystoreAdd(newer);
  const rotated = await remoteClusterConnection.update(local, first, rotation.desired);
  expect(rotated.credentials_key_id).toBe(newer.id);
  expect(Date.parse(rotated.keystore_last_modified!)).toBeGreaterThan(Date.parse(first.keystore_last_modified!));
  await crossClusterApiKey.delete(remote, oldKey);
  expect(await remoteInfo()).toMatchObject({ connected: true });
  expect(planResource(remoteClusterConnection, rotated, connection(newer)).action).toBe('noop');
  await remoteClusterConnection.delete(local, rotated);
});

test('a connection with no recorded keystore confirmation (imported) rotates only with keystore_confirmed_key_id', async () => {
  const oldKey = await newKey('eu-import-v1');
  keystoreAdd(oldKey);
  const created = await remoteClusterConnection.create(local, connection(oldKey));
  const { keystore_last_modified: _dropped, ...imported } = created;
  harness.emulator.clock.advance(1000);
  const newer = await newKey('eu-import-v2');
  keystoreAdd(newer);
  const refused = await remoteClusterConnection.update(local, imported as RemoteClusterConnectionState, connection(newer)).catch((e: unknown) => e);
  expect((refused as Error).message).toContain(`the state records no keystore confirmation of the previous key (imported, or written by an older version), so a change of the keystore cannot be seen: once the step is done, set keystore_confirmed_key_id = "${newer.id}"`);
  const rotated = await remoteClusterConnection.update(local, imported as RemoteClusterConnectionState, connection(newer, { keystore_confirmed_key_id: newer.id }));
  expect(rotated.credentials_key_id).toBe(newer.id);
  await remoteClusterConnection.delete(local, rotated);
});
