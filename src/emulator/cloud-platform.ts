/**
 * Elastic Cloud state: ECE environments (installation id, CA, region, platform trust relationships)
 * and ECH organizations (account id, regional CA), their deployments, each Elasticsearch resource
 * backed by an emulated cluster, and certificate-model trust decided from the deployments' trust
 * settings the way the seeds describe it.
 */
import { createCertificateAuthority, samePem } from './certificates';
import type { CertificateAuthorityPem } from './certificates';
import type { EmulatedCluster } from './cluster';
import { base64Id22, hex32, numericId } from './ids';
import { TrafficFilters } from './traffic-filters';
import type { EmulatorWorld } from './world';

export interface DeploymentOptions {
  /** Deployment name; also the emulator cluster name of its Elasticsearch resource (must be unique). */
  name: string;
  version?: string;
  /** Default `main-elasticsearch`. */
  refId?: string;
  /** Deployment alias (its aliased endpoint `<alias>.<domain>`); default derived from the name, unique. */
  alias?: string;
  nodes?: number;
}

export interface EceEnvironmentOptions {
  name: string;
  /** Default `ece-region`. */
  region?: string;
  installationId?: string;
  /** Serve this coordinator over HTTPS with a certificate signed by the environment's CA. Default false. */
  tls?: boolean;
  deployments?: DeploymentOptions[];
}

export interface EchOrganizationOptions {
  name: string;
  /** Default `gcp-us-central1`. */
  region?: string;
  deployments?: DeploymentOptions[];
}

export interface CloudTopologyOptions {
  ece?: EceEnvironmentOptions[];
  /** ECH organizations; one named `default` is created when none is given. */
  ech?: EchOrganizationOptions[];
}

export interface EceEnvironmentEndpoint {
  name: string;
  /** Coordinator API base URL (its own port). */
  url: string;
  apiKey: string;
  region: string;
  /** Environment id (scope id of its node certificates). */
  installationId: string;
  /** The environment's only account (trust `accounts[].account_id`). */
  accountId: string;
  caCertPem: string;
  /** Source address of the environment's outgoing connections (what an `ip` traffic filter rule names). */
  egressAddress: string;
  /** Id of the `local: true` trust relationship (the environment's own trust parameters). */
  localTrustRelationshipId: string;
}

export interface EchOrganizationEndpoint {
  name: string;
  /** Organization id: the account id of trust settings and the scope id of its node certificates. */
  id: string;
  apiKey: string;
  region: string;
  caCertPem: string;
  /** Source address of the organization's outgoing connections in its region (Elastic Cloud's egress IPs). */
  egressAddress: string;
}

export interface CloudDeploymentEndpoint {
  id: string;
  name: string;
  platform: 'ece' | 'ech';
  /** ECE environment or ECH organization name. */
  owner: string;
  region: string;
  refId: string;
  /** Elasticsearch cluster id of the resource (not the deployment id). */
  clusterId: string;
  /** Key of `clusters` for the backing emulated cluster. */
  cluster: string;
  /** The API's `aliased_endpoint` (`<alias>.<domain>`): a host of the cluster, as its own host is. */
  aliasedEndpoint: string;
  /** Cloud API base URL that manages this deployment. */
  cloudUrl: string;
  cloudApiKey: string;
  /** Source address of its outgoing remote cluster connections (what an `ip` traffic filter rule names). */
  egressAddress: string;
}

export interface CloudTopology {
  echUrl: string;
  ech: Record<string, EchOrganizationEndpoint>;
  ece: Record<string, EceEnvironmentEndpoint>;
  deployments: Record<string, CloudDeploymentEndpoint>;
}

export interface TrustRelationship {
  id: string;
  name: string;
  trustByDefault: boolean;
  accountIds: string[];
  publicCaCert: string;
  local: boolean;
  installationId?: string;
  lastModified: string;
  version: number;
}

