/**
 * The Elasticsearch REST API of one emulated cluster: identity, health, security (API keys, users,
 * roles, privileges), cluster and node settings, `_remote/info` and secure settings reload, with
 * Elasticsearch's routing, media types, parameters, statuses, warnings and error bodies.
 */
import {
  apiKeyInfo,
  applyUpdate,
  decodeApiKey,
  encodeApiKey,
  isExpired,
  nameMatcher,
  newApiKey,
  checkApiKeyName,
  parseCreateRequest,
  parseExpiration,
  parseMetadata,
  parseUpdateRequest,
} from './api-keys';
import type { ApiKeyRecord } from './api-keys';
import type { EmulatorClock } from './clock';
import type { EmulatedCluster } from './cluster';
import {
  applySettingsUpdate,
  checkEffectiveSettings,
  defaultSettings,
  effectiveSettings,
  flattenSettings,
  nestSettings,
} from './cluster-settings';
import type { SettingValue, SettingsScope } from './cluster-settings';
import { CrossClusterReplication } from './ccr';
import type { ConnectivityWorld } from './connectivity';
import { diagnoseRemote, minimumWireCompatibility, remoteInfo } from './connectivity';
import { resolveClusters, runSearch } from './cross-cluster-search';
import { DocumentOperations } from './documents';
import { EsHttpError, badRequest, parseError, unauthenticated, validationFailed } from './es-errors';
import { fieldLocation, isObject, parseRequestJson, rejectUnknownFields } from './es-json';
import { booleanParameter, checkParameters, checkTimeParameters, filterResponse, parseMediaType, prettyJson, unsupportedContentType } from './es-rest';
import type { MediaType } from './es-rest';
import type { EmulatorRequest, EmulatorResponse, ServiceEndpoint } from './http-server';
import { shardCopies } from './indices';
import { SEARCH_PARAMETERS, parseSearchRequest } from './search';
import { subjectDescription, userInfo } from './security';
import type { Principal } from './security';

const BUILD_HASH = '0000000000000000000000000000000000000000';
const productHeaders = { 'x-elastic-product': 'Elasticsearch' };

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

/** One request on its way through a handler. */
interface RestCall {
  request: EmulatorRequest;
  principal: Principal;
  /** Path parameters of the route, e.g. `{username}`. */
  path: Record<string, string>;
  /** The parsed JSON body (undefined when there is none). */
  body: unknown;
  /** Deprecation warnings for the `Warning` header. */
  warnings: string[];
}

interface Route {
  method: Method;
  /** Path template, e.g. `/_security/user/{username}`. */
  path: string;
  /** Query parameters of the operation (besides the global ones). */
  params: readonly string[];
  /** Transport action and the cluster privileges that grant it; none for what every user may call. */
  action?: { name: string; grantedBy: readonly string[] };
  /** Whether the handler reads a body (BaseRestHandler refuses a body nobody consumes). */
  takesBody: boolean;
  handle: (call: RestCall) => Answer;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const ok = (body: unknown, status = 200): Answer => ({ status, body });

const faultTypes: Record<number, [string, string]> = {
  429: ['es_rejected_execution_exception', 'rejected execution of coordinating operation [emulated overload]'],
  500: ['exception', 'emulated internal failure'],
  502: ['status_exception', 'bad gateway: the upstream node closed the connection'],
  503: ['cluster_block_exception', 'blocked by: [SERVICE_UNAVAILABLE/2/no master];'],
  504: ['process_cluster_event_timeout_exception', 'failed to process cluster event within 30s'],
};

const segmentsOf = (path: string): string[] => path.split('/').filter((s) => s.length > 0);

/**
 * Binds a template's `{name}` segments; undefined when the path does not fit it. An `{index}`
 * never binds an `_`-prefixed segment but `_all`: those are API names, so an unknown one stays
 * "no handler found" instead of reading as an index.
 */
function bind(template: string[], segments: string[]): Record<string, string> | undefined {
  if (template.length !== segments.length) return undefined;
  const bound: Record<string, string> = {};
  for (let i = 0; i < template.length; i += 1) {
    const part = template[i];
    if (part === '{index}' && segments[i].startsWith('_') && segments[i] !== '_all') return undefined;
    if (part.startsWith('{')) bound[part.slice(1, -1)] = segments[i];
    else if (part !== segments[i]) return undefined;
  }
  return bound;
}

/** PathTrie precedence: at each level a literal segment wins over a `{wildcard}`. */
function specificity(template: string[]): string {
  return template.map((part) => (part.startsWith('{') ? '0' : '1')).join('');
}

const monitor = ['monitor', 'manage', 'all'];
const manage = ['manage', 'all'];
const manageSecurity = ['manage_security', 'all'];
const readSecurity = ['read_security', 'manage_security', 'all'];
const TRANSIENT_DEPRECATION = '[transient settings removal] Updating cluster settings through transientSettings is deprecated. Use persistent settings instead.';

export class ElasticsearchApi implements ServiceEndpoint {
  readonly isCloud = false;
  private readonly routes: Route[];
  private readonly major: number;
  private readonly documents: DocumentOperations;
  private readonly replication: CrossClusterReplication;

  constructor(
    readonly cluster: EmulatedCluster,
    private readonly world: ConnectivityWorld,
    private readonly clock: EmulatorClock,
  ) {
    this.major = Number(cluster.version.split('.')[0]);
    this.documents = new DocumentOperations(cluster);
    this.replication = new CrossClusterReplication(world, cluster);
    this.routes = this.routeTable();
  }

  get target(): string {
    return this.cluster.name;
  }

  get maxContentLength(): number {
    return this.cluster.maxContentLength;
  }

  faultResponse(status: number, request: EmulatorRequest): EmulatorResponse {
    const [type, reason] = faultTypes[status] ?? ['exception', `emulated failure ${status}`];
    return this.render(request, esError(new EsHttpError(status, type, reason)), undefined);
  }

