import { TerraformStack, Testing } from 'cdktf';
import { ElasticRemoteProvider } from './provider';
import { RemoteClusterLink, type RemoteClusterLinkProps } from './remote-cluster-link';

type Resources = Record<string, Record<string, Record<string, unknown>>>;

const localDeployment = '1'.repeat(32);
const remoteDeployment = '2'.repeat(32);
const localCluster = 'a'.repeat(32);
const remoteCluster = 'b'.repeat(32);
const account = 'c'.repeat(32);

function synthLink(props: (providers: { local: ElasticRemoteProvider; remote: ElasticRemoteProvider }) => RemoteClusterLinkProps): Resources {
  const stack = new TerraformStack(Testing.app(), 'test');
  const local = new ElasticRemoteProvider(stack, 'local', { alias: 'local' });
  const remote = new ElasticRemoteProvider(stack, 'remote', { alias: 'remote' });
  new RemoteClusterLink(stack, 'eu-logs', props({ local, remote }));
  return (JSON.parse(Testing.synth(stack, true)) as { resource: Resources }).resource;
}

function only(resources: Resources, type: string): Record<string, unknown> {
  const instances = Object.values(resources[type] ?? {});
  expect(instances).toHaveLength(1);
  return instances[0];
}

describe('RemoteClusterLink, API-key model', () => {
  const resources = synthLink(({ local, remote }) => ({
    alias: 'eu-logs',
    access: { search: ['logs-*'], replication: ['metrics-*'] },
    local: { provider: local, deployment: { deploymentId: localDeployment } },
    remote: { provider: remote, address: 'remote.example:9443', serverName: 'remote.example' },
    skipUnavailable: true,
  }));

  test('a cross-cluster key on the remote cluster with the requested access', () => {
    expect(only(resources, 'elasticremote_cross_cluster_api_key')).toMatchObject({
      provider: 'elasticremote.remote',
      name: 'eu-logs-cross-cluster',
      access: { search: [{ names: ['logs-*'] }], replication: [{ names: ['metrics-*'] }] },
    });
  });

  test('a replaced key is created before the old one is destroyed (no outage on rotation)', () => {
    expect(only(resources, 'elasticremote_cross_cluster_api_key')).toMatchObject({ lifecycle: { create_before_destroy: true } });
  });

  test('a proxy connection on the local cluster whose credentials are the key\'s encoded output', () => {
    const keyName = Object.keys(resources.elasticremote_cross_cluster_api_key)[0];
    expect(only(resources, 'elasticremote_remote_cluster_connection')).toMatchObject({
      provider: 'elasticremote.local',
      alias: 'eu-logs',
      mode: 'proxy',
      proxy_address: 'remote.example:9443',
      server_name: 'remote.example',
      credentials: `\${elasticremote_cross_cluster_api_key.${keyName}.encoded}`,
      skip_unavailable: true,
      wait_for_connected: true,
    });
    // The ref id is always explicit (see defaultRefId).
    expect(only(resources, 'elasticremote_remote_cluster_connection').cloud).toEqual({ deployment_id: localDeployment, ref_id: 'main-elasticsearch' });
  });

  test('no deployment trust: API keys need none', () => {
    expect(resources.elasticremote_deployment_trust).toBeUndefined();
  });

  test('a remote behind a private proxy CA gets a proxy-type direct trust on the local deployment, before the connection', () => {
    const withCa = synthLink(({ local, remote }) => ({
      alias: 'ece2',
      access: { search: ['logs-*'] },
      local: { provider: local, deployment: { deploymentId: localDeployment } },
      remote: { provider: remote, address: 'proxy.ece2.example:9443', proxyCaCertificates: ['-----BEGIN CERTIFICATE-----\n...'] },
    }));
    const trust = only(withCa, 'elasticremote_deployment_trust');
    expect(trust).toMatchObject({
      provider: 'elasticremote.local',
      deployment_id: localDeployment,
      direct: [{ name: 'ece2 proxy', type: 'proxy', certificates: ['-----BEGIN CERTIFICATE-----\n...'] }],
    });
    const trustName = Object.keys(withCa.elasticremote_deployment_trust)[0];
    expect(only(withCa, 'elasticremote_remote_cluster_connection').depends_on).toEqual([`elasticremote_deployment_trust.${trustName}`]);
  });
});

