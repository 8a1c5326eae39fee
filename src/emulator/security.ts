/**
 * The native realm of one emulated cluster: users, roles (with the reserved ones), and privilege
 * checks as `_has_privileges` and action authorization evaluate them. Written from the Elasticsearch
 * security privileges reference: named cluster and index privileges, and which named privilege
 * includes which.
 */
import { EsHttpError, badRequest, parseError, validationFailed } from './es-errors';
import { parseIndexGrant } from './document-security';
import { fieldLocation, isObject, rejectUnknownFields, wildcardRegex } from './es-json';

export interface RoleIndicesPrivileges {
  names: string[];
  privileges: string[];
  field_security?: { grant?: string[]; except?: string[] };
  query?: string;
  allow_restricted_indices: boolean;
}

/** A `remote_indices` entry: index privileges on the remote clusters whose aliases match `clusters` (API-key model). */
export interface RemoteIndicesPrivileges extends RoleIndicesPrivileges {
  clusters: string[];
}

export interface RemoteClusterPrivileges {
  clusters: string[];
  privileges: string[];
}

export interface RoleDescriptor {
  cluster: string[];
  indices: RoleIndicesPrivileges[];
  /** Present only when the role has some (RoleDescriptor.toXContent leaves empty ones out). */
  remote_indices?: RemoteIndicesPrivileges[];
  remote_cluster?: RemoteClusterPrivileges[];
  applications: Record<string, unknown>[];
  run_as: string[];
  metadata: Record<string, unknown>;
  transient_metadata: { enabled: boolean };
  description?: string;
}

export interface NativeUser {
  username: string;
  password: string;
  roles: string[];
  full_name: string | null;
  email: string | null;
  metadata: Record<string, unknown>;
  enabled: boolean;
}

/** Who a request runs as: the realm user, and for an API key the key id. */
export interface Principal {
  username: string;
  roles: string[];
  realm: { name: string; type: string };
  apiKeyId?: string;
  /** An API key's own role descriptors: they limit what the owner's roles grant. */
  keyRoles?: RoleDescriptor[];
}

export const RESERVED_REALM = { name: 'reserved', type: 'reserved' };
export const NATIVE_REALM = { name: 'default_native', type: 'native' };

/** The reserved roles the emulator knows (ReservedRolesStore), as GET _security/role lists them. */
const reservedRoles: Record<string, RoleDescriptor> = {
  superuser: {
    cluster: ['all'],
    indices: [{ names: ['*'], privileges: ['all'], allow_restricted_indices: true }],
    applications: [{ application: '*', privileges: ['*'], resources: ['*'] }],
    run_as: ['*'],
    // ReservedRolesStore: superuser reads every remote cluster of the API-key model too.
    remote_indices: [{ names: ['*'], privileges: ['all'], allow_restricted_indices: false, clusters: ['*'] }],
    metadata: { _reserved: true },
    transient_metadata: { enabled: true },
  },
  viewer: {
    cluster: [],
    indices: [{ names: ['*'], privileges: ['read', 'view_index_metadata'], allow_restricted_indices: false }],
    applications: [],
    run_as: [],
    metadata: { _reserved: true },
    transient_metadata: { enabled: true },
  },
};

/** Named privileges and the named privileges each one includes (besides itself). */
const clusterPrivileges: Record<string, string[]> = {
  all: ['*'],
  none: [],
  monitor: ['monitor_enrich'],
  manage: ['monitor', 'monitor_enrich', 'manage_ccr', 'read_ccr', 'manage_enrich', 'manage_ilm', 'manage_index_templates', 'manage_pipeline', 'manage_ingest_pipelines'],
  manage_security: ['manage_api_key', 'manage_own_api_key', 'read_security', 'manage_service_account', 'manage_user_profile'],
  manage_api_key: ['manage_own_api_key'],
  manage_own_api_key: [],
  read_security: [],
  manage_ccr: ['read_ccr'],
  read_ccr: [],
  cross_cluster_search: [],
  cross_cluster_replication: [],
  monitor_enrich: [],
  manage_enrich: [],
  manage_ilm: [],
  manage_index_templates: [],
  manage_pipeline: [],
  manage_ingest_pipelines: [],
  manage_service_account: [],
  manage_user_profile: [],
};

