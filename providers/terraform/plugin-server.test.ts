/**
 * The provider's gRPC services as a go-plugin host sees them: mutual TLS with the host's certificate,
 * the handshake line's certificate as the only server trust, health, controller, stdio, and the
 * tfplugin6 lifecycle (schema, validation with attribute paths, plan, apply, read, import) against the
 * emulator over real HTTP.
 */
import * as grpc from '@grpc/grpc-js';
import { decode } from '@msgpack/msgpack';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { memoryLogger } from '../../src/log';
import { resourceDefinitions } from '../../src/resources';
import { createSecretBox } from '../../src/secrets/secret-box';
import { makeServerCertificate } from './certificate';
import { decodeMsgpack, encodeMsgpack, isUnknown, Unknown, type TfObject } from './codec';
import { schemaOf } from './generate-schema';
import { startPluginServer, type RunningPlugin } from './plugin-server';
import { loadProtocol } from './protocol';
import { ElasticRemoteProvider } from './provider';
import { providerConfigType } from './provider-config';
import { resourceType } from './schema';

const secretsKey = 'plugin-server-test-secrets-key';
const protocol = loadProtocol();
const hostCert = makeServerCertificate();

let emulator: RunningEmulator;
let plugin: RunningPlugin;
let shutdownCalls = 0;

type Call = (request: object) => Promise<Record<string, unknown>>;

function derToPem(base64Der: string): string {
  const der = Buffer.from(base64Der, 'base64');
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function client(service: grpc.ServiceDefinition, cert = hostCert): Record<string, Call> & { close(): void } {
  const [, , , address, , serverCertB64] = plugin.handshake.split('|');
  const Ctor = grpc.makeGenericClientConstructor(service, 'svc');
  const credentials = grpc.credentials.createSsl(Buffer.from(derToPem(serverCertB64)), Buffer.from(cert.keyPem), Buffer.from(cert.certPem));
  const raw = new Ctor(address, credentials, { 'grpc.ssl_target_name_override': 'localhost' }) as unknown as Record<string, Function> & grpc.Client;
  const calls: Record<string, Call> = {};
  for (const name of Object.keys(service)) {
    calls[name] = (request) =>
      new Promise((resolve, reject) => raw[name].call(raw, request, { deadline: Date.now() + 20_000 }, (err: Error | null, res: Record<string, unknown>) => (err ? reject(err) : resolve(res))));
  }
  return Object.assign(calls, { close: () => raw.close() });
}

beforeAll(async () => {
  emulator = await startEmulator();
  const provider = new ElasticRemoteProvider(resourceDefinitions, { logger: memoryLogger(), environment: {}, sleep: async () => undefined });
  plugin = await startPluginServer({ schema: schemaOf(resourceDefinitions), loadProvider: async () => provider, log: memoryLogger(), protocolVersion: 6, clientCertPem: hostCert.certPem, onShutdown: () => void shutdownCalls++ });
});
afterAll(async () => {
  await plugin?.stop();
  await emulator?.stop();
});

const keyType = resourceType(resourceDefinitions.find((d) => d.tfName === 'cross_cluster_api_key')!);
const dv = (value: TfObject | null, type = keyType.objectType) => ({ msgpack: Buffer.from(encodeMsgpack(value, type)) });
const fromDv = (message: unknown, type = keyType.objectType) => decodeMsgpack((message as { msgpack: Buffer }).msgpack, type) as TfObject | null;
const keyConfig = (over: TfObject = {}): TfObject => ({
  name: 'plugin-key',
  access: { search: [{ names: ['logs-*'], query: null, field_security: null, allow_restricted_indices: null }], replication: null },
  expiration: null,
  metadata: null,
  certificate_identity: null,
  ...over,
});

test('the handshake line names the address and the server certificate (DER, base64 without padding)', () => {
  expect(plugin.handshake).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]+$/);
});

test('health reports the plugin service SERVING; the broker stream opens; the controller shuts down', async () => {
  const health = client(protocol.health);
  expect(await health.Check({ service: 'plugin' })).toEqual({ status: 'SERVING' });
  health.close();
  const controller = client(protocol.controller);
  await controller.Shutdown({});
  await new Promise((r) => setImmediate(r));
  expect(shutdownCalls).toBe(1);
  controller.close();
});

test('only the host certificate is trusted', async () => {
  const stranger = client(protocol.health, makeServerCertificate());
  await expect(stranger.Check({ service: 'plugin' })).rejects.toThrow();
  stranger.close();
});

