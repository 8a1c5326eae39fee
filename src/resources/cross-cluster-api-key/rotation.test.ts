/**
 * Declarative rotation and crash consistency of CrossClusterApiKey against the emulator: the plan
 * replaces a key whose age reached rotate_after (judged by the cluster's clock) and says why, warns
 * before an expiry, and a create interrupted after Elasticsearch answered leaves no orphan behind.
 */
import { call } from '../../emulator/test-client';
import { renderChangeSet } from '../../plan/render';
import { startElasticsearchHarness, type ElasticsearchHarness } from '../../../test/support/elasticsearch-harness';
import type { ClosableEngineContext } from '../../connections/context';
import { planResource, planningFacts } from '../planning';
import { createTokenMetadataKey, crossClusterApiKey, pendingMetadataKey, type CrossClusterApiKeyInput, type CrossClusterApiKeyState } from '.';
import { expiryWarning, formatDuration, rotationDue } from './diff';
import { validateInput } from '../definition';

let harness: ElasticsearchHarness;
let remote: ClosableEngineContext;

beforeAll(async () => {
  harness = await startElasticsearchHarness();
  remote = harness.context('remote');
});
afterAll(() => harness.close());

const day = 86_400_000;
const superuser = () => ({ username: harness.emulator.clusters.remote.username, password: harness.emulator.clusters.remote.password });

async function liveKeys(name: string): Promise<{ id: string; metadata: Record<string, unknown> }[]> {
  const res = await call<{ api_keys: { id: string; metadata: Record<string, unknown> }[] }>(
    harness.emulator.clusters.remote.url,
    'GET',
    `/_security/api_key?name=${encodeURIComponent(name)}&active_only=true`,
    superuser(),
  );
  return res.body.api_keys;
}

const input = (name: string, extra: Partial<CrossClusterApiKeyInput> = {}): CrossClusterApiKeyInput =>
  validateInput(crossClusterApiKey, { name, access: { search: [{ names: ['logs-*'] }] }, ...extra });

test('durations read as the largest whole unit', () => {
  expect(formatDuration(31 * day + 5)).toBe('31d');
  expect(formatDuration(5 * 3_600_000)).toBe('5h');
  expect(formatDuration(80_000)).toBe('1m');
  expect(formatDuration(31 * day - 400)).toBe('31d');
  expect(formatDuration(4_000)).toBe('4s');
});

test('rotation is due once the age reaches rotate_after, never without it', () => {
  const prior = { id: 'k1', ...input('r'), creation_time: '2026-01-01T00:00:00.000Z' } as CrossClusterApiKeyState;
  const at = (days: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + days * day);
  expect(rotationDue(prior, input('r', { rotate_after: '30d' }), at(29))).toBeUndefined();
  expect(rotationDue(prior, input('r', { rotate_after: '30d' }), at(31))).toBe('rotation due: created 31d ago, rotate_after 30d');
  expect(rotationDue(prior, input('r'), at(400))).toBeUndefined();
});

test('rotate_after must be shorter than expiration, named with both', () => {
  expect(() => input('r', { rotate_after: '90d', expiration: '30d' })).toThrow(/rotate_after: must be shorter than expiration \(30d\)/);
  expect(() => input('r', { rotate_after: 'soon' })).toThrow(/rotate_after: accepted: a positive duration/);
});

test('a key expiring within expiry_warning is warned about, once rotation does not replace it', () => {
  const prior = { id: 'k1', ...input('r'), creation_time: '2026-01-01T00:00:00.000Z', expiration_time: '2026-03-01T00:00:00.000Z' } as CrossClusterApiKeyState;
  const now = new Date(Date.parse('2026-03-01T00:00:00.000Z') - 5 * day);
  expect(expiryWarning(prior, input('r'), now)).toMatch(/^CrossClusterApiKey "r": key k1 expires in 5d \(2026-03-01T00:00:00.000Z\), within expiry_warning 14d; rotate_after is not set/);
  expect(expiryWarning(prior, input('r', { expiry_warning: '3d' }), now)).toBeUndefined();
  expect(expiryWarning(prior, input('r', { rotate_after: '30d' }), now)).toBeUndefined(); // rotation replaces it
});

test('with the cluster\'s clock 31 days on, the plan replaces the key and says why; rotate_after alone changes nothing in Elasticsearch', async () => {
  const created = await crossClusterApiKey.create(remote, input('rotating', { rotate_after: '30d' }));
  const fresh = planResource(crossClusterApiKey, created, input('rotating', { rotate_after: '30d' }), [], await planningFacts(remote, crossClusterApiKey, created));
  expect(fresh.action).toBe('noop');

  harness.emulator.clock.advance(31 * day);
  // The cluster's Date header moves with its clock; the engine learns it from the next answer.
  await crossClusterApiKey.read(remote, created);
  const facts = await planningFacts(remote, crossClusterApiKey, created);
  const due = planResource(crossClusterApiKey, created, input('rotating', { rotate_after: '30d' }), [], facts);
  expect(due.action).toBe('replace');
  expect(due.replacePaths).toEqual([['creation_time']]);
  expect(renderChangeSet(due.changeSet)).toContain('! rotation due: created 31d ago, rotate_after 30d');

  const before = harness.emulator.requestCount();
  const relaxed = planResource<CrossClusterApiKeyInput>(crossClusterApiKey, created, input('rotating', { rotate_after: '60d' }), [], facts);
  expect(relaxed.action).toBe('update');
  const updated = await crossClusterApiKey.update(remote, created, relaxed.desired);
  expect(updated.rotate_after).toBe('60d');
  expect(harness.emulator.requestCount()).toBe(before);
});

test('a create whose answer arrived but whose process died leaves a pending key: the next create invalidates it, a finished key of the same name is untouched', async () => {
  const other = await crossClusterApiKey.create(remote, input('shared-name')); // another stack's finished key
  // What a killed front end leaves: the key made, still marked pending, its secret gone.
  await call(harness.emulator.clusters.remote.url, 'POST', '/_security/cross_cluster/api_key', superuser(), {
    name: 'shared-name',
    access: { search: [{ names: ['logs-*'] }] },
    metadata: { [createTokenMetadataKey]: 'dead-process-token', [pendingMetadataKey]: true },
  });
  expect((await liveKeys('shared-name')).length).toBe(2);

  const created = await crossClusterApiKey.create(remote, input('shared-name'));
  const live = await liveKeys('shared-name');
  expect(live.map((k) => k.id).sort()).toEqual([other.id, created.id].sort());
  // Finished keys carry their token and no pending mark.
  for (const key of live) {
    expect(key.metadata[pendingMetadataKey]).toBeUndefined();
    expect(typeof key.metadata[createTokenMetadataKey]).toBe('string');
  }
  expect(harness.logger.lines().some((l) => l.includes('invalidated 1 key(s) an interrupted apply had created but never recorded'))).toBe(true);
});
