/**
 * The I/O of DeploymentTrust: read the deployment's trust, merge this resource's scopes into it, write it
 * back with the version read (optimistic concurrency), and on a version conflict read again and retry.
 * A trust update costs one GET and one PUT when nobody else writes the deployment at the same time.
 */
import { CloudApiError, type CloudClient } from '../../cloud/client';
import { clusterIdOf, elasticsearchResourceOf, requireElasticsearchResource } from '../../cloud/deployments';
import type { Deployment, ElasticsearchResourceInfo, TrustSettings } from '../../cloud/types';
import type { ReadOptions } from '../../http/transport';
import { ValidationError } from '../definition';
import type { EngineContext } from '../context';
import { withSharedObject } from '../shared-objects';
import { resourceType, scopeLists, type DeploymentTrustInput } from './schema';
import { sameTrust, type OwnedScopes } from './scopes';

/** Attempts of one read-modify-write before giving up on a deployment that keeps changing. */
export const maxTrustWriteAttempts = 5;

export interface LiveTrust {
  deployment: Deployment;
  resource: ElasticsearchResourceInfo;
  trust: TrustSettings;
  version: string | undefined;
}

/**
 * The deployment and its Elasticsearch resource `refId`; undefined when the deployment is gone (and, with
 * `missingRefIsGone`, when the resource is). Otherwise a missing resource is an error naming the ones there are.
 * A read-modify-write never asks for a `shared` read: its write's version must come from its own read.
 */
export async function readLiveTrust(
  cloud: CloudClient,
  deploymentId: string,
  refId: string,
  options: ReadOptions & { missingRefIsGone?: boolean } = {},
): Promise<LiveTrust | undefined> {
  const { missingRefIsGone = false, shared } = options;
  let deployment: Deployment;
  try {
    deployment = await cloud.getDeployment(deploymentId, { showPlans: true, shared });
  } catch (err) {
    if (err instanceof CloudApiError && err.notFound) return undefined;
    throw err;
  }
  if (missingRefIsGone && !elasticsearchResourceOf(deployment, refId)) return undefined;
  const resource = requireElasticsearchResource(deployment, refId, `${resourceType} ${deploymentId}/${refId}`);
  // Without the settings, "no trust" and "not shown" look alike; writing then would wipe scopes it does not own.
  if (resource.info.settings === undefined) {
    throw new Error(`${resourceType} ${deploymentId}/${refId}: the Cloud API returned the deployment without its settings (show_settings); refusing to write trust it cannot see`);
  }
  return { deployment, resource, trust: resource.info.settings.trust ?? {}, version: deployment.version };
}

export function liveClusterId(live: LiveTrust): string {
  return clusterIdOf(live.resource);
}

/**
 * Read-modify-write of one Elasticsearch resource's trust. `next` computes the complete trust to write
 * from what is there now; nothing is written when it equals what is there. Returns the last state read
 * and the trust now in place.
 */
export async function writeTrust(
  ctx: EngineContext,
  deploymentId: string,
  refId: string,
  next: (live: LiveTrust) => Promise<TrustSettings>,
): Promise<{ live: LiveTrust; trust: TrustSettings } | undefined> {
  const cloud = ctx.cloud();
  // One writer at a time in this process (no conflicts among the stack's own scopes); across processes the version decides.
  return withSharedObject(`${cloud.endpoint}/deployments/${deploymentId}`, () => writeTrustUntilSettled(ctx, cloud, deploymentId, refId, next));
}