const indexPrivileges: Record<string, string[]> = {
  all: ['*'],
  none: [],
  read: [],
  read_cross_cluster: [],
  view_index_metadata: [],
  monitor: [],
  write: ['index', 'create', 'create_doc', 'delete'],
  index: ['create', 'create_doc'],
  create: ['create_doc'],
  create_doc: [],
  delete: [],
  manage: ['monitor', 'view_index_metadata', 'create_index', 'delete_index', 'manage_follow_index', 'manage_leader_index', 'maintenance'],
  create_index: [],
  delete_index: [],
  maintenance: [],
  auto_configure: [],
  manage_follow_index: [],
  manage_leader_index: [],
  cross_cluster_replication: [],
  cross_cluster_replication_internal: [],
};

function includes(table: Record<string, string[]>, granted: readonly string[], wanted: string): boolean {
  return granted.some((name) => name === wanted || (table[name] ?? []).some((p) => p === '*' || p === wanted));
}

const remoteClusterPrivilegeNames = ['monitor_enrich', 'monitor_stats'];

/** `remote_cluster`: the only cluster privileges a role may hold on remote clusters (RemoteClusterPermissions). */
function parseRemoteCluster(value: unknown, owner: Record<string, unknown>, roleName: string): RemoteClusterPrivileges[] {
  const fail = (why: string) => badRequest(`failed to parse remote_cluster for role [${roleName}]. ${why}`);
  if (!Array.isArray(value)) throw fail('expected field [remote_cluster] value to be an array');
  return value.map((entry) => {
    if (!isObject(entry)) throw fail('expected field [remote_cluster] value to be an array of objects');
    rejectUnknownFields(entry, 'remote_cluster', ['clusters', 'privileges']);
    if (entry.privileges === undefined) throw fail('[privileges] must be defined when [clusters] are defined');
    if (entry.clusters === undefined) throw fail('[clusters] must be defined when [privileges] are defined');
    const privileges = stringArray(entry.privileges, 'remote_cluster', entry, 'privileges');
    const clusters = stringArray(entry.clusters, 'remote_cluster', entry, 'clusters');
    const unknown = privileges.filter((p) => !remoteClusterPrivilegeNames.includes(p));
    if (unknown.length > 0) throw fail(`[${remoteClusterPrivilegeNames.join(', ')}] are the only values allowed for [privileges] within [remote_cluster]. Found [${unknown.join(', ')}]`);
    return { clusters, privileges };
  });
}

function stringArray(value: unknown, parser: string, owner: object, field: string): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
    throw parseError(`${fieldLocation(owner, field)} [${parser}] failed to parse field [${field}]: expected a string or an array of strings`);
  }
  return list as string[];
}

/** Whether every index the requested pattern names is also named by the granted pattern. */
function covers(granted: string, requested: string): boolean {
  if (!requested.includes('*')) return wildcardRegex(granted).test(requested);
  if (granted === requested || granted === '*') return true;
  // A trailing-wildcard grant covers any request that starts with its fixed prefix.
  const grantedPrefix = granted.endsWith('*') && !granted.slice(0, -1).includes('*') ? granted.slice(0, -1) : undefined;
  return grantedPrefix !== undefined && requested.startsWith(grantedPrefix);
}

/** Indices whose names start with `.security` are restricted, granted only with allow_restricted_indices. */
const isRestricted = (name: string): boolean => name.startsWith('.security');

/** Whether an entry's `names` (with its allow_restricted_indices) cover the concrete index. */
export function namesCover(entry: { names: string[]; allow_restricted_indices: boolean }, index: string): boolean {
  return (!isRestricted(index) || entry.allow_restricted_indices) && entry.names.some((granted) => covers(granted, index));
}

/** Whether a role's privilege names include `privilege` (index privileges). */
export const indexPrivilegeIncludes = (granted: readonly string[], privilege: string): boolean => includes(indexPrivileges, granted, privilege);

/** Who is denied, as AuthorizationDenialMessages describes an authenticated subject. */
export function subjectDescription(principal: Principal, rolesWord: 'effective' | 'assigned' = 'effective'): string {
  if (principal.apiKeyId) return `API key id [${principal.apiKeyId}] of user [${principal.username}]`;
  return `user [${principal.username}] with ${rolesWord} roles [${principal.roles.join(',')}]`;
}

/** The index privileges that grant an index action, as Elasticsearch lists them in denials. */
export const INDEX_ACTION_PRIVILEGES: Record<string, string[]> = {
  'indices:data/read/search': ['read', 'all'],
  'indices:data/read/get': ['read', 'all'],
  'indices:data/write/index': ['create', 'index', 'write', 'all'],
  'indices:data/write/index[op_type/create]': ['create_doc', 'create', 'index', 'write', 'all'],
  'indices:admin/create': ['create_index', 'manage', 'all'],
  'indices:admin/auto_create': ['auto_configure', 'create_index', 'manage', 'all'],
  'indices:admin/delete': ['delete_index', 'manage', 'all'],
  'indices:admin/get': ['view_index_metadata', 'manage', 'all'],
  'indices:admin/refresh': ['maintenance', 'manage', 'all'],
  'indices:admin/xpack/ccr/put_follow': ['manage_follow_index', 'manage', 'all'],
  'indices:admin/xpack/ccr/unfollow': ['manage_follow_index', 'manage', 'all'],
  'indices:internal/admin/ccr/restore/session/put': ['cross_cluster_replication_internal', 'all'],
};

