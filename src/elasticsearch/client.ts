/**
 * A typed client for the Elasticsearch APIs the remote-cluster resources need (contract:
 * ../shared/specs/elasticsearch/es-9.3-api-subset.json). It knows nothing of resources: it sends
 * requests through the shared HttpTransport and turns Elasticsearch's error bodies into
 * ElasticsearchError, keeping Elasticsearch's `type` and `reason`.
 */
import { ApiError } from '../http/errors';
import type { ApiRequest, HttpTransport, ReadOptions } from '../http/transport';

// ---------------------------------------------------------------------------------------------
// Cross-cluster API keys

export interface FieldSecurity {
  grant?: string[];
  except?: string[];
}

/** One `access.search` entry. `query` is a JSON document (object) or its text, as Elasticsearch accepts both. */
export interface SearchAccessEntry {
  names: string[];
  query?: string | Record<string, unknown>;
  field_security?: FieldSecurity;
  allow_restricted_indices?: boolean;
}

/** One `access.replication` entry (no query, no field security: Elasticsearch rejects them). */
export interface ReplicationAccessEntry {
  names: string[];
  allow_restricted_indices?: boolean;
}

export interface CrossClusterAccess {
  search?: SearchAccessEntry[];
  replication?: ReplicationAccessEntry[];
}

export interface CreateCrossClusterApiKeyRequest {
  name: string;
  access: CrossClusterAccess;
  /** Elasticsearch time units, e.g. `30d`. Omitted: the key never expires. */
  expiration?: string;
  metadata?: Record<string, unknown>;
  /** 9.3: a pattern for the distinguished name of the certificate the key is bound to. */
  certificate_identity?: string;
}

export interface CreateCrossClusterApiKeyResponse {
  id: string;
  name: string;
  /** Secret. */
  api_key: string;
  /** Secret: base64 of `id:api_key`, the value that goes to `cluster.remote.<alias>.credentials`. */
  encoded: string;
  /** Expiration time in epoch milliseconds, when the key expires. */
  expiration?: number;
}

/** Omitted fields are left as they are; `certificate_identity: null` clears it. */
export interface UpdateCrossClusterApiKeyRequest {
  access?: CrossClusterAccess;
  metadata?: Record<string, unknown>;
  expiration?: string;
  certificate_identity?: string | null;
}

export interface UpdateCrossClusterApiKeyResponse {
  updated: boolean;
}

/** An API key as `GET /_security/api_key` returns it (never its secret). */
export interface ApiKeyInfo {
  id: string;
  name: string;
  type?: 'rest' | 'cross_cluster';
  /** epoch milliseconds */
  creation?: number;
  /** epoch milliseconds; absent when the key never expires */
  expiration?: number;
  invalidated?: boolean;
  invalidation?: number;
  username?: string;
  realm?: string;
  metadata?: Record<string, unknown>;
  /** Present for cross-cluster keys. */
  access?: CrossClusterAccess;
  certificate_identity?: string;
  role_descriptors?: Record<string, unknown>;
}

export interface GetApiKeysQuery {
  id?: string;
  /** Exact name, or a prefix with a trailing `*`. */
  name?: string;
  /** Only keys neither invalidated nor expired. */
  activeOnly?: boolean;
}

export interface InvalidateApiKeysResponse {
  invalidated_api_keys: string[];
  previously_invalidated_api_keys: string[];
  error_count: number;
  error_details?: ErrorCause[];
}

// ---------------------------------------------------------------------------------------------
// Roles (native realm)

/** One `indices` entry of a role. Elasticsearch answers `query` as JSON text. */
export interface RoleIndicesPrivileges {
  names: string[] | string;
  privileges: string[];
  field_security?: FieldSecurity;
  query?: string | Record<string, unknown>;
  allow_restricted_indices?: boolean;
}

/** One `remote_indices` entry: index privileges on the clusters behind the given aliases. */
export interface RoleRemoteIndicesPrivileges extends RoleIndicesPrivileges {
  clusters: string[] | string;
}

/** One `remote_cluster` entry: cluster privileges (`monitor_enrich`, `monitor_stats`) on remote clusters. */
export interface RoleRemoteClusterPrivileges {
  clusters: string[] | string;
  privileges: string[];
}

/** A role as `PUT /_security/role/{name}` takes it and `GET` answers it (the parts this client uses). */
export interface RoleDescriptor {
  cluster?: string[];
  indices?: RoleIndicesPrivileges[];
  remote_indices?: RoleRemoteIndicesPrivileges[];
  remote_cluster?: RoleRemoteClusterPrivileges[];
  description?: string;
  metadata?: Record<string, unknown>;
}

