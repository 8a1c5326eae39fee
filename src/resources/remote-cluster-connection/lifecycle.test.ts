/**
 * RemoteClusterConnection against the emulator over real HTTP (self-managed clusters: the keystore is
 * filled like `elasticsearch-keystore add`): create and wait until connected, read, in-place update,
 * hand-made drift, key invalidated, credentials rotation, replacement, import, and a delete that leaves
 * other aliases alone.
 */
import { call } from '../../emulator/test-client';
import { renderChangeSet } from '../../plan/render';
import { startElasticsearchHarness, type ElasticsearchHarness } from '../../../test/support/elasticsearch-harness';
import type { ClosableEngineContext } from '../../connections/context';
import { planResource } from '../planning';
import { crossClusterApiKey, type CrossClusterApiKeyInput, type CrossClusterApiKeyState } from '../cross-cluster-api-key';
import { remoteClusterConnection, type RemoteClusterConnectionInput, type RemoteClusterConnectionState } from '.';

let harness: ElasticsearchHarness;
let local: ClosableEngineContext;
let remote: ClosableEngineContext;

beforeAll(async () => {
  harness = await startElasticsearchHarness();
  local = harness.context('local');
  remote = harness.context('remote');
});
afterAll(() => harness.close());

const superuser = (cluster: string) => ({ username: harness.emulator.clusters[cluster].username, password: harness.emulator.clusters[cluster].password });

async function persistentSettings(): Promise<Record<string, unknown>> {
  const res = await call<{ persistent: Record<string, unknown> }>(harness.emulator.clusters.local.url, 'GET', '/_cluster/settings?flat_settings=true', superuser('local'));
  return res.body.persistent;
}

async function newKey(name: string): Promise<CrossClusterApiKeyState> {
  const desired = planResource<CrossClusterApiKeyInput>(crossClusterApiKey, undefined, { name, access: { search: [{ names: ['logs-*'] }] } }).desired;
  return crossClusterApiKey.create(remote, desired);
}

/** What an operator does on a self-managed cluster: `elasticsearch-keystore add`, before reloading. */
function keystoreAdd(alias: string, key: CrossClusterApiKeyState): void {
  harness.emulator.keystore('local').set(`cluster.remote.${alias}.credentials`, remote.secrets.unseal(key.encoded!));
}

const plan = (prior: RemoteClusterConnectionState | undefined, raw: unknown) => planResource<RemoteClusterConnectionInput>(remoteClusterConnection, prior, raw);

