/**
 * RemoteAccessRole inputs and outputs: a role on the LOCAL cluster whose `remote_indices` and
 * `remote_cluster` grants let its users search or replicate through a remote cluster's alias (API-key
 * model: the role restricts further what the cross-cluster key allows). Privilege names are the documented
 * sets of the role contract (security._types.IndexPrivilege, ClusterPrivilege, RemoteClusterPrivilege).
 */
import { z } from 'zod';
import {
  access as keyAccess,
  allowRestrictedIndices,
  fieldSecurity,
  indexPattern,
  metadata as keyMetadata,
  queryText,
  unknownAttributes,
} from '../cross-cluster-api-key/schema';
import { aliasProblem } from '../remote-cluster-connection/rules';
import type { ResourceState } from '../definition';

export const indexPrivileges = [
  'all', 'auto_configure', 'create', 'create_doc', 'create_index', 'cross_cluster_replication', 'cross_cluster_replication_internal', 'delete',
  'delete_index', 'index', 'maintenance', 'manage', 'manage_data_stream_lifecycle', 'manage_follow_index', 'manage_ilm', 'manage_leader_index',
  'monitor', 'none', 'read', 'read_cross_cluster', 'view_index_metadata', 'write',
] as const;

export const clusterPrivileges = [
  'all', 'cancel_task', 'create_snapshot', 'cross_cluster_replication', 'cross_cluster_search', 'delegate_pki', 'grant_api_key', 'manage',
  'manage_api_key', 'manage_autoscaling', 'manage_behavioral_analytics', 'manage_ccr', 'manage_data_frame_transforms',
  'manage_data_stream_global_retention', 'manage_enrich', 'manage_esql', 'manage_ilm', 'manage_index_templates', 'manage_inference',
  'manage_ingest_pipelines', 'manage_logstash_pipelines', 'manage_ml', 'manage_oidc', 'manage_own_api_key', 'manage_pipeline', 'manage_rollup',
  'manage_saml', 'manage_search_application', 'manage_search_query_rules', 'manage_search_synonyms', 'manage_security', 'manage_service_account',
  'manage_slm', 'manage_token', 'manage_transform', 'manage_user_profile', 'manage_watcher', 'monitor', 'monitor_data_frame_transforms',
  'monitor_data_stream_global_retention', 'monitor_enrich', 'monitor_esql', 'monitor_inference', 'monitor_ml', 'monitor_rollup',
  'monitor_snapshot', 'monitor_stats', 'monitor_text_structure', 'monitor_transform', 'monitor_watcher', 'none',
  'post_behavioral_analytics_event', 'read_ccr', 'read_fleet_secrets', 'read_ilm', 'read_pipeline', 'read_security', 'read_slm',
  'transport_client', 'write_connector_secrets', 'write_fleet_secrets',
] as const;

/** The only cluster privileges a role may hold on a remote cluster. */
export const remoteClusterPrivileges = ['monitor_enrich', 'monitor_stats'] as const;

function privilegeList<T extends readonly string[]>(accepted: T, kind: string, description: string) {
  return z
    .array(z.string())
    .min(1, { error: `at least one ${kind} privilege is required (e.g. ${accepted.includes('read' as T[number]) ? 'read' : accepted[0]})` })
    .superRefine((privileges, ctx) => {
      privileges.forEach((privilege, i) => {
        if (!(accepted as readonly string[]).includes(privilege)) {
          ctx.addIssue({ code: 'custom', path: [i], message: `unknown ${kind} privilege ${JSON.stringify(privilege)}; accepted: ${accepted.join(', ')}` });
        }
      });
    })
    .meta({ description });
}

/** A remote cluster alias, or a wildcard pattern over aliases (`*`, `eu-*`) as `clusters` accepts. */
const aliasOrPattern = z.string().superRefine((alias, ctx) => {
  if (alias === '*') return;
  const problem = aliasProblem(alias.replaceAll('*', 'x'));
  if (problem) ctx.addIssue({ code: 'custom', message: `${problem}, or a wildcard pattern such as eu-* or *` });
});

const clusters = z
  .array(aliasOrPattern)
  .min(1, { error: 'at least one remote cluster alias is required (e.g. ["eu-logs"], or ["*"] for every alias)' })
  .meta({ description: 'Remote cluster aliases (or wildcard patterns over aliases) the grant applies to: the alias of a RemoteClusterConnection.' });

const names = z
  .array(indexPattern)
  .min(1, { error: 'at least one index name or pattern is required (e.g. ["logs-*"])' })
  .meta({ description: 'Index names or patterns (wildcards, or /regular expressions/) on the remote cluster.' });

const indexGrantShape = {
  names,
  privileges: privilegeList(indexPrivileges, 'index', 'Index privileges granted on those indices (e.g. read, read_cross_cluster, view_index_metadata; cross_cluster_replication and cross_cluster_replication_internal for replication).'),
  field_security: fieldSecurity.optional().meta({ description: 'Field level security: which fields are visible.' }),
  query: queryText.optional(),
  allow_restricted_indices: allowRestrictedIndices,
};

const remoteIndicesGrant = z.strictObject(
  { clusters, ...indexGrantShape },
  unknownAttributes('clusters, names, privileges, field_security, query, allow_restricted_indices'),
);

