/**
 * The CDK for Terraform version of examples/hcl: cross-cluster search from a local cluster to a remote
 * one with the API-key security model. A cross-cluster API key on the remote cluster grants search on
 * `index_patterns`, and the local cluster gets a proxy connection to the remote cluster server (port
 * 9443) whose credentials are the key's sealed `encoded` output.
 *
 * Endpoints and keys are Terraform variables with the names examples/hcl uses (TF_VAR_<name>, secrets
 * sensitive), so the synthesized stack holds no secret. What changes the shape of the stack is decided
 * at synth time, from the environment (ids, not secrets):
 *
 *   LOCAL_DEPLOYMENT_ID   the local cluster is an ECH/ECE deployment: the credentials go to its keystore
 *                         through the Cloud API (variables cloud_endpoint, cloud_api_key). Unset: a
 *                         self-managed cluster, whose operator adds the keystore secret by hand.
 *   ARCHIVE_DEPLOYMENT_ID, ARCHIVE_CLUSTER_ID, LOCAL_CLUSTER_ID, CLOUD_ACCOUNT_ID
 *                         also link an "archive" deployment of the same organization/environment with
 *                         the (deprecated) certificate model: trust both ways, then the Cloud API.
 *
 *   npm run build && (cd examples/cdktf && npx cdktf synth)
 */
