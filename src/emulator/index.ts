/**
 * The embedded Elastic emulator: Elasticsearch clusters (each on its own 127.0.0.1 port) and the
 * Elastic Cloud / ECE API, started from code or with `npx elastic-remote-emulator`.
 * Production code never imports this module; it imports nothing from the engine.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { issueServerCertificate } from './certificates';
import { CloudApi } from './cloud-api';
import type { CloudTopology, CloudTopologyOptions } from './cloud-platform';
import { CloudPlatform } from './cloud-platform';
import { EmulatorClock } from './clock';
import type { EmulatedCluster } from './cluster';
import { diagnoseRemote } from './connectivity';
import { ElasticsearchApi } from './es-api';
import { FaultInjector, faultSpecFromJson, seededRandom } from './faults';
import type { AdminRoutes, EmulatorRequest, EmulatorResponse, ServiceEndpoint } from './http-server';
import { EndpointServer, RequestLog, parseJsonBody } from './http-server';
import type {
  ConnectivityDiagnosis,
  EmulatedClusterEndpoint,
  EmulatedClusterOptions,
  FaultControl,
  KeystoreControl,
  RequestLogEntry,
} from './types';
import { EmulatorWorld } from './world';

export type * from './types';
export type {
  CloudDeploymentEndpoint,
  CloudTopology,
  CloudTopologyOptions,
  DeploymentOptions,
  EceEnvironmentEndpoint,
  EceEnvironmentOptions,
  EchOrganizationEndpoint,
  EchOrganizationOptions,
} from './cloud-platform';

export interface EmulatorOptions {
  /** Self-managed style clusters. Default: "local" and "remote". */
  clusters?: EmulatedClusterOptions[];
  /**
   * ECE environments and ECH organizations with their deployments; each deployment's Elasticsearch
   * resource is one more emulated cluster (named after the deployment). Default: one ECH organization
   * `default` without deployments.
   */
  cloud?: CloudTopologyOptions;
  /** Port of the Cloud API; when set, clusters without a port take the following ones. Default: ephemeral. */
  port?: number;
  /** Seed of the fault-injection randomness (reproducible probabilities). */
  seed?: number;
  /** Bearer token of the /_emulator admin routes. Default: random per start. */
  adminToken?: string;
}

export interface RunningEmulator {
  /** Base URL of the Elastic Cloud (ECH) API; each ECE environment has its own URL in `cloud.ece`. */
  cloudUrl: string;
  /** Cloud API key of the first ECH organization (for `Authorization: ApiKey ...`). */
  cloudApiKey: string;
  clusters: Record<string, EmulatedClusterEndpoint>;
  /** ECE environments, ECH organizations and deployments with their ids, endpoints and CA PEMs. */
  cloud: CloudTopology;
  /** Bearer token of the /_emulator admin routes (not any cluster's credential). */
  adminToken: string;
  faults: FaultControl;
  /** Requests that reached an emulated API (admin /_emulator routes excluded). */
  requestCount(): number;
  requestLog(): RequestLogEntry[];
  resetRequestLog(): void;
  /**
   * Calls `listener` right after each request to an emulated API has been answered (or dropped by a
   * fault), with its log entry: a test can act at an exact point of an apply. Returns the unsubscribe.
   */
  onAnswered(listener: (entry: RequestLogEntry) => void): () => void;
  clock: { now(): number; advance(ms: number): void };
  /** The keystore of a cluster, like `elasticsearch-keystore` on a self-managed node. */
  keystore(cluster: string): KeystoreControl;
  /** Certificate model, self-managed clusters: `from` trusts the certificates of `to` (one direction). */
  trust(from: string, to: string): void;
  untrust(from: string, to: string): void;
  /** Enables or disables the remote cluster server (port 9443) of a cluster. */
  setRemoteClusterServer(cluster: string, enabled: boolean): void;
  /** Why an alias of a cluster is (not) connected, in plain sentences. */
  diagnose(cluster: string, alias: string): ConnectivityDiagnosis;
  /** The JSON document `npx elastic-remote-emulator` prints. */
  describe(): EmulatorDescription;
  stop(): Promise<void>;
}

