/**
 * The Pulumi version of examples/cdktf and examples/hcl: cross-cluster search from a local cluster to a
 * remote one with the API-key security model. A cross-cluster API key on the remote cluster grants
 * search on logs-*, and the local cluster gets a proxy connection to the remote cluster server (port
 * 9443) whose credentials are the key's sealed `encoded` output (a Pulumi secret).
 *
 * It composes with an existing stack: the remote cluster server address and the local deployment come
 * from this stack's configuration, or from the outputs of the stack named by `example:platformStack`
 * (a StackReference, e.g. the stack that created the deployments). Connections come from stack
 * configuration (`elasticRemote:*`, see README.md), so the program runs unchanged against the emulator
 * or a real account.
 */
import * as pulumi from '@pulumi/pulumi';
import { CrossClusterApiKey, RemoteClusterConnection } from '../../providers/pulumi';

const config = new pulumi.Config('example');
const platformStack = config.get('platformStack');
const platform = platformStack ? new pulumi.StackReference(platformStack) : undefined;

/** A setting from this stack's configuration, else from the platform stack's outputs. */
function fromConfigOrPlatform(name: string): pulumi.Output<string | undefined> {
  const own = config.get(name);
  if (own !== undefined || !platform) return pulumi.output(own);
  return platform.getOutput(name).apply((v) => (typeof v === 'string' ? v : undefined));
}

const alias = config.get('alias') ?? 'eu-logs';
const remoteAddress = fromConfigOrPlatform('remoteClusterServerAddress').apply((address) => {
  if (!address) throw new Error('example:remoteClusterServerAddress is not set (nor an output of example:platformStack): the remote cluster server, host:9443');
  return address;
});
// ECH/ECE: the local deployment whose keystore receives the credentials. Unset: a self-managed cluster,
// whose keystore an operator fills (bin/elasticsearch-keystore add cluster.remote.<alias>.credentials).
const localDeploymentId = fromConfigOrPlatform('localDeploymentId');

const key = new CrossClusterApiKey('search-key', {
  cluster: 'remote',
  name: `${alias}-search`,
  access: { search: [{ names: ['logs-*'] }] },
  metadata: { managed_by: 'pulumi' },
  // Once the key is this old, preview replaces it. Pulumi replaces create-first (key names need not be
  // unique), so the connection moves to the new key before the old one is invalidated.
  rotateAfter: '30d',
});

const connection = new RemoteClusterConnection('connection', {
  cluster: 'local',
  alias,
  mode: 'proxy',
  proxyAddress: remoteAddress,
  skipUnavailable: true,
  credentials: key.encoded.apply((encoded) => {
    if (!encoded) throw new Error('the cross-cluster key has no encoded value (an adopted key): give the connection a new key');
    return encoded;
  }),
  cloud: localDeploymentId.apply((deploymentId) => (deploymentId ? { deploymentId } : undefined)),
});

export const crossClusterKeyId = key.id;
export const connected = connection.connected;