  admin(request: EmulatorRequest, rest: string[]): EmulatorResponse | undefined {
    if (request.method === 'GET' && rest[0] === 'diagnosis' && rest.length === 2) {
      return { status: 200, body: diagnoseRemote(this.world, this.cluster, rest[1]) };
    }
    return undefined;
  }

  private routeTable(): Route[] {
    const route = (method: Method, path: string, params: readonly string[], action: Route['action'], handle: Route['handle'], takesBody = false): Route =>
      ({ method, path, params, action, handle, takesBody });
    const act = (name: string, grantedBy: readonly string[]) => ({ name, grantedBy });
    const apiKeyCreate = act('cluster:admin/xpack/security/cross_cluster/api_key/create', manageSecurity);
    const apiKeyUpdate = act('cluster:admin/xpack/security/cross_cluster/api_key/update', manageSecurity);
    const apiKeyCreateRest = act('cluster:admin/xpack/security/api_key/create', ['manage_own_api_key', 'manage_api_key', 'manage_security', 'all']);
    const userPut = act('cluster:admin/xpack/security/user/put', manageSecurity);
    const rolePut = act('cluster:admin/xpack/security/role/put', manageSecurity);
    const roleDelete = act('cluster:admin/xpack/security/role/delete', manageSecurity);
    const reload = act('cluster:admin/nodes/reload_secure_settings', manage);
    const indexParams = ['if_primary_term', 'if_seq_no', 'include_source_on_error', 'op_type', 'pipeline', 'refresh', 'routing', 'timeout', 'version', 'version_type', 'wait_for_active_shards', 'require_alias', 'require_data_stream'];
    const getParams = ['preference', 'realtime', 'refresh', 'routing', '_source', '_source_excludes', '_source_includes', 'stored_fields', 'version', 'version_type'];
    const indicesParams = ['allow_no_indices', 'expand_wildcards', 'ignore_unavailable'];
    const search = (c: RestCall, target: string) => ok(runSearch(this.world, this.cluster, c.principal, target, parseSearchRequest(c.body, c.request.query), Date.now()));
    // Index privileges are checked by the index operations themselves (they name the indices).
    return [
      route('PUT', '/{index}', ['master_timeout', 'timeout', 'wait_for_active_shards'], undefined, (c) => this.documents.createIndex(c.principal, c.path.index, c.body), true),
      route('GET', '/{index}', [...indicesParams, 'features', 'flat_settings', 'include_defaults', 'local', 'master_timeout'], undefined, (c) => this.documents.getIndex(c.principal, c.path.index)),
      route('HEAD', '/{index}', [...indicesParams, 'flat_settings', 'include_defaults', 'local'], undefined, (c) => ({ status: this.documents.getIndex(c.principal, c.path.index).status, body: undefined })),
      route('DELETE', '/{index}', [...indicesParams, 'master_timeout', 'timeout'], undefined, (c) => this.documents.deleteIndex(c.principal, c.path.index)),
      route('PUT', '/{index}/_doc/{id}', indexParams, undefined, (c) => this.documents.indexDocument(c.principal, c.path.index, c.path.id, c.body, c.request.query), true),
      route('POST', '/{index}/_doc/{id}', indexParams, undefined, (c) => this.documents.indexDocument(c.principal, c.path.index, c.path.id, c.body, c.request.query), true),
      route('POST', '/{index}/_doc', indexParams, undefined, (c) => this.documents.indexDocument(c.principal, c.path.index, undefined, c.body, c.request.query), true),
      route('GET', '/{index}/_doc/{id}', getParams, undefined, (c) => this.documents.getDocument(c.principal, c.path.index, c.path.id, c.request.query)),
      route('HEAD', '/{index}/_doc/{id}', getParams, undefined, (c) => ({ status: this.documents.getDocument(c.principal, c.path.index, c.path.id, c.request.query).status, body: undefined })),
      route('POST', '/_refresh', indicesParams, undefined, (c) => this.documents.refresh(c.principal, undefined)),
      route('GET', '/_refresh', indicesParams, undefined, (c) => this.documents.refresh(c.principal, undefined)),
      route('POST', '/{index}/_refresh', indicesParams, undefined, (c) => this.documents.refresh(c.principal, c.path.index)),
      route('GET', '/{index}/_refresh', indicesParams, undefined, (c) => this.documents.refresh(c.principal, c.path.index)),
      route('GET', '/_search', SEARCH_PARAMETERS, undefined, (c) => search(c, ''), true),
      route('POST', '/_search', SEARCH_PARAMETERS, undefined, (c) => search(c, ''), true),
      route('GET', '/{index}/_search', SEARCH_PARAMETERS, undefined, (c) => search(c, c.path.index), true),
      route('POST', '/{index}/_search', SEARCH_PARAMETERS, undefined, (c) => search(c, c.path.index), true),
      route('GET', '/_resolve/cluster/{name}', [...indicesParams, 'ignore_throttled', 'timeout'], undefined, (c) =>
        ok(resolveClusters(this.world, this.cluster, c.principal, c.path.name, parseSearchRequest(undefined, c.request.query)))),
      route('PUT', '/{index}/_ccr/follow', ['master_timeout', 'wait_for_active_shards'], act('cluster:admin/xpack/ccr/put_follow', ['manage_ccr', 'all']), (c) => this.replication.follow(c.principal, c.path.index, c.body), true),
      route('POST', '/{index}/_ccr/pause_follow', ['master_timeout'], act('cluster:admin/xpack/ccr/pause_follow', ['manage_ccr', 'all']), (c) => this.replication.pause(c.path.index)),
      route('POST', '/{index}/_ccr/unfollow', ['master_timeout'], undefined, (c) => this.replication.unfollow(c.principal, c.path.index)),
      route('GET', '/{index}/_ccr/info', ['master_timeout'], act('cluster:monitor/ccr/follow_info', ['monitor', 'read_ccr', 'manage', 'all']), (c) => this.replication.info(c.path.index)),
      route('GET', '/', [], act('cluster:monitor/main', monitor), () => this.identity()),
      route('HEAD', '/', [], act('cluster:monitor/main', monitor), () => this.identity()),
      route('GET', '/_cluster/health', ['expand_wildcards', 'level', 'local', 'master_timeout', 'timeout', 'wait_for_active_shards', 'wait_for_events', 'wait_for_nodes', 'wait_for_no_initializing_shards', 'wait_for_no_relocating_shards', 'wait_for_status'], act('cluster:monitor/health', monitor), (c) => this.health(c)),
      route('GET', '/_security/_authenticate', [], undefined, (c) => this.authenticateInfo(c.principal)),
      route('POST', '/_security/cross_cluster/api_key', [], apiKeyCreate, (c) => this.createCrossClusterKey(c), true),
      route('PUT', '/_security/cross_cluster/api_key', [], apiKeyCreate, (c) => this.createCrossClusterKey(c), true),
      route('PUT', '/_security/cross_cluster/api_key/{id}', [], apiKeyUpdate, (c) => this.updateCrossClusterKey(c), true),
      route('POST', '/_security/api_key', ['refresh'], apiKeyCreateRest, (c) => this.createApiKey(c), true),
      route('PUT', '/_security/api_key', ['refresh'], apiKeyCreateRest, (c) => this.createApiKey(c), true),
      route('GET', '/_security/api_key', ['id', 'name', 'owner', 'realm_name', 'username', 'with_limited_by', 'active_only', 'with_profile_uid'], act('cluster:admin/xpack/security/api_key/get', ['manage_own_api_key', 'read_security', 'manage_api_key', 'manage_security', 'all']), (c) => this.getApiKeys(c)),
      route('DELETE', '/_security/api_key', [], act('cluster:admin/xpack/security/api_key/invalidate', ['manage_own_api_key', 'manage_api_key', 'manage_security', 'all']), (c) => this.invalidateApiKeys(c), true),
      route('GET', '/_security/user', ['with_profile_uid'], act('cluster:admin/xpack/security/user/get', readSecurity), (c) => this.getUsers(c, undefined)),
      route('GET', '/_security/user/{username}', ['with_profile_uid'], act('cluster:admin/xpack/security/user/get', readSecurity), (c) => this.getUsers(c, c.path.username)),
      route('PUT', '/_security/user/{username}', ['refresh'], userPut, (c) => this.putUser(c), true),
      route('POST', '/_security/user/{username}', ['refresh'], userPut, (c) => this.putUser(c), true),
      route('DELETE', '/_security/user/{username}', ['refresh'], act('cluster:admin/xpack/security/user/delete', manageSecurity), (c) => this.deleteUser(c)),
      route('GET', '/_security/user/_has_privileges', [], undefined, (c) => this.hasPrivileges(c), true),
      route('POST', '/_security/user/_has_privileges', [], undefined, (c) => this.hasPrivileges(c), true),
      route('GET', '/_security/role', [], act('cluster:admin/xpack/security/role/get', readSecurity), () => this.getRoles(undefined)),
      route('GET', '/_security/role/{name}', [], act('cluster:admin/xpack/security/role/get', readSecurity), (c) => this.getRoles(c.path.name)),
      route('PUT', '/_security/role/{name}', ['refresh'], rolePut, (c) => this.putRole(c), true),
      route('POST', '/_security/role/{name}', ['refresh'], rolePut, (c) => this.putRole(c), true),
      route('DELETE', '/_security/role/{name}', ['refresh'], roleDelete, (c) => this.deleteRole(c)),
      route('POST', '/_security/role', ['refresh'], rolePut, (c) => this.bulkPutRoles(c), true),
      route('DELETE', '/_security/role', ['refresh'], roleDelete, (c) => this.bulkDeleteRoles(c), true),
      route('GET', '/_cluster/settings', ['flat_settings', 'include_defaults', 'master_timeout', 'timeout'], act('cluster:monitor/settings', monitor), (c) => this.getSettings(c)),
      route('PUT', '/_cluster/settings', ['flat_settings', 'master_timeout', 'timeout'], act('cluster:admin/settings/update', manage), (c) => this.putSettings(c), true),
      route('GET', '/_remote/info', [], act('cluster:monitor/remote/info', monitor), () => ok(remoteInfo(this.world, this.cluster))),
      route('GET', '/_nodes/settings', ['flat_settings', 'timeout'], act('cluster:monitor/nodes/info', monitor), (c) => this.nodeSettings(c, undefined)),
      route('GET', '/_nodes/{node_id}/settings', ['flat_settings', 'timeout'], act('cluster:monitor/nodes/info', monitor), (c) => this.nodeSettings(c, c.path.node_id)),
      route('POST', '/_nodes/reload_secure_settings', ['timeout'], reload, (c) => this.reloadSecureSettings(c, undefined), true),
      route('POST', '/_nodes/{node_id}/reload_secure_settings', ['timeout'], reload, (c) => this.reloadSecureSettings(c, c.path.node_id), true),
    ];
  }

