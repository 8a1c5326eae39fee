/**
 * RemoteAccessRole against the emulator over real HTTP: create (the role as GET /_security/role shows
 * it), read, drift made by hand shown per grant, in-place update, import by name, validation before any
 * request, delete of that role only.
 */
import { call } from '../../emulator/test-client';
import { renderChangeSet } from '../../plan/render';
import { startElasticsearchHarness, type ElasticsearchHarness } from '../../../test/support/elasticsearch-harness';
import type { ClosableEngineContext } from '../../connections/context';
import { ValidationError } from '../definition';
import { planResource } from '../planning';
import { remoteAccessRole, type RemoteAccessRoleInput, type RemoteAccessRoleState } from '.';

let harness: ElasticsearchHarness;
let local: ClosableEngineContext;

beforeAll(async () => {
  harness = await startElasticsearchHarness();
  local = harness.context('local');
});
afterAll(() => harness.close());

const superuser = () => ({ username: harness.emulator.clusters.local.username, password: harness.emulator.clusters.local.password });
const localUrl = () => harness.emulator.clusters.local.url;
const getRole = (name: string) => call<Record<string, Record<string, unknown>>>(localUrl(), 'GET', `/_security/role/${name}`, superuser());

const baseInput: RemoteAccessRoleInput = {
  name: 'eu-logs-reader',
  description: 'Reads EU logs across clusters',
  remote_indices: [{ clusters: ['eu-logs'], names: ['logs-*'], privileges: ['read', 'read_cross_cluster'], query: '{"term": {"team": "eu"}}', field_security: { grant: ['@timestamp', 'message'] } }],
  remote_cluster: [{ clusters: ['eu-logs'], privileges: ['monitor_enrich'] }],
  metadata: { owner: 'platform' },
};

const plan = (prior: RemoteAccessRoleState | undefined, raw: unknown) => planResource<RemoteAccessRoleInput>(remoteAccessRole, prior, raw);

test('create, read, drift per grant, update, import and delete of one role', async () => {
  const createPlan = plan(undefined, baseInput);
  expect(createPlan.action).toBe('create');
  const createText = renderChangeSet(createPlan.changeSet);
  expect(createText).toContain('+ remote cluster alias eu-logs under grant remote_indices[0]');
  expect(createText).toContain('+ index pattern logs-* under grant remote_indices[0]');
  expect(createText).toContain('+ privilege read_cross_cluster under grant remote_indices[0]');
  expect(createText).toContain('+ remote cluster privilege monitor_enrich under grant remote_cluster[0]');

  const created = await remoteAccessRole.create(local, createPlan.desired);
  expect(created.id).toBe('eu-logs-reader');
  const stored = await getRole('eu-logs-reader');
  expect(stored.status).toBe(200);
  expect(stored.body['eu-logs-reader']).toMatchObject({
    cluster: [],
    description: 'Reads EU logs across clusters',
    remote_indices: [{ clusters: ['eu-logs'], names: ['logs-*'], privileges: ['read', 'read_cross_cluster'], field_security: { grant: ['@timestamp', 'message'] } }],
    remote_cluster: [{ clusters: ['eu-logs'], privileges: ['monitor_enrich'] }],
    metadata: { owner: 'platform' },
  });

  const read = await remoteAccessRole.read(local, created);
  expect(plan(read, baseInput).action).toBe('noop');

  // Drift: someone widens the grant and drops the remote_cluster grant by hand.
  const handEdit = await call(localUrl(), 'PUT', '/_security/role/eu-logs-reader', superuser(), {
    remote_indices: [{ clusters: ['eu-logs', 'us-logs'], names: ['logs-*', 'audit-*'], privileges: ['read'] }],
  });
  expect(handEdit.status).toBe(200);
  const drifted = await remoteAccessRole.read(local, read!);
  const driftPlan = plan(drifted, baseInput);
  expect(driftPlan.action).toBe('update');
  expect(renderChangeSet(driftPlan.changeSet).split('\n').slice(1)).toEqual([
    '  + description = Reads EU logs across clusters',
    '  - remote cluster alias us-logs under grant remote_indices[0]',
    '  - index pattern audit-* under grant remote_indices[0]',
    '  + privilege read_cross_cluster under grant remote_indices[0]',
    '  + remote_indices[0].query = {"term":{"team":"eu"}}',
    '  + remote_indices[0].field_security = {"grant":["@timestamp","message"]}',
    '  + remote cluster alias eu-logs under grant remote_cluster[0]',
    '  + remote cluster privilege monitor_enrich under grant remote_cluster[0]',
    '  + metadata.owner = platform',
  ]);
  const updated = await remoteAccessRole.update(local, drifted!, driftPlan.desired);
  expect(plan(await remoteAccessRole.read(local, updated), baseInput).action).toBe('noop');

  // Import by role name: the same state a plan finds nothing to change in.
  const imported = await remoteAccessRole.import(local, 'eu-logs-reader');
  expect(plan(imported, baseInput).action).toBe('noop');
  await expect(remoteAccessRole.import(local, 'no-such-role')).rejects.toThrow('RemoteAccessRole: import id: no role named no-such-role on the local cluster');
  await expect(remoteAccessRole.import(local, 'superuser')).rejects.toThrow(/built-in \(reserved\) role/);

  // Create refuses to take over a role it does not own.
  await expect(remoteAccessRole.create(local, plan(undefined, baseInput).desired)).rejects.toThrow(/a role of that name already exists/);

  // Delete removes that role only.
  await call(localUrl(), 'PUT', '/_security/role/someone-elses', superuser(), { cluster: ['monitor'] });
  await remoteAccessRole.delete(local, updated);
  expect((await getRole('eu-logs-reader')).status).toBe(404);
  expect((await getRole('someone-elses')).status).toBe(200);
  expect(await remoteAccessRole.read(local, updated)).toBeUndefined();
  await expect(remoteAccessRole.delete(local, updated)).resolves.toBeUndefined();
});

