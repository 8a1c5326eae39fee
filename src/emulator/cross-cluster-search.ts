/**
 * Cross-cluster search: `alias:pattern` targets go through the local cluster's remote connection
 * for the alias (connected exactly when `_remote/info` says so), and the remote cluster authorizes
 * them as Elasticsearch does for the connection's security model:
 * - API-key model: the querying subject's `remote_indices` whose `clusters` match the alias (checked
 *   first on the local cluster), intersected on the remote with the cross-cluster key's `access`;
 * - certificate model: the remote resolves the subject's role names with its own roles.
 * An unreachable (or refusing) remote is skipped when `skip_unavailable` is true, else fails the search.
 */
import type { ApiKeyRecord } from './api-keys';
import { decodeApiKey } from './api-keys';
import type { EmulatedCluster } from './cluster';
import { aliasesIn, boolSetting, isConnectionEnabled, remoteSettingKey } from './cluster-settings';
import type { ConnectivityWorld } from './connectivity';
import { diagnoseRemote, minimumWireCompatibility } from './connectivity';
import { accessOf, localAccess } from './document-security';
import type { IndexAccess, IndexGrant } from './document-security';
import { EsHttpError } from './es-errors';
import { wildcardRegex } from './es-json';
import { matchTargets, resolveTargets, searchResponse, shardsOf } from './search';
import type { Match, SearchRequest, ShardCounts } from './search';
import { INDEX_ACTION_PRIVILEGES, indexActionDenied, indexPrivilegeIncludes, namesCover, subjectDescription } from './security';
import type { Principal } from './security';

/** The remote cluster behind an alias, and how the local cluster authenticates to it. */
export type RemoteLink =
  | { remote: EmulatedCluster; model: 'api_key'; key: ApiKeyRecord }
  | { remote: EmulatedCluster; model: 'certificate' };

/** The connection of an alias as a request would use it; undefined when it would not connect. */
export function remoteLink(world: ConnectivityWorld, local: EmulatedCluster, alias: string): RemoteLink | undefined {
  const diagnosis = diagnoseRemote(world, local, alias);
  const remote = diagnosis.remoteCluster === undefined ? undefined : world.clusterByName(diagnosis.remoteCluster);
  if (!diagnosis.connected || !remote) return undefined;
  const credentials = local.keystoreActive.get(remoteSettingKey(alias, 'credentials'));
  if (credentials === undefined) return { remote, model: 'certificate' };
  const key = remote.apiKeys.get(decodeApiKey(credentials)?.id ?? '');
  return key ? { remote, model: 'api_key', key } : undefined;
}

export const unableToConnect = (alias: string): EsHttpError => new EsHttpError(500, 'connect_transport_exception', `Unable to connect to [${alias}]`);

/** The aliases of the local cluster's configured remote connections. */
export function configuredAliases(local: EmulatedCluster): string[] {
  const settings = local.effectiveSettings();
  return aliasesIn(settings).filter((alias) => isConnectionEnabled(settings, alias)).sort();
}

/** RemoteClusterAware.groupClusterIndices: local expressions, and each remote alias's expressions. */
function splitTargets(target: string, aliases: readonly string[]): { local: string[]; remote: Map<string, string[]> } {
  const local: string[] = [];
  const remote = new Map<string, string[]>();
  for (const expression of target.split(',').map((part) => part.trim()).filter((part) => part.length > 0)) {
    const colon = expression.indexOf(':');
    if (colon <= 0) {
      local.push(expression);
      continue;
    }
    const pattern = expression.slice(0, colon);
    const matching = aliases.filter((alias) => wildcardRegex(pattern).test(alias));
    if (matching.length === 0 && !pattern.includes('*')) throw new EsHttpError(404, 'no_such_remote_cluster_exception', `no such remote cluster: [${pattern}]`);
    for (const alias of matching) remote.set(alias, [...(remote.get(alias) ?? []), expression.slice(colon + 1)]);
  }
  return { local, remote };
}

/** The local half of the API-key model: without remote_indices for the alias the request is not even sent. */
export function checkRemoteIndicesApply(local: EmulatedCluster, principal: Principal, alias: string, action: string): void {
  const layers = local.realm.remoteIndexEntries(principal, alias);
  if (layers.every((layer) => layer.length > 0)) return;
  throw new EsHttpError(403, 'security_exception',
    `action [${action}] towards remote cluster [${alias}] is unauthorized for ${subjectDescription(principal)} because no remote indices privileges apply for the target cluster`);
}