async function writeTrustUntilSettled(
  ctx: EngineContext,
  cloud: CloudClient,
  deploymentId: string,
  refId: string,
  next: (live: LiveTrust) => Promise<TrustSettings>,
): Promise<{ live: LiveTrust; trust: TrustSettings } | undefined> {
  for (let attempt = 1; ; attempt++) {
    const live = await readLiveTrust(cloud, deploymentId, refId);
    if (!live) return undefined;
    const trust = await next(live);
    if (sameTrust(trust, live.trust)) return { live, trust };
    if (live.version === undefined) {
      ctx.log.warn('deployment read without x-cloud-resource-version: trust written without a concurrency check', { deployment_id: deploymentId });
    }
    const plan = live.resource.info.plan_info?.current?.plan;
    try {
      await cloud.updateDeploymentTrust(deploymentId, { ref_id: refId, region: live.resource.region, ...(plan !== undefined ? { plan } : {}), trust }, live.version);
      ctx.log.info(`${resourceType} ${deploymentId}/${refId}: trust settings written`, { deployment_id: deploymentId, ref_id: refId, version: live.version, attempt });
      return { live, trust };
    } catch (err) {
      if (!(err instanceof CloudApiError && err.versionConflict) || attempt >= maxTrustWriteAttempts) {
        if (err instanceof CloudApiError && err.versionConflict) {
          throw new Error(
            `${resourceType} ${deploymentId}/${refId}: the deployment changed during each of ${attempt} read-modify-write attempts (version conflicts); apply again`,
          );
        }
        throw err;
      }
      ctx.log.info('deployment changed since it was read (version conflict): reading it again', { deployment_id: deploymentId, attempt });
      // Back off with jitter so concurrent writers of the same deployment do not collide again.
      await ctx.sleep(50 * 2 ** (attempt - 1) + Math.floor(Math.random() * 50));
    }
  }
}

/**
 * The desired scopes with allowlists in cluster ids. An entry new to the deployment's account scope is
 * looked up as a deployment id of this Cloud environment (the only place one can be verified): when it is
 * one, it is resolved to its cluster id if the user asked for it, otherwise rejected with the cluster id to
 * use. Entries already present, or resolved before (`known`), cost no request.
 */
export async function resolveAllowlists(
  cloud: CloudClient,
  desired: DeploymentTrustInput,
  live: TrustSettings,
  known: Record<string, string>,
): Promise<{ owned: OwnedScopes; resolved: Record<string, string> }> {
  const resolved: Record<string, string> = {};
  const lookups = new Map<string, Promise<Deployment | undefined>>();
  const lookup = (id: string) => {
    if (!lookups.has(id)) {
      lookups.set(
        id,
        cloud.getDeployment(id).catch((err: unknown) => {
          if (err instanceof CloudApiError && err.notFound) return undefined;
          throw err;
        }),
      );
    }
    return lookups.get(id) as Promise<Deployment | undefined>;
  };
  const issues: { path: (string | number)[]; message: string }[] = [];
  const accounts = await Promise.all(
    desired.accounts.map(async (scope, scopeIndex) => {
      const present = new Set(live.accounts?.find((a) => a.account_id === scope.account_id)?.trust_allowlist ?? []);
      const ids = await Promise.all(
        scope.trust_allowlist.map(async (id, index) => {
          if (known[id]) {
            resolved[id] = known[id];
            return known[id];
          }
          if (present.has(id)) return id;
          const deployment = await lookup(id);
          if (!deployment) return id;
          const path = [scopeLists.account, scopeIndex, 'trust_allowlist', index];
          const clusters = deployment.resources.elasticsearch.map((r) => ({ ref: r.ref_id, id: clusterIdOf(r) }));
          if (!desired.resolve_deployment_ids || clusters.length !== 1) {
            const use = clusters.map((c) => `${c.id} (${c.ref})`).join(' or ') || 'none: it has no Elasticsearch resource';
            issues.push({
              path,
              message: `${id} is the id of deployment "${deployment.name}", not an Elasticsearch cluster id; use its cluster id ${use}${
                desired.resolve_deployment_ids ? '' : ', or set resolve_deployment_ids = true'
              }`,
            });
            return id;
          }
          resolved[id] = clusters[0].id;
          return clusters[0].id;
        }),
      );
      return { ...scope, trust_allowlist: ids };
    }),
  );
  if (issues.length > 0) throw new ValidationError(resourceType, issues);
  return { owned: { accounts, external: desired.external, direct: desired.direct }, resolved };
}
