/** The CrossClusterApiKey diff is pure: one change per index name, metadata key and field. */
import { renderChange, renderChangeSet } from '../../plan/render';
import { replacementPaths, requiresReplacement } from '../../plan/change-set';
import { diffCrossClusterApiKey } from './diff';
import type { CrossClusterApiKeyInput, CrossClusterApiKeyState } from './schema';

const desired: CrossClusterApiKeyInput = {
  name: 'k',
  access: { search: [{ names: ['logs-*', 'metrics-*'], query: '{"term":{"team":"a"}}' }] },
  metadata: { owner: 'x' },
};
const state = (overrides: Partial<CrossClusterApiKeyState> = {}): CrossClusterApiKeyState => ({ id: 'key1', ...desired, ...overrides });
const lines = (prior: CrossClusterApiKeyState | undefined, input: CrossClusterApiKeyInput) => diffCrossClusterApiKey(prior, input).changes.map(renderChange);

test('create lists the key, each index name and each metadata key', () => {
  expect(lines(undefined, desired)).toEqual([
    '+ create',
    '+ name = k',
    '+ index pattern logs-* under access entry search[0]',
    '+ index pattern metrics-* under access entry search[0]',
    '+ access.search[0].query = {"term":{"team":"a"}}',
    '+ metadata.owner = x',
  ]);
});

test('what Elasticsearch normalises is no change: query whitespace and key order, default flags, name order', () => {
  const prior = state({
    access: { search: [{ names: ['metrics-*', 'logs-*'], query: '{ "term" : { "team" : "a" } }', allow_restricted_indices: false }] },
  });
  expect(lines(prior, desired)).toEqual([]);
});

test('index names added and removed are one line each, under their entry', () => {
  const input = { ...desired, access: { search: [{ ...desired.access.search![0], names: ['logs-*', 'traces-*'] }], replication: [{ names: ['follow-*'] }] } };
  expect(lines(state(), input)).toEqual([
    '+ index pattern traces-* under access entry search[0]',
    '- index pattern metrics-* under access entry search[0]',
    '+ index pattern follow-* under access entry replication[0]',
  ]);
  const fewer = { ...desired, access: { replication: [{ names: ['follow-*'] }] } };
  expect(lines(state(), fewer)).toEqual([
    '- index pattern logs-* under access entry search[0]',
    '- index pattern metrics-* under access entry search[0]',
    '- access.search[0].query (was {"term":{"team":"a"}})',
    '+ index pattern follow-* under access entry replication[0]',
  ]);
});

test('metadata, field security, restricted indices and certificate identity change in place', () => {
  const input: CrossClusterApiKeyInput = {
    ...desired,
    access: { search: [{ ...desired.access.search![0], field_security: { grant: ['a'] }, allow_restricted_indices: true }] },
    metadata: { owner: 'y', tier: 'gold' },
  };
  const changeSet = diffCrossClusterApiKey(state({ certificate_identity: 'CN=a' }), input);
  expect(requiresReplacement(changeSet)).toBe(false);
  expect(changeSet.changes.map(renderChange)).toEqual([
    '~ access.search[0].allow_restricted_indices false → true',
    '+ access.search[0].field_security = {"grant":["a"]}',
    '~ metadata.owner x → y',
    '+ metadata.tier = gold',
    '- certificate_identity (was CN=a)',
  ]);
});

test('name and expiration force a replacement', () => {
  const changeSet = diffCrossClusterApiKey(state({ expiration: '30d' }), { ...desired, name: 'k2', expiration: '60d' });
  expect(requiresReplacement(changeSet)).toBe(true);
  expect(replacementPaths(changeSet)).toEqual([['name'], ['expiration']]);
  expect(renderChangeSet(changeSet)).toBe('CrossClusterApiKey "k2"\n  ! name k → k2: replaced\n  ! expiration 30d → 60d: replaced');
});

test('an imported key (absolute expiration time, no duration) accepts the configured duration', () => {
  expect(lines(state({ expiration_time: '2027-01-01T00:00:00.000Z' }), { ...desired, expiration: '90d' })).toEqual([]);
  expect(lines(state(), { ...desired, expiration: '90d' })).toEqual(['! expiration (never) → 90d: replaced']);
});