/** security_exception (403) for an index action on indices the subject may not use. */
export function indexActionDenied(principal: Principal, action: string, indices: readonly string[]): EsHttpError {
  // The create variant is the same transport action; only the privileges granting it differ.
  const name = action.replace('[op_type/create]', '');
  const privileges = INDEX_ACTION_PRIVILEGES[action] ?? ['all'];
  return new EsHttpError(403, 'security_exception',
    `action [${name}] is unauthorized for ${subjectDescription(principal)} on indices [${indices.join(',')}], this action is granted by the index privileges [${privileges.join(',')}]`);
}

/** A user as the security APIs show it (without its password). */
export type UserView = Omit<NativeUser, 'password'>;

/** The built-in superuser's credentials: it lives in the reserved realm, not among the native users. */
export interface ReservedUser {
  username: string;
  password: string;
}

export class NativeRealm {
  readonly users = new Map<string, NativeUser>();
  readonly roles = new Map<string, RoleDescriptor>();

  /** The reserved user as the user APIs show it (`_reserved` metadata, superuser). */
  private readonly reservedView: UserView;

  constructor(private readonly reserved: ReservedUser) {
    this.reservedView = { username: reserved.username, roles: ['superuser'], full_name: null, email: null, metadata: { _reserved: true }, enabled: true };
  }

  /** Reserved users cannot be created, changed or deleted through the user APIs. */
  isReservedUser(username: string): boolean {
    return username === this.reserved.username;
  }

  /** Who a username and password authenticate as (the reserved realm first, as in Elasticsearch's realm chain); undefined when nobody. */
  authenticate(username: string, password: string): Principal | undefined {
    if (this.isReservedUser(username)) {
      return password === this.reserved.password ? { username, roles: this.reservedView.roles, realm: RESERVED_REALM } : undefined;
    }
    const user = this.users.get(username);
    if (user && user.enabled && user.password.length > 0 && user.password === password) return { username, roles: user.roles, realm: NATIVE_REALM };
    return undefined;
  }

  /** A user by name, the reserved one included. */
  user(username: string): UserView | undefined {
    return this.isReservedUser(username) ? this.reservedView : this.users.get(username);
  }

  /** Every user as GET _security/user lists them: the reserved one first. */
  allUsers(): UserView[] {
    return [this.reservedView, ...this.users.values()];
  }

  /** The roles a user holds now (an API key's owner); none once the user is gone. */
  rolesOf(username: string): string[] {
    return this.user(username)?.roles ?? [];
  }

  role(name: string): RoleDescriptor | undefined {
    return reservedRoles[name] ?? this.roles.get(name);
  }

  allRoles(): [string, RoleDescriptor][] {
    return [...Object.entries(reservedRoles), ...this.roles.entries()];
  }

  isReservedRole(name: string): boolean {
    return name in reservedRoles;
  }

  /** Roles of the caller that exist (unknown role names grant nothing, as in Elasticsearch). */
  private descriptors(principal: Principal): RoleDescriptor[] {
    return principal.roles.map((name) => this.role(name)).filter((r): r is RoleDescriptor => r !== undefined);
  }

  /** What the owner's roles grant, and the key's own descriptors too when there are any. */
  private grants(principal: Principal, granted: (role: RoleDescriptor) => boolean): boolean {
    const byKey = principal.keyRoles === undefined || principal.keyRoles.length === 0 || principal.keyRoles.some(granted);
    return byKey && this.descriptors(principal).some(granted);
  }

  hasClusterPrivilege(principal: Principal, privilege: string): boolean {
    return this.grants(principal, (role) => includes(clusterPrivileges, role.cluster, privilege));
  }

  /** What each layer of privileges holds: the owner's roles, then a REST key's own descriptors when it has some. */
  private layers<T>(principal: Principal, pick: (role: RoleDescriptor) => T[]): T[][] {
    const layers = [this.descriptors(principal).flatMap(pick)];
    if (principal.keyRoles !== undefined && principal.keyRoles.length > 0) layers.push(principal.keyRoles.flatMap(pick));
    return layers;
  }