export interface PutRoleResponse {
  role: { created: boolean };
}

// ---------------------------------------------------------------------------------------------
// Cluster settings, remote info, secure settings, identity

/** `GET /_cluster/settings?flat_settings=true`: dotted keys. Scalars come back as strings, lists as arrays. */
export interface FlatClusterSettings {
  persistent: Record<string, unknown>;
  transient: Record<string, unknown>;
}

export interface PutClusterSettingsResponse extends FlatClusterSettings {
  acknowledged: boolean;
}

interface RemoteInfoBase {
  connected: boolean;
  initial_connect_timeout: string;
  skip_unavailable: boolean;
  /** `::es_redacted::` when the API-key model's credentials are in the keystore; absent otherwise. */
  cluster_credentials?: string;
}

export interface RemoteSniffInfo extends RemoteInfoBase {
  mode: 'sniff';
  seeds: string[];
  num_nodes_connected: number;
  max_connections_per_cluster: number;
}

export interface RemoteProxyInfo extends RemoteInfoBase {
  mode: 'proxy';
  proxy_address: string;
  server_name: string;
  num_proxy_sockets_connected: number;
  max_proxy_socket_connections: number;
}

export type RemoteInfo = RemoteSniffInfo | RemoteProxyInfo;

/** One node's answer to a reload; 9.x adds what its keystore file holds (names, digest, modification time). */
export interface NodeReloadResult {
  name: string;
  reload_exception?: ErrorCause;
  secure_setting_names?: string[];
  keystore_path?: string;
  /** SHA-256 of the keystore file. */
  keystore_digest?: string;
  /** ISO 8601. */
  keystore_last_modified_time?: string;
}

export interface ReloadSecureSettingsResponse {
  _nodes: { total: number; successful: number; failed: number; failures?: ErrorCause[] };
  cluster_name: string;
  nodes: Record<string, NodeReloadResult>;
}

export interface ClusterInfo {
  name?: string;
  cluster_name: string;
  cluster_uuid: string;
  version: { number: string };
}

// ---------------------------------------------------------------------------------------------
// Errors

export interface ErrorCause {
  type: string;
  reason?: string | null;
  root_cause?: ErrorCause[];
  caused_by?: ErrorCause;
}

/** A non-2xx answer from Elasticsearch, with Elasticsearch's own error type and reason. */
export class ElasticsearchError extends ApiError {
  /** e.g. `illegal_argument_exception`, `resource_not_found_exception`. */
  readonly type: string;
  readonly reason: string;

  constructor(cause: ApiError) {
    const error = errorCauseOf(cause.body);
    const type = error?.type ?? 'unknown';
    const reason = error?.reason ?? '';
    super(
      { service: cause.service, method: cause.method, path: cause.path, status: cause.status, body: cause.body, headers: cause.headers, attempts: cause.attempts },
      `${type}: ${reason || 'no reason given'}`,
    );
    this.name = 'ElasticsearchError';
    this.type = type;
    this.reason = reason;
  }
}

/** The most specific cause Elasticsearch gave: the first root cause, else the top-level error. */
function errorCauseOf(body: unknown): ErrorCause | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error === 'string') return { type: 'error', reason: error };
  if (!error || typeof error !== 'object') return undefined;
  const top = error as ErrorCause;
  const root = Array.isArray(top.root_cause) && top.root_cause.length > 0 ? top.root_cause[0] : undefined;
  // The top-level reason is usually the fuller sentence; the root cause's type is the specific one.
  return { type: root?.type ?? top.type, reason: top.reason ?? root?.reason ?? null };
}

// ---------------------------------------------------------------------------------------------

export class ElasticsearchClient {
  constructor(private readonly transport: HttpTransport) {}

  private async send<T>(request: ApiRequest): Promise<T> {
    try {
      return (await this.transport.request<T>(request)).body;
    } catch (err) {
      if (err instanceof ApiError && !(err instanceof ElasticsearchError)) throw new ElasticsearchError(err);
      throw err;
    }
  }

  /**
   * The cluster's time, from the `Date` header of its answers (one `GET /` when none was seen yet);
   * this machine's clock when the cluster sends none or cannot be reached.
   */
  async clusterTime(): Promise<Date> {
    if (!this.transport.serverTime()) await this.info({ shared: true }).catch(() => undefined);
    return this.transport.serverTime() ?? new Date();
  }

