/**
 * Seed 004 with ECK as the target, in Pulumi: cross-cluster search from the ECK-managed "cluster-one"
 * (ns-local) to "cluster-two" (ns-remote), API-key model. The ECK operator creates the cross-cluster API
 * key and keystore entry; this program
 *   1. renders the parts of both Elasticsearch custom resources with `eckRemoteCluster` (the engine's
 *      eck_remote_cluster data source as a typed function: dynamic providers have no invokes), as objects
 *      for @pulumi/kubernetes:
 *        new k8s.apiextensions.CustomResource('cluster-one', {
 *          apiVersion: 'elasticsearch.k8s.elastic.co/v1', kind: 'Elasticsearch',
 *          metadata: { name: 'cluster-one', namespace: 'ns-local' },
 *          spec: { version: '9.3.0', nodeSets: [{ name: 'default', count: 3 }], ...eck.localManifest.spec },
 *        });
 *      (and the same with eck.remoteManifests['ns-remote/cluster-two'].spec for cluster-two); here they
 *      are stack outputs;
 *   2. declares the role on cluster-one that lets users search through the alias, checked at preview
 *      against the access of the key ECK creates.
 * The local cluster's connection is the stack configuration's cluster profile `local` (see README.md).
 */
import * as pulumi from '@pulumi/pulumi';
import { eckRemoteCluster, RemoteAccessRole } from '../../providers/pulumi';

const config = new pulumi.Config('eck');

const eck = eckRemoteCluster({
  local: { name: 'cluster-one', namespace: 'ns-local' },
  remoteClusters: [
    {
      alias: 'cluster-two',
      elasticsearchRef: { name: 'cluster-two', namespace: 'ns-remote' },
      apiKeyAccess: { search: { names: config.getObject<string[]>('searchIndexPatterns') ?? ['kibana_sample_data_ecommerce'] } },
    },
  ],
});

// "Configure roles and users": the role on cluster-one, checked against the key ECK creates.
const role = new RemoteAccessRole('ecommerce-reader', {
  cluster: 'local',
  name: 'cluster-two-ecommerce-reader',
  description: 'Searches cluster-two:kibana_sample_data_ecommerce from cluster-one',
  remoteIndices: [{ clusters: ['cluster-two'], names: config.getObject<string[]>('roleIndexPatterns') ?? ['kibana_sample_data_ecommerce'], privileges: ['read', 'read_cross_cluster', 'view_index_metadata'] }],
  expectedRemoteAccess: eck.expectedRemoteAccess,
});

export const localManifest = eck.localManifest;
export const remoteManifests = eck.remoteManifests;
export const manifestsYaml = eck.yaml;
export const roleName = role.id;