  handle(request: EmulatorRequest): EmulatorResponse {
    let accept: MediaType | undefined;
    try {
      accept = this.acceptedMediaType(request);
      return this.render(request, this.dispatch(request), accept);
    } catch (error) {
      // Whatever fails, the answer stays an Elasticsearch answer (product header, error body).
      const failure = error instanceof EsHttpError ? error : new EsHttpError(500, 'exception', (error as Error).message);
      return this.render(request, esError(failure), accept);
    }
  }

  private acceptedMediaType(request: EmulatorRequest): MediaType | undefined {
    const accept = request.headers.accept;
    if (!accept || accept === '*/*') return undefined;
    return parseMediaType(accept, 'Accept', this.major);
  }

  /** RestController.dispatchRequest: route, media type, authentication, then the handler. */
  private dispatch(request: EmulatorRequest): Answer {
    const uri = request.url;
    const segments = segmentsOf(request.path);
    const candidates = this.routes
      .map((route) => ({ route, template: segmentsOf(route.path), bound: bind(segmentsOf(route.path), segments) }))
      .filter((c): c is typeof c & { bound: Record<string, string> } => c.bound !== undefined)
      .sort((a, b) => specificity(b.template).localeCompare(specificity(a.template)));
    if (candidates.length === 0) return { status: 400, body: { error: `no handler found for uri [${uri}] and method [${request.method}]`, status: 400 } };
    const match = candidates.find((c) => c.route.method === request.method);
    if (!match) {
      const allowed = [...new Set(candidates.map((c) => c.route.method))];
      if (request.method === 'OPTIONS') return { status: 200, body: undefined, headers: { allow: allowed.join(',') } };
      const error = `Incorrect HTTP method for uri [${uri}] and method [${request.method}], allowed: [${allowed.join(', ')}]`;
      return { status: 405, body: { error, status: 405 }, headers: { allow: allowed.join(',') } };
    }
    if (request.rawBody.length > 0) {
      const contentType = request.headers['content-type'];
      if (contentType === undefined || parseMediaType(contentType, 'Content-Type', this.major) === undefined) return unsupportedContentType(contentType);
    }
    const principal = this.authenticate(request, uri);
    // The REST layer checks parameters and parses the body before the transport action is authorized.
    checkParameters(request.path, request.query, match.route.params);
    checkTimeParameters(request.query);
    if (request.rawBody.length > 0 && !match.route.takesBody) throw badRequest(`request [${request.method} ${request.path}] does not support having a body`);
    const call: RestCall = { request, principal, path: match.bound, body: parseRequestJson(request.rawBody), warnings: [] };
    if (match.route.action) this.authorize(principal, match.route.action);
    const answer = match.route.handle(call);
    if (call.warnings.length === 0) return answer;
    const warning = call.warnings.map((w) => `299 Elasticsearch-${this.cluster.version}-${BUILD_HASH} "${w}"`).join(', ');
    return { ...answer, headers: { ...answer.headers, warning } };
  }