export interface EmulatorDescription {
  cloudUrl: string;
  cloudApiKey: string;
  clusters: Record<string, EmulatedClusterEndpoint>;
  cloud: CloudTopology;
  admin: Record<string, string>;
}

export const defaultClusters: EmulatedClusterOptions[] = [{ name: 'local' }, { name: 'remote' }];

const json = (status: number, body: unknown): EmulatorResponse => ({ status, body });

function adminRoutes(
  world: EmulatorWorld,
  faults: FaultInjector,
  log: RequestLog,
  describe: () => EmulatorDescription,
  token: string,
): AdminRoutes {
  const expected = Buffer.from(`Bearer ${token}`);
  return {
    authorizes(request) {
      const given = Buffer.from(String(request.headers.authorization ?? ''));
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
    handle(request: EmulatorRequest, rest: string[]): EmulatorResponse | undefined {
      const [area, ...tail] = rest;
      try {
        switch (`${request.method} ${area}`) {
          case 'GET topology':
            return json(200, describe());
          case 'GET diagnosis':
            if (tail.length !== 2) return json(400, { error: 'use /_emulator/diagnosis/{cluster}/{alias}' });
            return json(200, diagnoseRemote(world, world.cluster(tail[0]), tail[1]));
          case 'GET requests':
            return json(200, { count: log.count(), requests: log.list() });
          case 'DELETE requests':
            log.reset();
            return json(200, { acknowledged: true });
          case 'GET faults':
            return json(200, { fired: faults.fired() });
          case 'POST faults':
          case 'PUT faults': {
            const body = parseJsonBody(request);
            const specs = (Array.isArray(body) ? body : [body]).map(faultSpecFromJson);
            if (request.method === 'PUT') faults.set(specs);
            else specs.forEach((spec) => faults.add(spec));
            return json(200, { acknowledged: true });
          }
          case 'DELETE faults':
            faults.clear();
            return json(200, { acknowledged: true });
          case 'POST clock': {
            const body = parseJsonBody(request) as { advance_ms?: number } | undefined;
            world.clock.advance(Number(body?.advance_ms));
            return json(200, { now: world.clock.now() });
          }
          case 'POST keystore': {
            const body = parseJsonBody(request) as { setting?: string; value?: string } | undefined;
            if (!body?.setting || typeof body.value !== 'string') return json(400, { error: 'body must be {"setting": "...", "value": "..."}' });
            world.cluster(tail[0]).keystoreControl().set(body.setting, body.value);
            return json(200, { acknowledged: true });
          }
          case 'DELETE keystore':
            world.cluster(tail[0]).keystoreControl().remove(tail[1]);
            return json(200, { acknowledged: true });
          case 'POST trust': {
            const body = parseJsonBody(request) as { from?: string; to?: string } | undefined;
            world.trust(body?.from ?? '', body?.to ?? '');
            return json(200, { acknowledged: true });
          }
        }
      } catch (error) {
        return json(400, { error: (error as Error).message });
      }
      return undefined;
    },
  };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clock = new EmulatorClock();
  const world = new EmulatorWorld(clock);
  const faults = new FaultInjector(options.seed === undefined ? Math.random : seededRandom(options.seed));
  const log = new RequestLog();
  for (const cluster of options.clusters ?? defaultClusters) world.addCluster(cluster);
  const cloud = new CloudPlatform(world, options.cloud ?? {});
  await cloud.init();
  world.managedTrust = (local, remote) => cloud.certificateTrustProblems(local, remote);
  world.managedTrafficFilter = (local, remote) => cloud.remoteClusterFilterProblem(local, remote);

  let description: () => EmulatorDescription = () => {
    throw new Error('emulator not started');
  };
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url');
  const admin = adminRoutes(world, faults, log, () => description(), adminToken);
  const servers: EndpointServer[] = [];
  const serve = async (endpoint: ServiceEndpoint, port: number, tls?: { certPem: string; keyPem: string }): Promise<string> => {
    const server = new EndpointServer(endpoint, faults, log, admin, () => clock.now(), tls);
    servers.push(server);
    return server.listen(port);
  };
  // Clusters of deployments created through the Cloud API start serving on an ephemeral port.
  const serveCluster = async (cluster: EmulatedCluster): Promise<void> => {
    cluster.url = await serve(new ElasticsearchApi(cluster, world, clock), 0);
  };
  let cloudUrl = '';
  try {
    // The ECH API first (on --port when given), then each ECE coordinator, then the clusters.
    cloudUrl = await serve(new CloudApi(cloud, undefined, world, faults, serveCluster), options.port ?? 0);
    let nextPort = options.port ? options.port + 1 : 0;
    const take = (): number => (nextPort === 0 ? 0 : nextPort++);
    for (const platform of cloud.platforms) {
      if (platform.kind === 'ech') {
        platform.url = cloudUrl;
        continue;
      }
      const tls = platform.tls ? await issueServerCertificate(platform.ca, `coordinator.${platform.name}`) : undefined;
      platform.url = await serve(new CloudApi(cloud, platform, world, faults, serveCluster), take(), tls);
    }
    for (const cluster of world.clusters.values()) {
      const requested = (options.clusters ?? []).find((c) => c.name === cluster.name)?.port;
      cluster.url = await serve(new ElasticsearchApi(cluster, world, clock), requested ?? take());
    }
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()));
    throw error;
  }
  const cloudApiKey = cloud.platforms.find((p) => p.kind === 'ech')?.apiKey ?? '';

  const endpoints = (): Record<string, EmulatedClusterEndpoint> =>
    Object.fromEntries(
      [...world.clusters.values()].map((cluster) => [
        cluster.name,
        {
          url: cluster.url,
          apiKey: cluster.adminEncodedKey,
          username: cluster.username,
          password: cluster.password,
          clusterId: cluster.clusterId,
          clusterUuid: cluster.clusterUuid,
          clusterName: cluster.clusterName,
          version: cluster.version,
          transportAddress: cluster.transportAddress,
          remoteClusterServerAddress: cluster.remoteClusterServerAddress,
          signingCertificateDn: cluster.signingCertificateDn,
        },
      ]),
    );
  description = () => ({
    cloudUrl,
    cloudApiKey,
    clusters: endpoints(),
    cloud: cloud.topology(),
    admin: {
      token: adminToken,
      faults: `${cloudUrl}/_emulator/faults`,
      requests: `${cloudUrl}/_emulator/requests`,
      clock: `${cloudUrl}/_emulator/clock`,
      keystore: `${cloudUrl}/_emulator/keystore/{cluster}`,
      trust: `${cloudUrl}/_emulator/trust`,
      diagnosis: `${cloudUrl}/_emulator/diagnosis/{cluster}/{alias}`,
    },
  });

  return {
    cloudUrl,
    cloudApiKey,
    clusters: endpoints(),
    cloud: cloud.topology(),
    adminToken,
    faults,
    requestCount: () => log.count(),
    requestLog: () => log.list(),
    resetRequestLog: () => log.reset(),
    onAnswered: (listener) => log.onAnswered(listener),
    clock: { now: () => clock.now(), advance: (ms) => clock.advance(ms) },
    keystore: (cluster) => world.cluster(cluster).keystoreControl(),
    trust: (from, to) => world.trust(from, to),
    untrust: (from, to) => {
      world.cluster(from).trustedClusters.delete(world.cluster(to).name);
    },
    setRemoteClusterServer: (cluster, enabled) => {
      world.cluster(cluster).remoteClusterServer = enabled;
    },
    diagnose: (cluster, alias) => diagnoseRemote(world, world.cluster(cluster), alias),
    describe: () => description(),
    stop: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
