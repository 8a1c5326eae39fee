/**
 * Why an alias is not connected, from what `_remote/info` says and what the connection knows it
 * configured. Pure, so every cause it can name is proven by a unit test.
 */
import type { TrafficFilterRule, TrafficFilterRuleset } from '../../cloud/types';
import type { RemoteInfo } from '../../elasticsearch/client';
import { portOf, remoteClusterServerPort, transportPort } from './rules';
import { credentialsSetting } from './settings';

export { remoteClusterServerPort, transportPort };

export interface ConnectionFacts {
  alias: string;
  mode: 'sniff' | 'proxy';
  proxy_address?: string;
  seeds?: string[];
  /** The connection was given credentials (API-key model). */
  credentialsGiven: boolean;
  /** Key id of those credentials, when known. */
  credentialsKeyId?: string;
  /** Credentials go to a self-managed keystore the engine cannot write. */
  selfManagedKeystore: boolean;
  /** Causes found on the remote side (traffic filters, certificate identity): they replace the generic hint. */
  remoteSideCauses?: string[];
}

export function diagnoseNotConnected(facts: ConnectionFacts, info: RemoteInfo | undefined): string[] {
  const { alias } = facts;
  if (!info) {
    return [`_remote/info has no entry for "${alias}": the cluster.remote.${alias}.* settings are not in effect (reset by hand, or not applied)`];
  }
  const addresses = facts.mode === 'proxy' ? (facts.proxy_address ? [facts.proxy_address] : []) : (facts.seeds ?? []);
  if (addresses.length === 0) return [`no ${facts.mode === 'proxy' ? 'proxy_address' : 'seeds'} configured for "${alias}"`];
  const hasCredentials = info.cluster_credentials !== undefined;
  const ports = new Set(addresses.map(portOf));
  const reasons: string[] = [];
  if (facts.credentialsGiven && !hasCredentials) {
    reasons.push(
      facts.selfManagedKeystore
        ? `no credentials: _remote/info shows no cluster_credentials for "${alias}". The keystore of a self-managed cluster cannot be written through an API: on every node run \`bin/elasticsearch-keystore add ${credentialsSetting(alias)}\` with the encoded key${facts.credentialsKeyId ? ` (key ${facts.credentialsKeyId})` : ''}, then POST _nodes/reload_secure_settings`
        : `no credentials: _remote/info shows no cluster_credentials for "${alias}" although ${credentialsSetting(alias)} was written: the secure settings were not reloaded (POST _nodes/reload_secure_settings)`,
    );
  }
  if (hasCredentials && ports.has(transportPort)) {
    reasons.push(
      `the API-key model connects to the remote cluster server port (${remoteClusterServerPort}), but ${addresses.join(', ')} uses ${transportPort}, the transport port of the certificate model`,
    );
  }
  if (!hasCredentials && !facts.credentialsGiven && ports.has(remoteClusterServerPort)) {
    reasons.push(
      `${addresses.join(', ')} is the remote cluster server port (${remoteClusterServerPort}) of the API-key model, but "${alias}" has no credentials: set credentials to an encoded cross-cluster API key, or use the transport port ${transportPort} with the certificate model`,
    );
  }
  reasons.push(...(facts.remoteSideCauses ?? []));
  if (reasons.length === 0) {
    reasons.push(
      hasCredentials
        ? `the remote cluster did not accept the connection: check that ${addresses.join(', ')} is the remote cluster's remote cluster server endpoint, and that the cross-cluster API key${facts.credentialsKeyId ? ` ${facts.credentialsKeyId}` : ''} is still valid on the remote cluster (not invalidated or expired)`
        : `the remote cluster did not accept the connection: check that ${addresses.join(', ')} is the remote cluster's transport endpoint and that both clusters trust each other's certificates (certificate model)`,
    );
  }
  return reasons;
}

/** What the Cloud remote-clusters API computes for one entry (certificate model within one environment). */
export interface CloudRemoteStatus {
  connected: boolean;
  trusted: boolean;
  trusted_back: boolean;
  compatible: boolean;
  healthy: boolean;
}