export interface TrustEntry {
  trust_all: boolean;
  trust_allowlist?: string[];
}
export interface AccountTrust extends TrustEntry {
  account_id: string;
  name?: string;
}
export interface ExternalTrust extends TrustEntry {
  trust_relationship_id: string;
  name?: string;
}
export interface DirectTrust extends TrustEntry {
  uid?: string;
  name: string;
  type?: string;
  scope_id?: string;
  additional_node_names?: string[];
  certificates: { pem: string; metadata?: unknown }[];
}
export interface TrustSettings {
  accounts?: AccountTrust[];
  external?: ExternalTrust[];
  direct?: DirectTrust[];
}

export interface RemoteClusterRef {
  deployment_id: string;
  elasticsearch_ref_id: string;
  alias: string;
  skip_unavailable?: boolean;
}

/** An ECE environment or an ECH organization: who owns deployments and signs their certificates. */
export class Platform {
  readonly trustRelationships = new Map<string, TrustRelationship>();
  /** ECE: the environment's only account; ECH: the organization id itself. */
  readonly accountId: string;
  readonly apiKey = Buffer.from(`${base64Id22().slice(0, 20)}:${base64Id22()}`).toString('base64');
  /** Account-level default: new deployments trust all deployments of the account. */
  trustAllByDefault = true;
  url = '';
  /** ECE coordinators served over HTTPS (certificate signed by `ca`). */
  tls = false;
  /** DNS domain of the platform's (fake) cluster host names: `<cluster_id>.<domain>`. */
  readonly domain: string;
  /** Deployment template ids offered here; the first is what deployments are created from. */
  readonly deploymentTemplates: string[];
  /** Source address of connections its deployments open (ECH: the region's egress IP; ECE: its proxies' host). */
  egressAddress = '';

  constructor(
    readonly kind: 'ece' | 'ech',
    readonly name: string,
    readonly region: string,
    /** ECE installation id, or the ECH organization id. */
    readonly scopeId: string,
    readonly ca: CertificateAuthorityPem,
  ) {
    this.accountId = kind === 'ech' ? scopeId : hex32();
    this.domain = `${region}.${kind === 'ech' ? 'cloud' : name.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}.emulator.local`;
    // ECH names templates per cloud provider; ECE ships `default` and a few solution templates.
    const provider = ['aws', 'azure', 'gcp'].find((p) => region.startsWith(`${p}-`)) ?? 'gcp';
    this.deploymentTemplates = kind === 'ech'
      ? ['general-purpose', 'storage-optimized', 'cpu-optimized', 'vector-search-optimized'].map((t) => `${provider}-${t}`)
      : ['default', 'cross-cluster-search', 'observability', 'security'];
  }

  /** Whether deployments here and on `other` share the platform's certificates: both on ECH (any organization), or in one ECE environment. */
  samePlatformAs(other: Platform): boolean {
    return this.kind === 'ech' ? other.kind === 'ech' : this === other;
  }

  /** Fault and request-log target of this platform's API endpoint. */
  get target(): string {
    return this.kind === 'ech' ? 'cloud' : `ece:${this.name}`;
  }
}

export interface ElasticsearchResource {
  refId: string;
  region: string;
  cluster: EmulatedCluster;
  trust: TrustSettings;
  plan: Record<string, unknown>;
  remoteClusters: RemoteClusterRef[];
  /** Keystore settings written with `as_file: true`. */
  fileSecrets: Set<string>;
}

export interface Deployment {
  id: string;
  name: string;
  /** The deployment alias of its aliased endpoints. */
  alias: string;
  platform: Platform;
  /** Kibana cluster id encoded in the cloud id (the emulator serves no Kibana). */
  kibanaClusterId: string;
  version: number;
  created: string;
  lastModified: string;
  elasticsearch: ElasticsearchResource[];
}

const isoNow = (now: number): string => new Date(now).toISOString();

