/**
 * The Pulumi front end with the REAL Pulumi engine (CLI and Node.js language host built from the Go
 * module proxy, see scripts/install-tools.sh) against the emulator started in this process: a local
 * file backend, no network. The steps run in order on one stack, as a user's pipeline would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { call as esCall } from '../../../src/emulator/test-client';
import { createSecretBox } from '../../../src/secrets/secret-box';
import { buildPackage, createStack, installPackage, type PulumiStack } from './project';

const secretsKey = 'e2e-pulumi-secrets-key';
const alias = 'eu-logs';
const credentialsSetting = `cluster.remote.${alias}.credentials`;

let emulator: RunningEmulator;
let workDir: string;
let stack: PulumiStack;
const packageV1 = () => path.join(workDir, 'pkg-v1');
const packageV2 = () => path.join(workDir, 'pkg-v2');

/**
 * The example's shape (key on the remote cluster, proxy connection with its credentials on the local
 * one) driven by stack configuration, plus optional imports of objects made outside Pulumi.
 */
const program = `
const pulumi = require('@pulumi/pulumi');
const er = require('elastic-remote-clusters');
const config = new pulumi.Config('e2e');
const key = new er.CrossClusterApiKey('key', {
  cluster: 'remote',
  name: config.get('keyName') || 'eu-logs-search',
  access: { search: [{ names: ['logs-*'] }] },
});
const connection = new er.RemoteClusterConnection('connection', {
  cluster: 'local',
  alias: '${alias}',
  mode: 'proxy',
  proxyAddress: config.require('proxyAddress'),
  skipUnavailable: config.getBoolean('skipUnavailable') ?? true,
  credentials: key.encoded,
});
const adoptKeyId = config.get('adoptKeyId');
if (adoptKeyId) {
  // Objects made outside Pulumi, taken over (Node.js dynamic providers cannot serve pulumi import).
  new er.CrossClusterApiKey('adopted-key', {
    cluster: 'remote',
    name: 'adopted-search',
    access: { search: [{ names: ['metrics-*'] }] },
    metadata: { owner: 'platform' },
    adopt: adoptKeyId,
  });
  new er.RemoteClusterConnection('adopted-connection', {
    cluster: 'local',
    alias: 'adopted',
    mode: 'proxy',
    proxyAddress: config.require('proxyAddress'),
    adopt: 'adopted',
  });
  // Read-only lookup of an existing connection (the import path of the provider's read).
  exports.lookedUpMode = er.RemoteClusterConnection.get('looked-up', 'local/adopted').mode;
}
exports.keyId = key.id;
exports.encoded = key.encoded;
exports.connectionId = connection.id;
`;

const superuser = (cluster: 'local' | 'remote') => ({ username: emulator.clusters[cluster].username, password: emulator.clusters[cluster].password });