  /** The response parameters every API takes, and the media type the client accepts. */
  private render(request: EmulatorRequest, answer: Answer, accept: MediaType | undefined): EmulatorResponse {
    const headers: Record<string, string> = { ...productHeaders, ...answer.headers };
    if (answer.body === undefined) return { status: answer.status, headers };
    let body: unknown = answer.body;
    if (isObject(body) && isObject(body.error) && booleanParameterOrFalse(request.query, 'error_trace')) {
      // The emulator has no Java stack: the trace is the exception line Elasticsearch would print first.
      body = { ...body, error: { ...body.error, stack_trace: `${String(body.error.type)}: ${String(body.error.reason)}` } };
    }
    const filterPath = request.query.get('filter_path');
    if (filterPath !== null) body = filterResponse(body, filterPath);
    headers['content-type'] = accept?.compatibleWith !== undefined ? `application/vnd.elasticsearch+json;compatible-with=${accept.compatibleWith}` : 'application/json';
    const pretty = booleanParameterOrFalse(request.query, 'pretty');
    return { status: answer.status, payload: pretty ? `${prettyJson(body)}\n` : JSON.stringify(body), headers };
  }

  private authenticate(request: EmulatorRequest, uri: string): Principal {
    const header = request.headers.authorization;
    if (!header) throw unauthenticated(`missing authentication credentials for REST request [${uri}]`);
    const space = header.indexOf(' ');
    const scheme = space === -1 ? header : header.slice(0, space);
    const credentials = space === -1 ? '' : header.slice(space + 1).trim();
    const rejected = (): EsHttpError =>
      unauthenticated(`unable to authenticate with provided credentials and anonymous access is not allowed for this request`);
    if (scheme.toLowerCase() === 'basic') {
      const text = Buffer.from(credentials, 'base64').toString('utf8');
      const colon = text.indexOf(':');
      const username = colon > 0 ? text.slice(0, colon) : '';
      const password = colon > 0 ? text.slice(colon + 1) : '';
      const principal = this.cluster.realm.authenticate(username, password);
      if (principal !== undefined) return principal;
      throw unauthenticated(`unable to authenticate user [${username}] for REST request [${uri}]`);
    }
    if (scheme.toLowerCase() === 'apikey') {
      const decoded = decodeApiKey(credentials);
      const key = decoded ? this.cluster.apiKeys.get(decoded.id) : undefined;
      if (!decoded || !key || key.secret !== decoded.secret || key.invalidated || isExpired(key, this.clock.now())) throw rejected();
      if (key.type !== 'rest') {
        throw unauthenticated(`authentication expected API key type of [rest], but API key [${key.id}] has type [${key.type}]`);
      }
      // A key's own role descriptors limit its owner's privileges; without any it has the owner's.
      return {
        username: key.username,
        roles: this.cluster.realm.rolesOf(key.username),
        realm: { name: '_es_api_key', type: '_es_api_key' },
        apiKeyId: key.id,
        keyRoles: Object.values(key.roleDescriptors ?? {}),
      };
    }
    throw rejected();
  }

  private authorize(principal: Principal, action: { name: string; grantedBy: readonly string[] }): void {
    if (action.grantedBy.some((privilege) => this.cluster.realm.hasClusterPrivilege(principal, privilege))) return;
    throw new EsHttpError(403, 'security_exception',
      `action [${action.name}] is unauthorized for ${subjectDescription(principal)}, this action is granted by the cluster privileges [${action.grantedBy.join(',')}]`);
  }

  private identity(): Answer {
    return ok({
      name: this.cluster.nodes[0].name,
      cluster_name: this.cluster.clusterName,
      cluster_uuid: this.cluster.clusterUuid,
      version: {
        number: this.cluster.version,
        build_flavor: 'default',
        build_type: 'docker',
        build_hash: BUILD_HASH,
        build_date: '2026-01-15T00:00:00.000Z',
        build_snapshot: false,
        lucene_version: '10.3.2',
        minimum_wire_compatibility_version: minimumWireCompatibility(this.cluster.version),
        minimum_index_compatibility_version: `${this.major - 1}.0.0`,
      },
      tagline: 'You Know, for Search',
    });
  }

