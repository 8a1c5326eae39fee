/**
 * RemoteAccessRole: a role on the LOCAL cluster granting `remote_indices` / `remote_cluster` privileges
 * through remote cluster aliases (the "Configure roles and users" step of every procedure). On the
 * API-key model a user's search through an alias sees what both this role and the alias's cross-cluster
 * key allow, so a plan warns when a grant and the key share no index (see overlap.ts), and an apply
 * says so again once the alias is connected.
 *
 * The resource owns its role, the whole role: `PUT /_security/role/{name}` replaces it, and delete removes
 * that role only. Local privileges (`cluster_privileges`, `indices`) are optional: cross-cluster search needs none on the
 * local cluster, replication needs `manage_ccr` and privileges on the follower indices.
 */
import { changedAttributes } from '../../plan/change-set';
import type { RoleDescriptor, RoleRemoteIndicesPrivileges, RoleIndicesPrivileges, RemoteInfo } from '../../elasticsearch/client';
import type { EngineContext } from '../context';
import type { ResourceDefinition } from '../definition';
import { diffRemoteAccessRole, resourceType } from './diff';
import { connectedMismatches, overlapWarnings } from './overlap';
import {
  planningOnlyFields,
  remoteAccessRoleInput,
  remoteAccessRoleOutput,
  type LocalIndicesGrant,
  type RemoteAccessRoleInput,
  type RemoteAccessRoleState,
  type RemoteIndicesGrant,
} from './schema';

export { diffRemoteAccessRole } from './diff';
export { overlapWarnings, patternsOverlap } from './overlap';
export type { RemoteAccessRoleInput, RemoteAccessRoleState } from './schema';

function toApiIndexGrant(grant: LocalIndicesGrant): RoleIndicesPrivileges {
  return {
    names: grant.names,
    privileges: grant.privileges,
    ...(grant.field_security ? { field_security: grant.field_security } : {}),
    ...(grant.query !== undefined ? { query: grant.query } : {}),
    ...(grant.allow_restricted_indices !== undefined ? { allow_restricted_indices: grant.allow_restricted_indices } : {}),
  };
}

/** The whole role as Elasticsearch stores it; what the input leaves out is empty, so a PUT clears it. */
function toApiRole(input: RemoteAccessRoleInput): RoleDescriptor {
  return {
    cluster: input.cluster_privileges ?? [],
    indices: (input.indices ?? []).map(toApiIndexGrant),
    remote_indices: (input.remote_indices ?? []).map((g): RoleRemoteIndicesPrivileges => ({ clusters: g.clusters, ...toApiIndexGrant(g) })),
    remote_cluster: (input.remote_cluster ?? []).map((g) => ({ clusters: g.clusters, privileges: g.privileges })),
    ...(input.description !== undefined ? { description: input.description } : {}),
    metadata: input.metadata ?? {},
  };
}

const asList = (value: string[] | string): string[] => (Array.isArray(value) ? value : [value]);

function indexGrantFromApi(entry: RoleIndicesPrivileges): LocalIndicesGrant {
  const fs = entry.field_security;
  return {
    names: asList(entry.names),
    privileges: entry.privileges,
    ...(fs && (fs.grant || fs.except) ? { field_security: { ...(fs.grant ? { grant: fs.grant } : {}), ...(fs.except ? { except: fs.except } : {}) } } : {}),
    ...(entry.query !== undefined ? { query: typeof entry.query === 'string' ? entry.query : JSON.stringify(entry.query) } : {}),
    ...(entry.allow_restricted_indices ? { allow_restricted_indices: true } : {}),
  };
}

/** A list Elasticsearch answers (always, maybe empty) is kept when it has entries or the configuration gave it. */
function kept<T>(name: string, values: T[] | undefined, known: boolean): Record<string, T[]> {
  return (values?.length ?? 0) > 0 || known ? { [name]: values ?? [] } : {};
}

/** State from Elasticsearch's view of the role; the planning-only input comes from `known`. */
function stateFromApi(name: string, role: RoleDescriptor, known: Partial<RemoteAccessRoleState>): RemoteAccessRoleState {
  // Keys beginning with an underscore are Elasticsearch's own (`_reserved`), never the user's.
  const metadata = Object.entries(role.metadata ?? {})
    .filter(([k]) => !k.startsWith('_'))
    .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)] as const);
  const remoteIndices = (role.remote_indices ?? []).map((e): RemoteIndicesGrant => ({ clusters: asList(e.clusters), ...indexGrantFromApi(e) }));
  const remoteCluster = (role.remote_cluster ?? []).map((e) => ({ clusters: asList(e.clusters), privileges: e.privileges }));
  return {
    id: name,
    name,
    ...(role.description ? { description: role.description } : {}),
    ...kept('remote_indices', remoteIndices, known.remote_indices !== undefined),
    ...kept('remote_cluster', remoteCluster, known.remote_cluster !== undefined),
    ...kept('cluster_privileges', role.cluster, known.cluster_privileges !== undefined),
    ...kept('indices', (role.indices ?? []).map(indexGrantFromApi), known.indices !== undefined),
    ...(metadata.length > 0 ? { metadata: Object.fromEntries(metadata) } : {}),
    ...(known.expected_remote_access !== undefined ? { expected_remote_access: known.expected_remote_access } : {}),
  };
}

/**
 * After an apply: for each alias the configuration connects that `_remote/info` shows connected, the
 * grants a search through it would find refused or empty. Aliases not connected yet are said to be so.
 */
