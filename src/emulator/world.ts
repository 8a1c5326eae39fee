/** The emulated clusters together: name and host lookup, and certificate-model trust between them. */
import type { EmulatorClock } from './clock';
import { EmulatedCluster } from './cluster';
import type { ConnectivityWorld } from './connectivity';
import type { EmulatedClusterOptions } from './types';

/**
 * Decides certificate trust for clusters a Cloud platform manages (deployment trust settings and
 * ECE trust relationships). Returns undefined when neither cluster is Cloud-managed, so declared
 * self-managed trust applies.
 */
export type ManagedTrust = (local: EmulatedCluster, remote: EmulatedCluster) => string[] | undefined;

/** Why Cloud traffic filters refuse a remote cluster server connection (undefined: they let it through). */
export type ManagedTrafficFilter = (local: EmulatedCluster, remote: EmulatedCluster) => string | undefined;

export class EmulatorWorld implements ConnectivityWorld {
  readonly clusters = new Map<string, EmulatedCluster>();
  private readonly hosts = new Map<string, EmulatedCluster>();
  managedTrust: ManagedTrust | undefined;
  managedTrafficFilter: ManagedTrafficFilter | undefined;

  constructor(readonly clock: EmulatorClock) {}

  addCluster(options: EmulatedClusterOptions & { host?: string }): EmulatedCluster {
    if (this.clusters.has(options.name)) throw new Error(`duplicate emulated cluster name [${options.name}]`);
    const cluster = new EmulatedCluster(options, this.clock);
    if (this.hosts.has(cluster.host)) throw new Error(`duplicate emulated cluster host [${cluster.host}]`);
    this.clusters.set(cluster.name, cluster);
    this.hosts.set(cluster.host, cluster);
    return cluster;
  }

  /** Another DNS name of a cluster's endpoints (a Cloud deployment's aliased endpoint). */
  addHostName(host: string, cluster: EmulatedCluster): void {
    const name = host.toLowerCase();
    if (this.hosts.has(name)) throw new Error(`duplicate emulated cluster host [${host}]`);
    this.hosts.set(name, cluster);
  }

  hasHost(host: string): boolean {
    return this.hosts.has(host.toLowerCase());
  }

  cluster(name: string): EmulatedCluster {
    const cluster = this.clusters.get(name);
    if (!cluster) throw new Error(`no emulated cluster named [${name}] (have: ${[...this.clusters.keys()].join(', ')})`);
    return cluster;
  }

  /** Certificate model, self-managed clusters: `from` trusts the certificates of `to` (one direction). */
  trust(from: string, to: string): void {
    this.cluster(from).trustedClusters.add(this.cluster(to).name);
  }

  clusterByName(name: string): EmulatedCluster | undefined {
    return this.clusters.get(name);
  }

  clusterByHost(host: string): EmulatedCluster | undefined {
    return this.hosts.get(host.toLowerCase());
  }

  now(): number {
    return this.clock.now();
  }

  sniffProblem(remote: EmulatedCluster): string | undefined {
    return remote.certificateScopeId !== undefined
      ? `remote cluster [${remote.name}] is a Cloud deployment, reachable through its proxy only: use proxy mode`
      : undefined;
  }

  remoteClusterFilterProblem(local: EmulatedCluster, remote: EmulatedCluster): string | undefined {
    return this.managedTrafficFilter?.(local, remote);
  }

  certificateTrustProblems(local: EmulatedCluster, remote: EmulatedCluster): string[] {
    const managed = this.managedTrust?.(local, remote);
    if (managed) return managed;
    const problems: string[] = [];
    if (local !== remote && !local.trustedClusters.has(remote.name)) {
      problems.push(`local cluster [${local.name}] does not trust the certificates of remote cluster [${remote.name}]`);
    }
    if (local !== remote && !remote.trustedClusters.has(local.name)) {
      problems.push(`remote cluster [${remote.name}] does not trust the certificates of local cluster [${local.name}]`);
    }
    return problems;
  }
}