  /** Every shard is assigned at once (replicas as far as there are nodes): green unless a replica lacks a node, every wait but node counts satisfied at once. */
  private health(call: RestCall): Answer {
    const { query } = call.request;
    const status = query.get('wait_for_status');
    if (status !== null && !['green', 'yellow', 'red'].includes(status)) {
      throw badRequest(`unknown cluster health status [${status}]`);
    }
    const nodes = this.cluster.nodes.length;
    const waitForNodes = query.get('wait_for_nodes');
    const { primaries, total, assigned: active } = shardCopies([...this.cluster.indices.indices.values()], nodes);
    const unassigned = total - active;
    const health = unassigned > 0 ? 'yellow' : 'green';
    const timedOut = (waitForNodes !== null && !nodeCountSatisfies(waitForNodes, nodes)) || (status === 'green' && health !== 'green');
    const body: Record<string, unknown> = {
      cluster_name: this.cluster.clusterName,
      status: health,
      timed_out: timedOut,
      number_of_nodes: nodes,
      number_of_data_nodes: nodes,
      active_primary_shards: primaries,
      active_shards: active,
      relocating_shards: 0,
      initializing_shards: 0,
      unassigned_shards: unassigned,
      unassigned_primary_shards: 0,
      delayed_unassigned_shards: 0,
      number_of_pending_tasks: 0,
      number_of_in_flight_fetch: 0,
      task_max_waiting_in_queue_millis: 0,
      active_shards_percent_as_number: active + unassigned === 0 ? 100.0 : (100 * active) / (active + unassigned),
    };
    if (booleanParameter(query, 'human')) {
      body.task_max_waiting_in_queue = '0s';
      body.active_shards_percent = `${(body.active_shards_percent_as_number as number).toFixed(1)}%`;
    }
    const level = query.get('level');
    if (level === 'indices' || level === 'shards') body.indices = {};
    // RestClusterHealthAction answers 408 when a wait timed out.
    return ok(body, timedOut ? 408 : 200);
  }

  private authenticateInfo(principal: Principal): Answer {
    const user = this.cluster.realm.user(principal.username);
    const realm = principal.realm;
    const body: Record<string, unknown> = {
      username: principal.username,
      roles: principal.roles,
      full_name: user?.full_name ?? null,
      email: user?.email ?? null,
      metadata: user?.metadata ?? {},
      enabled: true,
      authentication_realm: realm,
      lookup_realm: realm,
      authentication_type: principal.apiKeyId ? 'api_key' : 'realm',
    };
    if (principal.apiKeyId) body.api_key = { id: principal.apiKeyId, name: this.cluster.apiKeys.get(principal.apiKeyId)?.name, managed_by: 'elasticsearch', internal: false };
    return ok(body);
  }

  private requireBody(call: RestCall): unknown {
    if (call.body === undefined) throw new EsHttpError(400, 'parse_exception', 'request body is required');
    return call.body;
  }

  /** Cross-cluster keys need user credentials, as in Elasticsearch (TransportCreateCrossClusterApiKeyAction). */
  private rejectApiKeyCaller(principal: Principal, action: string): void {
    if (principal.apiKeyId) {
      throw badRequest(`authentication via API key not supported: An API key cannot be used to ${action}`);
    }
  }

  private createCrossClusterKey(call: RestCall): Answer {
    const parsed = parseCreateRequest(this.requireBody(call));
    this.rejectApiKeyCaller(call.principal, 'create a cross-cluster API key');
    const now = this.clock.now();
    const key = newApiKey({
      name: parsed.name,
      type: 'cross_cluster',
      creation: now,
      expiration: parsed.expirationMs === undefined ? undefined : now + parsed.expirationMs,
      metadata: parsed.metadata,
      access: parsed.access,
      certificateIdentity: parsed.certificateIdentity,
      username: call.principal.username,
      realm: call.principal.realm.name,
      realmType: call.principal.realm.type,
    });
    return this.keyCreated(key);
  }

  /** Stores a new key and answers as create API key does: the secret is shown this once. */
  private keyCreated(key: ApiKeyRecord): Answer {
    this.cluster.apiKeys.set(key.id, key);
    const body: Record<string, unknown> = { id: key.id, name: key.name };
    if (key.expiration !== undefined) body.expiration = key.expiration;
    body.api_key = key.secret;
    body.encoded = encodeApiKey(key.id, key.secret);
    return ok(body);
  }

  /** POST|PUT _security/api_key: a REST key, limited by its role_descriptors when it has any. */
  private createApiKey(call: RestCall): Answer {
    const body = this.requireBody(call);
    if (!isObject(body)) throw parseError('[1:1] [api_key_request] expected an object');
    rejectUnknownFields(body, 'api_key_request', ['name', 'expiration', 'role_descriptors', 'metadata']);
    const name = checkApiKeyName(body.name, fieldLocation(body, 'name'));
    const descriptors = body.role_descriptors ?? {};
    if (!isObject(descriptors)) throw parseError(`${fieldLocation(body, 'role_descriptors')} [api_key_request] role_descriptors expected an object`);
    const roleDescriptors = Object.fromEntries(Object.entries(descriptors).map(([role, descriptor]) => [role, this.cluster.realm.parseRole(descriptor)]));
    // ApiKeyService: a key made with a key must say explicitly that it grants nothing.
    const grantsNothing = Object.values(roleDescriptors).every((role) => role.cluster.length === 0 && role.indices.length === 0 && role.run_as.length === 0);
    if (call.principal.apiKeyId && (body.role_descriptors === undefined || !grantsNothing || Object.keys(roleDescriptors).length === 0)) {
      throw badRequest('creating derived api keys requires an explicit role descriptor that is empty (has no privileges)');
    }
    const now = this.clock.now();
    const expirationMs = body.expiration === undefined || body.expiration === null ? undefined : parseExpiration(body.expiration, fieldLocation(body, 'expiration'));
    const key = newApiKey({
      name,
      type: 'rest',
      creation: now,
      expiration: expirationMs === undefined ? undefined : now + expirationMs,
      metadata: parseMetadata(body.metadata, fieldLocation(body, 'metadata')),
      roleDescriptors,
      username: call.principal.username,
      realm: call.principal.realm.name,
      realmType: call.principal.realm.type,
    });
    return this.keyCreated(key);
  }

