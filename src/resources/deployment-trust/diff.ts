/**
 * The pure diff of a DeploymentTrust: the plan a reviewer reads. One line per allowlist entry added or
 * removed under its trust scope, per trust scope added or removed (a removed scope lists what it stops
 * trusting), per certificate (by SHA-256 fingerprint) and per field; nothing for what did not change.
 */
import { certificateFingerprints } from '../../cloud/certificates';
import { entryChange, fieldChange, listChanges, type Change, type ChangeSet, type TrustScopeRef } from '../../plan/change-set';
import { resourceType, scopeLists, type DeploymentTrustInput, type DeploymentTrustState, type ScopeKind } from './schema';

/** Display name: `<deployment id>/<ref id>` (the scopes are in the changes). */
export function displayName(input: Pick<DeploymentTrustInput, 'deployment_id' | 'ref_id'>): string {
  return `${input.deployment_id}/${input.ref_id}`;
}

const scopeSubjects: Record<ScopeKind, string> = { account: 'trust scope account', external: 'trust scope trust relationship', direct: 'trust scope direct trust' };

/** The fields of every scope kind, read uniformly. */
interface ScopeView {
  key: string;
  trust_all: boolean;
  trust_allowlist: string[];
  type?: string;
  scope_id?: string;
  certificates?: string[];
  additional_node_names?: string[];
}

function views(input: Pick<DeploymentTrustInput, 'accounts' | 'external' | 'direct'>, kind: ScopeKind): ScopeView[] {
  if (kind === 'account') return input.accounts.map((s) => ({ ...s, key: s.account_id }));
  if (kind === 'external') return input.external.map((s) => ({ ...s, key: s.trust_relationship_id }));
  return input.direct.map((s) => ({ ...s, key: s.name }));
}

/** A certificate is identified by its fingerprint, so re-wrapped PEM text is not a change. */
function fingerprints(pems: string[] | undefined): string[] {
  return (pems ?? []).map((pem) => certificateFingerprints(pem)[0] ?? pem.trim());
}

function scopeLabel(kind: ScopeKind, key: string): string {
  return `${scopeSubjects[kind].replace('trust scope ', '')} ${key}`;
}

function scopeChanges(kind: ScopeKind, index: number, prior: ScopeView | undefined, desired: ScopeView): Change[] {
  const under: TrustScopeRef = { kind, id: desired.key };
  const path = [scopeLists[kind], String(index)];
  const label = scopeLabel(kind, desired.key);
  const changes: Change[] = [];
  if (!prior) changes.push(entryChange('+', path, scopeSubjects[kind], desired.key));
  const priorAll = prior?.trust_all ?? false;
  if (priorAll !== desired.trust_all) {
    changes.push(fieldChange(prior ? '~' : '+', [...path, 'trust_all'], `trust_all of ${label}`, prior ? String(priorAll) : undefined, String(desired.trust_all)));
  }
  changes.push(...listChanges([...path, 'trust_allowlist'], 'allowlist entry', prior?.trust_allowlist ?? [], desired.trust_allowlist, under));
  if (kind === 'direct') {
    const priorType = prior?.type ?? (prior ? 'generic' : undefined);
    if (priorType !== desired.type) changes.push(fieldChange(prior ? '~' : '+', [...path, 'type'], `type of ${label}`, priorType, desired.type));
    if (prior?.scope_id !== desired.scope_id) {
      const op = prior?.scope_id === undefined ? '+' : desired.scope_id === undefined ? '-' : '~';
      changes.push(fieldChange(op, [...path, 'scope_id'], `scope_id of ${label}`, prior?.scope_id, desired.scope_id));
    }
    changes.push(...listChanges([...path, 'certificates'], 'CA certificate', fingerprints(prior?.certificates), fingerprints(desired.certificates), under));
    changes.push(...listChanges([...path, 'additional_node_names'], 'additional node name', prior?.additional_node_names ?? [], desired.additional_node_names ?? [], under));
  }
  return changes;
}

/** A removed scope names everything it stopped trusting, so the plan hides no entry behind one line. */
function removedScopeChanges(kind: ScopeKind, index: number, prior: ScopeView): Change[] {
  const under: TrustScopeRef = { kind, id: prior.key };
  const path = [scopeLists[kind], String(index)];
  const changes: Change[] = [entryChange('-', path, scopeSubjects[kind], prior.key)];
  if (prior.trust_all) changes.push(fieldChange('-', [...path, 'trust_all'], `trust_all of ${scopeLabel(kind, prior.key)}`, 'true', undefined));
  changes.push(...listChanges([...path, 'trust_allowlist'], 'allowlist entry', prior.trust_allowlist, [], under));
  if (kind === 'direct') {
    changes.push(...listChanges([...path, 'certificates'], 'CA certificate', fingerprints(prior.certificates), [], under));
    changes.push(...listChanges([...path, 'additional_node_names'], 'additional node name', prior.additional_node_names ?? [], [], under));
  }
  return changes;
}

export function diffDeploymentTrust(prior: DeploymentTrustState | undefined, desired: DeploymentTrustInput): ChangeSet {
  const changes: Change[] = [];
  if (!prior) changes.push({ kind: 'lifecycle', op: '+', path: [], action: 'create' });
  if (prior) {
    for (const field of ['deployment_id', 'ref_id'] as const) {
      if (prior[field] !== desired[field]) changes.push(fieldChange('!', [field], field, prior[field], desired[field]));
    }
    if (prior.resolve_deployment_ids !== desired.resolve_deployment_ids) {
      changes.push(fieldChange('~', ['resolve_deployment_ids'], 'resolve_deployment_ids', String(prior.resolve_deployment_ids), String(desired.resolve_deployment_ids)));
    }
  }
  for (const kind of ['account', 'external', 'direct'] as const) {
    const before = prior ? views(prior, kind) : [];
    const after = views(desired, kind);
    after.forEach((scope, index) => changes.push(...scopeChanges(kind, index, before.find((b) => b.key === scope.key), scope)));
    before.forEach((scope, index) => {
      if (!after.some((a) => a.key === scope.key)) changes.push(...removedScopeChanges(kind, index, scope));
    });
  }
  return { resourceType, resourceName: displayName(desired), changes };
}
