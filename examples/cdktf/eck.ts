/**
 * Seed 004 with ECK as the target, in CDK for Terraform: cross-cluster search from the ECK-managed
 * "cluster-one" (ns-local) to "cluster-two" (ns-remote), API-key model. The ECK operator creates the
 * cross-cluster API key and keystore entry; this stack
 *   1. renders, at synth time, the parts of both Elasticsearch custom resources (the engine's
 *      eck_remote_cluster data source as a function: validated before anything is synthesized), for
 *      cdk8s (`new ApiObject(chart, 'cluster-one', { ...manifest, spec: { ...spec, ...parts.localManifest.spec } })`)
 *      or a kubernetes_manifest of @cdktf/provider-kubernetes; here they are stack outputs;
 *   2. declares the role on cluster-one that lets users search through the alias, checked at plan
 *      against the access of the key ECK creates.
 *
 *   npm run build && node dist/examples/cdktf/eck.js   (writes cdktf.out/stacks/eck-remote-clusters)
 */
import { App, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { ElasticRemoteProvider } from '../../constructs';
import { RemoteAccessRole, type RemoteAccessRoleExpectedRemoteAccess } from '../../constructs/generated';
import { eckRemoteClusterParts, type EckRemoteClusterOutput } from '../../src/data-sources/eck-remote-cluster';

export interface EckTopology {
  searchIndexPatterns: string[];
  roleIndexPatterns: string[];
}

/** The data source's expected_remote_access in the constructs' (camelCase) names. */
function expectedRemoteAccess(parts: EckRemoteClusterOutput): RemoteAccessRoleExpectedRemoteAccess[] {
  return parts.expected_remote_access.map(({ alias, access }) => ({
    alias,
    access: {
      ...(access.search ? { search: access.search.map(({ names, query, field_security, allow_restricted_indices }) => ({ names, query, fieldSecurity: field_security, allowRestrictedIndices: allow_restricted_indices })) } : {}),
      ...(access.replication ? { replication: access.replication.map(({ names, allow_restricted_indices }) => ({ names, allowRestrictedIndices: allow_restricted_indices })) } : {}),
    },
  }));
}

export class EckRemoteClustersStack extends TerraformStack {
  readonly parts: EckRemoteClusterOutput;
  readonly role: RemoteAccessRole;

  constructor(scope: Construct, id: string, topology: EckTopology) {
    super(scope, id);
    new LocalBackend(this, { path: 'terraform.tfstate' });
    const variable = (name: string, description: string, sensitive = false) => new TerraformVariable(this, name, { type: 'string', description, sensitive }).stringValue;
    const local = new ElasticRemoteProvider(this, 'local', {
      secretsKey: variable('secrets_key', 'Passphrase that seals secrets kept in state (at least 8 characters).', true),
      elasticsearch: {
        endpoint: variable('local_elasticsearch_endpoint', 'Elasticsearch URL of cluster-one (e.g. https://cluster-one-es-http.ns-local.svc:9200).'),
        apiKey: variable('local_elasticsearch_api_key', 'API key (encoded) for cluster-one, with manage_security.', true),
      },
    });

    this.parts = eckRemoteClusterParts({
      local: { name: 'cluster-one', namespace: 'ns-local' },
      remote_clusters: [{ alias: 'cluster-two', elasticsearch_ref: { name: 'cluster-two', namespace: 'ns-remote' }, api_key_access: { search: { names: topology.searchIndexPatterns } } }],
    });

    // "Configure roles and users": the role on cluster-one, checked against the key ECK creates.
    this.role = new RemoteAccessRole(this, 'ecommerce-reader', {
      provider: local,
      name: 'cluster-two-ecommerce-reader',
      description: 'Searches cluster-two:kibana_sample_data_ecommerce from cluster-one',
      remoteIndices: [{ clusters: ['cluster-two'], names: topology.roleIndexPatterns, privileges: ['read', 'read_cross_cluster', 'view_index_metadata'] }],
      expectedRemoteAccess: expectedRemoteAccess(this.parts),
    });

    new TerraformOutput(this, 'local_manifest_yaml', { description: 'Merge into cluster-one\'s Elasticsearch manifest (spec.remoteClusters).', value: this.parts.local_manifest_yaml });
    new TerraformOutput(this, 'remote_manifests_yaml', {
      description: 'Merge into each remote\'s Elasticsearch manifest (spec.remoteClusterServer).',
      value: Object.fromEntries(this.parts.remote_servers.map((r) => [`${r.namespace}/${r.name}`, r.manifest_yaml])),
    });
    new TerraformOutput(this, 'role', { description: 'The role name (what users\' roles list).', value: this.role.id });
  }
}

if (require.main === module) {
  const app = new App();
  new EckRemoteClustersStack(app, 'eck-remote-clusters', { searchIndexPatterns: ['kibana_sample_data_ecommerce'], roleIndexPatterns: ['kibana_sample_data_ecommerce'] });
  app.synth();
}