  private updateCrossClusterKey(call: RestCall): Answer {
    const id = call.path.id;
    const update = parseUpdateRequest(this.requireBody(call));
    this.rejectApiKeyCaller(call.principal, 'update a cross-cluster API key');
    const key = this.cluster.apiKeys.get(id);
    if (!key || key.username !== call.principal.username) {
      throw new EsHttpError(404, 'resource_not_found_exception', `no API key owned by requesting user found for ID [${id}]`);
    }
    if (key.type !== 'cross_cluster') {
      throw badRequest(`cannot update API key of type [${key.type}] while expected type is [cross_cluster]`);
    }
    if (key.invalidated) throw badRequest(`cannot update invalidated API key [${id}]`);
    if (isExpired(key, this.clock.now())) throw badRequest(`cannot update expired API key [${id}]`);
    return ok({ updated: applyUpdate(key, update, this.clock.now()) });
  }

  private getApiKeys(call: RestCall): Answer {
    const { query } = call.request;
    const id = query.get('id');
    const name = query.get('name');
    const activeOnly = booleanParameter(query, 'active_only');
    const username = booleanParameter(query, 'owner') ? call.principal.username : query.get('username');
    const realm = query.get('realm_name');
    if (id !== null && name !== null) {
      throw validationFailed(['only one of [api key id, api key name] can be specified']);
    }
    const matchesName = name !== null ? nameMatcher(name) : undefined;
    const now = this.clock.now();
    const keys: ApiKeyRecord[] = [];
    for (const key of this.cluster.apiKeys.values()) {
      if (id !== null && key.id !== id) continue;
      if (matchesName && !matchesName(key.name)) continue;
      if (username !== null && key.username !== username) continue;
      if (realm !== null && key.realm !== realm) continue;
      if (activeOnly && (key.invalidated || isExpired(key, now))) continue;
      keys.push(key);
    }
    // RestGetApiKeyAction: an explicit id that matches nothing is a 404 with the (empty) usual body.
    return ok({ api_keys: keys.map(apiKeyInfo) }, id !== null && keys.length === 0 ? 404 : 200);
  }

  private invalidateApiKeys(call: RestCall): Answer {
    const body = this.requireBody(call);
    if (!isObject(body)) throw parseError('[1:1] [invalidate_api_key_request] expected an object');
    rejectUnknownFields(body, 'invalidate_api_key_request', ['id', 'ids', 'name', 'owner', 'realm_name', 'username']);
    const ids = body.ids !== undefined ? body.ids : body.id !== undefined ? [body.id] : undefined;
    if (ids !== undefined && (!Array.isArray(ids) || ids.some((v) => typeof v !== 'string'))) {
      throw parseError(`${fieldLocation(body, body.ids !== undefined ? 'ids' : 'id')} [invalidate_api_key_request] ids must be an array of strings`);
    }
    const name = typeof body.name === 'string' ? body.name : undefined;
    if ((ids === undefined || ids.length === 0) && name === undefined && body.owner !== true && body.username === undefined && body.realm_name === undefined) {
      throw validationFailed(['One of [api key id(s), api key name, username, realm name] must be specified if [owner] flag is false']);
    }
    if (ids !== undefined && ids.some((v: string) => v.trim() === '')) throw validationFailed(['Field [ids] must not contain blank id']);
    const matchesName = name !== undefined ? nameMatcher(name) : undefined;
    const invalidated: string[] = [];
    const previously: string[] = [];
    const now = this.clock.now();
    for (const key of this.cluster.apiKeys.values()) {
      if (ids !== undefined && !(ids as string[]).includes(key.id)) continue;
      if (matchesName && !matchesName(key.name)) continue;
      if (typeof body.username === 'string' && key.username !== body.username) continue;
      if (body.owner === true && key.username !== call.principal.username) continue;
      if (typeof body.realm_name === 'string' && key.realm !== body.realm_name) continue;
      if (key.invalidated) previously.push(key.id);
      else {
        key.invalidated = true;
        key.invalidation = now;
        invalidated.push(key.id);
      }
    }
    return ok({ invalidated_api_keys: invalidated, previously_invalidated_api_keys: previously, error_count: 0 });
  }

  private getUsers(call: RestCall, names: string | undefined): Answer {
    const all = this.cluster.realm.allUsers();
    const wanted = names === undefined ? undefined : names.split(',');
    const found = wanted === undefined ? all : all.filter((user) => wanted.includes(user.username));
    // RestGetUsersAction: named users that do not exist answer 404 with an empty object.
    return ok(Object.fromEntries(found.map((user) => [user.username, userInfo(user)])), wanted !== undefined && found.length === 0 ? 404 : 200);
  }

  private putUser(call: RestCall): Answer {
    const username = call.path.username;
    const existing = this.cluster.realm.users.get(username);
    const user = this.cluster.realm.parseUser(username, this.requireBody(call), existing);
    this.cluster.realm.users.set(username, user);
    return ok({ created: existing === undefined });
  }

  private deleteUser(call: RestCall): Answer {
    const username = call.path.username;
    if (this.cluster.realm.isReservedUser(username)) throw badRequest(`user [${username}] is reserved and cannot be deleted`);
    const found = this.cluster.realm.users.delete(username);
    return ok({ found }, found ? 200 : 404);
  }

  private getRoles(names: string | undefined): Answer {
    const all = this.cluster.realm.allRoles();
    const wanted = names === undefined ? undefined : names.split(',');
    const found = wanted === undefined ? all : all.filter(([name]) => wanted.includes(name));
    return ok(Object.fromEntries(found), wanted !== undefined && found.length === 0 ? 404 : 200);
  }

