/**
 * The Elasticsearch REST API of one emulated cluster: identity, security API keys, cluster
 * settings, `_remote/info` and secure settings reload, with Elasticsearch's paths, statuses and
 * error bodies.
 */
import {
  apiKeyInfo,
  applyUpdate,
  decodeApiKey,
  encodeApiKey,
  isExpired,
  nameMatcher,
  newApiKey,
  parseCreateRequest,
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
import type { ConnectivityWorld } from './connectivity';
import { diagnoseRemote, minimumWireCompatibility, remoteInfo } from './connectivity';
import { EsHttpError, badRequest, parseError, unauthenticated, validationFailed } from './es-errors';
import type { EmulatorRequest, EmulatorResponse, ServiceEndpoint } from './http-server';
import { parseJsonBody } from './http-server';

const productHeaders = { 'x-elastic-product': 'Elasticsearch' };

interface Caller {
  username: string;
  /** Set when the caller authenticated with an API key. */
  apiKeyId?: string;
}

const ok = (body: unknown, status = 200): EmulatorResponse => ({ status, body, headers: productHeaders });

function esError(error: EsHttpError): EmulatorResponse {
  return { status: error.status, body: error.body(), headers: { ...productHeaders, ...error.extra.headers } };
}

const truthy = (value: string | null): boolean => value !== null && value !== 'false';

const faultTypes: Record<number, [string, string]> = {
  429: ['es_rejected_execution_exception', 'rejected execution of coordinating operation [emulated overload]'],
  500: ['exception', 'emulated internal failure'],
  502: ['status_exception', 'bad gateway: the upstream node closed the connection'],
  503: ['cluster_block_exception', 'blocked by: [SERVICE_UNAVAILABLE/2/no master];'],
  504: ['process_cluster_event_timeout_exception', 'failed to process cluster event within 30s'],
};

export class ElasticsearchApi implements ServiceEndpoint {
  readonly isCloud = false;

  constructor(
    readonly cluster: EmulatedCluster,
    private readonly world: ConnectivityWorld,
    private readonly clock: EmulatorClock,
  ) {}

  get target(): string {
    return this.cluster.name;
  }

  faultResponse(status: number): EmulatorResponse {
    const [type, reason] = faultTypes[status] ?? ['exception', `emulated failure ${status}`];
    return esError(new EsHttpError(status, type, reason));
  }

  admin(request: EmulatorRequest, rest: string[]): EmulatorResponse | undefined {
    if (request.method === 'GET' && rest[0] === 'diagnosis' && rest.length === 2) {
      return { status: 200, body: diagnoseRemote(this.world, this.cluster, rest[1]) };
    }
    return undefined;
  }

  handle(request: EmulatorRequest): EmulatorResponse {
    try {
      const caller = this.authenticate(request);
      return this.route(request, caller);
    } catch (error) {
      if (error instanceof EsHttpError) return esError(error);
      if (error instanceof SyntaxError) {
        return esError(parseError(`Failed to parse request body: ${error.message}`, { type: 'json_parse_exception', reason: error.message }));
      }
      throw error;
    }
  }

  private authenticate(request: EmulatorRequest): Caller {
    const header = request.headers.authorization;
    const pathWithQuery = request.query.size > 0 ? `${request.path}?${request.query.toString()}` : request.path;
    if (!header) throw unauthenticated(`missing authentication credentials for REST request [${pathWithQuery}]`);
    const space = header.indexOf(' ');
    const scheme = space === -1 ? header : header.slice(0, space);
    const credentials = space === -1 ? '' : header.slice(space + 1).trim();
    const rejected = (): EsHttpError =>
      unauthenticated(`unable to authenticate with provided credentials and anonymous access is not allowed for this request`);
    if (scheme.toLowerCase() === 'basic') {
      const text = Buffer.from(credentials, 'base64').toString('utf8');
      const colon = text.indexOf(':');
      if (colon > 0 && text.slice(0, colon) === this.cluster.username && text.slice(colon + 1) === this.cluster.password) {
        return { username: this.cluster.username };
      }
      throw unauthenticated(`unable to authenticate user [${colon > 0 ? text.slice(0, colon) : ''}] for REST request [${pathWithQuery}]`);
    }
    if (scheme.toLowerCase() === 'apikey') {
      const decoded = decodeApiKey(credentials);
      const key = decoded ? this.cluster.apiKeys.get(decoded.id) : undefined;
      if (!decoded || !key || key.secret !== decoded.secret || key.invalidated || isExpired(key, this.clock.now())) throw rejected();
      if (key.type !== 'rest') {
        throw unauthenticated(`authentication expected API key type of [rest], but API key [${key.id}] has type [${key.type}]`);
      }
      return { username: key.username, apiKeyId: key.id };
    }
    throw rejected();
  }

  private route(request: EmulatorRequest, caller: Caller): EmulatorResponse {
    const { method, path } = request;
    const segments = path.split('/').filter((s) => s.length > 0);
    const allowed = (methods: string[]): never => {
      throw new EsHttpError(
        405,
        'illegal_argument_exception',
        `Incorrect HTTP method for uri [${path}] and method [${method}], allowed: [${methods.join(', ')}]`,
        { headers: { allow: methods.join(',') } },
      );
    };
    if (segments.length === 0) return method === 'GET' || method === 'HEAD' ? this.identity() : allowed(['GET', 'HEAD']);
    switch (segments[0]) {
      case '_security':
        if (segments[1] === 'cross_cluster' && segments[2] === 'api_key') {
          if (segments.length === 3) return method === 'POST' || method === 'PUT' ? this.createCrossClusterKey(request, caller) : allowed(['POST', 'PUT']);
          if (segments.length === 4) return method === 'PUT' ? this.updateCrossClusterKey(request, caller, segments[3]) : allowed(['PUT']);
        }
        if (segments[1] === 'api_key' && segments.length === 2) {
          if (method === 'GET') return this.getApiKeys(request, caller);
          if (method === 'DELETE') return this.invalidateApiKeys(request, caller);
          return allowed(['GET', 'DELETE']);
        }
        if (segments[1] === '_authenticate' && segments.length === 2) {
          return method === 'GET' ? this.authenticateInfo(caller) : allowed(['GET']);
        }
        break;
      case '_cluster':
        if (segments[1] === 'settings' && segments.length === 2) {
          if (method === 'GET') return this.getSettings(request);
          if (method === 'PUT') return this.putSettings(request);
          return allowed(['GET', 'PUT']);
        }
        break;
      case '_remote':
        if (segments[1] === 'info' && segments.length === 2) {
          return method === 'GET' ? ok(remoteInfo(this.world, this.cluster)) : allowed(['GET']);
        }
        break;
      case '_nodes':
        if (segments[segments.length - 1] === 'reload_secure_settings' && segments.length <= 3) {
          return method === 'POST' ? this.reloadSecureSettings(request, segments.length === 3 ? segments[1] : undefined) : allowed(['POST']);
        }
        break;
    }
    throw badRequest(`no handler found for uri [${path}] and method [${method}]`);
  }

  private identity(): EmulatorResponse {
    const [major] = this.cluster.version.split('.').map(Number);
    return ok({
      name: this.cluster.nodes[0].name,
      cluster_name: this.cluster.clusterName,
      cluster_uuid: this.cluster.clusterUuid,
      version: {
        number: this.cluster.version,
        build_flavor: 'default',
        build_type: 'docker',
        build_hash: '0000000000000000000000000000000000000000',
        build_date: '2026-01-15T00:00:00.000Z',
        build_snapshot: false,
        lucene_version: '10.3.2',
        minimum_wire_compatibility_version: minimumWireCompatibility(this.cluster.version),
        minimum_index_compatibility_version: `${major - 1}.0.0`,
      },
      tagline: 'You Know, for Search',
    });
  }

  private authenticateInfo(caller: Caller): EmulatorResponse {
    const realm = caller.apiKeyId ? { name: '_es_api_key', type: '_es_api_key' } : { name: 'reserved', type: 'reserved' };
    const body: Record<string, unknown> = {
      username: caller.username,
      roles: ['superuser'],
      full_name: null,
      email: null,
      metadata: { _reserved: true },
      enabled: true,
      authentication_realm: realm,
      lookup_realm: realm,
      authentication_type: caller.apiKeyId ? 'api_key' : 'realm',
    };
    if (caller.apiKeyId) body.api_key = { id: caller.apiKeyId, name: this.cluster.apiKeys.get(caller.apiKeyId)?.name, managed_by: 'elasticsearch', internal: false };
    return ok(body);
  }

  private requireBody(request: EmulatorRequest): unknown {
    const body = parseJsonBody(request);
    if (body === undefined) throw new EsHttpError(400, 'parse_exception', 'request body is required');
    return body;
  }

  /** Cross-cluster keys need user credentials, as in Elasticsearch (TransportCreateCrossClusterApiKeyAction). */
  private rejectApiKeyCaller(caller: Caller, action: string): void {
    if (caller.apiKeyId) {
      throw badRequest(`authentication via API key not supported: An API key cannot be used to ${action}`);
    }
  }

  private createCrossClusterKey(request: EmulatorRequest, caller: Caller): EmulatorResponse {
    const parsed = parseCreateRequest(this.requireBody(request));
    this.rejectApiKeyCaller(caller, 'create a cross-cluster API key');
    const now = this.clock.now();
    const key = newApiKey({
      name: parsed.name,
      type: 'cross_cluster',
      creation: now,
      expiration: parsed.expirationMs === undefined ? undefined : now + parsed.expirationMs,
      metadata: parsed.metadata,
      access: parsed.access,
      certificateIdentity: parsed.certificateIdentity,
      username: caller.username,
      realm: 'reserved',
    });
    this.cluster.apiKeys.set(key.id, key);
    const body: Record<string, unknown> = { id: key.id, name: key.name };
    if (key.expiration !== undefined) body.expiration = key.expiration;
    body.api_key = key.secret;
    body.encoded = encodeApiKey(key.id, key.secret);
    return ok(body);
  }

  private updateCrossClusterKey(request: EmulatorRequest, caller: Caller, id: string): EmulatorResponse {
    const update = parseUpdateRequest(this.requireBody(request));
    this.rejectApiKeyCaller(caller, 'update a cross-cluster API key');
    const key = this.cluster.apiKeys.get(id);
    if (!key || key.username !== caller.username) {
      throw new EsHttpError(404, 'resource_not_found_exception', `no API key owned by requesting user found for ID [${id}]`);
    }
    if (key.type !== 'cross_cluster') {
      throw badRequest(`cannot update API key of type [${key.type}] while expected type is [cross_cluster]`);
    }
    if (key.invalidated) throw badRequest(`cannot update invalidated API key [${id}]`);
    if (isExpired(key, this.clock.now())) throw badRequest(`cannot update expired API key [${id}]`);
    return ok({ updated: applyUpdate(key, update, this.clock.now()) });
  }

  private getApiKeys(request: EmulatorRequest, caller: Caller): EmulatorResponse {
    const id = request.query.get('id');
    const name = request.query.get('name');
    const activeOnly = truthy(request.query.get('active_only'));
    const username = truthy(request.query.get('owner')) ? caller.username : request.query.get('username');
    const realm = request.query.get('realm_name');
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

  private invalidateApiKeys(request: EmulatorRequest, caller: Caller): EmulatorResponse {
    const body = this.requireBody(request);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw parseError('[1:1] [invalidate_api_key_request] expected an object');
    const fields = body as Record<string, unknown>;
    for (const field of Object.keys(fields)) {
      if (!['id', 'ids', 'name', 'owner', 'realm_name', 'username'].includes(field)) {
        throw parseError(`[1:2] [invalidate_api_key_request] unknown field [${field}]`);
      }
    }
    const ids = fields.ids !== undefined ? fields.ids : fields.id !== undefined ? [fields.id] : undefined;
    if (ids !== undefined && (!Array.isArray(ids) || ids.some((v) => typeof v !== 'string'))) {
      throw parseError('[1:2] [invalidate_api_key_request] ids must be an array of strings');
    }
    const name = typeof fields.name === 'string' ? fields.name : undefined;
    if ((ids === undefined || ids.length === 0) && name === undefined && fields.owner !== true && fields.username === undefined && fields.realm_name === undefined) {
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
      if (typeof fields.username === 'string' && key.username !== fields.username) continue;
      if (fields.owner === true && key.username !== caller.username) continue;
      if (typeof fields.realm_name === 'string' && key.realm !== fields.realm_name) continue;
      if (key.invalidated) previously.push(key.id);
      else {
        key.invalidated = true;
        key.invalidation = now;
        invalidated.push(key.id);
      }
    }
    return ok({ invalidated_api_keys: invalidated, previously_invalidated_api_keys: previously, error_count: 0 });
  }

  private getSettings(request: EmulatorRequest): EmulatorResponse {
    const flat = truthy(request.query.get('flat_settings'));
    const render = (settings: Iterable<[string, SettingValue]>): Record<string, unknown> =>
      flat ? Object.fromEntries(settings) : nestSettings(settings);
    const body: Record<string, unknown> = {
      persistent: render(this.cluster.persistent),
      transient: render(this.cluster.transient),
    };
    if (truthy(request.query.get('include_defaults'))) {
      const defaults = defaultSettings();
      for (const key of effectiveSettings(this.cluster.persistent, this.cluster.transient).keys()) defaults.delete(key);
      body.defaults = render(defaults);
    }
    return ok(body);
  }

  private putSettings(request: EmulatorRequest): EmulatorResponse {
    const body = this.requireBody(request);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw parseError('[1:1] [cluster_update_settings_request] expected an object');
    const fields = body as Record<string, unknown>;
    for (const field of Object.keys(fields)) {
      if (field !== 'persistent' && field !== 'transient') {
        throw parseError(`[1:2] [cluster_update_settings_request] unknown field [${field}]`);
      }
    }
    const persistentChanges = flattenSettings(fields.persistent, 'persistent');
    const transientChanges = flattenSettings(fields.transient, 'transient');
    if (persistentChanges.size === 0 && transientChanges.size === 0) throw validationFailed(['no settings to update']);
    const apply = (scope: SettingsScope, changes: Map<string, unknown>) =>
      applySettingsUpdate(scope === 'persistent' ? this.cluster.persistent : this.cluster.transient, { scope, changes });
    const transientResult = apply('transient', transientChanges);
    const persistentResult = apply('persistent', persistentChanges);
    checkEffectiveSettings(effectiveSettings(persistentResult.next, transientResult.next));
    this.cluster.persistent = persistentResult.next;
    this.cluster.transient = transientResult.next;
    const flat = truthy(request.query.get('flat_settings'));
    const render = (applied: Map<string, SettingValue>) => (flat ? Object.fromEntries(applied) : nestSettings(applied));
    return ok({ acknowledged: true, persistent: render(persistentResult.applied), transient: render(transientResult.applied) });
  }

  private reloadSecureSettings(request: EmulatorRequest, nodeFilter: string | undefined): EmulatorResponse {
    const password = secureSettingsPassword(parseJsonBody(request));
    const nodes = this.cluster.nodes.filter((node) => nodeFilter === undefined || nodeFilter === '_all' || nodeFilter.split(',').some((f) => f === node.id || f === node.name || f === '_local'));
    const selected = nodeFilter === '_local' ? nodes.slice(0, 1) : nodes;
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

/** RestReloadSecureSettingsAction's body: an optional object with `secure_settings_password` only. */
function secureSettingsPassword(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw parseError('[1:1] [reload_secure_settings] expected an object');
  const fields = body as Record<string, unknown>;
  for (const field of Object.keys(fields)) {
    if (field !== 'secure_settings_password') throw parseError(`[1:2] [reload_secure_settings] unknown field [${field}]`);
  }
  const password = fields.secure_settings_password;
  if (password === undefined || password === null) return undefined;
  // declareString reads any scalar as text, and refuses objects and arrays.
  if (typeof password === 'object') throw parseError(`[1:2] [reload_secure_settings] secure_settings_password doesn't support values of type: ${Array.isArray(password) ? 'START_ARRAY' : 'START_OBJECT'}`);
  return String(password);
}
