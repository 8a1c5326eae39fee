/**
 * Cross-cluster replication: `PUT /{follower}/_ccr/follow` creates a follower index that copies the
 * leader index of a remote cluster and keeps pulling its operations (before each read of the
 * follower, while the connection is up), `GET /{index}/_ccr/info`, `POST /{index}/_ccr/pause_follow`
 * and `POST /{index}/_ccr/unfollow`. The leader is read through
 * the alias's connection with the security model's rules: API-key model, the cross-cluster key's
 * `access.replication` and the subject's `remote_indices` `cross_cluster_replication`; certificate
 * model, the subject's roles on the remote with `read` and `monitor` on the leader.
 */
import type { EmulatedCluster } from './cluster';
import type { ConnectivityWorld } from './connectivity';
import { checkRemoteIndicesApply, configuredAliases, remoteAccess, remoteDenied, remoteLink, unableToConnect } from './cross-cluster-search';
import type { RemoteUse } from './cross-cluster-search';
import type { RestAnswer } from './documents';
import { EsHttpError, badRequest, indexError, indexNotFound, parseError, validationFailed } from './es-errors';
import { fieldLocation, isObject, rejectUnknownFields } from './es-json';
import { parseIndexSettings, validateIndexName } from './indices';
import type { EmulatedIndex, IndexFeed } from './indices';
import { indexActionDenied } from './security';
import type { Principal } from './security';

const REPLICATION_USE: RemoteUse = {
  section: 'replication',
  remotePrivilege: 'cross_cluster_replication',
  rolePrivileges: ['read', 'monitor'],
  action: 'indices:internal/admin/ccr/restore/session/put',
};

/** FollowParameters with Elasticsearch's defaults, as follow info renders them. */
const DEFAULT_PARAMETERS: Record<string, string | number> = {
  max_read_request_operation_count: 5120,
  max_read_request_size: '32mb',
  max_outstanding_read_requests: 12,
  max_write_request_operation_count: 5120,
  max_write_request_size: '9223372036854775807b',
  max_outstanding_write_requests: 9,
  max_write_buffer_count: 2147483647,
  max_write_buffer_size: '512mb',
  max_retry_delay: '500ms',
  read_poll_timeout: '1m',
};

/** A follower's link to its leader: pulls the leader's documents while active and connected. */
export class LeaderFeed implements IndexFeed {
  status: 'active' | 'paused' = 'active';

  constructor(
    private readonly world: ConnectivityWorld,
    private readonly local: EmulatedCluster,
    readonly remoteCluster: string,
    readonly leaderIndex: string,
    readonly parameters: Record<string, string | number>,
  ) {}

  pull(into: EmulatedIndex): void {
    if (this.status !== 'active') return;
    const leader = remoteLink(this.world, this.local, this.remoteCluster)?.remote.indices.get(this.leaderIndex);
    if (leader) into.replicate(leader);
  }
}

interface FollowRequest {
  remoteCluster: string;
  leaderIndex: string;
  settings: Map<string, string>;
  parameters: Record<string, string | number>;
}

function parseFollowRequest(body: unknown): FollowRequest {
  if (body === undefined) throw new EsHttpError(400, 'parse_exception', 'request body is required');
  if (!isObject(body)) throw parseError('[1:1] [put_follow_request] expected an object');
  rejectUnknownFields(body, 'put_follow_request', ['remote_cluster', 'leader_index', 'settings', 'data_stream_name', ...Object.keys(DEFAULT_PARAMETERS)]);
  const problems: string[] = [];
  if (typeof body.remote_cluster !== 'string' || body.remote_cluster === '') problems.push('[remote_cluster] is missing');
  if (typeof body.leader_index !== 'string' || body.leader_index === '') problems.push('[leader_index] is missing');
  if (problems.length > 0) throw validationFailed(problems);
  const parameters = { ...DEFAULT_PARAMETERS };
  for (const name of Object.keys(DEFAULT_PARAMETERS)) {
    const value = body[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'number') throw parseError(`${fieldLocation(body, name)} [put_follow_request] ${name} expected a value`);
    parameters[name] = value;
  }
  return { remoteCluster: body.remote_cluster as string, leaderIndex: body.leader_index as string, settings: parseIndexSettings(body.settings), parameters };
}

