/**
 * Pure operations on a deployment's trust settings: find the scopes a DeploymentTrust owns, merge its
 * desired scopes into what the deployment has, and release scopes it no longer declares, leaving every
 * other scope, account name, direct trust uid and certificate exactly as found.
 */
import { certificateFingerprints } from '../../cloud/certificates';
import type { AccountTrust, DirectTrust, ExternalTrust, TrustSettings, TrustedCertificate } from '../../cloud/types';
import type { AccountScope, DirectScope, ExternalScope, ScopeKind } from './schema';

export interface ScopeRef {
  kind: ScopeKind;
  /** account id, trust relationship id, or direct trust name */
  id: string;
}

/** The scopes a DeploymentTrust declares; allowlists hold cluster ids (deployment ids already resolved). */
export interface OwnedScopes {
  accounts: AccountScope[];
  external: ExternalScope[];
  direct: DirectScope[];
}

export const scopeKinds: ScopeKind[] = ['account', 'external', 'direct'];

/** The scopes a DeploymentTrust declares, or every scope a deployment's trust settings have, whoever set them. */
export function scopeRefs(scopes: OwnedScopes | TrustSettings): ScopeRef[] {
  return [
    ...(scopes.accounts ?? []).map((a): ScopeRef => ({ kind: 'account', id: a.account_id })),
    ...(scopes.external ?? []).map((e): ScopeRef => ({ kind: 'external', id: e.trust_relationship_id })),
    ...(scopes.direct ?? []).map((d): ScopeRef => ({ kind: 'direct', id: d.name })),
  ];
}

export function formatScopeRef(ref: ScopeRef): string {
  return `${ref.kind}:${ref.id}`;
}

/** Parses `account:<id>`, `external:<id>` or `direct:<name>`; undefined when it is not one. */
export function parseScopeRef(text: string): ScopeRef | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const kind = text.slice(0, colon);
  const id = text.slice(colon + 1);
  if (!(scopeKinds as string[]).includes(kind) || id.length === 0) return undefined;
  return { kind: kind as ScopeKind, id };
}

function has(refs: ScopeRef[], kind: ScopeKind, id: string): boolean {
  return refs.some((r) => r.kind === kind && r.id === id);
}

/** Entries still wanted keep their current order; new ones follow in the declared order. */
function mergeAllowlist(current: string[] | undefined, desired: string[]): string[] {
  const wanted = new Set(desired);
  const kept = (current ?? []).filter((id) => wanted.has(id));
  const keptSet = new Set(kept);
  return [...kept, ...desired.filter((id) => !keptSet.has(id))];
}

/** trust_all drops the allowlist (the API ignores it and the seeds omit it). */
function trustFields(current: { trust_allowlist?: string[] } | undefined, desired: { trust_all: boolean; trust_allowlist: string[] }) {
  return desired.trust_all
    ? { trust_all: true }
    : { trust_all: false, trust_allowlist: mergeAllowlist(current?.trust_allowlist, desired.trust_allowlist) };
}

function mergeAccount(current: AccountTrust | undefined, desired: AccountScope): AccountTrust {
  const { trust_allowlist: _list, trust_all: _all, ...kept } = current ?? { account_id: desired.account_id };
  // `kept` carries the account name and anything else set outside the tool.
  return { ...kept, account_id: desired.account_id, ...trustFields(current, desired) };
}

function mergeExternal(current: ExternalTrust | undefined, desired: ExternalScope): ExternalTrust {
  const { trust_allowlist: _list, trust_all: _all, ...kept } = current ?? { trust_relationship_id: desired.trust_relationship_id };
  return { ...kept, trust_relationship_id: desired.trust_relationship_id, ...trustFields(current, desired) };
}

/** Certificates the deployment already has keep their stored PEM text; the read-only metadata is not sent back. */
function mergeCertificates(current: TrustedCertificate[] | undefined, desired: string[]): TrustedCertificate[] {
  const byFingerprint = new Map<string, string>();
  for (const certificate of current ?? []) {
    const [fingerprint] = certificateFingerprints(certificate.pem);
    if (fingerprint) byFingerprint.set(fingerprint, certificate.pem);
  }
  return desired.map((pem) => ({ pem: byFingerprint.get(certificateFingerprints(pem)[0] ?? '') ?? pem }));
}

