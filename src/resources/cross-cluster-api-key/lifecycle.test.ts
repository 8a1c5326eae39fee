/**
 * CrossClusterApiKey against the emulator over real HTTP: create, read, in-place update, replacement,
 * import, drift made out of band (access changed, key invalidated, key expired), delete.
 */
import { call } from '../../emulator/test-client';
import { renderChangeSet } from '../../plan/render';
import { keyIdOfEncodedKey } from '../../secrets/secret-box';
import { startElasticsearchHarness, type ElasticsearchHarness } from '../../../test/support/elasticsearch-harness';
import type { ClosableEngineContext } from '../../connections/context';
import { planResource } from '../planning';
import { crossClusterApiKey, type CrossClusterApiKeyInput, type CrossClusterApiKeyState } from '.';

let harness: ElasticsearchHarness;
let remote: ClosableEngineContext;

beforeAll(async () => {
  harness = await startElasticsearchHarness();
  remote = harness.context('remote');
});
afterAll(() => harness.close());

const superuser = () => ({ username: harness.emulator.clusters.remote.username, password: harness.emulator.clusters.remote.password });
const remoteUrl = () => harness.emulator.clusters.remote.url;

async function keysNamed(name: string): Promise<{ id: string; invalidated: boolean }[]> {
  const res = await call<{ api_keys: { id: string; invalidated: boolean }[] }>(remoteUrl(), 'GET', `/_security/api_key?name=${encodeURIComponent(name)}`, superuser());
  return res.body.api_keys;
}

const baseInput: CrossClusterApiKeyInput = {
  name: 'eu-logs-search',
  access: {
    search: [{ names: ['logs-*'], query: '{"term": {"team": "eu"}}', field_security: { grant: ['@timestamp', 'message'] } }],
  },
  metadata: { owner: 'platform' },
};

async function plan(prior: CrossClusterApiKeyState | undefined, raw: unknown) {
  return planResource<CrossClusterApiKeyInput>(crossClusterApiKey, prior, raw);
}

