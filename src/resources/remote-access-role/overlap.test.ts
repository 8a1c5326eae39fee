/** Plan-time checks of a role's remote grants against the keys of the aliases they name. */
import { planResource } from '../planning';
import { accessKindsOf, connectedMismatches, overlapWarnings, patternsOverlap } from './overlap';
import { remoteAccessRole, type RemoteAccessRoleInput } from '.';

describe('patternsOverlap: some index name matches both patterns', () => {
  test.each([
    ['logs-eu', 'logs-eu', true],
    ['logs-eu', 'logs-us', false],
    ['logs-*', 'logs-eu', true],
    ['logs-eu', 'logs-*', true],
    ['logs-*', 'metrics-*', false],
    ['logs-*', '*-eu', true],
    ['*-eu', 'logs-*-us', false],
    ['logs-*-eu', 'logs-app-*', true],
    ['*', 'anything', true],
    ['a*b', 'ab', true],
    ['a*b*c', 'a*c', true],
    ['logs-*', 'log', false],
    ['/logs-.*/', 'metrics-*', true],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(patternsOverlap(a, b)).toBe(expected);
    expect(patternsOverlap(b, a)).toBe(expected);
  });
});

test('replication privileges go through the key\'s replication access, read through its search access', () => {
  expect(accessKindsOf(['read', 'read_cross_cluster'])).toEqual(['search']);
  expect(accessKindsOf(['cross_cluster_replication', 'cross_cluster_replication_internal'])).toEqual(['replication']);
  expect(accessKindsOf(['view_index_metadata']).sort()).toEqual(['replication', 'search']);
});

const role: RemoteAccessRoleInput = {
  name: 'eu-logs-reader',
  remote_indices: [
    { clusters: ['eu-logs'], names: ['logs-*'], privileges: ['read', 'read_cross_cluster'] },
    { clusters: ['eu-logs'], names: ['metrics-*', 'logs-app'], privileges: ['read'] },
  ],
  expected_remote_access: [{ alias: 'eu-logs', access: { search: [{ names: ['logs-*'] }], replication: [{ names: ['metrics-*'] }] } }],
};

test('a grant naming indices the key does not allow warns, naming the grant and the key\'s patterns', () => {
  expect(overlapWarnings(role)).toEqual([
    'RemoteAccessRole "eu-logs-reader": remote_indices[1] (clusters eu-logs, names metrics-*, logs-app) grants read on metrics-*, which the cross-cluster API key of "eu-logs" does not allow (access.search: logs-*): eu-logs:metrics-* would return nothing or be refused; widen the key\'s access or change the grant\'s names',
  ]);
});

test('a grant whose clusters name no connected alias warns; alias wildcards match', () => {
  const input: RemoteAccessRoleInput = {
    ...role,
    remote_indices: [{ clusters: ['us-*'], names: ['logs-*'], privileges: ['read'] }, { clusters: ['eu-*'], names: ['logs-*'], privileges: ['read'] }],
    remote_cluster: [{ clusters: ['apac'], privileges: ['monitor_enrich'] }],
  };
  expect(overlapWarnings(input)).toEqual([
    'RemoteAccessRole "eu-logs-reader": remote_indices[0] (clusters us-*, names logs-*) names no alias the configuration connects (expected_remote_access lists eu-logs): the grant gives nothing until such a connection exists',
    'RemoteAccessRole "eu-logs-reader": remote_cluster[0] (clusters apac, privileges monitor_enrich) names no alias the configuration connects (expected_remote_access lists eu-logs): the grant gives nothing until such a connection exists',
  ]);
});

test('nothing is judged without expected_remote_access, or while part of it is known only after apply', () => {
  expect(overlapWarnings({ ...role, expected_remote_access: undefined })).toEqual([]);
  expect(overlapWarnings(role, [['expected_remote_access', 0, 'access']])).toEqual([]);
});

test('the plan carries the warnings (the definition\'s planWarnings hook); nothing changes because of them', () => {
  const plan = planResource(remoteAccessRole, undefined, role);
  expect(plan.action).toBe('create');
  expect(plan.warnings).toHaveLength(1);
  expect(plan.warnings[0]).toContain('remote_indices[1] (clusters eu-logs, names metrics-*, logs-app)');
  expect(plan.warnings[0]).toContain('access.search: logs-*');
});

test('after an apply, only aliases that are connected are diagnosed', () => {
  expect(connectedMismatches(role, [])).toEqual([]);
  const [message] = connectedMismatches(role, ['eu-logs']);
  expect(message).toMatch(/^RemoteAccessRole "eu-logs-reader": "eu-logs" is connected; remote_indices\[1\]/);
  expect(message).toContain('eu-logs:metrics-* would return nothing or be refused');
});