export function diagnoseCloudRemoteNotConnected(alias: string, remoteDeploymentId: string, status: CloudRemoteStatus | undefined): string[] {
  if (!status) return [`the Cloud API reports no status for "${alias}": the remote-clusters entry is missing or not computed yet`];
  const reasons: string[] = [];
  if (!status.trusted) {
    reasons.push(`the local deployment does not trust deployment ${remoteDeploymentId}: add the remote cluster id (or its account / environment) to the local deployment's trust settings`);
  }
  if (!status.trusted_back) {
    reasons.push(`deployment ${remoteDeploymentId} does not trust the local deployment back: add the local cluster id (or its account / environment) to the remote deployment's trust settings`);
  }
  if (!status.compatible) reasons.push(`the versions of the two deployments are not compatible for remote clusters`);
  if (!status.healthy) reasons.push(`deployment ${remoteDeploymentId} is not healthy`);
  if (reasons.length === 0) reasons.push(`both sides trust each other but the connection is not up yet: try a longer wait_timeout`);
  return reasons;
}

/** The local cluster as the remote side's traffic filters see it, as far as the Cloud API tells. */
export interface LocalSide {
  /** Elasticsearch cluster id of the local deployment (unknown for a self-managed cluster). */
  clusterId?: string;
  /** ECH organization id or ECE environment id of the local deployment. */
  scopeId?: string;
  platform?: 'ech' | 'ece';
}

/** A remote_cluster rule names the local side when every id it sets is the local side's. */
function ruleNamesLocal(rule: TrafficFilterRule, local: LocalSide): boolean {
  if (rule.remote_cluster_id === undefined && rule.remote_cluster_org_id === undefined) return false;
  if (rule.remote_cluster_org_id !== undefined && rule.remote_cluster_org_id !== local.scopeId) return false;
  return rule.remote_cluster_id === undefined || rule.remote_cluster_id === local.clusterId;
}

/**
 * Why the remote deployment's traffic filters keep the local cluster out, and what rule would let it
 * in. Once any rule set is associated, its remote cluster server accepts only what a rule allows;
 * `ip` rules are named with their sources, since the engine cannot see the local side's address.
 */
export function diagnoseTrafficFilters(remoteDeploymentId: string, rulesets: TrafficFilterRuleset[], local: LocalSide): string[] {
  if (rulesets.length === 0) return [];
  const remoteClusterSets = rulesets.filter((r) => r.type === 'remote_cluster');
  if (remoteClusterSets.some((r) => r.rules.some((rule) => ruleNamesLocal(rule, local)))) return [];
  const ipSources = rulesets.filter((r) => r.type === 'ip').flatMap((r) => r.rules.map((rule) => rule.source).filter((s): s is string => s !== undefined));
  const named = rulesets.map((r) => `"${r.name}" (${r.id}, type ${r.type})`).join(', ');
  const scope = local.platform === 'ece' ? 'environment id' : 'organization id';
  const wanted =
    local.clusterId !== undefined && local.scopeId !== undefined
      ? `a remote_cluster rule with remote_cluster_id "${local.clusterId}" and remote_cluster_org_id "${local.scopeId}" (the local cluster id and ${scope}; the ${scope} alone allows every cluster of it)`
      : `a remote_cluster rule with the local deployment's cluster id and organization / environment id (set cloud to let the engine name them)`;
  const ipHint =
    ipSources.length > 0 ? `; its ip rules allow only ${ipSources.join(', ')}, so unless this cluster's outgoing address is among them it is refused there too` : '';
  return [
    `the traffic filters of remote deployment ${remoteDeploymentId} refuse this cluster: no rule of rule set(s) ${named} allows it${ipHint}. To let it in, add ${wanted} to a remote_cluster rule set associated with it, or an ip rule with the local side's source address (on ECH, the region's egress IPs)`,
  ];
}

/** The DN the local deployment signs with when it uses its Cloud transport certificate (node.crt). */
export function cloudTransportDn(clusterId: string, scopeId: string, nodeId = '<node id>'): string {
  return `CN=${nodeId}.node.${clusterId}.cluster.${scopeId}`;
}

/**
 * Whether the key's certificate_identity matches the local signing certificate's DN, as the remote
 * cluster checks it (the whole DN); the reason names both when it does not.
 */
export function diagnoseCertificateIdentity(identity: string, dn: string, sampleDn: string): string[] {
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^(?:${identity})$`);
  } catch {
    return [`certificate_identity "${identity}" is not a valid regular expression`];
  }
  if (pattern.test(sampleDn)) return [];
  return [`the cross-cluster API key's certificate_identity "${identity}" does not match the DN of the local signing certificate, ${dn}: the remote cluster refuses its signed requests. Create the key with a certificate_identity matching that DN`];
}
