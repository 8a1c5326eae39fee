/** Plan decisions in Terraform's terms, with the engine's real definitions (no I/O). */
import { renderChangeSet } from '../../src/plan/render';
import { crossClusterApiKey, remoteClusterConnection } from '../../src/resources';
import { isUnknown, Unknown, type TfObject } from './codec';
import { planChange } from './lifecycle';
import { resourceType } from './schema';

const key = resourceType(crossClusterApiKey);
const connection = resourceType(remoteClusterConnection);

const nulls = (type: typeof key, values: TfObject): TfObject => Object.fromEntries(type.attributes.map((a) => [a.name, values[a.name] ?? null]));
const keyConfig = (over: TfObject = {}) => nulls(key, { name: 'k1', access: { search: [{ names: ['logs-*'], query: null, field_security: null, allow_restricted_indices: null }], replication: null }, ...over });
const keyState = (over: TfObject = {}) => ({ ...keyConfig(), id: 'AbC', encoded: 'sealed:v1:xyz', creation_time: '2026-01-01T00:00:00Z', ...over });

describe('planChange', () => {
  it('create: inputs as configured, every output unknown', () => {
    const { action, planned } = planChange(key, null, keyConfig());
    expect(action).toBe('create');
    expect(planned).toMatchObject({ name: 'k1', metadata: null });
    for (const output of ['id', 'encoded', 'creation_time', 'expiration_time']) expect(isUnknown(planned![output])).toBe(true);
  });

  it('no change: the prior state exactly, no replacement', () => {
    const prior = keyState();
    expect(planChange(key, prior, keyConfig())).toMatchObject({ action: 'noop', planned: prior, requiresReplace: [] });
  });

  it('in-place update keeps the outputs an update never changes', () => {
    const { action, planned, changeSet } = planChange(key, keyState(), keyConfig({ metadata: { team: 'a' } }));
    expect(action).toBe('update');
    expect(planned).toMatchObject({ id: 'AbC', encoded: 'sealed:v1:xyz', creation_time: '2026-01-01T00:00:00Z', metadata: { team: 'a' } });
    expect(renderChangeSet(changeSet!)).toContain('+ metadata.team = a');
  });

  it('a name change replaces the key, with the path that forces it', () => {
    const { action, requiresReplace, planned } = planChange(key, keyState(), keyConfig({ name: 'k2' }));
    expect(action).toBe('replace');
    expect(requiresReplace).toEqual([['name']]);
    expect(isUnknown(planned!.id)).toBe(true);
  });

  it('destroy: a null plan', () => {
    expect(planChange(key, keyState(), null)).toEqual({ action: 'delete', planned: null, requiresReplace: [], warnings: [] });
  });

  it('credentials not known yet still show as a keystore secret set; engine defaults are planned, nested ones too', () => {
    const config = nulls(connection, {
      alias: 'eu-logs',
      mode: 'proxy',
      proxy_address: 'remote.example:9443',
      credentials: new Unknown(),
      cloud: { deployment_id: '0123456789abcdef0123456789abcdef', ref_id: null },
    });
    const { planned, changeSet } = planChange(connection, null, config);
    expect(renderChangeSet(changeSet!)).toContain('+ keystore secret cluster.remote.eu-logs.credentials (set)');
    expect(isUnknown(planned!.credentials)).toBe(true);
    expect(planned).toMatchObject({ wait_for_connected: false, wait_timeout: '60s', cloud: { deployment_id: '0123456789abcdef0123456789abcdef', ref_id: 'main-elasticsearch' } });
    expect(isUnknown(planned!.connected)).toBe(true);
  });

  it('an unknown value for an attribute that forces replacement plans a replacement', () => {
    const prior = { ...keyState() };
    const { action, requiresReplace } = planChange(key, prior, keyConfig({ name: new Unknown() }));
    expect(action).toBe('replace');
    expect(requiresReplace).toEqual([['name']]);
  });

  describe('outputs an update does not affect keep their prior values', () => {
    const linkConfig = (over: TfObject = {}) =>
      nulls(connection, { alias: 'eu-logs', mode: 'proxy', proxy_address: 'remote.example:9443', skip_unavailable: true, credentials: 'sealed:v1:abc', ...over });
    const linkState = (over: TfObject = {}) => ({
      ...linkConfig(),
      wait_for_connected: false,
      wait_timeout: '60s',
      id: 'eu-logs',
      credentials_key_id: 'VuaCfGcBCdbkQm-e5aOx',
      credentials_present: true,
      connected: true,
      keystore_last_modified: '2026-11-30T10:00:00.000Z',
      ...over,
    });

    it('skip_unavailable alone: connected, credentials and keystore outputs as they were', () => {
      const { action, planned } = planChange(connection, linkState(), linkConfig({ skip_unavailable: false }));
      expect(action).toBe('update');
      expect(planned).toMatchObject({ skip_unavailable: false, connected: true, credentials_present: true, credentials_key_id: 'VuaCfGcBCdbkQm-e5aOx', keystore_last_modified: '2026-11-30T10:00:00.000Z' });
    });

    it('a new proxy address: connected is known only after apply, the key id stays', () => {
      const { planned } = planChange(connection, linkState(), linkConfig({ proxy_address: 'other.example:9443' }));
      expect(isUnknown(planned!.connected)).toBe(true);
      expect(planned).toMatchObject({ credentials_key_id: 'VuaCfGcBCdbkQm-e5aOx', credentials_present: true });
    });
  });

  it('a write-only value is used by the plan but planned as null (Terraform keeps it out of plan and state)', () => {
    const key = Buffer.from('keyid1:secret-part-1234567890').toString('base64');
    const config = nulls(connection, { alias: 'eu-logs', mode: 'proxy', proxy_address: 'remote.example:9443', credentials_wo: key, credentials_wo_version: '1' });
    const { planned, changeSet } = planChange(connection, null, config);
    expect(planned!.credentials_wo).toBeNull();
    expect(planned!.credentials_wo_version).toBe('1');
    expect(renderChangeSet(changeSet!)).toContain('+ keystore secret cluster.remote.eu-logs.credentials (set, key keyid1)');
  });
});

