/**
 * Whether a remote cluster connection would connect, decided the way Elasticsearch and the Cloud
 * platforms do: the mode's settings are complete, the address points at an emulated cluster's
 * transport port (certificate model) or remote cluster server port (API-key model), the API key is
 * a live cross-cluster key of THAT cluster, and for certificates both sides trust each other.
 */
import { certificateIdentityMatches, decodeApiKey, isExpired } from './api-keys';
import type { EmulatedCluster } from './cluster';
import { REMOTE_CLUSTER_SERVER_PORT, TRANSPORT_PORT } from './cluster';
import type { SettingsMap } from './cluster-settings';
import {
  aliasesIn,
  boolSetting,
  intSetting,
  isConnectionEnabled,
  modeOf,
  parseAddress,
  remoteSettingKey,
  seedsOf,
} from './cluster-settings';
import type { ConnectivityDiagnosis } from './types';

export interface ConnectivityWorld {
  clusterByHost(host: string): EmulatedCluster | undefined;
  clusterByName(name: string): EmulatedCluster | undefined;
  /**
   * Certificate-model trust between two clusters: the reasons it is missing (empty when each side
   * trusts the other). Self-managed clusters use declared trust; Cloud-backed ones their trust settings.
   */
  certificateTrustProblems(local: EmulatedCluster, remote: EmulatedCluster): string[];
  now(): number;
  /** Why the remote side's network security (Cloud traffic filters) refuses a remote cluster server connection, if it does. */
  remoteClusterFilterProblem(local: EmulatedCluster, remote: EmulatedCluster): string | undefined;
  /** Why sniff mode cannot reach this cluster (Cloud deployments publish no node addresses), if so. */
  sniffProblem(remote: EmulatedCluster): string | undefined;
}

const versionParts = (version: string): number[] => version.split('.').map((part) => Number.parseInt(part, 10) || 0);

function compareVersions(a: string, b: string): number {
  const [x, y] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < 3; i += 1) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** Oldest version a node talks to over the transport protocol: the last minor of the previous major. */
export function minimumWireCompatibility(version: string): string {
  const [major] = versionParts(version);
  const lastMinor: Record<number, string> = { 9: '8.19.0', 8: '7.17.0', 7: '6.8.0' };
  return lastMinor[major] ?? `${major - 1}.0.0`;
}

function versionProblem(local: EmulatedCluster, remote: EmulatedCluster): string | undefined {
  for (const [a, b] of [[local, remote], [remote, local]] as const) {
    if (compareVersions(b.version, minimumWireCompatibility(a.version)) < 0) {
      return `cluster [${b.name}] runs ${b.version}, older than ${minimumWireCompatibility(a.version)}, the oldest version cluster [${a.name}] (${a.version}) can connect to`;
    }
  }
  return undefined;
}

const credentialsKey = (alias: string): string => remoteSettingKey(alias, 'credentials');

interface AddressVerdict {
  remote?: EmulatedCluster;
  problems: string[];
}

function checkApiKeyModel(
  world: ConnectivityWorld,
  local: EmulatedCluster,
  settings: SettingsMap,
  alias: string,
  remote: EmulatedCluster,
  credentials: string,
): string[] {
  if (!remote.remoteClusterServer) {
    return [`the remote cluster server (port ${REMOTE_CLUSTER_SERVER_PORT}) is not enabled on remote cluster [${remote.name}]`];
  }
  // The proxy in front of the remote cluster server refuses the connection before any key is read.
  const filtered = world.remoteClusterFilterProblem(local, remote);
  if (filtered) return [filtered];
  const decoded = decodeApiKey(credentials);
  if (!decoded) return [`the keystore setting [${credentialsKey(alias)}] does not hold an encoded API key`];
  const key = remote.apiKeys.get(decoded.id);
  if (!key) return [`API key [${decoded.id}] from [${credentialsKey(alias)}] does not exist on remote cluster [${remote.name}]`];
  if (key.secret !== decoded.secret) return [`the secret of API key [${decoded.id}] does not match on remote cluster [${remote.name}]`];
  if (key.type !== 'cross_cluster') return [`API key [${decoded.id}] is a [${key.type}] key, not a cross-cluster API key`];
  if (key.invalidated) return [`cross-cluster API key [${decoded.id}] was invalidated on remote cluster [${remote.name}]`];
  if (isExpired(key, world.now())) return [`cross-cluster API key [${decoded.id}] expired on remote cluster [${remote.name}]`];
  if (key.certificateIdentity === undefined) return [];
  const problems: string[] = [];
  const signing = settings.has(remoteSettingKey(alias, 'signing.certificate')) && settings.has(remoteSettingKey(alias, 'signing.key'));
  if (!signing) {
    problems.push(
      `cross-cluster API key [${decoded.id}] requires certificate identity [${key.certificateIdentity}] but local cluster [${local.name}] does not sign requests for [${alias}] (cluster.remote.${alias}.signing.certificate/key)`,
    );
  } else if (!certificateIdentityMatches(key.certificateIdentity, local.signingCertificateDn)) {
    problems.push(
      `the signing certificate DN [${local.signingCertificateDn}] of local cluster [${local.name}] does not match certificate identity [${key.certificateIdentity}] of API key [${decoded.id}]`,
    );
  }
  const authorities = remote.effectiveSettings().get('cluster.remote.signing.certificate_authorities');
  if (authorities === undefined || authorities.length === 0) {
    problems.push(`remote cluster [${remote.name}] does not verify signed requests (cluster.remote.signing.certificate_authorities is not set)`);
  }
  return problems;
}