  private putRole(call: RestCall): Answer {
    const name = call.path.name;
    const role = this.cluster.realm.parseRole(this.requireBody(call), name);
    const created = !this.cluster.realm.roles.has(name);
    this.cluster.realm.roles.set(name, role);
    return ok({ role: { created } });
  }

  private deleteRole(call: RestCall): Answer {
    const name = call.path.name;
    if (this.cluster.realm.isReservedRole(name)) throw badRequest(`role [${name}] is reserved and cannot be deleted`);
    const found = this.cluster.realm.roles.delete(name);
    return ok({ found }, found ? 200 : 404);
  }

  /** POST _security/role: `{roles: {name: descriptor}}`; each role succeeds or is listed under errors. */
  private bulkPutRoles(call: RestCall): Answer {
    const body = this.requireBody(call);
    if (!isObject(body) || !isObject(body.roles)) throw parseError('[1:1] [bulk_put_roles_request] expected an object with [roles]');
    rejectUnknownFields(body, 'bulk_put_roles_request', ['roles']);
    const created: string[] = [];
    const updated: string[] = [];
    const noop: string[] = [];
    const details: Record<string, unknown> = {};
    for (const [name, descriptor] of Object.entries(body.roles)) {
      try {
        const role = this.cluster.realm.parseRole(descriptor, name);
        const previous = this.cluster.realm.roles.get(name);
        if (previous && JSON.stringify(previous) === JSON.stringify(role)) noop.push(name);
        else (previous ? updated : created).push(name);
        this.cluster.realm.roles.set(name, role);
      } catch (error) {
        if (!(error instanceof EsHttpError)) throw error;
        details[name] = { type: error.type, reason: error.reason };
      }
    }
    const answer: Record<string, unknown> = {};
    if (created.length > 0) answer.created = created;
    if (updated.length > 0) answer.updated = updated;
    if (noop.length > 0) answer.noop = noop;
    if (Object.keys(details).length > 0) answer.errors = { count: Object.keys(details).length, details };
    return ok(answer);
  }

  private bulkDeleteRoles(call: RestCall): Answer {
    const body = this.requireBody(call);
    if (!isObject(body) || !Array.isArray(body.names) || body.names.some((n) => typeof n !== 'string')) {
      throw parseError('[1:1] [bulk_delete_roles_request] [names] must be an array of strings');
    }
    rejectUnknownFields(body, 'bulk_delete_roles_request', ['names']);
    const deleted: string[] = [];
    const notFound: string[] = [];
    for (const name of body.names as string[]) (this.cluster.realm.roles.delete(name) ? deleted : notFound).push(name);
    const answer: Record<string, unknown> = {};
    if (deleted.length > 0) answer.deleted = deleted;
    if (notFound.length > 0) answer.not_found = notFound;
    return ok(answer);
  }

  /** _has_privileges for the caller: cluster and index privileges evaluated from its roles. */
  private hasPrivileges(call: RestCall): Answer {
    const body = this.requireBody(call);
    if (!isObject(body)) throw parseError('[1:1] [has_privileges_request] expected an object');
    rejectUnknownFields(body, 'has_privileges_request', ['cluster', 'index', 'application']);
    const strings = (value: unknown, field: string, owner: Record<string, unknown>): string[] => {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
        throw parseError(`${fieldLocation(owner, field)} [has_privileges_request] ${field} expected an array of strings`);
      }
      return value as string[];
    };
    const realm = this.cluster.realm;
    const cluster: Record<string, boolean> = {};
    for (const privilege of body.cluster === undefined ? [] : strings(body.cluster, 'cluster', body)) {
      cluster[privilege] = realm.hasClusterPrivilege(call.principal, privilege);
    }
    const index: Record<string, Record<string, boolean>> = {};
    const entries = body.index === undefined ? [] : body.index;
    if (!Array.isArray(entries)) throw parseError(`${fieldLocation(body, 'index')} [has_privileges_request] index expected an array of objects`);
    for (const entry of entries) {
      if (!isObject(entry)) throw parseError(`${fieldLocation(body, 'index')} [has_privileges_request] index expected an array of objects`);
      rejectUnknownFields(entry, 'index', ['names', 'privileges', 'allow_restricted_indices']);
      const names = typeof entry.names === 'string' ? [entry.names] : strings(entry.names, 'names', entry);
      for (const name of names) {
        index[name] ??= {};
        for (const privilege of strings(entry.privileges, 'privileges', entry)) index[name][privilege] = realm.hasIndexPrivilege(call.principal, name, privilege);
      }
    }
    if (Object.keys(cluster).length === 0 && Object.keys(index).length === 0 && (body.application === undefined || (Array.isArray(body.application) && body.application.length === 0))) {
      throw validationFailed(['must specify at least one privilege']);
    }
    const all = [...Object.values(cluster), ...Object.values(index).flatMap((p) => Object.values(p))].every(Boolean);
    return ok({ username: call.principal.username, has_all_requested: all, cluster, index, application: {} });
  }

  private renderSettings(query: URLSearchParams, settings: Iterable<[string, SettingValue]>): Record<string, unknown> {
    return booleanParameter(query, 'flat_settings') ? Object.fromEntries(settings) : nestSettings(settings);
  }

  private getSettings(call: RestCall): Answer {
    const { query } = call.request;
    const body: Record<string, unknown> = {
      persistent: this.renderSettings(query, this.cluster.persistent),
      transient: this.renderSettings(query, this.cluster.transient),
    };
    if (booleanParameter(query, 'include_defaults')) {
      // Defaults are what neither persistent nor transient settings set: elasticsearch.yml, then the built-in defaults.
      const defaults = effectiveSettings(defaultSettings(), this.cluster.nodeSettings);
      for (const key of effectiveSettings(this.cluster.persistent, this.cluster.transient).keys()) defaults.delete(key);
      body.defaults = this.renderSettings(query, defaults);
    }
    return ok(body);
  }

