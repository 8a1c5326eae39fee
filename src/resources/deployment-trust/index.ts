/**
 * DeploymentTrust: the trust scopes one Elasticsearch resource of an ECH/ECE deployment declares
 * (`resources.elasticsearch[].info.settings.trust`). It owns only the scopes it declares and leaves every
 * other scope, account name and direct certificate as it found them.
 */
import type { ResourceDefinition } from '../definition';
import type { EngineContext } from '../context';
import { liveClusterId, readLiveTrust, resolveAllowlists, writeTrust } from './apply';
import { diffDeploymentTrust, displayName } from './diff';
import { deploymentTrustInput, deploymentTrustOutput, resourceType, type DeploymentTrustInput, type DeploymentTrustState } from './schema';
import { certificateFingerprints } from '../../cloud/certificates';
import { hex32Problem, refIdPattern } from '../../cloud/identifiers';
import { findOwnedScopes, formatScopeRef, mergeOwnedTrust, parseScopeRef, releaseScopes, scopeRefs, type OwnedScopes, type ScopeRef } from './scopes';

export * from './schema';
export { diffDeploymentTrust } from './diff';
export { mergeOwnedTrust, releaseScopes, findOwnedScopes } from './scopes';

export const importIdFormat = '<deployment id>/<ref id>/<kind>:<scope id>[,<kind>:<scope id>...] (kind: account, external or direct)';

function stateId(input: Pick<DeploymentTrustInput, 'deployment_id' | 'ref_id' | 'accounts' | 'external' | 'direct'>): string {
  return `${input.deployment_id}/${input.ref_id}/${scopeRefs(input).map(formatScopeRef).join(',')}`;
}

/** `actual` in the order of `prior` where they share entries, so reordering by the service is not drift. */
function orderLike<T>(actual: T[], prior: T[]): T[] {
  const actualSet = new Set(actual);
  const kept = prior.filter((x) => actualSet.has(x));
  const keptSet = new Set(kept);
  return [...kept, ...actual.filter((x) => !keptSet.has(x))];
}

/**
 * What the deployment has for the prior's scopes, in the prior's terms: deployment ids the user wrote
 * (resolved before), the prior's PEM text for the same certificates, the prior's order.
 */
function observedState(prior: DeploymentTrustState, found: OwnedScopes, clusterId: string): DeploymentTrustState {
  const back = new Map(Object.entries(prior.resolved_cluster_ids).map(([deploymentId, cluster]) => [cluster, deploymentId]));
  const userTerms = (ids: string[]) => ids.map((id) => back.get(id) ?? id);
  const accounts = found.accounts.map((s) => {
    const p = prior.accounts.find((x) => x.account_id === s.account_id);
    return { ...s, trust_allowlist: orderLike(userTerms(s.trust_allowlist), p?.trust_allowlist ?? []) };
  });
  const external = found.external.map((s) => {
    const p = prior.external.find((x) => x.trust_relationship_id === s.trust_relationship_id);
    return { ...s, trust_allowlist: orderLike(s.trust_allowlist, p?.trust_allowlist ?? []) };
  });
  const direct = found.direct.map((s) => {
    const p = prior.direct.find((x) => x.name === s.name);
    const priorPems = new Map((p?.certificates ?? []).map((pem) => [certificateFingerprints(pem)[0], pem]));
    return {
      ...s,
      certificates: s.certificates.map((pem) => priorPems.get(certificateFingerprints(pem)[0]) ?? pem),
      trust_allowlist: orderLike(s.trust_allowlist, p?.trust_allowlist ?? []),
      ...(s.additional_node_names
        ? { additional_node_names: orderLike(s.additional_node_names, p?.additional_node_names ?? []) }
        : p?.additional_node_names
          ? { additional_node_names: [] } // the prior's explicit empty list, not drift
          : {}),
    };
  });
  const inPriorOrder = <T>(list: T[], key: (x: T) => string, priorList: T[]) =>
    [...list].sort((a, b) => priorList.findIndex((x) => key(x) === key(a)) - priorList.findIndex((x) => key(x) === key(b)));
  const observed = {
    deployment_id: prior.deployment_id,
    ref_id: prior.ref_id,
    resolve_deployment_ids: prior.resolve_deployment_ids,
    accounts: inPriorOrder(accounts, (s) => s.account_id, prior.accounts),
    external: inPriorOrder(external, (s) => s.trust_relationship_id, prior.external),
    direct: inPriorOrder(direct, (s) => s.name, prior.direct),
  };
  const stillResolved = new Set(observed.accounts.flatMap((s) => s.trust_allowlist));
  return {
    ...observed,
    id: stateId(observed),
    cluster_id: clusterId,
    resolved_cluster_ids: Object.fromEntries(Object.entries(prior.resolved_cluster_ids).filter(([deploymentId]) => stillResolved.has(deploymentId))),
  };
}