async function diagnoseAfterApply(ctx: EngineContext, desired: RemoteAccessRoleInput): Promise<void> {
  if (!desired.expected_remote_access?.length) return;
  let info: Record<string, RemoteInfo>;
  try {
    info = await ctx.elasticsearch().remoteInfo();
  } catch (err) {
    ctx.log.info(`${resourceType} "${desired.name}": could not read _remote/info to check the grants against the connected keys (${(err as Error).message})`, { resource: resourceType });
    return;
  }
  const connected = Object.entries(info).filter(([, i]) => i.connected).map(([alias]) => alias);
  for (const message of connectedMismatches(desired, connected)) ctx.log.warn(message, { resource: resourceType, role: desired.name });
}

async function putRole(ctx: EngineContext, desired: RemoteAccessRoleInput): Promise<RemoteAccessRoleState> {
  await ctx.elasticsearch().putRole(desired.name, toApiRole(desired));
  await diagnoseAfterApply(ctx, desired);
  // One read for Elasticsearch's normalised view (single names as lists, queries as text). The role is
  // written whatever this read does: on failure the request's view is recorded, and the next read corrects it.
  const role = await ctx.elasticsearch().getRole(desired.name).catch((err: unknown) => {
    ctx.log.info(`${resourceType} "${desired.name}": wrote the role but could not read it back (${(err as Error).message})`, { resource: resourceType });
    return undefined;
  });
  return role ? stateFromApi(desired.name, role, desired) : { id: desired.name, ...desired };
}

async function createRole(ctx: EngineContext, desired: RemoteAccessRoleInput): Promise<RemoteAccessRoleState> {
  // PUT would silently take over a role someone else made: a create must find the name free.
  if (await ctx.elasticsearch().getRole(desired.name)) {
    throw new Error(`${resourceType} "${desired.name}": name: a role of that name already exists on the local cluster; import it (import id: the role name) or choose another name`);
  }
  const state = await putRole(ctx, desired);
  ctx.log.info(`${resourceType} "${desired.name}": created role`, { resource: resourceType });
  return state;
}

async function readRole(ctx: EngineContext, prior: RemoteAccessRoleState): Promise<RemoteAccessRoleState | undefined> {
  const role = await ctx.elasticsearch().getRole(prior.name, { shared: true });
  if (!role) {
    ctx.log.info(`${resourceType} "${prior.name}": role is gone (deleted out of band)`, { resource: resourceType });
    return undefined;
  }
  return stateFromApi(prior.name, role, prior);
}

function onlyPlanningChanges(prior: RemoteAccessRoleState, desired: RemoteAccessRoleInput): boolean {
  return changedAttributes(diffRemoteAccessRole(prior, desired)).every((name) => (planningOnlyFields as readonly string[]).includes(name));
}

async function updateRole(ctx: EngineContext, prior: RemoteAccessRoleState, desired: RemoteAccessRoleInput): Promise<RemoteAccessRoleState> {
  if (onlyPlanningChanges(prior, desired)) {
    await diagnoseAfterApply(ctx, desired);
    return { ...prior, ...desired, id: prior.id };
  }
  const state = await putRole(ctx, desired);
  ctx.log.info(`${resourceType} "${desired.name}": updated role`, { resource: resourceType });
  return state;
}

async function deleteRole(ctx: EngineContext, prior: RemoteAccessRoleState): Promise<void> {
  const found = await ctx.elasticsearch().deleteRole(prior.name);
  ctx.log.info(`${resourceType} "${prior.name}": ${found ? 'deleted role' : 'role was already gone'}`, { resource: resourceType });
}

async function importRole(ctx: EngineContext, id: string): Promise<RemoteAccessRoleState> {
  const name = id.trim();
  const checked = remoteAccessRoleInput.shape.name.safeParse(name);
  if (!checked.success) throw new Error(`${resourceType}: import id: ${checked.error.issues[0].message}; accepted: <role name>, e.g. eu-logs-reader`);
  const role = await ctx.elasticsearch().getRole(name);
  if (!role) throw new Error(`${resourceType}: import id: no role named ${name} on the local cluster`);
  if (role.metadata?._reserved === true) throw new Error(`${resourceType}: import id: ${name} is a built-in (reserved) role; it cannot be managed`);
  return stateFromApi(name, role, {});
}

export const remoteAccessRole: ResourceDefinition<RemoteAccessRoleInput, RemoteAccessRoleState> = {
  type: resourceType,
  tfName: 'remote_access_role',
  description:
    'A role on the local cluster (PUT /_security/role/{name}) with remote_indices and remote_cluster grants: what its users may search or replicate through remote cluster aliases, within what each alias\'s cross-cluster API key allows. With expected_remote_access (the aliases and key access the configuration connects), plans warn about grants that cannot work. Grants, description and metadata update in place; the name replaces the role. Import by role name.',
  input: remoteAccessRoleInput,
  output: remoteAccessRoleOutput,
  importIdFormat: '<role name>',
  target: 'elasticsearch',
  // A role is its name: a rename may make the new role first, a replacement keeping the name deletes first.
  uniqueBy: ['name'],
  displayName: (input) => input.name,
  diff: diffRemoteAccessRole,
  planWarnings: (_prior, desired, facts) => overlapWarnings(desired, facts.unknownPaths),
  create: createRole,
  read: readRole,
  update: updateRole,
  delete: deleteRole,
  import: importRole,
};