  /** Per layer, the entries granting `privilege` on `index`; an empty layer means the index is denied. */
  indexGrantLayers(principal: Principal, index: string, privilege: string): RoleIndicesPrivileges[][] {
    return this.layers(principal, (role) => role.indices.filter((entry) => namesCover(entry, index) && includes(indexPrivileges, entry.privileges, privilege)));
  }

  /** Per layer, the `remote_indices` entries whose `clusters` match the alias. */
  remoteIndexEntries(principal: Principal, alias: string): RemoteIndicesPrivileges[][] {
    return this.layers(principal, (role) => (role.remote_indices ?? []).filter((entry) => entry.clusters.some((pattern) => covers(pattern, alias))));
  }

  hasIndexPrivilege(principal: Principal, index: string, privilege: string): boolean {
    return this.indexGrantLayers(principal, index, privilege).every((layer) => layer.length > 0);
  }

  /** PutRoleRequest parsing and validation (RoleDescriptor.parse). */
  /** `name` is given for a role to store (its name is checked); an API key's descriptors have free names. */
  parseRole(body: unknown, name?: string): RoleDescriptor {
    if (!isObject(body)) throw parseError(`[1:1] [role_descriptor] expected an object`);
    rejectUnknownFields(body, 'role_descriptor', ['cluster', 'indices', 'applications', 'run_as', 'metadata', 'description', 'global', 'remote_indices', 'remote_cluster', 'transient_metadata']);
    const cluster = body.cluster === undefined ? [] : stringArray(body.cluster, 'role_descriptor', body, 'cluster');
    const problems: string[] = [];
    if (name?.startsWith('_')) problems.push(`role name [${name}] is invalid: names may not start with [_]`);
    if (name !== undefined && this.isReservedRole(name)) problems.push(`Role [${name}] is reserved and may not be used.`);
    for (const privilege of cluster) {
      if (!(privilege in clusterPrivileges)) {
        throw badRequest(`unknown cluster privilege [${privilege}]. a privilege must be either one of the predefined cluster privilege names [${Object.keys(clusterPrivileges).sort().join(',')}] or a pattern over one of the available cluster actions`);
      }
    }
    const roleName = name ?? 'role';
    const indices = body.indices === undefined ? [] : this.parseIndices(body.indices, body, 'indices', roleName);
    const remoteIndices = body.remote_indices === undefined ? [] : this.parseRemoteIndices(body.remote_indices, body, roleName);
    const remoteCluster = body.remote_cluster === undefined ? [] : parseRemoteCluster(body.remote_cluster, body, roleName);
    const metadata = body.metadata === undefined || body.metadata === null ? {} : body.metadata;
    if (!isObject(metadata)) throw parseError(`${fieldLocation(body, 'metadata')} [role_descriptor] metadata expected an object`);
    if (Object.keys(metadata).some((key) => key.startsWith('_'))) problems.push('role descriptor metadata keys may not start with [_]');
    if (problems.length > 0) throw validationFailed(problems);
    const role: RoleDescriptor = {
      cluster,
      indices,
      applications: Array.isArray(body.applications) ? body.applications.filter(isObject) : [],
      run_as: body.run_as === undefined ? [] : stringArray(body.run_as, 'role_descriptor', body, 'run_as'),
      metadata,
      transient_metadata: { enabled: true },
    };
    if (typeof body.description === 'string') role.description = body.description;
    if (remoteIndices.length > 0) role.remote_indices = remoteIndices;
    if (remoteCluster.length > 0) role.remote_cluster = remoteCluster;
    return role;
  }

  /** `remote_indices`: index privileges with the aliases (`clusters`) they apply to (API-key model). */
  private parseRemoteIndices(value: unknown, owner: Record<string, unknown>, roleName: string): RemoteIndicesPrivileges[] {
    if (!Array.isArray(value)) throw parseError(`${fieldLocation(owner, 'remote_indices')} [role_descriptor] remote_indices expected an array of objects`);
    return value.map((entry) => {
      if (!isObject(entry)) throw parseError(`${fieldLocation(owner, 'remote_indices')} [role_descriptor] remote_indices expected an array of objects`);
      const { clusters, ...local } = entry;
      if (clusters === undefined) throw badRequest(`failed to parse remote indices privileges for role [${roleName}]. missing required [clusters] field`);
      const aliases = stringArray(clusters, 'remote_indices', entry, 'clusters');
      if (aliases.length === 0 || aliases.some((a) => a.length === 0)) throw badRequest(`failed to parse remote indices privileges for role [${roleName}]. [clusters] must not be empty`);
      const [parsed] = this.parseIndices([local], { remote_indices: [local] }, 'remote_indices', roleName);
      return { ...parsed, clusters: aliases };
    });
  }

