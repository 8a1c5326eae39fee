/**
 * The pure diff of a RemoteAccessRole: one line per alias, index pattern and privilege added to or
 * removed from a grant (`+ index pattern logs-* under grant remote_indices[0]`), one per changed query,
 * field security or metadata key. Only the name forces a replacement.
 */
import { fieldChange as field, listChanges, valueChange, type Change, type ChangeSet } from '../../plan/change-set';
import { indexEntryLimitChanges } from '../cross-cluster-api-key/diff';
import type { ExpectedRemoteAccess, LocalIndicesGrant, RemoteAccessRoleInput, RemoteAccessRoleState, RemoteClusterGrant, RemoteIndicesGrant } from './schema';

export const resourceType = 'RemoteAccessRole';

type IndexGrant = LocalIndicesGrant | RemoteIndicesGrant;

const clustersOf = (grant: IndexGrant | RemoteClusterGrant | undefined): string[] => (grant && 'clusters' in grant ? grant.clusters : []);

function indexGrantChanges(list: 'remote_indices' | 'indices', index: number, prior: IndexGrant | undefined, desired: IndexGrant | undefined): Change[] {
  const path = [list, String(index)];
  const under = { kind: 'grant', id: `${list}[${index}]` };
  return [
    ...listChanges([...path, 'clusters'], 'remote cluster alias', clustersOf(prior), clustersOf(desired), under),
    ...listChanges([...path, 'names'], 'index pattern', prior?.names ?? [], desired?.names ?? [], under),
    ...listChanges([...path, 'privileges'], 'privilege', prior?.privileges ?? [], desired?.privileges ?? [], under),
    ...indexEntryLimitChanges(path, under.id, prior, desired),
  ];
}

function remoteClusterChanges(index: number, prior: RemoteClusterGrant | undefined, desired: RemoteClusterGrant | undefined): Change[] {
  const path = ['remote_cluster', String(index)];
  const under = { kind: 'grant', id: `remote_cluster[${index}]` };
  return [
    ...listChanges([...path, 'clusters'], 'remote cluster alias', prior?.clusters ?? [], desired?.clusters ?? [], under),
    ...listChanges([...path, 'privileges'], 'remote cluster privilege', prior?.privileges ?? [], desired?.privileges ?? [], under),
  ];
}

function pairwise<T>(prior: readonly T[] | undefined, desired: readonly T[] | undefined, changes: (i: number, p: T | undefined, d: T | undefined) => Change[]): Change[] {
  const before = prior ?? [];
  const after = desired ?? [];
  return Array.from({ length: Math.max(before.length, after.length) }, (_, i) => changes(i, before[i], after[i])).flat();
}

/** What the role is checked against, in one line (it changes nothing in Elasticsearch). */
export function expectationText(expected: readonly ExpectedRemoteAccess[] | undefined): string | undefined {
  if (!expected?.length) return undefined;
  return expected
    .map((e) => {
      const kinds = (['search', 'replication'] as const).filter((k) => e.access[k]?.length).map((k) => `${k} ${(e.access[k] ?? []).flatMap((x) => x.names).join(',')}`);
      return `${e.alias} (${kinds.join('; ')})`;
    })
    .join(', ');
}

export function diffRemoteAccessRole(prior: RemoteAccessRoleState | undefined, desired: RemoteAccessRoleInput): ChangeSet {
  const changes: Change[] = [];
  if (!prior) {
    changes.push({ kind: 'lifecycle', op: '+', path: [], action: 'create' });
    changes.push(field('+', ['name'], 'name', undefined, desired.name));
  } else if (prior.name !== desired.name) {
    changes.push(field('!', ['name'], 'name', prior.name, desired.name));
  }
  changes.push(...valueChange(['description'], 'description', prior?.description, desired.description));
  changes.push(...pairwise(prior?.remote_indices, desired.remote_indices, (i, p, d) => indexGrantChanges('remote_indices', i, p, d)));
  changes.push(...pairwise(prior?.remote_cluster, desired.remote_cluster, remoteClusterChanges));
  changes.push(...listChanges(['cluster_privileges'], 'cluster privilege', prior?.cluster_privileges ?? [], desired.cluster_privileges ?? []));
  changes.push(...pairwise(prior?.indices, desired.indices, (i, p, d) => indexGrantChanges('indices', i, p, d)));
  const keys = [...new Set([...Object.keys(prior?.metadata ?? {}), ...Object.keys(desired.metadata ?? {})])].sort();
  changes.push(...keys.flatMap((k) => valueChange(['metadata', k], `metadata.${k}`, prior?.metadata?.[k], desired.metadata?.[k])));
  changes.push(...valueChange(['expected_remote_access'], 'expected_remote_access', expectationText(prior?.expected_remote_access), expectationText(desired.expected_remote_access)));
  return { resourceType, resourceName: desired.name, changes };
}