export class CloudPlatform {
  readonly platforms: Platform[] = [];
  readonly deployments = new Map<string, Deployment>();
  readonly trafficFilters = new TrafficFilters();
  private readonly byCluster = new Map<EmulatedCluster, { deployment: Deployment; resource: ElasticsearchResource }>();

  constructor(readonly world: EmulatorWorld, readonly options: CloudTopologyOptions) {}

  /** Generates the CAs and creates the declared environments, organizations and deployments. */
  async init(): Promise<void> {
    const notBefore = new Date(this.world.now() - 86_400_000);
    const organizations = this.options.ech && this.options.ech.length > 0 ? this.options.ech : [{ name: 'default' }];
    for (const org of organizations) {
      const region = org.region ?? 'gcp-us-central1';
      const platform = new Platform('ech', org.name, region, hex32(), await createCertificateAuthority(`Elastic Cloud ${region} CA`, notBefore));
      this.addPlatform(platform, org.deployments ?? []);
    }
    for (const env of this.options.ece ?? []) {
      const installationId = env.installationId ?? numericId();
      const platform = new Platform(
        'ece',
        env.name,
        env.region ?? 'ece-region',
        installationId,
        await createCertificateAuthority(`ECE ${env.name} (${installationId}) CA`, notBefore),
      );
      const local: TrustRelationship = {
        id: hex32(),
        name: env.name,
        trustByDefault: true,
        accountIds: [platform.accountId],
        publicCaCert: platform.ca.pem,
        local: true,
        installationId,
        lastModified: isoNow(this.world.now()),
        version: 1,
      };
      platform.trustRelationships.set(local.id, local);
      platform.tls = env.tls ?? false;
      this.addPlatform(platform, env.deployments ?? []);
    }
  }

  private addPlatform(platform: Platform, deployments: DeploymentOptions[]): void {
    if (this.platforms.some((p) => p.kind === platform.kind && p.name === platform.name)) {
      throw new Error(`duplicate ${platform.kind} name [${platform.name}]`);
    }
    // Documentation address ranges: ECH egress in 198.51.100.0/24, ECE environments in 203.0.113.0/24.
    const sameKind = this.platforms.filter((p) => p.kind === platform.kind).length;
    platform.egressAddress = `${platform.kind === 'ech' ? '198.51.100' : '203.0.113'}.${10 + sameKind}`;
    this.platforms.push(platform);
    for (const options of deployments) this.addDeployment(platform, options);
  }

  /** A new deployment and its cluster (not yet served); deployment names need not be unique, cluster names are. */
  addDeployment(platform: Platform, options: DeploymentOptions): Deployment {
    const clusterId = hex32();
    const version = options.version ?? '9.3.0';
    const cluster = this.world.addCluster({
      name: this.world.clusterByName(options.name) ? `${options.name}-${clusterId.slice(0, 8)}` : options.name,
      clusterId,
      clusterName: clusterId,
      version,
      nodes: options.nodes ?? 3,
      host: `${clusterId}.${platform.domain}`,
    });
    cluster.certificateScopeId = platform.scopeId;
    const now = isoNow(this.world.now());
    const resource: ElasticsearchResource = {
      refId: options.refId ?? 'main-elasticsearch',
      region: platform.region,
      cluster,
      trust: this.defaultTrust(platform),
      plan: defaultPlan(version, platform.deploymentTemplates[0]),
      remoteClusters: [],
      fileSecrets: new Set(),
    };
    const deployment: Deployment = {
      id: hex32(),
      name: options.name,
      alias: '',
      platform,
      kibanaClusterId: hex32(),
      version: 1,
      created: now,
      lastModified: now,
      elasticsearch: [resource],
    };
    // The aliased endpoint resolves to the cluster like its own host (proxy addresses, server names).
    const wanted = options.alias ?? options.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
    deployment.alias = this.world.hasHost(`${wanted}.${platform.domain}`) ? `${wanted}-${deployment.id.slice(0, 6)}` : wanted;
    this.world.addHostName(aliasedEndpoint(deployment), cluster);
    this.deployments.set(deployment.id, deployment);
    this.byCluster.set(cluster, { deployment, resource });
    this.trafficFilters.includeByDefault(deployment);
    return deployment;
  }

