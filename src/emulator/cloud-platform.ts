/** Elastic Cloud / ECE state: environments, organizations, deployments (filled in by the Cloud part). */
import type { EmulatedCluster } from './cluster';
import { base64Id22, apiKeyId } from './ids';
import type { EmulatorWorld } from './world';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CloudTopologyOptions {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CloudTopology {}

export class CloudPlatform {
  readonly apiKey = Buffer.from(`${apiKeyId()}:${base64Id22()}`).toString('base64');
  cloudUrl = '';

  constructor(readonly world: EmulatorWorld, readonly options: CloudTopologyOptions) {}

  certificateTrustProblems(_local: EmulatedCluster, _remote: EmulatedCluster): string[] | undefined {
    return undefined;
  }

  portOf(_cluster: EmulatedCluster): number | undefined {
    return undefined;
  }

  attachEndpoints(cloudUrl: string): void {
    this.cloudUrl = cloudUrl;
  }

  topology(): CloudTopology {
    return {};
  }
}