function checkAddress(
  world: ConnectivityWorld,
  local: EmulatedCluster,
  settings: SettingsMap,
  alias: string,
  address: string,
  credentials: string | undefined,
): AddressVerdict {
  let parsed: { host: string; port: number };
  try {
    parsed = parseAddress(address);
  } catch {
    return { problems: [`address [${address}] is not host:port`] };
  }
  const remote = world.clusterByHost(parsed.host);
  if (!remote) return { problems: [`address [${address}] does not point at an emulated cluster`] };
  const incompatible = versionProblem(local, remote);
  if (incompatible) return { remote, problems: [incompatible] };
  const sniffBlocked = modeOf(settings, alias) === 'sniff' ? world.sniffProblem(remote) : undefined;
  if (sniffBlocked) return { remote, problems: [sniffBlocked] };
  if (credentials !== undefined) {
    if (parsed.port === TRANSPORT_PORT) {
      return {
        remote,
        problems: [
          `the API-key model (credentials in the keystore) connects to the remote cluster server port ${REMOTE_CLUSTER_SERVER_PORT}, but [${address}] is the transport port ${TRANSPORT_PORT}`,
        ],
      };
    }
    if (parsed.port !== REMOTE_CLUSTER_SERVER_PORT) return { remote, problems: [`nothing listens on port ${parsed.port} of [${parsed.host}]`] };
    return { remote, problems: checkApiKeyModel(world, local, settings, alias, remote, credentials) };
  }
  if (parsed.port === REMOTE_CLUSTER_SERVER_PORT) {
    return {
      remote,
      problems: [
        `no active [${credentialsKey(alias)}] (certificate model), but [${address}] is the remote cluster server port ${REMOTE_CLUSTER_SERVER_PORT} which requires a cross-cluster API key`,
      ],
    };
  }
  if (parsed.port !== TRANSPORT_PORT) return { remote, problems: [`nothing listens on port ${parsed.port} of [${parsed.host}]`] };
  return { remote, problems: world.certificateTrustProblems(local, remote) };
}

export function diagnoseRemote(world: ConnectivityWorld, local: EmulatedCluster, alias: string): ConnectivityDiagnosis {
  const settings = local.effectiveSettings();
  const mode = modeOf(settings, alias);
  const active = local.keystoreActive.get(credentialsKey(alias));
  const pending = local.keystoreFile.get(credentialsKey(alias));
  const diagnosis: ConnectivityDiagnosis = { alias, connected: false, reasons: [], securityModel: active !== undefined ? 'api_key' : 'certificate' };
  if (pending !== active) {
    diagnosis.reasons.push(`the keystore setting [${credentialsKey(alias)}] changed but secure settings were not reloaded (POST _nodes/reload_secure_settings)`);
  }
  if (!isConnectionEnabled(settings, alias)) {
    diagnosis.reasons.push(
      mode === 'proxy'
        ? `remote cluster [${alias}] is not configured: proxy mode needs [cluster.remote.${alias}.proxy_address]`
        : `remote cluster [${alias}] is not configured: sniff mode needs [cluster.remote.${alias}.seeds]`,
    );
    return diagnosis;
  }
  const addresses = mode === 'proxy' ? [String(settings.get(remoteSettingKey(alias, 'proxy_address')))] : seedsOf(settings, alias);
  const problems: string[] = [];
  for (const address of addresses) {
    const verdict = checkAddress(world, local, settings, alias, address, active);
    if (verdict.remote) diagnosis.remoteCluster = verdict.remote.name;
    if (verdict.problems.length === 0) {
      diagnosis.connected = true;
      diagnosis.reasons = [];
      return diagnosis;
    }
    problems.push(...verdict.problems);
  }
  diagnosis.reasons.push(...problems);
  return diagnosis;
}

/** One entry of `GET /_remote/info`, fields in Elasticsearch's order. */
function remoteInfoEntry(world: ConnectivityWorld, local: EmulatedCluster, alias: string): Record<string, unknown> {
  const settings = local.effectiveSettings();
  const { connected, remoteCluster } = diagnoseRemote(world, local, alias);
  const mode = modeOf(settings, alias);
  const entry: Record<string, unknown> = { connected, mode };
  if (mode === 'proxy') {
    const maxSockets = intSetting(settings, alias, 'proxy_socket_connections', 18);
    entry.proxy_address = settings.get(remoteSettingKey(alias, 'proxy_address'));
    entry.server_name = settings.get(remoteSettingKey(alias, 'server_name')) ?? '';
    entry.num_proxy_sockets_connected = connected ? maxSockets : 0;
    entry.max_proxy_socket_connections = maxSockets;
  } else {
    const maxNodes = intSetting(settings, alias, 'node_connections', 3);
    const remoteNodes = remoteCluster ? world.clusterByName(remoteCluster)?.nodes.length ?? 0 : 0;
    entry.seeds = seedsOf(settings, alias);
    entry.num_nodes_connected = connected ? Math.min(maxNodes, remoteNodes) : 0;
    entry.max_connections_per_cluster = maxNodes;
  }
  const timeout = settings.get('cluster.remote.initial_connect_timeout');
  entry.initial_connect_timeout = typeof timeout === 'string' ? timeout : '30s';
  entry.skip_unavailable = boolSetting(settings, alias, 'skip_unavailable', true);
  if (local.keystoreActive.has(credentialsKey(alias))) entry.cluster_credentials = '::es_redacted::';
  return entry;
}

export function remoteInfo(world: ConnectivityWorld, local: EmulatedCluster): Record<string, unknown> {
  const settings = local.effectiveSettings();
  const info: Record<string, unknown> = {};
  for (const alias of aliasesIn(settings).sort()) {
    if (isConnectionEnabled(settings, alias)) info[alias] = remoteInfoEntry(world, local, alias);
  }
  return info;
}
