/**
 * `Deployment`: what the Cloud API says of one Elasticsearch resource of a deployment, so a remote
 * connection is declared from it instead of from addresses copied off the Security page: the cluster id
 * (what allowlists hold), version, region, and the remote cluster addresses of both security models
 * with the TLS server name.
 */
import { z } from 'zod';
import { clusterIdOf, requireElasticsearchResource } from '../cloud/deployments';
import type { Deployment } from '../cloud/types';
import { remoteClusterServerPort } from '../resources/remote-cluster-connection/diagnosis';
import { deploymentRef } from '../resources/remote-cluster-connection/schema';
import type { DataSourceDefinition } from './definition';

const input = deploymentRef('looked-up');

const output = z.object({
  name: z.string().meta({ description: 'The deployment name.' }),
  cluster_id: z.string().meta({ description: 'The Elasticsearch cluster id: what trust allowlists hold (not the deployment id).' }),
  version: z.string().optional().meta({ description: 'The Elasticsearch version of the current plan.' }),
  region: z.string().meta({ description: 'The region of the Elasticsearch resource.' }),
  server_name: z.string().meta({ description: 'The TLS server name (SNI) of remote connections: the cluster endpoint host.' }),
  api_key_proxy_address: z.string().meta({ description: 'proxy_address of the API-key security model: <endpoint host>:9443 (the remote cluster server).' }),
  certificate_proxy_address: z.string().meta({ description: 'proxy_address of the certificate security model: <endpoint host>:<transport passthrough port>.' }),
});

type DeploymentInput = z.infer<typeof input>;
export type DeploymentOutput = z.infer<typeof output>;

/** The transport port Elastic Cloud publishes when the API does not say (ECH's transport passthrough). */
const defaultTransportPassthrough = 9400;

/** Pure: the answer from a deployment as the Cloud API returns it. */
export function describeDeployment(deployment: Deployment, refId: string): DeploymentOutput {
  const resource = requireElasticsearchResource(deployment, refId, `Deployment ${deployment.id}`);
  const metadata = resource.info.metadata ?? {};
  // The alias-based host where the deployment has one (what the Security page shows), else the cluster's.
  const host = metadata.aliased_endpoint ?? metadata.endpoint;
  if (!host) throw new Error(`Deployment ${deployment.id}/${refId}: the Cloud API reports no endpoint (is the resource running?)`);
  const plan = resource.info.plan_info?.current?.plan as { elasticsearch?: { version?: string } } | undefined;
  return {
    name: deployment.name,
    cluster_id: clusterIdOf(resource),
    ...(plan?.elasticsearch?.version ? { version: plan.elasticsearch.version } : {}),
    region: resource.region,
    server_name: host,
    api_key_proxy_address: `${host}:${remoteClusterServerPort}`,
    certificate_proxy_address: `${host}:${metadata.ports?.transport_passthrough ?? defaultTransportPassthrough}`,
  };
}

export const deployment: DataSourceDefinition<DeploymentInput, DeploymentOutput> = {
  type: 'Deployment',
  tfName: 'deployment',
  description: 'One Elasticsearch resource of an ECH/ECE deployment (GET /deployments/{id}): cluster id, version, region, and the remote cluster addresses and server name for both security models.',
  input,
  output,
  async read(ctx, { deployment_id, ref_id }) {
    return describeDeployment(await ctx.cloud().getDeployment(deployment_id, { showPlans: true }), ref_id);
  },
};
