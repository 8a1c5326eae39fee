/**
 * Whether a role's remote grants and the cross-cluster API keys of the aliases they name can work
 * together. On the API-key model a search through an alias sees only the indices BOTH the local role
 * and the remote key allow: a grant that shares no index with the key returns nothing or is refused.
 * Pure, so every case is proven by a unit test.
 */
import type { AccessInput } from '../cross-cluster-api-key/schema';
import type { ExpectedRemoteAccess, RemoteAccessRoleInput, RemoteIndicesGrant } from './schema';

const isRegex = (pattern: string): boolean => pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/');

/**
 * Whether some name matches both patterns (`*` matches any run of characters, on either side). A Lucene
 * `/regular expression/` on either side is taken to overlap: deciding it is beyond a plan-time check,
 * and a warning must never be wrong.
 */
export function patternsOverlap(a: string, b: string): boolean {
  if (isRegex(a) || isRegex(b)) return true;
  const memo = new Map<number, boolean>();
  const match = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === a.length && j === b.length) result = true;
    else if (i < a.length && a[i] === '*') result = match(i + 1, j) || (j < b.length && match(i, j + 1));
    else if (j < b.length && b[j] === '*') result = match(i, j + 1) || (i < a.length && match(i + 1, j));
    else result = i < a.length && j < b.length && a[i] === b[j] && match(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

/** Whether an alias pattern of a grant's `clusters` names the alias. */
export function aliasMatches(pattern: string, alias: string): boolean {
  return patternsOverlap(pattern, alias);
}

/** Privileges that work through a key's `replication` access; the rest through its `search` access. */
const replicationPrivileges: ReadonlySet<string> = new Set(['cross_cluster_replication', 'cross_cluster_replication_internal', 'manage_follow_index', 'manage_leader_index']);
/** Privileges that either kind of access may serve. */
const anyAccessPrivileges: ReadonlySet<string> = new Set(['all', 'manage', 'monitor', 'view_index_metadata']);

type AccessKind = 'search' | 'replication';

/** Which of the key's access kinds a grant's privileges go through. */
export function accessKindsOf(privileges: readonly string[]): AccessKind[] {
  const kinds = new Set<AccessKind>();
  for (const privilege of privileges) {
    if (anyAccessPrivileges.has(privilege)) {
      kinds.add('search');
      kinds.add('replication');
    } else if (replicationPrivileges.has(privilege)) kinds.add('replication');
    else if (privilege !== 'none') kinds.add('search');
  }
  return [...kinds];
}

function keyPatterns(access: AccessInput, kinds: readonly AccessKind[]): string[] {
  return kinds.flatMap((kind) => (access[kind] ?? []).flatMap((entry) => entry.names));
}

function describeKeyPatterns(access: AccessInput, kinds: readonly AccessKind[]): string {
  return kinds.map((kind) => `access.${kind}: ${(access[kind] ?? []).flatMap((e) => e.names).join(', ') || '(none)'}`).join('; ');
}

const list = (values: readonly string[]): string => values.join(', ');

/** One grant that cannot work through one alias. */
export interface AccessMismatch {
  /** Attribute path of the grant, e.g. `remote_indices[0]`. */
  grant: string;
  alias: string;
  /** The grant's index patterns no pattern of the key shares an index with. */
  names: string[];
  /** What goes wrong and what to do, for a message that names the role first. */
  problem: string;
}

/** Who a warning is about: the role, by name. */
const roleSubject = (roleName: string): string => `RemoteAccessRole "${roleName}"`;

/** Grants of `remote_indices` whose index patterns the key of a named alias does not allow. */
export function indexMismatches(grants: readonly RemoteIndicesGrant[], expected: readonly ExpectedRemoteAccess[]): AccessMismatch[] {
  return grants.flatMap((grant, i) => {
    const kinds = accessKindsOf(grant.privileges);
    if (kinds.length === 0) return [];
    return expected
      .filter((e) => grant.clusters.some((pattern) => aliasMatches(pattern, e.alias)))
      .flatMap((e): AccessMismatch[] => {
        const allowed = keyPatterns(e.access, kinds);
        const refused = grant.names.filter((name) => !allowed.some((pattern) => patternsOverlap(name, pattern)));
        if (refused.length === 0) return [];
        const where = `remote_indices[${i}] (clusters ${list(grant.clusters)}, names ${list(grant.names)})`;
        return [
          {
            grant: `remote_indices[${i}]`,
            alias: e.alias,
            names: refused,
            problem: `${where} grants ${list(grant.privileges)} on ${list(refused)}, which the cross-cluster API key of "${e.alias}" does not allow (${describeKeyPatterns(e.access, kinds)}): ${refused.map((n) => `${e.alias}:${n}`).join(', ')} would return nothing or be refused; widen the key's access or change the grant's names`,
          },
        ];
      });
  });
}

/** Grants whose `clusters` name no alias the configuration connects. */
export function unconnectedAliasWarnings(roleName: string, input: Pick<RemoteAccessRoleInput, 'remote_indices' | 'remote_cluster'>, expected: readonly ExpectedRemoteAccess[]): string[] {
  const connected = expected.map((e) => e.alias);
  const grants = [
    ...(input.remote_indices ?? []).map((g, i) => ({ where: `remote_indices[${i}] (clusters ${list(g.clusters)}, names ${list(g.names)})`, clusters: g.clusters })),
    ...(input.remote_cluster ?? []).map((g, i) => ({ where: `remote_cluster[${i}] (clusters ${list(g.clusters)}, privileges ${list(g.privileges)})`, clusters: g.clusters })),
  ];
  return grants
    .filter((g) => !g.clusters.some((pattern) => connected.some((alias) => aliasMatches(pattern, alias))))
    .map((g) => `${roleSubject(roleName)}: ${g.where} names no alias the configuration connects (expected_remote_access lists ${list(connected) || 'none'}): the grant gives nothing until such a connection exists`);
}

/**
 * Everything a plan can tell about the role and the keys it relies on. Nothing when the configuration
 * does not say what it connects (expected_remote_access left out).
 */
export function overlapWarnings(
  input: Pick<RemoteAccessRoleInput, 'name' | 'remote_indices' | 'remote_cluster' | 'expected_remote_access'>,
  unknownPaths: readonly (string | number)[][] = [],
): string[] {
  const expected = input.expected_remote_access;
  // A value known only after apply (a key or alias made in the same plan) cannot be judged yet.
  const judged = ['expected_remote_access', 'remote_indices', 'remote_cluster'];
  if (!expected?.length || unknownPaths.some((path) => judged.includes(String(path[0])))) return [];
  const mismatches = indexMismatches(input.remote_indices ?? [], expected).map((m) => `${roleSubject(input.name)}: ${m.problem}`);
  return [...unconnectedAliasWarnings(input.name, input, expected), ...mismatches];
}

/**
 * After an apply, for the aliases `_remote/info` shows connected: each grant a search through the alias
 * would find refused or empty, named with the alias and the key's patterns.
 */
export function connectedMismatches(input: Pick<RemoteAccessRoleInput, 'name' | 'remote_indices' | 'expected_remote_access'>, connectedAliases: readonly string[]): string[] {
  const expected = (input.expected_remote_access ?? []).filter((e) => connectedAliases.includes(e.alias));
  return indexMismatches(input.remote_indices ?? [], expected).map((m) => `${roleSubject(input.name)}: "${m.alias}" is connected; ${m.problem}`);
}