  /** `GET /`: the cluster's name, uuid and version. */
  info(options: ReadOptions = {}): Promise<ClusterInfo> {
    return this.send<ClusterInfo>({ method: 'GET', path: '/', ...options });
  }

  /** Not idempotent: after an UncertainOutcomeError the caller must look the key up before trying again. */
  createCrossClusterApiKey(body: CreateCrossClusterApiKeyRequest): Promise<CreateCrossClusterApiKeyResponse> {
    return this.send({ method: 'POST', path: '/_security/cross_cluster/api_key', body, idempotent: false });
  }

  updateCrossClusterApiKey(id: string, body: UpdateCrossClusterApiKeyRequest): Promise<UpdateCrossClusterApiKeyResponse> {
    return this.send({ method: 'PUT', path: `/_security/cross_cluster/api_key/${encodeURIComponent(id)}`, body });
  }

  /** Keys matching the query; an empty list when none (older versions answer 404 for an unknown id). */
  async getApiKeys(query: GetApiKeysQuery, options: ReadOptions = {}): Promise<ApiKeyInfo[]> {
    try {
      const body = await this.send<{ api_keys: ApiKeyInfo[] }>({
        method: 'GET',
        path: '/_security/api_key',
        query: { id: query.id, name: query.name, active_only: query.activeOnly },
        ...options,
      });
      return body.api_keys ?? [];
    } catch (err) {
      if (err instanceof ElasticsearchError && err.status === 404) return [];
      throw err;
    }
  }

  /**
   * The live (neither invalidated nor expired) key with this id. Where reads are shared, one listing of
   * every live key the caller may see serves the read of each key; otherwise the key is asked for by id.
   */
  async activeApiKey(id: string, options: ReadOptions = {}): Promise<ApiKeyInfo | undefined> {
    if (options.shared && this.transport.sharesReads) return (await this.getApiKeys({ activeOnly: true }, options)).find((k) => k.id === id);
    const [key] = await this.getApiKeys({ id, activeOnly: true });
    return key;
  }

  /** Invalidation is idempotent: an already invalidated key is reported, not an error. */
  invalidateApiKeys(ids: string[]): Promise<InvalidateApiKeysResponse> {
    return this.send({ method: 'DELETE', path: '/_security/api_key', body: { ids } });
  }

  /** The role, or undefined when the cluster has none of that name. */
  async getRole(name: string, options: ReadOptions = {}): Promise<RoleDescriptor | undefined> {
    try {
      const body = await this.send<Record<string, RoleDescriptor>>({ method: 'GET', path: `/_security/role/${encodeURIComponent(name)}`, ...options });
      return body[name];
    } catch (err) {
      if (err instanceof ElasticsearchError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** Creates or replaces the whole role (PUT is idempotent). */
  putRole(name: string, role: RoleDescriptor): Promise<PutRoleResponse> {
    return this.send({ method: 'PUT', path: `/_security/role/${encodeURIComponent(name)}`, body: role });
  }

  /** True when the role existed. */
  async deleteRole(name: string): Promise<boolean> {
    try {
      const body = await this.send<{ found: boolean }>({ method: 'DELETE', path: `/_security/role/${encodeURIComponent(name)}` });
      return body.found;
    } catch (err) {
      if (err instanceof ElasticsearchError && err.status === 404) return false;
      throw err;
    }
  }

  getClusterSettings(options: ReadOptions = {}): Promise<FlatClusterSettings> {
    return this.send({ method: 'GET', path: '/_cluster/settings', query: { flat_settings: true }, ...options });
  }

  /** Sets persistent settings; a `null` value resets a setting to its default. */
  putPersistentSettings(settings: Record<string, unknown>): Promise<PutClusterSettingsResponse> {
    return this.send({ method: 'PUT', path: '/_cluster/settings', query: { flat_settings: true }, body: { persistent: settings } });
  }

  remoteInfo(options: ReadOptions = {}): Promise<Record<string, RemoteInfo>> {
    return this.send({ method: 'GET', path: '/_remote/info', ...options });
  }

  /** Reloading is safe to repeat, so it is retried like an idempotent request. */
  reloadSecureSettings(): Promise<ReloadSecureSettingsResponse> {
    return this.send({ method: 'POST', path: '/_nodes/reload_secure_settings', body: {}, idempotent: true });
  }
}