describe('RemoteClusterLink, certificate model', () => {
  const sameEnvironment = synthLink(({ local, remote }) => ({
    alias: 'eu-logs',
    securityModel: 'certificate',
    local: { provider: local, deployment: { deploymentId: localDeployment, clusterId: localCluster, trustedUnder: { accountId: account } } },
    remote: { provider: remote, deployment: { deploymentId: remoteDeployment, refId: 'es', clusterId: remoteCluster, trustedUnder: { accountId: account } } },
  }));

  test('each deployment lists the other\'s cluster id under the scope it knows it by', () => {
    const trusts = Object.values(sameEnvironment.elasticremote_deployment_trust);
    expect(trusts).toHaveLength(2);
    expect(trusts).toContainEqual(
      expect.objectContaining({ provider: 'elasticremote.local', deployment_id: localDeployment, accounts: [{ account_id: account, trust_all: false, trust_allowlist: [remoteCluster] }] }),
    );
    expect(trusts).toContainEqual(
      expect.objectContaining({ provider: 'elasticremote.remote', deployment_id: remoteDeployment, ref_id: 'es', accounts: [{ account_id: account, trust_all: false, trust_allowlist: [localCluster] }] }),
    );
  });

  test('no key; within one environment the Cloud remote-clusters API connects, after both trusts', () => {
    expect(sameEnvironment.elasticremote_cross_cluster_api_key).toBeUndefined();
    const connection = only(sameEnvironment, 'elasticremote_remote_cluster_connection');
    expect(connection).toMatchObject({
      alias: 'eu-logs',
      cloud: { deployment_id: localDeployment },
      remote_deployment: { deployment_id: remoteDeployment, ref_id: 'es' },
    });
    expect(connection).not.toHaveProperty('credentials');
    expect(connection).not.toHaveProperty('proxy_address');
    expect((connection.depends_on as string[]).sort()).toEqual(Object.keys(sameEnvironment.elasticremote_deployment_trust).map((n) => `elasticremote_deployment_trust.${n}`).sort());
  });

  test('across ECE environments: external scopes (trust relationships) and a proxy to the transport port', () => {
    const resources = synthLink(({ local, remote }) => ({
      alias: 'ece2',
      securityModel: 'certificate',
      local: { provider: local, deployment: { deploymentId: localDeployment, clusterId: localCluster, trustedUnder: { trustRelationshipId: 'rel-in-ece2' } } },
      remote: {
        provider: remote,
        address: 'proxy.ece2.example:9300',
        serverName: 'proxy.ece2.example',
        deployment: { deploymentId: remoteDeployment, clusterId: remoteCluster, trustedUnder: { trustRelationshipId: 'rel-in-ece1' } },
      },
    }));
    const trusts = Object.values(resources.elasticremote_deployment_trust);
    expect(trusts).toContainEqual(expect.objectContaining({ deployment_id: localDeployment, external: [{ trust_relationship_id: 'rel-in-ece1', trust_all: false, trust_allowlist: [remoteCluster] }] }));
    expect(trusts).toContainEqual(expect.objectContaining({ deployment_id: remoteDeployment, external: [{ trust_relationship_id: 'rel-in-ece2', trust_all: false, trust_allowlist: [localCluster] }] }));
    expect(only(resources, 'elasticremote_remote_cluster_connection')).toMatchObject({ mode: 'proxy', proxy_address: 'proxy.ece2.example:9300', server_name: 'proxy.ece2.example' });
  });
});

describe('RemoteClusterLink props that cannot work fail at synth, naming the prop', () => {
  test.each<[string, (p: { local: ElasticRemoteProvider; remote: ElasticRemoteProvider }) => RemoteClusterLinkProps, RegExp]>([
    ['no access', ({ local, remote }) => ({ alias: 'a', local: { provider: local }, remote: { provider: remote, address: 'r:9443' } }), /eu-logs: access: give search and\/or replication/],
    ['no address', ({ local, remote }) => ({ alias: 'a', access: { search: ['x'] }, local: { provider: local }, remote: { provider: remote } }), /remote\.address: required with the API-key model/],
    ['transport port with API keys', ({ local, remote }) => ({ alias: 'a', access: { search: ['x'] }, local: { provider: local }, remote: { provider: remote, address: 'r:9300' } }), /r:9300 is the transport port; the API-key model connects to the remote cluster server port \(9443\)/],
    ['certificates without deployments', ({ local, remote }) => ({ alias: 'a', securityModel: 'certificate', local: { provider: local }, remote: { provider: remote, address: 'r:9300' } }), /local\.deployment: required with the certificate model[\s\S]*remote\.deployment: required/],
    ['certificates with access', ({ local, remote }) => ({ alias: 'a', securityModel: 'certificate', access: { search: ['x'] }, local: { provider: local, deployment: { deploymentId: localDeployment, clusterId: localCluster, trustedUnder: { accountId: account } } }, remote: { provider: remote, deployment: { deploymentId: remoteDeployment, clusterId: remoteCluster, trustedUnder: { accountId: account } } } }), /access\/key: only with the API-key model/],
  ])('%s', (_, props, message) => {
    expect(() => synthLink(props)).toThrow(message);
  });
});