describe('tfplugin6 Provider', () => {
  let provider: ReturnType<typeof client>;
  beforeAll(() => {
    provider = client(protocol.provider);
  });
  afterAll(() => provider.close());

  test('GetProviderSchema: one resource type per definition, snake_case, sensitive and nested attributes, id computed', async () => {
    const schema = await provider.GetProviderSchema({});
    const resources = schema.resource_schemas as Record<string, { block: { attributes: Array<Record<string, unknown>> } }>;
    expect(Object.keys(resources).sort()).toEqual(resourceDefinitions.map((d) => `elasticremote_${d.tfName}`).sort());
    const key = resources.elasticremote_cross_cluster_api_key.block.attributes;
    const byName = Object.fromEntries(key.map((a) => [a.name, a]));
    expect(byName.name).toMatchObject({ required: true, computed: false });
    expect(byName.encoded).toMatchObject({ computed: true, sensitive: true, optional: false });
    expect(byName.id).toMatchObject({ computed: true });
    expect(byName.access).toMatchObject({ nested_type: { nesting: 'SINGLE' } });
    const access = byName.access as { nested_type: { attributes: Array<{ name: string; nested_type: { nesting: string } }> } };
    expect(access.nested_type.attributes.find((a) => a.name === 'search')!.nested_type.nesting).toBe('LIST');
    const connection = Object.fromEntries(resources.elasticremote_remote_cluster_connection.block.attributes.map((a) => [a.name, a]));
    expect(connection.credentials).toMatchObject({ sensitive: true, optional: true });
    expect(connection.credentials_wo).toMatchObject({ sensitive: true, optional: true, write_only: true });
    expect(Object.keys(schema.data_source_schemas as object).sort()).toEqual(['elasticremote_deployment', 'elasticremote_eck_remote_cluster', 'elasticremote_remote_info', 'elasticremote_trust_parameters']);
    expect(connection.mode).toMatchObject({ optional: true, computed: true });
    type Attr = { name: string; sensitive: boolean };
    const providerBlock = schema.provider as { block: { attributes: Attr[]; block_types: Array<{ type_name: string; block: { attributes: Attr[] } }> } };
    expect(providerBlock.block.attributes).toEqual([expect.objectContaining({ name: 'secrets_key', sensitive: true })]);
    const es = providerBlock.block.block_types.find((b) => b.type_name === 'elasticsearch')!.block.attributes;
    expect(es.filter((a) => a.sensitive).map((a) => a.name).sort()).toEqual(['api_key', 'password']);
  });

  test('ValidateResourceConfig: a write-only attribute is refused by a client without write-only support, accepted with it', async () => {
    const connectionType = resourceType(resourceDefinitions.find((d) => d.tfName === 'remote_cluster_connection')!);
    const key = Buffer.from('keyid1:secret-part-1234567890').toString('base64');
    const config = Object.fromEntries(connectionType.attributes.map((a) => [a.name, null]));
    Object.assign(config, { alias: 'eu-logs', mode: 'proxy', proxy_address: 'remote.example:9443', credentials_wo: key, credentials_wo_version: '1' });
    const old = await provider.ValidateResourceConfig({ type_name: connectionType.typeName, config: dv(config, connectionType.objectType) });
    expect((old.diagnostics as Array<{ summary: string }>).map((d) => d.summary)).toEqual(['RemoteClusterConnection: credentials_wo: write-only attributes need OpenTofu or Terraform 1.11 or later']);
    const current = await provider.ValidateResourceConfig({ type_name: connectionType.typeName, config: dv(config, connectionType.objectType), client_capabilities: { write_only_attributes_allowed: true } });
    expect(current.diagnostics).toEqual([]);
  });

  test('ValidateResourceConfig: the engine message with the attribute path; unknown values skipped', async () => {
    const bad = await provider.ValidateResourceConfig({
      type_name: keyType.typeName,
      config: dv(keyConfig({ name: '_reserved', access: { search: [{ names: ['bad index'], query: null, field_security: null, allow_restricted_indices: null }], replication: null } })),
    });
    const diagnostics = bad.diagnostics as Array<{ severity: string; summary: string; attribute: { steps: unknown[] } }>;
    expect(diagnostics.map((d) => d.summary)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^CrossClusterApiKey: name: must not begin with an underscore/), expect.stringMatching(/^CrossClusterApiKey: access\.search\[0\]\.names\[0\]: /)]),
    );
    const namesDiag = diagnostics.find((d) => d.summary.includes('access.search'))!;
    expect(namesDiag.severity).toBe('ERROR');
    expect(namesDiag.attribute.steps).toEqual([
      { attribute_name: 'access', selector: 'attribute_name' },
      { attribute_name: 'search', selector: 'attribute_name' },
      { element_key_int: 0, selector: 'element_key_int' },
      { attribute_name: 'names', selector: 'attribute_name' },
      { element_key_int: 0, selector: 'element_key_int' },
    ]);
    const unknownName = await provider.ValidateResourceConfig({
      type_name: keyType.typeName,
      config: dv({ ...keyConfig(), name: new Unknown() }),
    });
    expect(unknownName.diagnostics).toEqual([]);
  });

  test('ConfigureProvider, then create, read, no-op plan, in-place update, import and delete of a key', async () => {
    const remote = emulator.clusters.remote;
    const config = { secrets_key: secretsKey, elasticsearch: { endpoint: remote.url, api_key: null, username: remote.username, password: remote.password, ca_cert: null, insecure: null }, cloud: null };
    expect((await provider.ConfigureProvider({ terraform_version: '1.12.6', config: dv(config, providerConfigType) })).diagnostics).toEqual([]);

    const createPlan = await provider.PlanResourceChange({ type_name: keyType.typeName, prior_state: dv(null), proposed_new_state: dv(keyConfig()), config: dv(keyConfig()) });
    const planned = fromDv(createPlan.planned_state)!;
    expect(isUnknown(planned.id)).toBe(true);
    expect(isUnknown(planned.encoded)).toBe(true);
    expect(planned.name).toBe('plugin-key');
    // A new key's values are all in Terraform's own diff: no extra warning block.
    expect(createPlan.diagnostics).toEqual([]);

    const applied = await provider.ApplyResourceChange({ type_name: keyType.typeName, prior_state: dv(null), planned_state: createPlan.planned_state, config: dv(keyConfig()) });
    expect(applied.diagnostics).toEqual([]);
    const state = fromDv(applied.new_state)!;
    expect(state.id).toMatch(/.+/);
    expect(String(state.encoded)).toMatch(/^sealed:v1:/);
    // The plain key never leaves the provider: not in the state, not in the raw bytes.
    const raw = JSON.stringify(decode((applied.new_state as { msgpack: Buffer }).msgpack));
    const plain = createSecretBox(secretsKey).unseal(String(state.encoded));
    expect(plain.length).toBeGreaterThan(20);
    expect(raw).not.toContain(plain);

    const read = await provider.ReadResource({ type_name: keyType.typeName, current_state: applied.new_state });
    expect(fromDv(read.new_state)).toEqual(state);
    const noop = await provider.PlanResourceChange({ type_name: keyType.typeName, prior_state: read.new_state, proposed_new_state: dv(keyConfig()), config: dv(keyConfig()) });
    expect(fromDv(noop.planned_state)).toEqual(state);
    expect(noop.diagnostics).toEqual([]);

    const withMetadata = keyConfig({ metadata: { team: 'search' } });
    const update = await provider.PlanResourceChange({ type_name: keyType.typeName, prior_state: read.new_state, proposed_new_state: dv(withMetadata), config: dv(withMetadata) });
    expect(update.requires_replace).toEqual([]);
    expect(fromDv(update.planned_state)!.id).toBe(state.id);
    const rename = keyConfig({ name: 'plugin-key-2' });
    const replace = await provider.PlanResourceChange({ type_name: keyType.typeName, prior_state: read.new_state, proposed_new_state: dv(rename), config: dv(rename) });
    expect(replace.requires_replace).toEqual([{ steps: [{ attribute_name: 'name', selector: 'attribute_name' }] }]);
    const updated = await provider.ApplyResourceChange({ type_name: keyType.typeName, prior_state: read.new_state, planned_state: update.planned_state, config: dv(withMetadata) });
    expect(fromDv(updated.new_state)).toMatchObject({ id: state.id, metadata: { team: 'search' }, encoded: state.encoded });

    const imported = await provider.ImportResourceState({ type_name: keyType.typeName, id: String(state.id) });
    const importedState = fromDv((imported.imported_resources as Array<{ state: unknown }>)[0].state)!;
    expect(importedState).toMatchObject({ id: state.id, name: 'plugin-key', metadata: { team: 'search' }, encoded: null });

    const deleted = await provider.ApplyResourceChange({ type_name: keyType.typeName, prior_state: updated.new_state, planned_state: dv(null), config: dv(null) });
    expect(fromDv(deleted.new_state)).toBeNull();
    const gone = await provider.ReadResource({ type_name: keyType.typeName, current_state: updated.new_state });
    expect(fromDv(gone.new_state)).toBeNull();
  });

  test('ReadResource of many keys in one process sends one key listing; a read after a delete sees it gone', async () => {
    const remote = emulator.clusters.remote;
    const config = { secrets_key: secretsKey, elasticsearch: { endpoint: remote.url, api_key: null, username: remote.username, password: remote.password, ca_cert: null, insecure: null }, cloud: null };
    expect((await provider.ConfigureProvider({ terraform_version: '1.12.6', config: dv(config, providerConfigType) })).diagnostics).toEqual([]);
    const states = [];
    for (const name of ['shared-read-1', 'shared-read-2', 'shared-read-3']) {
      const plan = await provider.PlanResourceChange({ type_name: keyType.typeName, prior_state: dv(null), proposed_new_state: dv(keyConfig({ name })), config: dv(keyConfig({ name })) });
      states.push((await provider.ApplyResourceChange({ type_name: keyType.typeName, prior_state: dv(null), planned_state: plan.planned_state, config: dv(keyConfig({ name })) })).new_state);
    }

    emulator.resetRequestLog();
    const reads = await Promise.all(states.map((current_state) => provider.ReadResource({ type_name: keyType.typeName, current_state })));
    expect(reads.map((r) => fromDv(r.new_state)!.name)).toEqual(['shared-read-1', 'shared-read-2', 'shared-read-3']);
    expect(emulator.requestLog().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /_security/api_key']);

    for (const prior_state of states) await provider.ApplyResourceChange({ type_name: keyType.typeName, prior_state, planned_state: dv(null), config: dv(null) });
    const gone = await provider.ReadResource({ type_name: keyType.typeName, current_state: states[0] });
    expect(fromDv(gone.new_state)).toBeNull();
  });

  test('a bad import id says what is accepted', async () => {
    const result = await provider.ImportResourceState({ type_name: keyType.typeName, id: 'no-such-key' });
    const [diagnostic] = result.diagnostics as Array<{ severity: string; detail: string }>;
    expect(diagnostic.severity).toBe('ERROR');
    expect(diagnostic.detail).toContain(`Import id format: ${keyType.definition.importIdFormat}`);
  });

  test('UpgradeResourceState reads the stored JSON into the current schema; newer versions are refused', async () => {
    const json = Buffer.from(JSON.stringify({ id: 'abc', name: 'k', access: { search: [{ names: ['a'] }] }, dropped: 1 }));
    const upgraded = await provider.UpgradeResourceState({ type_name: keyType.typeName, version: 0, raw_state: { json } });
    expect(fromDv(upgraded.upgraded_state)).toMatchObject({ id: 'abc', name: 'k', encoded: null, metadata: null });
    const newer = await provider.UpgradeResourceState({ type_name: keyType.typeName, version: 7, raw_state: { json } });
    expect((newer.diagnostics as Array<{ severity: string; summary: string }>)[0]).toMatchObject({ severity: 'ERROR', summary: expect.stringMatching(/written by a newer provider/) });
  });

  test('StopProvider answers without error, and the engine\'s waits end from then on', async () => {
    expect(await provider.StopProvider({})).toEqual({ Error: '' });
    const planned = await provider.PlanResourceChange({ type_name: keyType.typeName, prior_state: dv(null), proposed_new_state: dv(keyConfig({ name: 'after-stop' })), config: dv(keyConfig({ name: 'after-stop' })) });
    // 503 until the retries are exhausted: the first back-off pause ends the apply instead.
    emulator.faults.set({ kind: 'status', status: 503, target: 'remote' });
    const applied = await provider.ApplyResourceChange({ type_name: keyType.typeName, prior_state: dv(null), planned_state: planned.planned_state, config: dv(keyConfig({ name: 'after-stop' })) });
    emulator.faults.clear();
    expect((applied.diagnostics as Array<{ summary: string }>).map((d) => d.summary).join('\n')).toMatch(/stopped: Terraform asked the provider to stop/);
  });
});
