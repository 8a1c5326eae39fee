import type { ReloadSecureSettingsResponse } from '../../elasticsearch/client';
import { checkSelfManagedKeystore, KeystoreStepRequiredError } from './keystore';

const setting = 'cluster.remote.eu.credentials';

function reload(nodes: Record<string, Partial<ReloadSecureSettingsResponse['nodes'][string]>>, failed = 0): ReloadSecureSettingsResponse {
  const entries = Object.fromEntries(Object.entries(nodes).map(([id, n]) => [id, { name: id, ...n }]));
  return { _nodes: { total: Object.keys(nodes).length, successful: Object.keys(nodes).length - failed, failed }, cluster_name: 'local', nodes: entries };
}

const holds = (modified: string) => ({ secure_setting_names: [setting], keystore_last_modified_time: modified });

test('a first key: confirmed when every node holds the setting; each node without it is named', () => {
  expect(checkSelfManagedKeystore('eu', reload({ a: holds('2026-01-01T00:00:00Z'), b: holds('2026-01-02T00:00:00Z') }), undefined)).toEqual({
    problems: [],
    detailed: true,
    lastModified: '2026-01-02T00:00:00.000Z',
  });
  const missing = checkSelfManagedKeystore('eu', reload({ a: holds('2026-01-01T00:00:00Z'), b: { secure_setting_names: [] } }), undefined);
  expect(missing.problems).toEqual([`node b: its keystore has no ${setting}`]);
});

test('a rotation: every node\'s keystore must have changed after the previous key was confirmed', () => {
  const since = '2026-01-10T00:00:00.000Z';
  expect(checkSelfManagedKeystore('eu', reload({ a: holds('2026-01-11T00:00:00Z'), b: holds('2026-01-12T00:00:00Z') }), since).problems).toEqual([]);
  expect(checkSelfManagedKeystore('eu', reload({ a: holds('2026-01-11T00:00:00Z'), b: holds('2026-01-09T00:00:00Z') }), since).problems).toEqual([
    'node b: its keystore is unchanged since the previous key was confirmed (last modified 2026-01-09T00:00:00Z)',
  ]);
});

test('failed reloads are problems; answers without keystore details (before 9.x) are not detailed', () => {
  const failed = checkSelfManagedKeystore('eu', reload({ a: { reload_exception: { type: 'security_exception', reason: 'wrong password' } } }, 1), undefined);
  expect(failed.problems).toEqual(['1 of 1 node(s) failed to reload their secure settings', 'node a: reloading its keystore failed (security_exception: wrong password)']);
  expect(checkSelfManagedKeystore('eu', reload({ a: {} }), '2026-01-10T00:00:00.000Z')).toEqual({ problems: [], detailed: false });
});

test('the error names the key, what is wrong and the operator step, and never a value', () => {
  const error = new KeystoreStepRequiredError('eu', 'key-b', ['node b: its keystore has no cluster.remote.eu.credentials']);
  expect(error.message).toBe(
    'RemoteClusterConnection "eu": key key-b is not confirmed in the keystore of this self-managed cluster, so it is not recorded as installed and the key before it stays valid: node b: its keystore has no cluster.remote.eu.credentials. Operator step: on every node run `bin/elasticsearch-keystore add cluster.remote.eu.credentials` with the new key\'s encoded value, then `POST _nodes/reload_secure_settings`; then apply again',
  );
});
