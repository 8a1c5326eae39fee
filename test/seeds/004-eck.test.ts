/**
 * Seed 004: two Elasticsearch clusters managed by the same ECK operator, API-key model. The engine
 * renders the manifest fragments (`spec.remoteClusters` on the local cluster, `spec.remoteClusterServer`
 * on the remote); here the emulator's self-managed clusters stand in for the pods, and the engine's own
 * resources do what the operator does with the fragment (a cross-cluster key with the fragment's access on
 * the remote, its encoded value in the local keystore, proxy mode to port 9443), so the alias connects
 * exactly when the fragment's settings are in place.
 */
import { parseAllDocuments } from 'yaml';
import { crossClusterAccessOf, eckRemoteClusterFragments, renderEckFragmentsYaml } from '../../src/eck/remote-clusters';
import { crossClusterApiKey } from '../../src/resources/cross-cluster-api-key';
import { remoteClusterConnection } from '../../src/resources/remote-cluster-connection';
import { startElasticsearchHarness, type ElasticsearchHarness } from '../support/elasticsearch-harness';
import { apply } from './support/cloud-stack';

let harness: ElasticsearchHarness;

beforeAll(async () => {
  harness = await startElasticsearchHarness({ clusters: [{ name: 'cluster-one' }, { name: 'cluster-two' }] });
});
afterAll(() => harness.close());

test('the seed example renders, and the link it describes connects once the remote cluster server is enabled', async () => {
  const fragments = eckRemoteClusterFragments({
    namespace: 'ns-local',
    remoteClusters: [
      {
        name: 'cluster-two',
        elasticsearchRef: { name: 'cluster-two', namespace: 'ns-remote' },
        apiKey: { access: { search: { names: ['kibana_sample_data_ecommerce'] }, replication: { names: ['kibana_sample_data_ecommerce'] } } },
      },
    ],
  });
  const yaml = renderEckFragmentsYaml(fragments, 'ns-local/cluster-one');
  expect(parseAllDocuments(yaml).map((d) => d.toJS())).toEqual([fragments.local, fragments.remotes['ns-remote/cluster-two']]);
  expect(yaml).toContain('remoteClusterServer:\n    enabled: true');

  const [remoteCluster] = fragments.local.spec.remoteClusters;
  const local = harness.context('cluster-one');
  const remote = harness.context('cluster-two');
  // Before the fragment is applied to the remote manifest, ECK clusters have no remote cluster server.
  harness.emulator.setRemoteClusterServer('cluster-two', false);

  const key = await apply(crossClusterApiKey, remote, undefined, { name: `eck-${remoteCluster.name}`, access: crossClusterAccessOf(remoteCluster.apiKey!.access) });
  const setting = `cluster.remote.${remoteCluster.name}.credentials`;
  harness.emulator.keystore('cluster-one').set(setting, remote.secrets.unseal(key.state.encoded!));
  const connection = await apply(remoteClusterConnection, local, undefined, {
    alias: remoteCluster.name,
    mode: 'proxy',
    proxy_address: harness.emulator.clusters['cluster-two'].remoteClusterServerAddress,
    credentials: key.state.encoded,
  });
  expect(connection.state).toMatchObject({ connected: false, credentials_present: true });

  harness.emulator.setRemoteClusterServer('cluster-two', fragments.remotes['ns-remote/cluster-two'].spec.remoteClusterServer.enabled);
  expect(await remoteClusterConnection.read(local, connection.state)).toMatchObject({ connected: true });
});
