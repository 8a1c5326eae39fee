/**
 * RemoteClusterLink: the construct a user reaches for first. It connects a local cluster to a remote
 * one for cross-cluster search (CCS) and replication (CCR), following the Elastic procedures:
 *
 * - API-key model (default): a cross-cluster API key on the remote cluster, and on the local cluster a
 *   proxy connection to the remote cluster server (host:9443) whose credentials are the key's sealed
 *   `encoded` output (keystore setting `cluster.remote.<alias>.credentials`). A remote behind a private
 *   proxy CA (another ECE environment) is trusted with a proxy-type direct trust on the local deployment.
 * - Certificate model (deprecated by Elastic, still common on ECH/ECE): trust in both directions, each
 *   deployment listing the other's Elasticsearch cluster id under the scope it knows the other by, then
 *   the connection: through the Cloud remote-clusters API when both deployments are in one environment,
 *   or a proxy connection to the remote transport address (host:9300) across environments.
 *
 * Across ECE environments the platforms must trust each other first: EnvironmentTrustPair declares that
 * once for every link between the two and gives the `trustedUnder` scopes.
 *
 * It is built only from the resource constructs; anything it does not cover is those constructs
 * composed by hand.
 */
import { Token, type IResolvable } from 'cdktf';
import { Construct } from 'constructs';
import { CrossClusterApiKey, DeploymentTrust, RemoteClusterConnection, type DeploymentTrustProps } from './generated';
import type { ElasticRemoteProvider } from './provider';
import { defaultRefId } from '../src/cloud/identifiers';
import { otherModelPortProblem, remoteClusterServerPort, type SecurityModel } from '../src/resources/remote-cluster-connection/rules';

export type { SecurityModel };

/**
 * Elastic's ref id of a deployment's first Elasticsearch resource (the engine's default), given
 * explicitly so each synthesized resource says which Elasticsearch resource it addresses.
 */
export { defaultRefId };

/**
 * The trust scope under which the OTHER deployment lists this cluster: the account id when both are
 * in one ECH organization or ECE environment, or, across ECE environments, the id of the other
 * environment's trust relationship with this one (see TrustRelationship).
 */
export type TrustScope = { readonly accountId: string } | { readonly trustRelationshipId: string };

export interface CloudDeploymentRef {
  /** Deployment id (32 hex). */
  readonly deploymentId: string;
  /** Ref id of its Elasticsearch resource. @default "main-elasticsearch" */
  readonly refId?: string;
  /** Certificate model: the Elasticsearch cluster id (32 hex, "Copy cluster ID"; not the deployment id). */
  readonly clusterId?: string;
  /** Certificate model: how the other deployment's trust settings know this one. */
  readonly trustedUnder?: TrustScope;
}

export interface LinkedCluster {
  /** Provider instance for this cluster: its Elasticsearch endpoint, and the Cloud API when `deployment` is set. */
  readonly provider: ElasticRemoteProvider;
  /** The ECH/ECE deployment hosting the cluster; omitted for self-managed and ECK clusters. */
  readonly deployment?: CloudDeploymentRef;
}

export interface RemoteClusterEnd extends LinkedCluster {
  /**
   * host:port the local cluster connects to: the remote cluster server (port 9443) for the API-key
   * model, the transport proxy (port 9300) for the certificate model across environments. Left out in
   * the certificate model within one Cloud environment (the Cloud API connects the deployments).
   */
  readonly address?: string;
  /** TLS server name (SNI) for the proxy, e.g. the deployment's `…es.<region>.<cloud>.elastic.cloud` host. */
  readonly serverName?: string;
  /** API-key model, remote behind a private proxy CA (another ECE environment): the CA certificates (PEM). */
  readonly proxyCaCertificates?: string[];
}

export interface IndexAccess {
  /** Index names or patterns the local cluster may search, e.g. `["logs-*"]`. */
  readonly search?: string[];
  /** Index names or patterns the local cluster may replicate (follow), e.g. `["metrics-*"]`. */
  readonly replication?: string[];
}

