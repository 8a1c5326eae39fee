/**
 * Reads of a deployment as the Cloud API returns it (`DeploymentGetResponse`): its Elasticsearch
 * resources by ref id, and the cluster id each reports.
 */
import type { Deployment, ElasticsearchResourceInfo } from './types';

/**
 * The Elasticsearch cluster id of a resource as the Cloud API reports it (`ElasticsearchClusterInfo.cluster_id`):
 * what trust allowlists and remote_cluster traffic filter rules hold. The resource's own `id` stands in
 * only when a partial answer leaves the info out.
 */
export function clusterIdOf(resource: ElasticsearchResourceInfo): string {
  return resource.info?.cluster_id ?? resource.id;
}

/** The deployment's Elasticsearch resource with `refId`; undefined when it has none. */
export function elasticsearchResourceOf(deployment: Deployment, refId: string): ElasticsearchResourceInfo | undefined {
  return deployment.resources.elasticsearch.find((resource) => resource.ref_id === refId);
}

/** The deployment's Elasticsearch resource with `refId`, or an error (under `label`) naming the ref ids it has. */
export function requireElasticsearchResource(deployment: Deployment, refId: string, label: string): ElasticsearchResourceInfo {
  const resource = elasticsearchResourceOf(deployment, refId);
  if (resource) return resource;
  const refs = deployment.resources.elasticsearch.map((r) => r.ref_id).join(', ') || 'none';
  throw new Error(`${label}: the deployment has no Elasticsearch resource with ref id ${refId} (it has: ${refs})`);
}
