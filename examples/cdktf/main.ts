/**
 * The CDK for Terraform version of examples/hcl: cross-cluster search from a local cluster to a remote
 * one with the API-key security model. A cross-cluster API key on the remote cluster grants search on
 * logs-*, and the local cluster gets a proxy connection to the remote cluster server (port 9443) whose
 * credentials are the key's sealed `encoded` output.
 *
 * Nothing about the target is decided at synth time: endpoints, deployment and keys are Terraform
 * variables (TF_VAR_<name>), secrets declared sensitive, so the synthesized stack holds no secret and
 * the same cdk.tf.json runs against the emulator (see README.md) or a real account.
 *
 *   npm run build && (cd examples/cdktf && npx cdktf synth)
 */
import { App, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { ElasticRemoteProvider, RemoteClusterLink } from '../../constructs';

export class RemoteClustersStack extends TerraformStack {
  readonly link: RemoteClusterLink;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // State next to the synthesized stack, wherever it is applied (cdktf's default is an absolute path).
    new LocalBackend(this, { path: 'terraform.tfstate' });
    const variable = (name: string, description: string, options: { sensitive?: boolean; default?: string } = {}): string =>
      new TerraformVariable(this, name, { type: 'string', description, ...options }).stringValue;

    const cloud = {
      endpoint: variable('cloud_endpoint', 'Elastic Cloud API or ECE coordinator URL.', { default: 'https://api.elastic-cloud.com' }),
      apiKey: variable('cloud_api_key', 'Elastic Cloud / ECE API key.', { sensitive: true }),
    };
    const secretsKey = variable('secrets_key', 'Passphrase that seals the encoded key kept in state.', { sensitive: true });

    const local = new ElasticRemoteProvider(this, 'local', {
      alias: 'local',
      secretsKey,
      cloud,
      elasticsearch: {
        endpoint: variable('local_elasticsearch_endpoint', 'Elasticsearch URL of the local cluster (the one that searches).'),
        apiKey: variable('local_elasticsearch_api_key', 'API key on the local cluster.', { sensitive: true }),
      },
    });
    const remote = new ElasticRemoteProvider(this, 'remote', {
      alias: 'remote',
      secretsKey,
      elasticsearch: {
        endpoint: variable('remote_elasticsearch_endpoint', 'Elasticsearch URL of the remote cluster (the one searched).'),
        // Cross-cluster API keys can only be created with user credentials, not with an API key.
        username: variable('remote_elasticsearch_username', 'User on the remote cluster that creates the cross-cluster key.'),
        password: variable('remote_elasticsearch_password', 'Password of that user.', { sensitive: true }),
      },
    });

    this.link = new RemoteClusterLink(this, 'eu-logs', {
      alias: variable('alias', 'Alias of the remote cluster on the local cluster.', { default: 'eu-logs' }),
      access: { search: ['logs-*'] },
      local: { provider: local, deployment: { deploymentId: variable('local_deployment_id', 'ECH/ECE deployment of the local cluster (its keystore holds the credentials).') } },
      remote: {
        provider: remote,
        address: variable('remote_address', 'Remote cluster server of the remote cluster, host:9443.'),
      },
      skipUnavailable: true,
    });

    new TerraformOutput(this, 'cross_cluster_key_id', { value: this.link.key!.id, description: 'Id of the cross-cluster API key (not secret).' });
    new TerraformOutput(this, 'connected', { value: this.link.connection.connected, description: '_remote/info reports the alias connected.' });
  }
}

const app = new App();
new RemoteClustersStack(app, 'remote-clusters');
app.synth();