export interface CrossClusterKeyOptions {
  /** @default "<alias>-cross-cluster" */
  readonly name?: string;
  /** e.g. `90d`; omitted: never expires. Changing it replaces (rotates) the key. */
  readonly expiration?: string;
  readonly metadata?: Record<string, string>;
  /** Strong identity verification (9.3+): a pattern of the local cluster's signing certificate DN. */
  readonly certificateIdentity?: string;
  /** e.g. `30d`: once the key is this old, the plan rotates it (new key first, then the keystore, then the old key goes). */
  readonly rotateAfter?: string;
  /** How long before expiry a plan warns. @default "14d" */
  readonly expiryWarning?: string;
}

export interface RemoteClusterLinkProps {
  /** The remote cluster alias on the local cluster (`<alias>:index` in searches). */
  readonly alias: string;
  /** @default "api_key" */
  readonly securityModel?: SecurityModel;
  /** API-key model: what the key grants. */
  readonly access?: IndexAccess;
  readonly local: LinkedCluster;
  readonly remote: RemoteClusterEnd;
  /** API-key model: the cross-cluster key's name, expiration, metadata, certificate identity. */
  readonly key?: CrossClusterKeyOptions;
  /** Skip the remote in cross-cluster searches while it is unavailable. Elasticsearch's default: true. */
  readonly skipUnavailable?: boolean | IResolvable;
  /**
   * After apply, wait until `_remote/info` reports the alias connected, or fail with the reason. A
   * self-managed local cluster needs its keystore secret added (elasticsearch-keystore) before that.
   * @default true
   */
  readonly waitForConnected?: boolean | IResolvable;
}

/** A literal value's problem, or undefined for tokens (known only at apply) and good values. */
function literal(value: string | undefined): string | undefined {
  return value === undefined || Token.isUnresolved(value) ? undefined : value;
}

/** Why the props cannot make a working link, each problem naming the prop; empty when they can. */
export function linkPropsProblems(props: RemoteClusterLinkProps): string[] {
  const problems: string[] = [];
  const model = props.securityModel ?? 'api_key';
  const address = literal(props.remote.address);
  if (model === 'api_key') {
    if ((props.access?.search?.length ?? 0) + (props.access?.replication?.length ?? 0) === 0) {
      problems.push('access: give search and/or replication index patterns (a cross-cluster key without access grants nothing)');
    }
    if (props.remote.address === undefined) problems.push(`remote.address: required with the API-key model: the remote cluster server, host:${remoteClusterServerPort}`);
  } else {
    if (props.access !== undefined || props.key !== undefined) {
      problems.push('access/key: only with the API-key model; with certificates the remote cluster\'s roles decide what the local users may read');
    }
    if (props.remote.proxyCaCertificates !== undefined) problems.push('remote.proxyCaCertificates: only with the API-key model');
    for (const side of ['local', 'remote'] as const) {
      const deployment = props[side].deployment;
      if (!deployment) problems.push(`${side}.deployment: required with the certificate model (trust is set on both deployments)`);
      else {
        if (deployment.clusterId === undefined) problems.push(`${side}.deployment.clusterId: required with the certificate model (the other side's trust allowlist entry)`);
        if (deployment.trustedUnder === undefined) problems.push(`${side}.deployment.trustedUnder: required with the certificate model ({ accountId } or { trustRelationshipId })`);
      }
    }
  }
  const portProblem = address !== undefined ? otherModelPortProblem(model, address) : undefined;
  if (portProblem) problems.push(`remote.address: ${portProblem}`);
  return problems;
}

/** A certificate-model end, its deployment's trust fields present (linkPropsProblems checked them). */
function certificateEnd(cluster: LinkedCluster): Required<Pick<CloudDeploymentRef, 'clusterId' | 'trustedUnder'>> & CloudDeploymentRef {
  const deployment = cluster.deployment;
  if (!deployment?.clusterId || !deployment.trustedUnder) throw new Error('certificate model: deployment.clusterId and deployment.trustedUnder are required');
  return { ...deployment, clusterId: deployment.clusterId, trustedUnder: deployment.trustedUnder };
}

/**
 * The allowlist entry `clusterId` under `scope`, as DeploymentTrust props. Every list and flag is given,
 * not left to the engine's defaults: when the scope id is another resource's output (a trust
 * relationship created in the same apply) the plan validates the input without applying defaults.
 */
function trustEntry(scope: TrustScope, clusterId: string): Pick<DeploymentTrustProps, 'accounts' | 'external' | 'direct'> {
  const entry = { trustAll: false, trustAllowlist: [clusterId] };
  return 'accountId' in scope
    ? { accounts: [{ accountId: scope.accountId, ...entry }], external: [], direct: [] }
    : { accounts: [], external: [{ trustRelationshipId: scope.trustRelationshipId, ...entry }], direct: [] };
}

