/**
 * Test support playing the ECK operator (seed 004) on emulated self-managed clusters: what ECK does
 * with the parts of the Elasticsearch resources that elasticremote_eck_remote_cluster renders.
 * - `spec.remoteClusterServer.enabled` of a remote resource: the remote cluster server (port 9443) runs.
 * - each `spec.remoteClusters[]` entry with `apiKey.access` of the local resource: a cross-cluster API key
 *   with that access on the referenced cluster, its encoded value in the local keystore as
 *   `cluster.remote.<name>.credentials` (reloaded), and `cluster.remote.<name>.mode: proxy` with the
 *   remote's remote cluster server as `proxy_address`, as persistent cluster settings.
 */
import type { RunningEmulator } from '../../../src/emulator';
import { crossClusterAccessOf, type EckFragments } from '../../../src/eck/remote-clusters';
import { es } from './harness';

/** An Elasticsearch resource ECK manages, and the emulated cluster standing for its pods. */
export interface EckElasticsearch {
  namespace: string;
  name: string;
  cluster: string;
}

/** The manifest parts as the data source renders them (remote parts keyed by `<namespace>/<name>`). */
export interface EckManifestParts {
  local: EckFragments['local'];
  remotes: Record<string, { spec: { remoteClusterServer: { enabled: boolean } } }>;
}

const reference = (namespace: string, name: string) => `${namespace}/${name}`;

/** Reconciles the local resource and the remote ones it references; returns the ids of the keys created, by alias. */
export async function reconcileRemoteClusters(
  emulator: RunningEmulator,
  local: EckElasticsearch,
  remotes: EckElasticsearch[],
  parts: EckManifestParts,
): Promise<Record<string, string>> {
  const byReference = new Map(remotes.map((r) => [reference(r.namespace, r.name), r]));
  for (const [ref, part] of Object.entries(parts.remotes)) {
    const remote = byReference.get(ref);
    if (!remote) throw new Error(`no Elasticsearch resource ${ref} for the remote part`);
    emulator.setRemoteClusterServer(remote.cluster, part.spec.remoteClusterServer.enabled);
  }
  const keyIds: Record<string, string> = {};
  const localCluster = emulator.clusters[local.cluster];
  for (const remoteCluster of parts.local.spec.remoteClusters) {
    if (!remoteCluster.apiKey) continue;
    // ECK resolves a reference without namespace in the local resource's namespace.
    const ref = reference(remoteCluster.elasticsearchRef.namespace ?? local.namespace, remoteCluster.elasticsearchRef.name);
    const remote = byReference.get(ref);
    if (!remote) throw new Error(`spec.remoteClusters "${remoteCluster.name}" references ${ref}, which is not managed here`);
    const target = emulator.clusters[remote.cluster];
    const key = await es<{ id: string; encoded: string }>(target, 'POST', '/_security/cross_cluster/api_key', {
      // ECK's key name: eck-<local namespace>-<local name>-<alias>.
      name: `eck-${local.namespace}-${local.name}-${remoteCluster.name}`,
      access: crossClusterAccessOf(remoteCluster.apiKey.access),
      metadata: { 'elasticsearch.k8s.elastic.co/managed-by': 'eck' },
    });
    keyIds[remoteCluster.name] = key.id;
    emulator.keystore(local.cluster).set(`cluster.remote.${remoteCluster.name}.credentials`, key.encoded);
    await es(localCluster, 'POST', '/_nodes/reload_secure_settings');
    await es(localCluster, 'PUT', '/_cluster/settings', {
      persistent: { [`cluster.remote.${remoteCluster.name}.mode`]: 'proxy', [`cluster.remote.${remoteCluster.name}.proxy_address`]: target.remoteClusterServerAddress },
    });
  }
  return keyIds;
}