function mergeDirect(current: DirectTrust | undefined, desired: DirectScope): DirectTrust {
  const {
    trust_allowlist: _list,
    trust_all: _all,
    type: _type,
    scope_id: _scope,
    additional_node_names: _names,
    certificates,
    ...kept // uid and anything else set outside the tool
  } = current ?? { name: desired.name, certificates: [] };
  const merged: DirectTrust = {
    ...kept,
    name: desired.name,
    type: desired.type,
    certificates: mergeCertificates(certificates, desired.certificates),
    ...(desired.type === 'proxy' ? { trust_all: false } : trustFields(current, desired)),
  };
  if (desired.scope_id !== undefined) merged.scope_id = desired.scope_id;
  if ((desired.additional_node_names ?? []).length > 0) merged.additional_node_names = desired.additional_node_names;
  return merged;
}

function mergeList<Api, Desired>(
  current: Api[] | undefined,
  desired: Desired[],
  released: ScopeRef[],
  kind: ScopeKind,
  apiKey: (entry: Api) => string,
  desiredKey: (entry: Desired) => string,
  merge: (current: Api | undefined, desired: Desired) => Api,
): Api[] | undefined {
  const desiredByKey = new Map(desired.map((d) => [desiredKey(d), d]));
  const result: Api[] = [];
  const present = new Set<string>();
  for (const entry of current ?? []) {
    const key = apiKey(entry);
    const wanted = desiredByKey.get(key);
    if (wanted) {
      result.push(merge(entry, wanted));
      present.add(key);
    } else if (!has(released, kind, key)) {
      result.push(entry);
    }
  }
  for (const d of desired) if (!present.has(desiredKey(d))) result.push(merge(undefined, d));
  // Do not introduce an empty list the deployment did not have.
  return current === undefined && result.length === 0 ? undefined : result;
}

/**
 * The deployment's trust after applying `desired` (scopes declared now) and releasing `released` (scopes
 * owned before and no longer declared). Everything else is carried over untouched.
 */
export function mergeOwnedTrust(current: TrustSettings, desired: OwnedScopes, released: ScopeRef[]): TrustSettings {
  const result: TrustSettings = { ...current };
  const accounts = mergeList(current.accounts, desired.accounts, released, 'account', (a) => a.account_id, (d) => d.account_id, mergeAccount);
  const external = mergeList(current.external, desired.external, released, 'external', (e) => e.trust_relationship_id, (d) => d.trust_relationship_id, mergeExternal);
  const direct = mergeList(current.direct, desired.direct, released, 'direct', (d) => d.name, (d) => d.name, mergeDirect);
  if (accounts) result.accounts = accounts;
  if (external) result.external = external;
  if (direct) result.direct = direct;
  return result;
}

/** The deployment's trust without the `released` scopes (what deleting a DeploymentTrust writes). */
export function releaseScopes(current: TrustSettings, released: ScopeRef[]): TrustSettings {
  return mergeOwnedTrust(current, { accounts: [], external: [], direct: [] }, released);
}

/** The owned scopes as the deployment has them now, in input form, and the owned scopes it no longer has. */
export function findOwnedScopes(current: TrustSettings, refs: ScopeRef[]): OwnedScopes & { missing: ScopeRef[] } {
  const found: OwnedScopes & { missing: ScopeRef[] } = { accounts: [], external: [], direct: [], missing: [] };
  for (const ref of refs) {
    if (ref.kind === 'account') {
      const a = current.accounts?.find((x) => x.account_id === ref.id);
      if (a) found.accounts.push({ account_id: a.account_id, trust_all: a.trust_all, trust_allowlist: a.trust_all ? [] : [...(a.trust_allowlist ?? [])] });
      else found.missing.push(ref);
    } else if (ref.kind === 'external') {
      const e = current.external?.find((x) => x.trust_relationship_id === ref.id);
      if (e) {
        found.external.push({ trust_relationship_id: e.trust_relationship_id, trust_all: e.trust_all, trust_allowlist: e.trust_all ? [] : [...(e.trust_allowlist ?? [])] });
      } else found.missing.push(ref);
    } else {
      const d = current.direct?.find((x) => x.name === ref.id);
      if (d) {
        found.direct.push({
          name: d.name,
          type: d.type ?? 'generic',
          ...(d.scope_id !== undefined ? { scope_id: d.scope_id } : {}),
          certificates: d.certificates.map((c) => c.pem),
          ...((d.additional_node_names ?? []).length > 0 ? { additional_node_names: [...(d.additional_node_names ?? [])] } : {}),
          trust_all: d.trust_all,
          trust_allowlist: d.trust_all ? [] : [...(d.trust_allowlist ?? [])],
        });
      } else found.missing.push(ref);
    }
  }
  return found;
}

/** Structural equality of two trust settings (key order does not matter, list order does). */
export function sameTrust(a: TrustSettings, b: TrustSettings): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)))
      : v,
  );
}
