/**
 * Why an alias is not connected, from what `_remote/info` says and what the connection knows it
 * configured. Pure, so every cause it can name is proven by a unit test.
 */
import type { RemoteInfo } from '../../elasticsearch/client';
import { portOf } from './rules';
import { credentialsSetting } from './settings';

/** Elasticsearch's default remote cluster server port (API-key model) and transport port (certificate model). */
export const remoteClusterServerPort = 9443;
export const transportPort = 9300;

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