test('proxy mode with API-key credentials: full lifecycle on a self-managed cluster', async () => {
  // Someone else's alias: every step below must leave it as it is.
  await call(harness.emulator.clusters.local.url, 'PUT', '/_cluster/settings', superuser('local'), {
    persistent: { 'cluster.remote.other.mode': 'sniff', 'cluster.remote.other.seeds': ['10.1.1.1:9300'], 'cluster.remote.other.skip_unavailable': false },
  });
  const others = Object.fromEntries(Object.entries(await persistentSettings()).filter(([k]) => k.startsWith('cluster.remote.other.')));

  const key = await newKey('conn-key-1');
  const input = {
    alias: 'eu-logs',
    mode: 'proxy',
    proxy_address: harness.emulator.clusters.remote.remoteClusterServerAddress,
    credentials: key.encoded,
    skip_unavailable: true,
    wait_for_connected: true,
    wait_timeout: '5s',
  };
  const createPlan = plan(undefined, input);
  expect(createPlan.action).toBe('create');
  const createText = renderChangeSet(createPlan.changeSet);
  expect(createText).toContain(`+ cluster.remote.eu-logs.proxy_address = ${input.proxy_address}`);
  expect(createText).toContain('+ keystore secret cluster.remote.eu-logs.credentials (set)');

  keystoreAdd('eu-logs', key);
  const created = await remoteClusterConnection.create(local, createPlan.desired);
  expect(created).toMatchObject({ id: 'eu-logs', connected: true, credentials_present: true, credentials_key_id: key.id });
  expect(created.credentials).toBe(key.encoded);
  expect(await persistentSettings()).toMatchObject({ 'cluster.remote.eu-logs.mode': 'proxy', 'cluster.remote.eu-logs.proxy_address': input.proxy_address });

  // Read: no changes.
  const read = await remoteClusterConnection.read(local, created);
  expect(read).toMatchObject({ connected: true, credentials_key_id: key.id });
  expect(plan(read, input).action).toBe('noop');

  // In-place update: two settings, one line each.
  const tuned = { ...input, proxy_socket_connections: 6, server_name: 'remote.example.com' };
  const updatePlan = plan(read, tuned);
  expect(updatePlan.action).toBe('update');
  expect(renderChangeSet(updatePlan.changeSet).split('\n').slice(1)).toEqual([
    '  + cluster.remote.eu-logs.server_name = remote.example.com',
    '  + cluster.remote.eu-logs.proxy_socket_connections = 6',
  ]);
  const updated = await remoteClusterConnection.update(local, read!, updatePlan.desired);
  expect((await persistentSettings())['cluster.remote.eu-logs.proxy_socket_connections']).toBe('6');
  const reread = await remoteClusterConnection.read(local, updated);
  expect(plan(reread, tuned).action).toBe('noop');

  // A setting changed by hand is seen by read and diff.
  await call(harness.emulator.clusters.local.url, 'PUT', '/_cluster/settings', superuser('local'), { persistent: { 'cluster.remote.eu-logs.proxy_socket_connections': 9 } });
  const drifted = await remoteClusterConnection.read(local, reread!);
  expect(drifted!.proxy_socket_connections).toBe(9);
  expect(renderChangeSet(plan(drifted, tuned).changeSet)).toContain('~ cluster.remote.eu-logs.proxy_socket_connections 9 → 6');
  const repaired = await remoteClusterConnection.update(local, drifted!, plan(drifted, tuned).desired);

  // Rotation: a new key shows as "rotated, key a → b" (plain credentials give the key id at plan time).
  const key2 = await newKey('conn-key-2');
  const plainKey2 = remote.secrets.unseal(key2.encoded!);
  const rotatedInput = { ...tuned, credentials: plainKey2 };
  const rotation = plan(repaired, rotatedInput);
  expect(renderChangeSet(rotation.changeSet)).toContain(`~ keystore secret cluster.remote.eu-logs.credentials (rotated, key ${key.id} → ${key2.id})`);
  keystoreAdd('eu-logs', key2);
  const rotated = await remoteClusterConnection.update(local, repaired, rotation.desired);
  expect(rotated).toMatchObject({ connected: true, credentials_key_id: key2.id });
  expect(rotated.credentials && local.secrets.isSealed(rotated.credentials)).toBe(true);
  // Only now is the old key retired (the front end's create-before-destroy order).
  await crossClusterApiKey.delete(remote, key);
  expect((await remoteClusterConnection.read(local, rotated))!.connected).toBe(true);

  // The key invalidated on the remote cluster: read sees the alias disconnected, waiting says why.
  await call(harness.emulator.clusters.remote.url, 'DELETE', '/_security/api_key', superuser('remote'), { ids: [key2.id] });
  const broken = await remoteClusterConnection.read(local, rotated);
  expect(broken!.connected).toBe(false);
  const failure = await remoteClusterConnection.update(local, broken!, { ...rotation.desired, wait_timeout: '1s' }).catch((e: Error) => e);
  expect(failure).toMatchObject({ name: 'RemoteClusterNotConnectedError' });
  expect((failure as Error).message).toMatch(/eu-logs.*not connected.*(invalidated|expired)/);

  // Import by alias: settings and the presence of credentials; which key cannot be read back.
  const imported = await remoteClusterConnection.import(local, 'eu-logs');
  expect(imported).toMatchObject({ alias: 'eu-logs', mode: 'proxy', proxy_socket_connections: 6, credentials_present: true });
  expect(imported.credentials_key_id).toBeUndefined();
  await expect(remoteClusterConnection.import(local, 'no_such_alias')).rejects.toThrow('RemoteClusterConnection: import id: the cluster has no persistent cluster.remote.no_such_alias.* settings');

  // Replacement on a new alias.
  const replacePlan = plan(rotated, { ...rotatedInput, alias: 'eu-logs-2' });
  expect(replacePlan.action).toBe('replace');
  expect(replacePlan.replacePaths).toEqual([['alias']]);

  // Delete: exactly our keys are reset; the other alias is untouched.
  await remoteClusterConnection.delete(local, rotated);
  const after = await persistentSettings();
  expect(Object.keys(after).filter((k) => k.startsWith('cluster.remote.eu-logs.'))).toEqual([]);
  expect(Object.fromEntries(Object.entries(after).filter(([k]) => k.startsWith('cluster.remote.other.')))).toEqual(others);
  expect(await remoteClusterConnection.read(local, rotated)).toBeUndefined();
});