test('create, read, in-place update, replacement, import, drift and delete', async () => {
  // Create: the plan lists what the key grants, one line per index name.
  const createPlan = await plan(undefined, baseInput);
  expect(createPlan.action).toBe('create');
  const createText = renderChangeSet(createPlan.changeSet);
  expect(createText).toContain('+ index pattern logs-* under access entry search[0]');
  expect(createText).toContain('+ metadata.owner = platform');

  const created = await crossClusterApiKey.create(remote, createPlan.desired);
  expect(created.encoded && remote.secrets.isSealed(created.encoded)).toBe(true);
  expect(keyIdOfEncodedKey(remote.secrets.unseal(created.encoded!))).toBe(created.id);
  expect(created.creation_time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  expect(await keysNamed('eu-logs-search')).toEqual([expect.objectContaining({ id: created.id, invalidated: false })]);

  // Read: Elasticsearch's view (query text normalised) diffs to nothing.
  const read = await crossClusterApiKey.read(remote, created);
  expect(read).toBeDefined();
  expect(read!.encoded).toBe(created.encoded);
  expect((await plan(read, baseInput)).action).toBe('noop');

  // In-place update: one index added, one metadata key changed, a certificate identity set.
  const updatedInput: CrossClusterApiKeyInput = {
    ...baseInput,
    access: { ...baseInput.access, search: [{ ...baseInput.access.search![0], names: ['logs-*', 'metrics-*'] }] },
    metadata: { owner: 'search-team' },
    certificate_identity: 'CN=local-node-.*',
  };
  const updatePlan = await plan(read, updatedInput);
  expect(updatePlan.action).toBe('update');
  expect(renderChangeSet(updatePlan.changeSet).split('\n').slice(1)).toEqual([
    '  + index pattern metrics-* under access entry search[0]',
    '  ~ metadata.owner platform → search-team',
    '  + certificate_identity = CN=local-node-.*',
  ]);
  const updated = await crossClusterApiKey.update(remote, read!, updatePlan.desired);
  expect(updated.id).toBe(created.id);
  const reread = await crossClusterApiKey.read(remote, updated);
  expect(reread!.access.search![0].names).toEqual(['logs-*', 'metrics-*']);
  expect(reread!.certificate_identity).toBe('CN=local-node-.*');
  expect((await plan(reread, updatedInput)).action).toBe('noop');

  // Drift: someone narrows the access by hand; read reports it and the diff puts it back.
  const handEdit = await call(remoteUrl(), 'PUT', `/_security/cross_cluster/api_key/${created.id}`, superuser(), { access: { search: [{ names: ['logs-*'] }] } });
  expect(handEdit.status).toBe(200);
  const drifted = await crossClusterApiKey.read(remote, reread!);
  const driftText = renderChangeSet((await plan(drifted, updatedInput)).changeSet);
  expect(driftText).toContain('+ index pattern metrics-* under access entry search[0]');
  expect(driftText).toContain('+ access.search[0].field_security = {"grant":["@timestamp","message"]}');
  expect(driftText).toContain('+ access.search[0].query');

  // Import by key id: everything but the encoded key, which Elasticsearch never returns again.
  const imported = await crossClusterApiKey.import(remote, created.id);
  expect(imported.encoded).toBeUndefined();
  expect(imported.name).toBe('eu-logs-search');
  expect(harness.logger.lines().some((l) => l.includes('cannot be recovered'))).toBe(true);
  await expect(crossClusterApiKey.import(remote, 'no-such-key')).rejects.toThrow(/CrossClusterApiKey: import id: no active API key with id no-such-key/);

  // Replacement on rename: create-before-destroy leaves exactly one live key.
  const renamed = { ...updatedInput, name: 'eu-logs-search-v2' };
  const replacePlan = await plan(reread, renamed);
  expect(replacePlan.action).toBe('replace');
  expect(replacePlan.replacePaths).toEqual([['name']]);
  expect(renderChangeSet(replacePlan.changeSet)).toContain('! name eu-logs-search → eu-logs-search-v2: replaced');
  const replacement = await crossClusterApiKey.create(remote, replacePlan.desired);
  await crossClusterApiKey.delete(remote, reread!);
  expect(replacement.id).not.toBe(created.id);
  expect(await crossClusterApiKey.read(remote, reread!)).toBeUndefined();
  expect(await keysNamed('eu-logs-search')).toEqual([expect.objectContaining({ id: created.id, invalidated: true })]);

  // Invalidated out of band: the key is gone for the plan, which recreates it.
  const invalidation = await call(remoteUrl(), 'DELETE', '/_security/api_key', superuser(), { ids: [replacement.id] });
  expect(invalidation.status).toBe(200);
  expect(await crossClusterApiKey.read(remote, replacement)).toBeUndefined();
  expect((await plan(undefined, renamed)).action).toBe('create');
});

test('an expired key reads as gone; a changed expiration replaces the key', async () => {
  const input = { name: 'short-lived', access: { replication: [{ names: ['follower-*'] }] }, expiration: '1h' };
  const created = await crossClusterApiKey.create(remote, (await plan(undefined, input)).desired);
  expect(created.expiration_time).toBeDefined();
  expect(await crossClusterApiKey.read(remote, created)).toBeDefined();
  const replace = await plan(created, { ...input, expiration: '2h' });
  expect(replace.action).toBe('replace');
  expect(renderChangeSet(replace.changeSet)).toContain('! expiration 1h → 2h: replaced');
  harness.emulator.clock.advance(2 * 3600 * 1000);
  expect(await crossClusterApiKey.read(remote, created)).toBeUndefined();
});

test('Elasticsearch errors keep their type and reason', async () => {
  const local = harness.context('local', {
    elasticsearch: { endpoint: harness.emulator.clusters.local.url, apiKey: harness.emulator.clusters.local.apiKey },
  });
  // As in Elasticsearch, a cross-cluster key cannot be created with API key authentication.
  const error = await crossClusterApiKey.create(local, (await plan(undefined, baseInput)).desired).catch((e: unknown) => e);
  expect(error).toMatchObject({ name: 'ElasticsearchError' });
  expect((error as { type: string }).type).toMatch(/exception/);
  expect((error as { reason: string }).reason.length).toBeGreaterThan(0);
});