  private parseIndices(value: unknown, owner: Record<string, unknown>, section: 'indices' | 'remote_indices', roleName: string): RoleIndicesPrivileges[] {
    if (!Array.isArray(value)) throw parseError(`${fieldLocation(owner, section)} [role_descriptor] ${section} expected an array of objects`);
    const what = section === 'indices' ? 'indices' : 'remote indices';
    return value.map((entry) => {
      if (!isObject(entry)) throw parseError(`${fieldLocation(owner, section)} [role_descriptor] ${section} expected an array of objects`);
      rejectUnknownFields(entry, section, ['names', 'privileges', 'field_security', 'query', 'allow_restricted_indices']);
      if (entry.names === undefined) throw badRequest(`failed to parse ${what} privileges for role [${roleName}]. missing required [names] field`);
      if (entry.privileges === undefined) throw badRequest(`failed to parse ${what} privileges for role [${roleName}]. missing required [privileges] field`);
      const names = stringArray(entry.names, 'indices', entry, 'names');
      const privileges = stringArray(entry.privileges, 'indices', entry, 'privileges');
      for (const privilege of privileges) {
        if (!(privilege in indexPrivileges)) {
          throw badRequest(`unknown index privilege [${privilege}]. a privilege must be either one of the predefined fixed indices privileges [${Object.keys(indexPrivileges).sort().join(',')}] or a pattern over one of the available index actions`);
        }
      }
      return { names, privileges, ...parseIndexGrant(entry, roleName), allow_restricted_indices: entry.allow_restricted_indices === true };
    });
  }

  /** PutUserRequest parsing and validation; `existing` keeps its password when none is given. */
  parseUser(username: string, body: unknown, existing: NativeUser | undefined): NativeUser {
    if (!isObject(body)) throw parseError('[1:1] [put_user_request] expected an object');
    rejectUnknownFields(body, 'put_user_request', ['password', 'password_hash', 'roles', 'full_name', 'email', 'metadata', 'enabled']);
    const problems: string[] = [];
    if (this.isReservedUser(username)) problems.push(`Username [${username}] is reserved and may not be used.`);
    else if (username.length === 0 || username.length > 507 || username !== username.trim() || !/^[\x20-\x7e]+$/.test(username)) {
      problems.push(`Invalid username [${username}]... Valid usernames must be at least 1 and no more than 507 characters. They can contain alphanumeric characters (a-z, A-Z, 0-9), spaces, punctuation, and printable symbols in the Basic Latin (ASCII) block. Leading or trailing whitespace is not allowed.`);
    }
    if (body.password !== undefined && typeof body.password !== 'string') throw parseError(`${fieldLocation(body, 'password')} [put_user_request] password expected a string`);
    const password = body.password as string | undefined;
    if (password !== undefined && password.length < 6) problems.push('passwords must be at least [6] characters long');
    if (password === undefined && body.password_hash === undefined && existing === undefined) problems.push('password must be specified unless you are updating an existing user');
    if (body.roles === undefined || body.roles === null) problems.push('roles are missing');
    if (problems.length > 0) throw validationFailed(problems);
    const metadata = body.metadata === undefined || body.metadata === null ? {} : body.metadata;
    if (!isObject(metadata)) throw parseError(`${fieldLocation(body, 'metadata')} [put_user_request] metadata expected an object`);
    if (Object.keys(metadata).some((key) => key.startsWith('_'))) throw validationFailed(['metadata keys may not start with [_]']);
    const text = (field: string): string | null => {
      const value = body[field];
      if (value === undefined || value === null) return null;
      if (typeof value !== 'string') throw parseError(`${fieldLocation(body, field)} [put_user_request] ${field} expected a string`);
      return value;
    };
    if (body.enabled !== undefined && typeof body.enabled !== 'boolean') throw parseError(`${fieldLocation(body, 'enabled')} [put_user_request] enabled expected a boolean`);
    return {
      username,
      // A password_hash stands for a password the emulator cannot recover; only a given password authenticates.
      password: password ?? existing?.password ?? '',
      roles: stringArray(body.roles, 'put_user_request', body, 'roles'),
      full_name: text('full_name'),
      email: text('email'),
      metadata,
      enabled: body.enabled === undefined ? true : body.enabled === true,
    };
  }
}

/** A user as GET _security/user renders it. */
export function userInfo(user: UserView): Record<string, unknown> {
  return { username: user.username, roles: user.roles, full_name: user.full_name, email: user.email, metadata: user.metadata, enabled: user.enabled };
}