test('local privileges for replication are kept with the remote ones', async () => {
  const input: RemoteAccessRoleInput = {
    name: 'eu-follower',
    cluster_privileges: ['manage_ccr'],
    indices: [{ names: ['follower-*'], privileges: ['monitor', 'read', 'write', 'manage_follow_index'] }],
    remote_indices: [{ clusters: ['eu-logs'], names: ['leader-*'], privileges: ['cross_cluster_replication', 'cross_cluster_replication_internal'] }],
  };
  const created = await remoteAccessRole.create(local, plan(undefined, input).desired);
  expect((await getRole('eu-follower')).body['eu-follower']).toMatchObject({ cluster: ['manage_ccr'], indices: [{ names: ['follower-*'] }] });
  expect(plan(await remoteAccessRole.read(local, created), input).action).toBe('noop');
  await remoteAccessRole.delete(local, created);
});

test('bad input is refused before any request, naming the field and what is accepted', () => {
  const issues = (raw: unknown): string => {
    try {
      plan(undefined, raw);
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      return (err as Error).message;
    }
    throw new Error('accepted');
  };
  expect(issues({ name: 'r', remote_indices: [{ clusters: [], names: ['logs-*'], privileges: ['read'] }] })).toContain(
    'RemoteAccessRole: remote_indices[0].clusters: at least one remote cluster alias is required',
  );
  expect(issues({ name: 'r', remote_indices: [{ clusters: ['eu'], names: [], privileges: ['read'] }] })).toContain('RemoteAccessRole: remote_indices[0].names: at least one index name or pattern is required');
  expect(issues({ name: 'r', remote_indices: [{ clusters: ['eu'], names: ['logs-*'], privileges: ['reed'] }] })).toContain(
    'RemoteAccessRole: remote_indices[0].privileges[0]: unknown index privilege "reed"; accepted: all, auto_configure',
  );
  expect(issues({ name: 'r', remote_cluster: [{ clusters: ['eu'], privileges: ['monitor'] }] })).toContain(
    'RemoteAccessRole: remote_cluster[0].privileges[0]: unknown remote cluster privilege "monitor"; accepted: monitor_enrich, monitor_stats',
  );
  expect(issues({ name: 'r', remote_indices: [{ clusters: ['eu'], names: ['logs-*'], privileges: ['read'], query: 'team:eu' }] })).toContain(
    'RemoteAccessRole: remote_indices[0].query: accepted: a JSON object as text',
  );
  expect(issues({ name: 'r', remote_indices: [{ clusters: ['eu logs'], names: ['logs-*'], privileges: ['read'] }] })).toContain('RemoteAccessRole: remote_indices[0].clusters[0]:');
  expect(issues({ name: '_r', remote_cluster: [{ clusters: ['eu'], privileges: ['monitor_stats'] }] })).toContain('RemoteAccessRole: name: must not begin with an underscore');
  expect(issues({ name: 'r', cluster_privileges: ['monitor'] })).toContain('RemoteAccessRole: (input): at least one remote_indices, remote_cluster or indices grant is required');
});

test('a change of expected_remote_access alone is planned as such and sends no write; the apply checks the connected aliases', async () => {
  const input: RemoteAccessRoleInput = { name: 'planning-only', remote_indices: [{ clusters: ['eu-logs'], names: ['logs-*'], privileges: ['read'] }] };
  const created = await remoteAccessRole.create(local, plan(undefined, input).desired);
  const withExpectation = { ...input, expected_remote_access: [{ alias: 'eu-logs', access: { search: [{ names: ['metrics-*'] }] } }] };
  const update = plan(created, withExpectation);
  expect(renderChangeSet(update.changeSet).split('\n').slice(1)).toEqual(['  + expected_remote_access = eu-logs (search metrics-*)']);
  expect(update.warnings).toEqual([expect.stringContaining('remote_indices[0] (clusters eu-logs, names logs-*) grants read on logs-*')]);
  harness.emulator.resetRequestLog();
  const updated = await remoteAccessRole.update(local, created, update.desired);
  // Only _remote/info is read (eu-logs is not connected here, so nothing is diagnosed); no PUT.
  expect(harness.emulator.requestLog().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /_remote/info']);
  expect(updated.expected_remote_access).toEqual(withExpectation.expected_remote_access);
  await remoteAccessRole.delete(local, updated);
});
