/** The shapes examples/cdktf synthesizes (fast, no tools): self-managed, Cloud deployment, with the archive link. */
import { Testing } from 'cdktf';
import { configFromEnvironment, RemoteClustersStack, type RemoteClustersConfig } from '../../../examples/cdktf/main';

interface Synthesized {
  provider: { elasticremote: Record<string, unknown>[] };
  resource: Record<string, Record<string, Record<string, unknown>>>;
  variable: Record<string, { sensitive?: boolean }>;
}

function synth(config: RemoteClustersConfig): Synthesized {
  return JSON.parse(Testing.synth(new RemoteClustersStack(Testing.app(), 'remote-clusters', config), true)) as Synthesized;
}

const ids = { local: '1'.repeat(32), localCluster: 'a'.repeat(32), archive: '2'.repeat(32), archiveCluster: 'b'.repeat(32), account: 'c'.repeat(32) };

describe('configFromEnvironment', () => {
  test('nothing set: a self-managed local cluster, no archive link', () => {
    expect(configFromEnvironment({})).toEqual({ localDeploymentId: undefined, archive: undefined });
  });

  test('the archive link needs every id', () => {
    expect(() => configFromEnvironment({ LOCAL_DEPLOYMENT_ID: ids.local, ARCHIVE_DEPLOYMENT_ID: ids.archive })).toThrow(
      'the archive link needs all of LOCAL_DEPLOYMENT_ID, ARCHIVE_DEPLOYMENT_ID, ARCHIVE_CLUSTER_ID, LOCAL_CLUSTER_ID, CLOUD_ACCOUNT_ID',
    );
  });
});

describe('RemoteClustersStack', () => {
  test('self-managed: key and connection only, no Cloud configuration, secrets from sensitive variables', () => {
    const json = synth({});
    expect(Object.keys(json.resource).sort()).toEqual(['elasticremote_cross_cluster_api_key', 'elasticremote_remote_cluster_connection']);
    const connection = Object.values(json.resource.elasticremote_remote_cluster_connection)[0];
    expect(connection).not.toHaveProperty('cloud');
    expect(connection.proxy_address).toBe('${var.remote_cluster_address}');
    expect(json.provider.elasticremote.every((p) => !('cloud' in p))).toBe(true);
    expect(json.variable).not.toHaveProperty('cloud_api_key');
    for (const secret of ['secrets_key', 'local_elasticsearch_api_key', 'remote_elasticsearch_password']) expect(json.variable[secret].sensitive).toBe(true);
  });

  test('Cloud deployment with the archive link: keystore through the Cloud API, trust both ways', () => {
    const json = synth({
      localDeploymentId: ids.local,
      archive: { deploymentId: ids.archive, clusterId: ids.archiveCluster, localClusterId: ids.localCluster, accountId: ids.account },
    });
    const connections = Object.values(json.resource.elasticremote_remote_cluster_connection);
    expect(connections.map((c) => c.cloud)).toEqual([
      { deployment_id: ids.local, ref_id: 'main-elasticsearch' },
      { deployment_id: ids.local, ref_id: 'main-elasticsearch' },
    ]);
    const allowlists = Object.values(json.resource.elasticremote_deployment_trust).map((t) => [t.deployment_id, t.accounts]);
    expect(allowlists).toEqual([
      [ids.local, [{ account_id: ids.account, trust_all: false, trust_allowlist: [ids.archiveCluster] }]],
      [ids.archive, [{ account_id: ids.account, trust_all: false, trust_allowlist: [ids.localCluster] }]],
    ]);
    expect(json.variable.cloud_api_key.sensitive).toBe(true);
  });
});