import { App, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { ElasticRemoteProvider, RemoteClusterLink } from '../../constructs';

export interface ArchiveLinkConfig {
  /** The archive deployment and its Elasticsearch cluster id. */
  deploymentId: string;
  clusterId: string;
  /** Elasticsearch cluster id of the local deployment. */
  localClusterId: string;
  /** Account (ECH organization / ECE environment) id both deployments belong to. */
  accountId: string;
}

export interface RemoteClustersConfig {
  /** ECH/ECE deployment of the local cluster; undefined for a self-managed cluster. */
  localDeploymentId?: string;
  /** A second, certificate-model link to an archive deployment (needs `localDeploymentId`). */
  archive?: ArchiveLinkConfig;
}

/** The synth-time shape of the stack, from the environment variables documented above. */
export function configFromEnvironment(env: NodeJS.ProcessEnv): RemoteClustersConfig {
  const given = (name: string): string | undefined => (env[name] && env[name]!.trim() !== '' ? env[name]!.trim() : undefined);
  const archiveNames = ['ARCHIVE_DEPLOYMENT_ID', 'ARCHIVE_CLUSTER_ID', 'LOCAL_CLUSTER_ID', 'CLOUD_ACCOUNT_ID'];
  const archiveValues = archiveNames.map(given);
  if (archiveValues.some((v) => v !== undefined) && (archiveValues.some((v) => v === undefined) || !given('LOCAL_DEPLOYMENT_ID'))) {
    throw new Error(`the archive link needs all of LOCAL_DEPLOYMENT_ID, ${archiveNames.join(', ')}`);
  }
  const [deploymentId, clusterId, localClusterId, accountId] = archiveValues;
  return {
    localDeploymentId: given('LOCAL_DEPLOYMENT_ID'),
    archive: deploymentId && clusterId && localClusterId && accountId ? { deploymentId, clusterId, localClusterId, accountId } : undefined,
  };
}

export class RemoteClustersStack extends TerraformStack {
  readonly search: RemoteClusterLink;
  readonly archive?: RemoteClusterLink;

  constructor(scope: Construct, id: string, config: RemoteClustersConfig) {
    super(scope, id);
    // State next to the synthesized stack, wherever it is applied (cdktf's default is an absolute path).
    new LocalBackend(this, { path: 'terraform.tfstate' });

    const variable = (name: string, description: string, options: { sensitive?: boolean; default?: unknown; type?: string } = {}) =>
      new TerraformVariable(this, name, { type: 'string', description, ...options });
    const secretsKey = variable('secrets_key', 'Passphrase that seals encoded keys kept in state (at least 8 characters).', { sensitive: true }).stringValue;
    const alias = variable('alias', 'Remote cluster alias on the local cluster (index expressions use <alias>:index).', { default: 'eu-logs' }).stringValue;
    const indexPatterns = variable('index_patterns', 'Indices of the remote cluster the key lets the local cluster search.', {
      type: 'list(string)',
      default: ['logs-*'],
    }).listValue;
    const waitForConnected = variable('wait_for_connected', 'Wait after apply until _remote/info reports the alias connected (and say why not).', {
      type: 'bool',
      default: true,
    }).booleanValue;

    const remote = new ElasticRemoteProvider(this, 'remote', {
      alias: 'remote',
      secretsKey,
      elasticsearch: {
        endpoint: variable('remote_elasticsearch_endpoint', 'Elasticsearch URL of the remote cluster (where the key is created).').stringValue,
        // Cross-cluster API keys can only be created with user credentials (as in Elasticsearch).
        username: variable('remote_elasticsearch_username', 'User on the remote cluster that creates the cross-cluster key.').stringValue,
        password: variable('remote_elasticsearch_password', 'Password of that user.', { sensitive: true }).stringValue,
      },
    });
    const local = new ElasticRemoteProvider(this, 'local', {
      alias: 'local',
      secretsKey,
      elasticsearch: {
        endpoint: variable('local_elasticsearch_endpoint', 'Elasticsearch URL of the local cluster (where the connection is made).').stringValue,
        apiKey: variable('local_elasticsearch_api_key', 'API key on the local cluster.', { sensitive: true }).stringValue,
      },
      // Only for ECH/ECE deployments: the keystore secret goes through the Cloud API.
      cloud: config.localDeploymentId
        ? {
            endpoint: variable('cloud_endpoint', 'Elastic Cloud API or an ECE coordinator.', { default: 'https://api.elastic-cloud.com' }).stringValue,
            apiKey: variable('cloud_api_key', 'Elastic Cloud / ECE API key.', { sensitive: true }).stringValue,
          }
        : undefined,
    });

    this.search = new RemoteClusterLink(this, 'search', {
      alias,
      access: { search: indexPatterns },
      // Rotated by the plan once 30 days old; RemoteClusterLink orders it new-key-first.
      key: { name: `${alias}-search`, rotateAfter: '30d' },
      local: { provider: local, deployment: config.localDeploymentId ? { deploymentId: config.localDeploymentId } : undefined },
      remote: {
        provider: remote,
        address: variable('remote_cluster_address', "host:port of the remote cluster's remote cluster server (port 9443 for the API-key model).").stringValue,
      },
      skipUnavailable: true,
      waitForConnected,
    });

    if (config.archive && config.localDeploymentId) {
      const trustedUnder = { accountId: config.archive.accountId };
      this.archive = new RemoteClusterLink(this, 'archive', {
        alias: 'archive',
        securityModel: 'certificate',
        local: { provider: local, deployment: { deploymentId: config.localDeploymentId, clusterId: config.archive.localClusterId, trustedUnder } },
        // The certificate model needs only the Cloud API on the remote side, which `local` has.
        remote: { provider: local, deployment: { deploymentId: config.archive.deploymentId, clusterId: config.archive.clusterId, trustedUnder } },
        skipUnavailable: true,
        waitForConnected,
      });
    }

    new TerraformOutput(this, 'key_id', { value: this.search.key?.id, description: 'Id of the cross-cluster API key (not secret).' });
    new TerraformOutput(this, 'connected', { value: this.search.connection.connected, description: '_remote/info reported the alias connected after apply.' });
    new TerraformOutput(this, 'credentials_key_id', {
      value: this.search.connection.credentialsKeyId,
      description: 'Key id of the credentials in the local keystore: a fingerprint, never the key.',
    });
  }
}

// `cdktf synth` runs this file (cdktf.json `app`); tests import the stack without synthesizing.
if (require.main === module) {
  const app = new App();
  new RemoteClustersStack(app, 'remote-clusters', configFromEnvironment(process.env));
  app.synth();
}