  defaultTrust(platform: Platform): TrustSettings {
    return { accounts: [{ account_id: platform.accountId, trust_all: platform.trustAllByDefault }] };
  }

  managed(cluster: EmulatedCluster): { deployment: Deployment; resource: ElasticsearchResource } | undefined {
    return this.byCluster.get(cluster);
  }

  touch(deployment: Deployment): void {
    deployment.version += 1;
    deployment.lastModified = isoNow(this.world.now());
  }

  /**
   * Certificate trust between two Cloud-managed clusters: undefined when either is not managed by a
   * Cloud platform (declared self-managed trust applies then).
   */
  certificateTrustProblems(local: EmulatedCluster, remote: EmulatedCluster): string[] | undefined {
    const from = this.byCluster.get(local);
    const to = this.byCluster.get(remote);
    if (!from || !to) return undefined;
    if (from === to) return [];
    return [...this.trustProblems(from, to, 'local'), ...this.trustProblems(to, from, 'remote')];
  }

  /**
   * Why the remote deployment's traffic filters refuse a remote cluster server connection from
   * `local`, or undefined (not a Cloud deployment, no rule set associated, or a rule allows it).
   * A self-managed cluster connects from its own host (the emulator's loopback).
   */
  remoteClusterFilterProblem(local: EmulatedCluster, remote: EmulatedCluster): string | undefined {
    const to = this.byCluster.get(remote);
    if (!to) return undefined;
    const from = this.byCluster.get(local);
    const platform = from?.deployment.platform;
    const side = { name: local.name, clusterId: local.clusterId, platform, sourceAddress: platform ? platform.egressAddress : '127.0.0.1' };
    return this.trafficFilters.remoteClusterProblem(side, to.deployment);
  }

  /** Whether `from`'s Elasticsearch resource trusts `to`'s (empty when it does). */
  trustProblems(
    from: { deployment: Deployment; resource: ElasticsearchResource },
    to: { deployment: Deployment; resource: ElasticsearchResource },
    side: 'local' | 'remote',
  ): string[] {
    const target = to.resource.cluster.clusterId;
    const covers = (entry: TrustEntry) => entry.trust_all || (entry.trust_allowlist ?? []).includes(target);
    const fromPlatform = from.deployment.platform;
    const toPlatform = to.deployment.platform;
    const hints: string[] = [];
    const sameAccountScope = fromPlatform.samePlatformAs(toPlatform);
    for (const entry of from.resource.trust.accounts ?? []) {
      if (entry.account_id !== toPlatform.accountId || !sameAccountScope) continue;
      if (covers(entry)) return [];
      hints.push(`its trust for account ${entry.account_id} does not allow cluster id ${target}`);
    }
    for (const entry of from.resource.trust.external ?? []) {
      const relationship = fromPlatform.kind === 'ece' ? fromPlatform.trustRelationships.get(entry.trust_relationship_id) : undefined;
      if (!relationship) {
        hints.push(`trust relationship ${entry.trust_relationship_id} does not exist in its environment`);
        continue;
      }
      if (relationship.installationId !== toPlatform.scopeId) continue;
      if (!samePem(relationship.publicCaCert, toPlatform.ca.pem)) {
        hints.push(`trust relationship ${relationship.id} holds a CA certificate that is not the CA of ${toPlatform.name}`);
        continue;
      }
      if (!covers(entry)) {
        hints.push(`its trust through trust relationship ${relationship.id} does not allow cluster id ${target}`);
        continue;
      }
      const back = [...toPlatform.trustRelationships.values()].find(
        (r) => !r.local && r.installationId === fromPlatform.scopeId && samePem(r.publicCaCert, fromPlatform.ca.pem),
      );
      if (toPlatform.kind === 'ece' && !back) {
        hints.push(`environment ${toPlatform.name} has no trust relationship with environment ${fromPlatform.name} (platform trust must go both ways)`);
        continue;
      }
      return [];
    }
    for (const entry of from.resource.trust.direct ?? []) {
      if (entry.scope_id !== undefined && entry.scope_id !== toPlatform.scopeId) continue;
      if (!entry.certificates.some((c) => samePem(c.pem, toPlatform.ca.pem))) {
        if (entry.scope_id === toPlatform.scopeId) hints.push(`direct trust ${entry.name} does not hold the CA certificate of ${toPlatform.name}`);
        continue;
      }
      if (covers(entry)) return [];
      hints.push(`its direct trust ${entry.name} does not allow cluster id ${target}`);
    }
    const who = `${side} deployment [${from.deployment.name}] (cluster id ${from.resource.cluster.clusterId})`;
    const whom = `deployment [${to.deployment.name}] (cluster id ${target})`;
    return [`${who} does not trust ${whom}${hints.length > 0 ? `: ${hints.join('; ')}` : ''}`];
  }