async function es<T = any>(cluster: 'local' | 'remote', method: string, urlPath: string, body?: unknown) {
  const response = await esCall<T>(emulator.clusters[cluster].url, method, urlPath, superuser(cluster), body);
  if (response.status >= 300) throw new Error(`${method} ${urlPath}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

async function persistentSettings(cluster: 'local' | 'remote'): Promise<Record<string, unknown>> {
  return (await es<{ persistent: Record<string, unknown> }>(cluster, 'GET', '/_cluster/settings?flat_settings=true')).persistent;
}

async function stackOutput(name: string): Promise<string> {
  return (await stack.pulumi(['stack', 'output', name, '--show-secrets'])).stdout.trim();
}

interface StateResource {
  urn: string;
  id?: string;
  /** A replaced object whose delete is still to come. */
  delete?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

async function exportedState(): Promise<{ text: string; resources: StateResource[] }> {
  const { stdout } = await stack.pulumi(['stack', 'export']);
  return { text: stdout, resources: (JSON.parse(stdout) as { deployment: { resources: StateResource[] } }).deployment.resources };
}

const resourceNamed = (resources: StateResource[], name: string) => resources.find((r) => r.urn.endsWith(`::${name}`));
/** The current object of a resource (not a replaced one still waiting for its delete). */
const liveResource = (resources: StateResource[], name: string) => resources.find((r) => r.urn.endsWith(`::${name}`) && !r.delete);

/** The current key's plain encoded value, from the state (sealed there): what an operator installs. */
async function currentEncodedKey(): Promise<string> {
  const { stdout } = await stack.pulumi(['stack', 'export', '--show-secrets']);
  const resources = (JSON.parse(stdout) as { deployment: { resources: StateResource[] } }).deployment.resources;
  // A Pulumi secret shown with --show-secrets: { <sig>: ..., plaintext: "<JSON of the value>" }.
  const encoded = liveResource(resources, 'key')?.outputs?.encoded as { plaintext?: string } | string | undefined;
  const sealed = typeof encoded === 'object' && encoded?.plaintext !== undefined ? (JSON.parse(encoded.plaintext) as string) : String(encoded);
  return createSecretBox(secretsKey).unseal(sealed);
}

/** The self-managed keystore step: `elasticsearch-keystore add` of the current key on the local cluster. */
async function operatorAddsKey(): Promise<void> {
  emulator.keystore('local').set(credentialsSetting, await currentEncodedKey());
}

beforeAll(async () => {
  emulator = await startEmulator();
  workDir = mkdtempSync(path.join(os.tmpdir(), 'pulumi-e2e-'));
  buildPackage(packageV1(), '0.1.0');
  stack = await createStack(workDir, packageV1(), program);
  const { local, remote } = emulator.clusters;
  await stack.setConfig('elasticRemote:clusters.local.endpoint', local.url, { path: true });
  await stack.setConfig('elasticRemote:clusters.local.apiKey', local.apiKey, { path: true, secret: true });
  await stack.setConfig('elasticRemote:clusters.remote.endpoint', remote.url, { path: true });
  await stack.setConfig('elasticRemote:clusters.remote.username', remote.username, { path: true });
  await stack.setConfig('elasticRemote:clusters.remote.password', remote.password, { path: true, secret: true });
  await stack.setConfig('elasticRemote:secretsKey', secretsKey, { secret: true });
}, 240_000);

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('bad input fails at preview, naming the field, with no request to the emulator', async () => {
  await stack.setConfig('e2e:proxyAddress', 'remote-without-port');
  emulator.resetRequestLog();
  const preview = await stack.pulumi(['preview'], { expectFailure: true });
  expect(preview.code).not.toBe(0);
  const output = preview.stdout + preview.stderr;
  expect(output).toContain('proxyAddress');
  expect(output).toMatch(/RemoteClusterConnection: proxyAddress: .*host:port/);
  expect(emulator.requestCount()).toBe(0);
}, 240_000);

test('preview shows the keystore secret and the operator step; up creates the key, and the connection waits for that step', async () => {
  await stack.setConfig('e2e:proxyAddress', emulator.clusters.remote.remoteClusterServerAddress);
  const preview = await stack.pulumi(['preview']);
  expect(preview.stdout).toContain(`+ keystore secret ${credentialsSetting} (set): operator step on every node: bin/elasticsearch-keystore add ${credentialsSetting}`);
  expect(preview.stdout).toContain(`+ cluster.remote.${alias}.proxy_address = ${emulator.clusters.remote.remoteClusterServerAddress}`);

  // Self-managed: the keystore is the operator's; the connection is not recorded before the key is in it.
  const up = await stack.pulumi(['up', '--yes'], { expectFailure: true });
  expect(up.code).not.toBe(0);
  expect(up.stdout + up.stderr).toContain(`its keystore has no ${credentialsSetting}`);
  const key = liveResource((await exportedState()).resources, 'key');
  const keys = await es<{ api_keys: { id: string; invalidated: boolean }[] }>('remote', 'GET', `/_security/api_key?id=${key?.id}`);
  expect(keys.api_keys).toEqual([expect.objectContaining({ id: key?.id, invalidated: false })]);
  expect(Object.keys(await persistentSettings('local')).filter((k) => k.startsWith(`cluster.remote.${alias}.`))).toEqual([]);
}, 240_000);

test('after the operator\'s keystore step, up creates the connection, connected; preview --expect-no-changes passes', async () => {
  // Self-managed: an operator adds the key to the keystore (elasticsearch-keystore add); up reloads.
  await operatorAddsKey();
  await stack.pulumi(['up', '--yes']);
  const info = await es<Record<string, { connected: boolean }>>('local', 'GET', '/_remote/info');
  expect(info[alias]?.connected).toBe(true);
  const { resources } = await exportedState();
  expect(resourceNamed(resources, 'connection')?.outputs).toMatchObject({ connected: true, credentialsPresent: true, credentialsKeyId: liveResource(resources, 'key')?.id });
  await stack.pulumi(['preview', '--expect-no-changes']);
}, 240_000);

test('the exported state holds no secret in plain text', async () => {
  const { text, resources } = await exportedState();
  const encoded = createSecretBox(secretsKey).unseal(await stackOutput('encoded'));
  const keySecret = Buffer.from(encoded, 'base64').toString('utf8').split(':')[1];
  for (const secret of [encoded, keySecret, secretsKey, emulator.clusters.local.apiKey, emulator.clusters.remote.password]) {
    expect(secret.length).toBeGreaterThan(8);
    expect(text).not.toContain(secret);
  }
  // The sealed key is a Pulumi secret too (ciphertext), not merely sealed.
  const key = resourceNamed(resources, 'key');
  expect(JSON.stringify(key?.outputs?.encoded)).toContain('ciphertext');
  expect(JSON.stringify(resourceNamed(resources, 'connection')?.inputs?.credentials)).toContain('ciphertext');
}, 240_000);

test('a replaced key on a self-managed cluster: up stops before the old key goes, preview names the operator step, after it up converges', async () => {
  const oldKeyId = await stackOutput('keyId');
  await stack.setConfig('e2e:keyName', 'eu-logs-search-v2');
  const preview = await stack.pulumi(['preview']);
  expect(preview.stdout).toContain('! name eu-logs-search → eu-logs-search-v2: replaced');
  expect(preview.stdout).toContain(`~ keystore secret ${credentialsSetting} (rotated`);
  expect(preview.stdout).toMatch(/CrossClusterApiKey key\s+replace/);

  // The new key is made, but the keystore still holds the old one: nothing claims the rotation happened.
  const up = await stack.pulumi(['up', '--yes'], { expectFailure: true });
  expect(up.code).not.toBe(0);
  expect(up.stdout + up.stderr).toContain('is not confirmed in the keystore of this self-managed cluster');
  const keysNow = async () => (await es<{ api_keys: { id: string; invalidated: boolean }[] }>('remote', 'GET', '/_security/api_key?name=eu-logs-search*')).api_keys;
  expect((await keysNow()).find((k) => k.id === oldKeyId)?.invalidated).toBe(false);
  const failed = (await exportedState()).resources;
  const newKeyId = liveResource(failed, 'key')?.id;
  expect(newKeyId).not.toBe(oldKeyId);
  expect(resourceNamed(failed, 'connection')?.outputs?.credentialsKeyId).toBe(oldKeyId);
  expect((await es<Record<string, { connected: boolean }>>('local', 'GET', '/_remote/info'))[alias]?.connected).toBe(true);
  // Still not clean, and the plan says what to do.
  const pending = await stack.pulumi(['preview', '--expect-no-changes'], { expectFailure: true });
  expect(pending.code).not.toBe(0);
  expect(pending.stdout).toContain(`(rotated, key ${oldKeyId} → (new key)): operator step on every node: bin/elasticsearch-keystore add ${credentialsSetting}`);

  await operatorAddsKey();
  await stack.pulumi(['up', '--yes']);
  // New key first, then the keystore (the operator's step, confirmed), then the old key invalidated.
  expect((await keysNow()).find((k) => k.id === oldKeyId)?.invalidated).toBe(true);
  expect((await keysNow()).find((k) => k.id === newKeyId)?.invalidated).toBe(false);
  expect(resourceNamed((await exportedState()).resources, 'connection')?.outputs?.credentialsKeyId).toBe(newKeyId);
  expect((await es<Record<string, { connected: boolean }>>('local', 'GET', '/_remote/info'))[alias]?.connected).toBe(true);
  await stack.pulumi(['preview', '--expect-no-changes']);
}, 300_000);

test('drift made behind the tool\'s back is found by refresh and preview, and up repairs it', async () => {
  const keyId = await stackOutput('keyId');
  await es('local', 'PUT', '/_cluster/settings', { persistent: { [`cluster.remote.${alias}.proxy_address`]: 'drifted.example:9443' } });
  await es('remote', 'DELETE', '/_security/api_key', { ids: [keyId] });

  const preview = await stack.pulumi(['preview', '--refresh', '--expect-no-changes'], { expectFailure: true });
  expect(preview.code).not.toBe(0);
  expect(preview.stdout).toMatch(/CrossClusterApiKey key\s+create/);
  expect(preview.stdout).toContain(`~ cluster.remote.${alias}.proxy_address drifted.example:9443 → ${emulator.clusters.remote.remoteClusterServerAddress}`);

  const refresh = await stack.pulumi(['refresh', '--yes', '--expect-no-changes'], { expectFailure: true });
  expect(refresh.code).not.toBe(0);
  expect(refresh.stdout).toMatch(/CrossClusterApiKey key\s+delete/);

  // The key was invalidated: a new one is made, and on this self-managed cluster it needs the operator's step.
  await stack.pulumi(['up', '--yes'], { expectFailure: true });
  await operatorAddsKey();
  await stack.pulumi(['up', '--yes']);
  expect((await persistentSettings('local'))[`cluster.remote.${alias}.proxy_address`]).toBe(emulator.clusters.remote.remoteClusterServerAddress);
  expect(await stackOutput('keyId')).not.toBe(keyId);
  await stack.pulumi(['preview', '--refresh', '--expect-no-changes']);
}, 240_000);

test('existing objects are adopted (the stand-in for pulumi import) with the program\'s differences applied in place', async () => {
  const created = await es<{ id: string }>('remote', 'POST', '/_security/cross_cluster/api_key', {
    name: 'adopted-search',
    access: { search: [{ names: ['metrics-*'] }] },
  });
  await es('local', 'PUT', '/_cluster/settings', {
    persistent: { 'cluster.remote.adopted.mode': 'proxy', 'cluster.remote.adopted.proxy_address': emulator.clusters.remote.remoteClusterServerAddress },
  });
  await stack.setConfig('e2e:adoptKeyId', created.id);
  const preview = await stack.pulumi(['preview']);
  expect(preview.stdout).toContain(`CrossClusterApiKey "adopted-search": adopts the existing object ${created.id}`);
  const up = await stack.pulumi(['up', '--yes']);
  // The program adds metadata the existing key lacks: applied in place, same key.
  expect(up.stdout).toContain('+ metadata.owner = platform');
  const { resources } = await exportedState();
  expect(resourceNamed(resources, 'adopted-key')?.id).toBe(created.id);
  expect(resourceNamed(resources, 'adopted-connection')?.id).toBe('adopted');
  const keys = await es<{ api_keys: { id: string; metadata: Record<string, unknown> }[] }>('remote', 'GET', `/_security/api_key?id=${created.id}`);
  expect(keys.api_keys[0].metadata).toMatchObject({ owner: 'platform' });
  expect(await stackOutput('lookedUpMode')).toBe('proxy');
  await stack.pulumi(['preview', '--expect-no-changes']);
}, 240_000);

test('a stack written by an older package version previews, updates and destroys with the new one, keeping what it does not own', async () => {
  // Version 2 of the package differs in its provider code, so new state gets a different __provider.
  buildPackage(packageV2(), '0.2.0', {
    file: 'providers/pulumi/provider.js',
    edit: (js) => js.replace(/async configure ?\(request\) \{/, (m) => `${m}\n            /* elastic-remote-clusters 0.2.0 */`),
  });
  installPackage(stack.projectDir, packageV2());
  // The old version is gone from disk: old state can only reach the engine through the package name.
  rmSync(packageV1(), { recursive: true, force: true });

  await stack.pulumi(['preview', '--expect-no-changes']);
  await stack.setConfig('e2e:skipUnavailable', 'false');
  const up = await stack.pulumi(['up', '--yes']);
  expect(up.stdout).toMatch(/RemoteClusterConnection connection\s+updated/);
  expect((await persistentSettings('local'))[`cluster.remote.${alias}.skip_unavailable`]).toBe('false');

  const { resources } = await exportedState();
  // The key was not touched: its state still carries version 1's provider, which must still work.
  expect(JSON.stringify(resourceNamed(resources, 'key')?.outputs?.__provider)).toContain('pkg-v1');
  expect(JSON.stringify(resourceNamed(resources, 'connection')?.outputs?.__provider)).toContain('0.2.0');

  // Objects the stack does not own: another alias (with its keystore secret) and another key.
  await es('local', 'PUT', '/_cluster/settings', { persistent: { 'cluster.remote.unmanaged.mode': 'sniff', 'cluster.remote.unmanaged.seeds': ['10.0.0.5:9300'] } });
  emulator.keystore('local').set('cluster.remote.unmanaged.credentials', 'dW5tYW5hZ2VkOnNlY3JldA==');
  const unmanagedKey = await es<{ id: string }>('remote', 'POST', '/_security/cross_cluster/api_key', { name: 'unmanaged', access: { search: [{ names: ['other-*'] }] } });

  const keyId = await stackOutput('keyId');
  await stack.pulumi(['destroy', '--yes']);
  const settings = await persistentSettings('local');
  expect(Object.keys(settings).filter((k) => k.startsWith(`cluster.remote.${alias}.`) || k.startsWith('cluster.remote.adopted.'))).toEqual([]);
  expect(settings['cluster.remote.unmanaged.mode']).toBe('sniff');
  expect(emulator.keystore('local').list()).toContain('cluster.remote.unmanaged.credentials');
  const keys = await es<{ api_keys: { id: string; invalidated: boolean }[] }>('remote', 'GET', '/_security/api_key');
  expect(keys.api_keys.find((k) => k.id === keyId)?.invalidated).toBe(true);
  expect(keys.api_keys.find((k) => k.id === unmanagedKey.id)?.invalidated).toBe(false);
}, 300_000);