export class RemoteClusterLink extends Construct {
  readonly alias: string;
  readonly securityModel: SecurityModel;
  /** API-key model: the cross-cluster API key on the remote cluster. */
  readonly key?: CrossClusterApiKey;
  /** The connection on the local cluster. */
  readonly connection: RemoteClusterConnection;
  /** Trust set on the local deployment (certificate model, or the remote's private proxy CA). */
  readonly localTrust?: DeploymentTrust;
  /** Certificate model: trust set on the remote deployment. */
  readonly remoteTrust?: DeploymentTrust;

  constructor(scope: Construct, id: string, props: RemoteClusterLinkProps) {
    super(scope, id);
    const problems = linkPropsProblems(props);
    if (problems.length > 0) throw new Error(problems.map((p) => `RemoteClusterLink ${this.node.path}: ${p}`).join('\n'));
    this.alias = props.alias;
    this.securityModel = props.securityModel ?? 'api_key';
    const { local, remote } = props;
    const localCloud = local.deployment && { deploymentId: local.deployment.deploymentId, refId: local.deployment.refId ?? defaultRefId };
    const common = {
      provider: local.provider,
      alias: props.alias,
      cloud: localCloud,
      skipUnavailable: props.skipUnavailable,
      waitForConnected: props.waitForConnected ?? true,
    };

    if (this.securityModel === 'api_key') {
      const access = props.access ?? {};
      this.key = new CrossClusterApiKey(this, 'key', {
        provider: remote.provider,
        name: props.key?.name ?? `${props.alias}-cross-cluster`,
        access: {
          search: access.search?.length ? [{ names: access.search }] : undefined,
          replication: access.replication?.length ? [{ names: access.replication }] : undefined,
        },
        expiration: props.key?.expiration,
        metadata: props.key?.metadata,
        certificateIdentity: props.key?.certificateIdentity,
        rotateAfter: props.key?.rotateAfter,
        expiryWarning: props.key?.expiryWarning,
        // A replaced key is created first, the connection moves to it, and only then is the old key
        // invalidated; destroy-first would cut the link until the connection had the new key.
        lifecycle: { createBeforeDestroy: true },
      });
      if (remote.proxyCaCertificates && localCloud) {
        this.localTrust = new DeploymentTrust(this, 'local-trust', {
          provider: local.provider,
          ...localCloud,
          accounts: [],
          external: [],
          direct: [{ name: `${props.alias} proxy`, type: 'proxy', certificates: remote.proxyCaCertificates }],
        });
      }
      this.connection = new RemoteClusterConnection(this, 'connection', {
        ...common,
        mode: 'proxy',
        proxyAddress: remote.address,
        serverName: remote.serverName,
        credentials: this.key.encoded,
        dependsOn: this.localTrust ? [this.localTrust] : undefined,
      });
      return;
    }

    // Certificate model: each deployment lists the other's cluster id under the scope it knows it by.
    const localEnd = certificateEnd(local);
    const remoteEnd = certificateEnd(remote);
    this.localTrust = new DeploymentTrust(this, 'local-trust', {
      provider: local.provider,
      deploymentId: localEnd.deploymentId,
      refId: localEnd.refId ?? defaultRefId,
      ...trustEntry(remoteEnd.trustedUnder, remoteEnd.clusterId),
    });
    this.remoteTrust = new DeploymentTrust(this, 'remote-trust', {
      provider: remote.provider,
      deploymentId: remoteEnd.deploymentId,
      refId: remoteEnd.refId ?? defaultRefId,
      ...trustEntry(localEnd.trustedUnder, localEnd.clusterId),
    });
    const trusts = [this.localTrust, this.remoteTrust];
    this.connection =
      remote.address === undefined
        ? new RemoteClusterConnection(this, 'connection', {
            ...common,
            remoteDeployment: { deploymentId: remoteEnd.deploymentId, refId: remoteEnd.refId ?? defaultRefId },
            dependsOn: trusts,
          })
        : new RemoteClusterConnection(this, 'connection', {
            ...common,
            mode: 'proxy',
            proxyAddress: remote.address,
            serverName: remote.serverName,
            dependsOn: trusts,
          });
  }
}
