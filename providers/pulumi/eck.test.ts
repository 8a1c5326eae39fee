/** The ECK function of the Pulumi front end: camelCase in and out, the engine's validation and rendering. */
import { ValidationError } from '../../src/resources/definition';
import { eckRemoteCluster } from './eck';
import type { RemoteAccessRoleArgs } from './resources.generated';

const args = {
  local: { name: 'cluster-one', namespace: 'ns-local' },
  remoteClusters: [{ alias: 'cluster-two', elasticsearchRef: { name: 'cluster-two', namespace: 'ns-remote' }, apiKeyAccess: { search: { names: ['kibana_sample_data_ecommerce'], allowRestrictedIndices: false } } }],
};

test('renders both sides as objects for @pulumi/kubernetes, in ECK\'s own names', () => {
  const result = eckRemoteCluster(args);
  expect(result.localManifest).toEqual({
    spec: {
      remoteClusters: [
        { name: 'cluster-two', elasticsearchRef: { name: 'cluster-two', namespace: 'ns-remote' }, apiKey: { access: { search: { names: ['kibana_sample_data_ecommerce'], allow_restricted_indices: false } } } },
      ],
    },
  });
  expect(result.remoteManifests).toEqual({ 'ns-remote/cluster-two': { spec: { remoteClusterServer: { enabled: true } } } });
  expect(result.remoteServers).toEqual([expect.objectContaining({ name: 'cluster-two', namespace: 'ns-remote', manifestJson: '{"spec":{"remoteClusterServer":{"enabled":true}}}' })]);
  expect(result.localManifestYaml).toContain('remoteClusters:');
});

test('expectedRemoteAccess is what a RemoteAccessRole takes', () => {
  const expected: RemoteAccessRoleArgs['expectedRemoteAccess'] = eckRemoteCluster(args).expectedRemoteAccess;
  expect(expected).toEqual([{ alias: 'cluster-two', access: { search: [{ names: ['kibana_sample_data_ecommerce'], allowRestrictedIndices: false }] } }]);
});

test('bad input throws before anything is rendered, naming the field', () => {
  expect(() => eckRemoteCluster({ ...args, remoteClusters: [{ ...args.remoteClusters[0], alias: 'cluster two' }] })).toThrow(ValidationError);
  expect(() => eckRemoteCluster({ ...args, remoteClusters: [{ ...args.remoteClusters[0], alias: 'cluster two' }] })).toThrow(/EckRemoteCluster: remote_clusters\[0\]\.alias/);
});