/** What the remote lets the querying subject do on one of its indices, for a search or for replication. */
export interface RemoteUse {
  /** The cross-cluster key's section (API-key model). */
  section: 'search' | 'replication';
  /** The remote_indices privilege the subject needs (API-key model). */
  remotePrivilege: string;
  /** The index privileges its own roles need on the remote (certificate model). */
  rolePrivileges: string[];
  action: string;
}

const SEARCH_USE: RemoteUse = { section: 'search', remotePrivilege: 'read', rolePrivileges: ['read'], action: 'indices:data/read/search' };

export function remoteAccess(link: RemoteLink, local: EmulatedCluster, principal: Principal, alias: string, index: string, use: RemoteUse): IndexAccess | undefined {
  if (link.model === 'certificate') {
    // Every needed privilege must be granted; what may be read follows the first (the read privilege).
    const layers = use.rolePrivileges.map((privilege) => localAccess(link.remote.realm, principal, index, privilege));
    return layers.every((layer) => layer !== undefined) ? layers[0] : undefined;
  }
  const keyEntries: IndexGrant[] = (link.key.access?.[use.section] ?? []).filter((entry) => namesCover(entry, index));
  const userLayers = local.realm.remoteIndexEntries(principal, alias)
    .map((layer) => layer.filter((entry) => namesCover(entry, index) && indexPrivilegeIncludes(entry.privileges, use.remotePrivilege)));
  return accessOf([keyEntries, ...userLayers]);
}

/** The remote's denial, as the fulfilling cluster words it for the model. */
export function remoteDenied(link: RemoteLink, principal: Principal, indices: string[], action: string): EsHttpError {
  if (link.model === 'certificate') return indexActionDenied(principal, action, indices);
  const privileges = (INDEX_ACTION_PRIVILEGES[action] ?? ['all']).join(',');
  return new EsHttpError(403, 'security_exception',
    `action [${action}] towards remote cluster is unauthorized for ${subjectDescription(principal, 'assigned')} authenticated by API key id [${link.key.id}] of user [${link.key.username}] on indices [${indices.join(',')}], this action is granted by the index privileges [${privileges}]`);
}

interface ClusterOutcome {
  name: string;
  indices: string;
  matches: Match[];
  shards?: ShardCounts;
  failure?: EsHttpError;
}

const LOCAL_CLUSTER = '(local)';