/** Writes `desired` over the deployment, releasing `released`; the state is the desired input as applied. */
async function apply(ctx: EngineContext, desired: DeploymentTrustInput, released: ScopeRef[], known: Record<string, string>): Promise<DeploymentTrustState> {
  let resolved: Record<string, string> = {};
  const written = await writeTrust(ctx, desired.deployment_id, desired.ref_id, async (live) => {
    const resolution = await resolveAllowlists(ctx.cloud(), desired, live.trust, { ...known, ...resolved });
    resolved = resolution.resolved;
    return mergeOwnedTrust(live.trust, resolution.owned, released);
  });
  if (!written) throw new Error(`${resourceType} ${displayName(desired)}: deployment ${desired.deployment_id} not found`);
  return { ...desired, id: stateId(desired), cluster_id: liveClusterId(written.live), resolved_cluster_ids: resolved };
}

export const deploymentTrust: ResourceDefinition<DeploymentTrustInput, DeploymentTrustState> = {
  type: resourceType,
  tfName: 'deployment_trust',
  description:
    'The trust settings one Elasticsearch resource of an ECH/ECE deployment declares: account, external (ECE trust relationship) and direct trust scopes, each with trust_all or an allowlist of Elasticsearch cluster ids. Owns only the scopes it declares; other scopes, account names and direct certificates are preserved.',
  input: deploymentTrustInput,
  output: deploymentTrustOutput,
  importIdFormat,
  target: 'cloud',
  uniqueBy: ['deployment_id', 'ref_id'],
  displayName,
  diff: diffDeploymentTrust,

  create: (ctx, desired) => apply(ctx, desired, [], {}),

  async read(ctx, prior) {
    const live = await readLiveTrust(ctx.cloud(), prior.deployment_id, prior.ref_id, { missingRefIsGone: true, shared: true });
    if (!live) return undefined;
    const found = findOwnedScopes(live.trust, scopeRefs(prior));
    return observedState(prior, found, liveClusterId(live));
  },

  update(ctx, prior, desired) {
    const declared = new Set(scopeRefs(desired).map(formatScopeRef));
    const released = scopeRefs(prior).filter((ref) => !declared.has(formatScopeRef(ref)));
    return apply(ctx, desired, released, prior.resolved_cluster_ids);
  },

  async delete(ctx, prior) {
    const owned = scopeRefs(prior);
    await writeTrust(ctx, prior.deployment_id, prior.ref_id, async (live) => releaseScopes(live.trust, owned));
  },

  async import(ctx, id) {
    const [deploymentId, refId, scopesText, ...rest] = id.split('/');
    const refs = (scopesText ?? '').split(',').map(parseScopeRef);
    if (!deploymentId || !refId || rest.length > 0 || refs.length === 0 || refs.some((r) => r === undefined)) {
      throw new Error(`${resourceType} import: ${JSON.stringify(id)} is not ${importIdFormat}`);
    }
    const problem = hex32Problem(deploymentId, 'deployment') ?? (refIdPattern.test(refId) ? undefined : `${refId} is not an Elasticsearch resource ref id`);
    if (problem) throw new Error(`${resourceType} import: ${JSON.stringify(id)}: ${problem}; accepted: ${importIdFormat}`);
    const scopes = refs as ScopeRef[];
    const live = await readLiveTrust(ctx.cloud(), deploymentId, refId);
    if (!live) throw new Error(`${resourceType} import: deployment ${deploymentId} not found`);
    const found = findOwnedScopes(live.trust, scopes);
    if (found.missing.length > 0) {
      const has = scopeRefs(live.trust).map(formatScopeRef).join(', ') || 'no trust scopes';
      throw new Error(`${resourceType} import: ${deploymentId}/${refId} has no ${found.missing.map(formatScopeRef).join(', ')} (it has: ${has})`);
    }
    const state = { deployment_id: deploymentId, ref_id: refId, resolve_deployment_ids: false, accounts: found.accounts, external: found.external, direct: found.direct };
    return { ...state, id: stateId(state), cluster_id: liveClusterId(live), resolved_cluster_ids: {} };
  },
};