const localIndicesGrant = z.strictObject(
  {
    ...indexGrantShape,
    names: names.meta({ description: 'Index names or patterns (wildcards, or /regular expressions/) on the local cluster.' }),
  },
  unknownAttributes('names, privileges, field_security, query, allow_restricted_indices'),
);

const remoteClusterGrant = z.strictObject(
  {
    clusters,
    privileges: privilegeList(remoteClusterPrivileges, 'remote cluster', 'Cluster privileges on the remote cluster: monitor_enrich (ES|QL and enrich across clusters) and/or monitor_stats.'),
  },
  unknownAttributes('clusters, privileges'),
);

/** Elasticsearch's role name rules (Validation.Roles.validateRoleName): 1 to 507 characters, no leading underscore. */
const roleName = z
  .string()
  .min(1, { error: 'a role name is required' })
  .max(507, { error: 'accepted: at most 507 characters' })
  .refine((name) => name === name.trim(), { error: 'must not begin or end with whitespace' })
  .refine((name) => !name.startsWith('_'), { error: 'must not begin with an underscore (reserved by Elasticsearch)' })
  .meta({ description: 'Name of the role on the local cluster (what users\' roles list). Changing it replaces the role.', forceReplace: true });

const expectedRemoteAccess = z.strictObject(
  {
    alias: z.string().superRefine((alias, ctx) => {
      const problem = aliasProblem(alias);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }).meta({ description: 'The alias the configuration connects (e.g. the alias of a RemoteClusterConnection).' }),
    access: keyAccess.meta({ description: 'The access of the cross-cluster API key that alias connects with (the access of a CrossClusterApiKey).' }),
  },
  unknownAttributes('alias, access'),
);

export const remoteAccessRoleInput = z
  .strictObject(
    {
      name: roleName,
      description: z.string().max(1000, { error: 'accepted: at most 1000 characters' }).optional().meta({ description: 'What the role is for (Elasticsearch 8.15+). Updated in place.' }),
      remote_indices: z.array(remoteIndicesGrant).optional().meta({ description: 'Index privileges on remote clusters, each for the given aliases and index patterns (cross-cluster search and replication). Updated in place.' }),
      remote_cluster: z.array(remoteClusterGrant).optional().meta({ description: 'Cluster privileges on remote clusters (monitor_enrich, monitor_stats). Updated in place.' }),
      cluster_privileges: privilegeList(clusterPrivileges, 'cluster', 'Local cluster privileges (the role\'s cluster field). Cross-cluster search needs none; cross-cluster replication needs manage_ccr on the local cluster. Updated in place.').optional(),
      indices: z.array(localIndicesGrant).optional().meta({ description: 'Local index privileges. Cross-cluster search needs none; replication needs monitor, read, write and manage_follow_index on the follower indices. On the certificate model, the role of the same name on the remote cluster holds the index privileges here (the remote resolves the user\'s role names). Updated in place.' }),
      metadata: keyMetadata.optional().meta({ description: 'String metadata stored with the role. Updated in place.' }),
      expected_remote_access: z.array(expectedRemoteAccess).optional().meta({
        description:
          'What the configuration connects, so plans can tell when a grant cannot work: for each alias, the access of its cross-cluster API key (fill by reference: alias = the connection\'s alias, access = the key\'s access). A grant naming indices the key does not allow, or aliases not listed here, warns at plan. Changing it changes nothing in Elasticsearch.',
      }),
    },
    unknownAttributes('name, description, remote_indices, remote_cluster, cluster_privileges, indices, metadata, expected_remote_access'),
  )
  .refine((input) => (input.remote_indices?.length ?? 0) + (input.remote_cluster?.length ?? 0) + (input.indices?.length ?? 0) > 0, {
    error:
      'at least one remote_indices, remote_cluster or indices grant is required (remote grants on the local cluster for the API-key model; indices on the remote cluster for the certificate model, which resolves the local user\'s role names there)',
  })
  .superRefine((input, ctx) => {
    (input.expected_remote_access ?? []).forEach((entry, i) => {
      if ((input.expected_remote_access ?? []).findIndex((e) => e.alias === entry.alias) !== i) {
        ctx.addIssue({ code: 'custom', path: ['expected_remote_access', i, 'alias'], message: `${entry.alias} is listed twice; each alias connects with one key` });
      }
    });
  });

/** Inputs that only steer plans: a change to them alone sends nothing to Elasticsearch. */
export const planningOnlyFields = ['expected_remote_access'] as const;

export type RemoteAccessRoleInput = z.infer<typeof remoteAccessRoleInput>;
export type RemoteIndicesGrant = z.infer<typeof remoteIndicesGrant>;
export type LocalIndicesGrant = z.infer<typeof localIndicesGrant>;
export type RemoteClusterGrant = z.infer<typeof remoteClusterGrant>;
export type ExpectedRemoteAccess = z.infer<typeof expectedRemoteAccess>;

export const remoteAccessRoleOutput = z.object({
  id: z.string().meta({ description: 'The role name (what import takes).', changedBy: [] }),
});

export type RemoteAccessRoleState = ResourceState & RemoteAccessRoleInput;