export class CrossClusterReplication {
  constructor(
    private readonly world: ConnectivityWorld,
    private readonly local: EmulatedCluster,
  ) {}

  /** PUT /{index}/_ccr/follow. */
  follow(principal: Principal, followerName: string, body: unknown): RestAnswer {
    const request = parseFollowRequest(body);
    validateIndexName(followerName);
    if (!this.local.realm.hasIndexPrivilege(principal, followerName, 'manage_follow_index')) {
      throw indexActionDenied(principal, 'indices:admin/xpack/ccr/put_follow', [followerName]);
    }
    const existing = this.local.indices.get(followerName);
    if (existing) throw indexError(400, 'resource_already_exists_exception', `index [${followerName}/${existing.uuid}] already exists`, followerName, existing.uuid);
    const alias = request.remoteCluster;
    if (!configuredAliases(this.local).includes(alias)) throw new EsHttpError(404, 'no_such_remote_cluster_exception', `no such remote cluster: [${alias}]`);
    const link = remoteLink(this.world, this.local, alias);
    if (!link) throw unableToConnect(alias);
    if (link.model === 'api_key') checkRemoteIndicesApply(this.local, principal, alias, REPLICATION_USE.action);
    if (!remoteAccess(link, this.local, principal, alias, request.leaderIndex, REPLICATION_USE)) {
      throw remoteDenied(link, principal, [request.leaderIndex], REPLICATION_USE.action);
    }
    const leader = link.remote.indices.get(request.leaderIndex);
    if (!leader) throw indexNotFound(request.leaderIndex);
    const settings = new Map([...leader.settings, ...request.settings, ['index.xpack.ccr.following_index', 'true']]);
    const follower = this.local.indices.create(followerName, settings, structuredClone(leader.mappings));
    follower.feed = new LeaderFeed(this.world, this.local, alias, request.leaderIndex, request.parameters);
    follower.catchUp();
    return { status: 200, body: { follow_index_created: true, follow_index_shards_acked: true, index_following_started: true } };
  }

  /** The follower index of a pause or unfollow request. */
  private follower(name: string): { index: EmulatedIndex; feed: LeaderFeed } {
    const index = this.local.indices.get(name);
    if (!index) throw indexNotFound(name);
    if (!(index.feed instanceof LeaderFeed)) throw badRequest(`index [${name}] is not a follower index`);
    return { index, feed: index.feed };
  }

  /** POST /{index}/_ccr/pause_follow: the follower stops pulling (its shard follow tasks end). */
  pause(name: string): RestAnswer {
    const { feed } = this.follower(name);
    if (feed.status === 'paused') throw badRequest(`no shard follow tasks for [${name}]`);
    feed.status = 'paused';
    return { status: 200, body: { acknowledged: true } };
  }

  /** POST /{index}/_ccr/unfollow: a paused follower becomes a regular index (closing it first is not emulated). */
  unfollow(principal: Principal, name: string): RestAnswer {
    if (!this.local.realm.hasIndexPrivilege(principal, name, 'manage_follow_index')) throw indexActionDenied(principal, 'indices:admin/xpack/ccr/unfollow', [name]);
    const { index, feed } = this.follower(name);
    if (feed.status !== 'paused') throw badRequest(`cannot convert the follower index [${name}] to a non-follower, because it has not been paused`);
    index.feed = undefined;
    index.settings.delete('index.xpack.ccr.following_index');
    return { status: 200, body: { acknowledged: true } };
  }

  /** GET /{index}/_ccr/info: the follower indices among the named ones. */
  info(target: string): RestAnswer {
    const names = this.local.indices.expressions(target, { ignoreUnavailable: false, allowNoIndices: true, expandHidden: false }).flatMap((expression) => {
      if (!expression.wildcard && !this.local.indices.get(expression.indices[0])) throw indexNotFound(expression.indices[0]);
      return expression.indices;
    });
    const followers = names.flatMap((name) => {
      const feed = this.local.indices.get(name)?.feed;
      if (!(feed instanceof LeaderFeed)) return [];
      const entry: Record<string, unknown> = { follower_index: name, remote_cluster: feed.remoteCluster, leader_index: feed.leaderIndex, status: feed.status };
      if (feed.status === 'active') entry.parameters = feed.parameters;
      return [entry];
    });
    return { status: 200, body: { follower_indices: followers } };
  }
}