  private putSettings(call: RestCall): Answer {
    const body = this.requireBody(call);
    if (!isObject(body)) throw parseError('[1:1] [cluster_update_settings_request] expected an object');
    rejectUnknownFields(body, 'cluster_update_settings_request', ['persistent', 'transient']);
    const persistentChanges = flattenSettings(body.persistent, 'persistent');
    const transientChanges = flattenSettings(body.transient, 'transient');
    if (persistentChanges.size === 0 && transientChanges.size === 0) throw validationFailed(['no settings to update']);
    const apply = (scope: SettingsScope, changes: Map<string, unknown>) =>
      applySettingsUpdate(scope === 'persistent' ? this.cluster.persistent : this.cluster.transient, { scope, changes });
    const transientResult = apply('transient', transientChanges);
    const persistentResult = apply('persistent', persistentChanges);
    checkEffectiveSettings(effectiveSettings(this.cluster.nodeSettings, persistentResult.next, transientResult.next));
    this.cluster.persistent = persistentResult.next;
    this.cluster.transient = transientResult.next;
    // RestClusterUpdateSettingsAction warns on any transient section, resets included.
    if (transientChanges.size > 0) call.warnings.push(TRANSIENT_DEPRECATION);
    const { query } = call.request;
    return ok({
      acknowledged: true,
      persistent: this.renderSettings(query, persistentResult.applied),
      transient: this.renderSettings(query, transientResult.applied),
    });
  }

  private selectNodes(nodeFilter: string | undefined): EmulatedCluster['nodes'] {
    if (nodeFilter === undefined || nodeFilter === '_all') return this.cluster.nodes;
    if (nodeFilter === '_local' || nodeFilter === '_master') return this.cluster.nodes.slice(0, 1);
    const filters = nodeFilter.split(',');
    return this.cluster.nodes.filter((node) => filters.some((f) => f === node.id || f === node.name));
  }

  /** GET _nodes/settings: each node's elasticsearch.yml as the node reads it. */
  private nodeSettings(call: RestCall, nodeFilter: string | undefined): Answer {
    const selected = this.selectNodes(nodeFilter);
    const nodes = Object.fromEntries(selected.map((node, i) => {
      const settings = effectiveSettings(
        new Map<string, SettingValue>([['cluster.name', this.cluster.clusterName], ['node.name', node.name], ['path.home', '/usr/share/elasticsearch'], ['path.logs', '/usr/share/elasticsearch/logs']]),
        this.cluster.nodeSettings,
      );
      return [node.id, {
        name: node.name,
        transport_address: `10.0.0.${i + 1}:9300`,
        host: `10.0.0.${i + 1}`,
        ip: `10.0.0.${i + 1}`,
        version: this.cluster.version,
        transport_version: this.cluster.version,
        build_flavor: 'default',
        build_type: 'docker',
        build_hash: BUILD_HASH,
        roles: ['data', 'ingest', 'master', 'remote_cluster_client'],
        attributes: this.cluster.nodeAttributes,
        settings: this.renderSettings(call.request.query, settings),
      }];
    }));
    return ok({ _nodes: { total: selected.length, successful: selected.length, failed: 0 }, cluster_name: this.cluster.clusterName, nodes });
  }

  private reloadSecureSettings(call: RestCall, nodeFilter: string | undefined): Answer {
    const password = secureSettingsPassword(call.body);
    const selected = this.selectNodes(nodeFilter);
    // KeyStoreWrapper.decrypt: an unprotected keystore opens with the empty password only.
    const decrypted = (password ?? '') === this.cluster.keystorePassword;
    // Every node reads the same keystore file, so a reload activates it cluster-wide.
    if (selected.length > 0 && decrypted) this.cluster.reloadSecureSettings();
    // A node that cannot decrypt still answers: the failure is its entry's reload_exception, not a node failure.
    const entry = decrypted
      ? this.cluster.keystoreDetails()
      : { reload_exception: { type: 'security_exception', reason: 'Provided keystore password was incorrect' } };
    return ok({
      _nodes: { total: selected.length, successful: selected.length, failed: 0 },
      cluster_name: this.cluster.clusterName,
      nodes: Object.fromEntries(selected.map((node) => [node.id, { name: node.name, ...entry }])),
    });
  }
}

function esError(error: EsHttpError): Answer {
  return { status: error.status, body: error.body(), headers: error.extra.headers };
}

/** For response parameters read while rendering an error: a malformed value must not hide the error. */
function booleanParameterOrFalse(query: URLSearchParams, name: string): boolean {
  try {
    return booleanParameter(query, name);
  } catch {
    return false;
  }
}

/** RestWait: `N`, `>=N`, `<=N`, `>N`, `<N`, `ge(N)`, `le(N)`, `gt(N)`, `lt(N)`. */
function nodeCountSatisfies(expression: string, nodes: number): boolean {
  const match = /^(>=|<=|>|<|ge\(|le\(|gt\(|lt\()?(\d+)\)?$/.exec(expression.trim());
  if (!match) throw badRequest(`unable to parse wait_for_nodes [${expression}]`);
  const wanted = Number(match[2]);
  switch (match[1]) {
    case '>=': case 'ge(': return nodes >= wanted;
    case '<=': case 'le(': return nodes <= wanted;
    case '>': case 'gt(': return nodes > wanted;
    case '<': case 'lt(': return nodes < wanted;
    default: return nodes === wanted;
  }
}

/** RestReloadSecureSettingsAction's body: an optional object with `secure_settings_password` only. */
function secureSettingsPassword(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  if (!isObject(body)) throw parseError('[1:1] [reload_secure_settings] expected an object');
  rejectUnknownFields(body, 'reload_secure_settings', ['secure_settings_password']);
  const password = body.secure_settings_password;
  if (password === undefined || password === null) return undefined;
  // declareString reads any scalar as text, and refuses objects and arrays.
  if (typeof password === 'object') {
    throw parseError(`${fieldLocation(body, 'secure_settings_password')} [reload_secure_settings] secure_settings_password doesn't support values of type: ${Array.isArray(password) ? 'START_ARRAY' : 'START_OBJECT'}`);
  }
  return String(password);
}