/** `_search` over local and remote targets; a target without remote expressions answers without `_clusters`. */
export function runSearch(world: ConnectivityWorld, local: EmulatedCluster, principal: Principal, target: string, request: SearchRequest, started: number): Record<string, unknown> {
  const took = () => Math.max(0, Date.now() - started);
  const { local: localExpressions, remote } = splitTargets(target, configuredAliases(local));
  const searchLocal = (expressions: string): ClusterOutcome => {
    const targets = resolveTargets(local, expressions, request.indicesOptions,
      (index) => localAccess(local.realm, principal, index, 'read'),
      (indices) => indexActionDenied(principal, SEARCH_USE.action, indices));
    return { name: LOCAL_CLUSTER, indices: expressions, matches: matchTargets(targets, request), shards: shardsOf(targets) };
  };
  if (remote.size === 0) {
    // Only remote patterns that match no alias: nothing to search (an empty target is every local index).
    if (localExpressions.length === 0 && target.trim() !== '') return searchResponse([], request, { total: 0, successful: 0, skipped: 0, failed: 0 }, took());
    const outcome = searchLocal(localExpressions.join(','));
    return searchResponse(outcome.matches, request, outcome.shards as ShardCounts, took());
  }
  const settings = local.effectiveSettings();
  // Each alias's link is diagnosed once, for the privilege check and for the search.
  const links = new Map([...remote.keys()].map((alias) => [alias, remoteLink(world, local, alias)]));
  for (const [alias, link] of links) {
    if (link?.model === 'api_key') checkRemoteIndicesApply(local, principal, alias, SEARCH_USE.action);
  }
  const outcomes: ClusterOutcome[] = [];
  if (localExpressions.length > 0) outcomes.push(searchLocal(localExpressions.join(',')));
  for (const [alias, expressions] of remote) {
    const indices = expressions.join(',');
    const skipUnavailable = boolSetting(settings, alias, 'skip_unavailable', true);
    try {
      const link = links.get(alias);
      if (!link) throw unableToConnect(alias);
      const targets = resolveTargets(link.remote, indices, { ...request.indicesOptions, allowNoIndices: true },
        (index) => remoteAccess(link, local, principal, alias, index, SEARCH_USE),
        (names) => remoteDenied(link, principal, names, SEARCH_USE.action), `${alias}:`);
      outcomes.push({ name: alias, indices, matches: matchTargets(targets, request), shards: shardsOf(targets) });
    } catch (error) {
      if (!(error instanceof EsHttpError) || !skipUnavailable) throw error;
      outcomes.push({ name: alias, indices, matches: [], failure: error });
    }
  }
  const shards: ShardCounts = { total: 0, successful: 0, skipped: 0, failed: 0 };
  for (const outcome of outcomes) {
    shards.total += outcome.shards?.total ?? 0;
    shards.successful += outcome.shards?.successful ?? 0;
  }
  // Elasticsearch writes `"index": null` in a cluster-level failure; the 9.3 contract types index as a string, so it is left out.
  const details = Object.fromEntries(outcomes.map((outcome) => [outcome.name, outcome.failure
    ? { status: 'skipped', indices: outcome.indices, timed_out: false, failures: [{ shard: -1, reason: { type: outcome.failure.type, reason: outcome.failure.reason } }] }
    : { status: 'successful', indices: outcome.indices, took: took(), timed_out: false, _shards: outcome.shards }]));
  const skipped = outcomes.filter((outcome) => outcome.failure).length;
  const clusters = { total: outcomes.length, successful: outcomes.length - skipped, skipped, running: 0, partial: 0, failed: 0, details };
  return searchResponse(outcomes.flatMap((outcome) => outcome.matches), request, shards, took(), clusters);
}

/** `version` of a resolve cluster entry. */
function versionInfo(cluster: EmulatedCluster): Record<string, string> {
  const major = Number(cluster.version.split('.')[0]);
  return {
    number: cluster.version,
    build_flavor: 'default',
    minimum_wire_compatibility_version: minimumWireCompatibility(cluster.version),
    minimum_index_compatibility_version: `${major - 1}.0.0`,
  };
}

/**
 * GET /_resolve/cluster/{name}: for the local cluster and each remote the expression names, whether
 * it is connected and whether the expression matches indices the subject may search there (the
 * error a search would meet otherwise).
 */
export function resolveClusters(world: ConnectivityWorld, local: EmulatedCluster, principal: Principal, target: string, request: SearchRequest): Record<string, unknown> {
  const { local: localExpressions, remote } = splitTargets(target, configuredAliases(local));
  const settings = local.effectiveSettings();
  const matching = (run: () => unknown[]): { matching_indices?: boolean; error?: string } => {
    try {
      return { matching_indices: run().length > 0 };
    } catch (error) {
      if (!(error instanceof EsHttpError)) throw error;
      return { error: error.reason };
    }
  };
  const answer: Record<string, unknown> = {};
  if (localExpressions.length > 0) {
    answer[LOCAL_CLUSTER] = {
      connected: true,
      skip_unavailable: false,
      ...matching(() => resolveTargets(local, localExpressions.join(','), request.indicesOptions,
        (index) => localAccess(local.realm, principal, index, 'read'),
        (indices) => indexActionDenied(principal, SEARCH_USE.action, indices))),
      version: versionInfo(local),
    };
  }
  for (const [alias, expressions] of remote) {
    const skipUnavailable = boolSetting(settings, alias, 'skip_unavailable', true);
    const link = remoteLink(world, local, alias);
    if (!link) {
      answer[alias] = { connected: false, skip_unavailable: skipUnavailable };
      continue;
    }
    const resolved = matching(() => {
      if (link.model === 'api_key') checkRemoteIndicesApply(local, principal, alias, SEARCH_USE.action);
      return resolveTargets(link.remote, expressions.join(','), request.indicesOptions,
        (index) => remoteAccess(link, local, principal, alias, index, SEARCH_USE),
        (names) => remoteDenied(link, principal, names, SEARCH_USE.action));
    });
    answer[alias] = { connected: true, skip_unavailable: skipUnavailable, ...resolved, version: versionInfo(link.remote) };
  }
  return answer;
}
