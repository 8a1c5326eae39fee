/**
 * Certificate model: why two Cloud deployments do not connect, side by side. Trust must hold in both
 * directions (and, across ECE environments, at platform level too); this says which side is missing
 * which trust, from each side's deployment trust settings and environment facts.
 */
import type { CloudClient } from '../../cloud/client';
import { CloudApiError } from '../../cloud/client';
import type { RemoteResourceRef, TrustSettings } from '../../cloud/types';
import { readLiveTrust, liveClusterId } from './apply';

export interface TrustSideFacts {
  /** e.g. `local deployment 0a1b…/main-elasticsearch` */
  label: string;
  clusterId: string;
  trust: TrustSettings;
  /** The account (ECH organization / ECE environment account) the deployment belongs to. */
  accountId?: string;
  /** The ECE installation id or ECH organization id: the scope id of the deployment's node certificates. */
  scopeId?: string;
  /** ECE platform trust relationships of the deployment's environment (none on ECH). */
  relationships: { id: string; name: string; installation_id?: string }[];
  /** The deployment's environment is an ECE platform (it has trust relationships to declare). */
  ece: boolean;
}

function allows(scope: { trust_all: boolean; trust_allowlist?: string[] }, clusterId: string): boolean {
  return scope.trust_all || (scope.trust_allowlist ?? []).includes(clusterId);
}

/** Why `from` does not trust `to`'s certificates; empty when it does. Pure. */
export function missingTrust(from: TrustSideFacts, to: TrustSideFacts): string[] {
  const id = to.clusterId;
  const account = to.accountId ? from.trust.accounts?.find((a) => a.account_id === to.accountId) : undefined;
  if (account && allows(account, id)) return [];
  const relationships = to.scopeId ? from.relationships.filter((r) => r.installation_id === to.scopeId) : [];
  const external = from.trust.external?.filter((e) => relationships.some((r) => r.id === e.trust_relationship_id)) ?? [];
  if (external.some((e) => allows(e, id))) return [];
  const direct = to.scopeId ? (from.trust.direct?.filter((d) => d.scope_id === to.scopeId) ?? []) : [];
  if (direct.some((d) => allows(d, id))) return [];

  const fix = `trust cluster ${id}`;
  if (account) return [`${from.label} does not trust ${to.label}: its account trust scope ${account.account_id} neither trusts all nor lists cluster ${id} (${fix})`];
  if (external.length > 0) {
    return [`${from.label} does not trust ${to.label}: its trust relationship scope ${external.map((e) => e.trust_relationship_id).join(', ')} neither trusts all nor lists cluster ${id} (${fix})`];
  }
  if (direct.length > 0) return [`${from.label} does not trust ${to.label}: its direct trust ${direct.map((d) => `"${d.name}"`).join(', ')} neither trusts all nor lists cluster ${id} (${fix})`];
  const sameAccount = from.accountId !== undefined && from.accountId === to.accountId;
  if (sameAccount) return [`${from.label} does not trust ${to.label}: it has no trust scope for its own account ${from.accountId} (add one that trusts all or lists cluster ${id})`];
  const reasons = [`${from.label} does not trust ${to.label}: no account, external or direct trust scope covers ${to.scopeId ? `environment ${to.scopeId}` : `account ${to.accountId ?? '(unknown)'}`}`];
  if (to.scopeId && from.ece && to.ece && relationships.length === 0) {
    reasons.push(`the ECE platform of ${from.label} has no trust relationship with environment ${to.scopeId} (create a TrustRelationship in both environments)`);
  }
  return reasons;
}

/** Both directions: the certificate model connects only when each side trusts the other. */
export function missingTrustBothWays(local: TrustSideFacts, remote: TrustSideFacts): string[] {
  return [...missingTrust(local, remote), ...missingTrust(remote, local)];
}

/**
 * Certificate model within one Cloud environment: what the remote-clusters API's computed `info` of an
 * alias says is wrong, naming the side (empty when connected or when nothing is reported). Pure.
 */
export function remoteResourceProblems(localDeploymentId: string, ref: RemoteResourceRef): string[] {
  const info = ref.info;
  if (!info || info.connected) return [];
  const remote = `remote deployment ${ref.deployment_id}/${ref.elasticsearch_ref_id}`;
  const problems: string[] = [];
  if (!info.trusted) problems.push(`local deployment ${localDeploymentId} does not trust ${remote}: add its cluster id to an account trust scope (DeploymentTrust on the local deployment)`);
  if (!info.trusted_back) problems.push(`${remote} does not trust local deployment ${localDeploymentId} back: add the local cluster id to its account trust scope (DeploymentTrust on the remote deployment)`);
  if (!info.compatible) problems.push(`${remote} runs a version not compatible with the local deployment`);
  if (!info.healthy) problems.push(`${remote} is not healthy`);
  return problems;
}

/** Reads one side: the deployment's trust, its environment's account and (ECE) trust relationships. */
export async function readTrustSide(cloud: CloudClient, deploymentId: string, refId: string, role: 'local' | 'remote'): Promise<TrustSideFacts> {
  const label = `${role} deployment ${deploymentId}/${refId}`;
  const live = await readLiveTrust(cloud, deploymentId, refId);
  if (!live) throw new Error(`${label}: deployment not found`);
  const account = await cloud.getAccount();
  let relationships: TrustSideFacts['relationships'] = [];
  let scopeId = live.deployment.metadata?.organization_id;
  let ece = false;
  try {
    const listed = await cloud.listTrustRelationships();
    relationships = listed.filter((r) => !r.local).map((r) => ({ id: r.id, name: r.name, installation_id: r.installation_id }));
    scopeId = listed.find((r) => r.local)?.installation_id ?? scopeId;
    ece = true;
  } catch (err) {
    // ECH has no platform trust relationships; its scope id is the organization id.
    if (!(err instanceof CloudApiError && err.notFound)) throw err;
  }
  return { label, clusterId: liveClusterId(live), trust: live.trust, accountId: account.id, scopeId, relationships, ece };
}

/** Which side of a certificate-model connection is missing which trust (empty: trust holds both ways). */
export async function diagnoseCertificateTrust(
  local: { cloud: CloudClient; deploymentId: string; refId: string },
  remote: { cloud: CloudClient; deploymentId: string; refId: string },
): Promise<string[]> {
  const [l, r] = await Promise.all([readTrustSide(local.cloud, local.deploymentId, local.refId, 'local'), readTrustSide(remote.cloud, remote.deploymentId, remote.refId, 'remote')]);
  return missingTrustBothWays(l, r);
}