test('sniff mode: seeds are list entries; no credentials on 9443 is diagnosed; a failed create leaves nothing', async () => {
  const seeds = [harness.emulator.clusters.remote.transportAddress];
  harness.emulator.trust('local', 'remote');
  harness.emulator.trust('remote', 'local');
  const created = await remoteClusterConnection.create(local, plan(undefined, { alias: 'cert-model', seeds, node_connections: 2, wait_for_connected: true, wait_timeout: '5s' }).desired);
  expect(created.connected).toBe(true);
  expect(created.credentials_present).toBe(false);

  const twoSeeds = { alias: 'cert-model', seeds: [...seeds, '10.9.9.9:9300'], node_connections: 2 };
  expect(renderChangeSet(plan(created, twoSeeds).changeSet)).toContain('+ cluster.remote.cert-model.seeds 10.9.9.9:9300');
  await remoteClusterConnection.delete(local, created);

  // The API-key port without credentials: not connected, and the message says why; nothing is left behind.
  const attempt = plan(undefined, { alias: 'wrong-port', mode: 'proxy', proxy_address: harness.emulator.clusters.remote.remoteClusterServerAddress, wait_for_connected: true, wait_timeout: '1s' });
  const error = await remoteClusterConnection.create(local, attempt.desired).catch((e: Error) => e);
  expect((error as Error).message).toMatch(/wrong-port.*9443.*no credentials/);
  expect(Object.keys(await persistentSettings()).filter((k) => k.startsWith('cluster.remote.wrong-port.'))).toEqual([]);
});

test('self-managed keystore: a key missing from the nodes\' keystores is not recorded, the error names the operator step, nothing is left behind', async () => {
  const key = await newKey('conn-key-missing');
  const desired = plan(undefined, {
    alias: 'no-keystore',
    mode: 'proxy',
    proxy_address: harness.emulator.clusters.remote.remoteClusterServerAddress,
    credentials: key.encoded,
    wait_for_connected: true,
    wait_timeout: '1s',
  }).desired;
  const error = await remoteClusterConnection.create(local, desired).catch((e: Error) => e);
  expect((error as Error).message).toContain(`key ${key.id} is not confirmed in the keystore of this self-managed cluster, so it is not recorded as installed`);
  expect((error as Error).message).toContain('its keystore has no cluster.remote.no-keystore.credentials');
  expect((error as Error).message).toContain('Operator step: on every node run `bin/elasticsearch-keystore add cluster.remote.no-keystore.credentials`');
  expect(Object.keys(await persistentSettings()).filter((k) => k.startsWith('cluster.remote.no-keystore.'))).toEqual([]);
});

test('without a secrets key, state keeps only the key id of plain credentials', async () => {
  const key = await newKey('conn-key-unsealed');
  const plain = remote.secrets.unseal(key.encoded!);
  const noSecretsKey = harness.context('local', { secretsKey: undefined });
  keystoreAdd('unsealed', key);
  const desired = plan(undefined, { alias: 'unsealed', mode: 'proxy', proxy_address: harness.emulator.clusters.remote.remoteClusterServerAddress, credentials: plain }).desired;
  const state = await remoteClusterConnection.create(noSecretsKey, desired);
  expect(state.credentials).toBeUndefined();
  expect(state.credentials_key_id).toBe(key.id);
  expect(JSON.stringify(state)).not.toContain(plain);
  expect(plan(state, { ...desired, credentials: plain }).action).toBe('noop');
  await remoteClusterConnection.delete(noSecretsKey, state);
});