  platformOfTarget(target: string): Platform | undefined {
    return this.platforms.find((p) => p.target === target);
  }

  topology(): CloudTopology {
    const ech: Record<string, EchOrganizationEndpoint> = {};
    const ece: Record<string, EceEnvironmentEndpoint> = {};
    for (const platform of this.platforms) {
      if (platform.kind === 'ech') {
        ech[platform.name] = { name: platform.name, id: platform.accountId, apiKey: platform.apiKey, region: platform.region, caCertPem: platform.ca.pem, egressAddress: platform.egressAddress };
      } else {
        const local = [...platform.trustRelationships.values()].find((r) => r.local);
        ece[platform.name] = {
          name: platform.name,
          url: platform.url,
          apiKey: platform.apiKey,
          region: platform.region,
          installationId: platform.scopeId,
          accountId: platform.accountId,
          caCertPem: platform.ca.pem,
          egressAddress: platform.egressAddress,
          localTrustRelationshipId: local?.id ?? '',
        };
      }
    }
    const deployments: Record<string, CloudDeploymentEndpoint> = {};
    for (const deployment of this.deployments.values()) {
      const resource = deployment.elasticsearch[0];
      deployments[deployment.name] = {
        id: deployment.id,
        name: deployment.name,
        platform: deployment.platform.kind,
        owner: deployment.platform.name,
        region: resource.region,
        refId: resource.refId,
        clusterId: resource.cluster.clusterId,
        cluster: resource.cluster.name,
        aliasedEndpoint: aliasedEndpoint(deployment),
        cloudUrl: deployment.platform.url,
        cloudApiKey: deployment.platform.apiKey,
        egressAddress: deployment.platform.egressAddress,
      };
    }
    const echUrl = this.platforms.find((p) => p.kind === 'ech')?.url ?? '';
    return { echUrl, ech, ece, deployments };
  }
}

function defaultPlan(version: string, templateId: string): Record<string, unknown> {
  return {
    deployment_template: { id: templateId },
    elasticsearch: { version },
    cluster_topology: [
      {
        id: 'hot_content',
        zone_count: 1,
        instance_configuration_id: 'gcp.es.datahot.n2.68x10x45',
        size: { value: 4096, resource: 'memory' },
        node_roles: ['master', 'ingest', 'transform', 'data_hot', 'remote_cluster_client', 'data_content'],
      },
    ],
  };
}

/** A deployment's endpoint under its alias (ClusterMetadataInfo `aliased_endpoint`). */
export function aliasedEndpoint(deployment: Deployment): string {
  return `${deployment.alias}.${deployment.platform.domain}`;
}
