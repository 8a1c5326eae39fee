/**
 * The Elastic Cloud (ECH) and ECE REST API under /api/v1, written from the cloud/*-api-full.json
 * contracts: deployments (list, search, GET with show_settings/show_plans, PUT with optimistic
 * concurrency, one Elasticsearch resource, template migration), certificate authority, keystore,
 * certificate-model remote clusters, account, stack versions, and (ECE) the platform and its trust
 * relationships. Every path but /deployments may come under /regions/{region}, as Elastic's Go SDK
 * sends them when given a region.
 */
import { isPemCertificate } from './certificates';
import { aliasedEndpoint } from './cloud-platform';
import type {
  AccountTrust,
  CloudPlatform,
  DirectTrust,
  ExternalTrust,
  Deployment,
  ElasticsearchResource,
  Platform,
  RemoteClusterRef,
  TrustRelationship,
  TrustSettings,
} from './cloud-platform';
import { remoteSettingKey } from './cluster-settings';
import { TRANSPORT_PORT } from './cluster';
import type { EmulatedCluster } from './cluster';
import { InvalidSearchRequest, minimalMetadata, searchDocuments } from './deployment-search';
import type { ConnectivityWorld } from './connectivity';
import { diagnoseRemote } from './connectivity';
import type { FaultInjector } from './faults';
import type { EmulatorRequest, EmulatorResponse, ServiceEndpoint } from './http-server';
import { parseJsonBody } from './http-server';
import { hex32 } from './ids';
import { CloudHttpError, invalid, truthy, withoutNulls } from './cloud-errors';
import { isObject } from './es-json';
import { TrafficFilterApi } from './traffic-filters';

const aliasPattern = /^[A-Za-z0-9_-]+$/;

interface ResourceInfoOptions {
  showPlans: boolean;
  showSettings: boolean;
}

/** `<name>:<base64 of host:443$<es cluster id>$<kibana cluster id>>`, Elastic's cloud id format. */
function cloudId(deployment: Deployment, resource: ElasticsearchResource): string {
  const encoded = Buffer.from(`${deployment.platform.domain}:443$${resource.cluster.clusterId}$${deployment.kibanaClusterId}`).toString('base64');
  return `${deployment.name}:${encoded}`;
}

/** Stack versions every platform offers, next to those its deployments run. */
const offeredStackVersions = ['9.3.0', '9.2.4', '9.1.9', '8.19.8'];

const versionParts = (version: string): number[] => version.split('.').map(Number);
function compareVersions(a: string, b: string): number {
  const [x, y] = [versionParts(a), versionParts(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

function versionHeaders(version: number, created: string, lastModified: string): Record<string, string> {
  return { 'x-cloud-resource-version': String(version), 'x-cloud-resource-created': created, 'x-cloud-resource-last-modified': lastModified };
}

function checkTrustEntry(sent: unknown, field: string, required: string[]): Record<string, unknown> {
  if (!isObject(sent)) throw invalid(`${field} must be an object`, [field]);
  const entry = withoutNulls(sent);
  for (const name of required) {
    if (entry[name] === undefined || entry[name] === null) throw invalid(`${field}.${name} is required`, [`${field}.${name}`]);
  }
  if (typeof entry.trust_all !== 'boolean') throw invalid(`${field}.trust_all must be a boolean`, [`${field}.trust_all`]);
  if (entry.trust_allowlist !== undefined && (!Array.isArray(entry.trust_allowlist) || entry.trust_allowlist.some((id) => typeof id !== 'string'))) {
    throw invalid(`${field}.trust_allowlist must be an array of strings`, [`${field}.trust_allowlist`]);
  }
  return entry;
}

/** ElasticsearchClusterTrustSettings as the API accepts it. */
function parseTrustSettings(value: unknown): TrustSettings {
  if (!isObject(value)) throw invalid('settings.trust must be an object', ['settings.trust']);
  const list = (name: 'accounts' | 'external' | 'direct'): unknown[] | undefined => {
    const raw = value[name];
    if (raw === undefined || raw === null) return undefined;
    if (!Array.isArray(raw)) throw invalid(`settings.trust.${name} must be an array`, [`settings.trust.${name}`]);
    return raw;
  };
  const trust: TrustSettings = {};
  const accounts = list('accounts');
  // Entries are kept as sent (unknown fields included), like the API stores them.
  if (accounts) trust.accounts = accounts.map((e, i) => checkTrustEntry(e, `settings.trust.accounts[${i}]`, ['account_id', 'trust_all']) as unknown as AccountTrust);
  const external = list('external');
  if (external) trust.external = external.map((e, i) => checkTrustEntry(e, `settings.trust.external[${i}]`, ['trust_relationship_id', 'trust_all']) as unknown as ExternalTrust);
  const direct = list('direct');
  if (direct) {
    trust.direct = direct.map((e, i) => {
      const field = `settings.trust.direct[${i}]`;
      const entry = checkTrustEntry(e, field, ['name', 'certificates', 'trust_all']);
      if (!Array.isArray(entry.certificates) || entry.certificates.some((c) => !isObject(c) || typeof c.pem !== 'string' || !isPemCertificate(c.pem))) {
        throw invalid(`${field}.certificates must hold PEM certificates ({"pem": "-----BEGIN CERTIFICATE-----..."})`, [`${field}.certificates`]);
      }
      return { uid: typeof entry.uid === 'string' ? entry.uid : hex32(), ...entry } as unknown as DirectTrust;
    });
  }
  return trust;
}

interface ElasticsearchPayload {
  refId: string;
  region: string;
  plan: Record<string, unknown>;
  /** Given: replaces; null: the account default; undefined: left as it is. */
  trust: TrustSettings | null | undefined;
}

/** The `resources.elasticsearch` payloads of a create or update request, validated. */
function parseElasticsearchPayloads(body: Record<string, unknown>): ElasticsearchPayload[] {
  if (body.resources !== undefined && body.resources !== null && !isObject(body.resources)) throw invalid('resources must be an object', ['resources']);
  const payloads = (body.resources as Record<string, unknown> | undefined | null)?.elasticsearch ?? [];
  if (!Array.isArray(payloads)) throw invalid('resources.elasticsearch must be an array', ['resources.elasticsearch']);
  return payloads.map((payload, i) => {
    const field = `resources.elasticsearch[${i}]`;
    if (!isObject(payload)) throw invalid(`${field} must be an object`, [field]);
    for (const name of ['ref_id', 'region', 'plan']) {
      if (payload[name] === undefined || payload[name] === null) throw invalid(`${field}.${name} is required`, [`${field}.${name}`]);
    }
    const plan = withoutNulls(payload.plan);
    if (!isObject(plan) || !Array.isArray(plan.cluster_topology) || !isObject(plan.elasticsearch)) {
      throw invalid(`${field}.plan must hold cluster_topology and elasticsearch`, [`${field}.plan`]);
    }
    const settings = payload.settings;
    if (settings !== undefined && settings !== null && !isObject(settings)) throw invalid(`${field}.settings must be an object`, [`${field}.settings`]);
    let trust: TrustSettings | null | undefined;
    if (isObject(settings) && 'trust' in settings) trust = settings.trust === null ? null : parseTrustSettings(settings.trust);
    return { refId: String(payload.ref_id), region: String(payload.region), plan, trust };
  });
}

/** TrustRelationshipCreateResponse / TrustRelationshipUpdateResponse. */
function trustRelationshipWriteBody(relationship: TrustRelationship): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: relationship.id,
    name: relationship.name,
    trust_by_default: relationship.trustByDefault,
    account_ids: relationship.accountIds,
    local: relationship.local,
  };
  if (relationship.installationId !== undefined) body.installation_id = relationship.installationId;
  return body;
}

/** TrustRelationshipGetResponse: the write shape plus last_modified and, on request, the CA. */
function trustRelationshipBody(relationship: TrustRelationship, includeCertificate: boolean): Record<string, unknown> {
  const body = { ...trustRelationshipWriteBody(relationship), last_modified: relationship.lastModified };
  return includeCertificate ? { ...body, public_ca_cert: relationship.publicCaCert } : body;
}

export class CloudApi implements ServiceEndpoint {
  readonly isCloud = true;

  constructor(
    private readonly cloud: CloudPlatform,
    /** The ECE environment this coordinator serves; undefined for the ECH API (all organizations). */
    private readonly environment: Platform | undefined,
    private readonly world: ConnectivityWorld,
    private readonly faults: FaultInjector,
    /** Starts serving a cluster created through the API (a new deployment). */
    private readonly serveCluster: (cluster: EmulatedCluster) => Promise<void>,
  ) {
    this.trafficFilterApi = new TrafficFilterApi(cloud.trafficFilters, (platform, id) => this.deployment(platform, id), (request) => this.body(request));
  }

  private readonly trafficFilterApi: TrafficFilterApi;

  get target(): string {
    return this.environment ? this.environment.target : 'cloud';
  }

  faultResponse(status: number): EmulatorResponse {
    const codes: Record<number, string> = { 429: 'root.rate_limited', 502: 'root.bad_gateway', 503: 'root.service_unavailable', 504: 'root.gateway_timeout' };
    return new CloudHttpError(status, codes[status] ?? 'root.unexpected_error', `emulated failure ${status}`).response();
  }

  async handle(request: EmulatorRequest): Promise<EmulatorResponse> {
    try {
      const platform = this.authenticate(request);
      return await this.route(request, platform);
    } catch (error) {
      if (error instanceof CloudHttpError) return error.response();
      if (error instanceof SyntaxError) return invalid(`The request body is not valid JSON: ${error.message}`).response();
      throw error;
    }
  }

  private authenticate(request: EmulatorRequest): Platform {
    const header = request.headers.authorization ?? '';
    const match = /^ApiKey\s+(\S+)$/i.exec(header);
    if (!match) throw new CloudHttpError(401, 'root.unauthenticated', 'The supplied authentication is invalid');
    const candidates = this.environment ? [this.environment] : this.cloud.platforms.filter((p) => p.kind === 'ech');
    const platform = candidates.find((p) => p.apiKey === match[1]);
    if (!platform) throw new CloudHttpError(401, 'root.invalid_authentication', 'The supplied authentication is invalid');
    return platform;
  }

  private route(request: EmulatorRequest, platform: Platform): EmulatorResponse | Promise<EmulatorResponse> {
    const segments = request.path.split('/').filter((s) => s.length > 0);
    if (segments[0] !== 'api' || segments[1] !== 'v1') throw this.notFound(request);
    let rest = segments.slice(2);
    const { method } = request;
    if (rest[0] === 'regions' && rest.length > 2) {
      if (rest[1] !== platform.region) throw new CloudHttpError(404, 'root.resource_not_found', `Region [${rest[1]}] does not exist`);
      rest = rest.slice(2);
    }
    if (rest[0] === 'platform' && platform.kind === 'ece') {
      if (rest.length === 1 && method === 'GET') return this.platformInfo(platform);
      if (rest[1] === 'configuration' && rest[2] === 'trust-relationships') return this.trustRelationships(request, platform, rest[3], rest.length);
    }
    if (rest[0] === 'stack' && rest[1] === 'versions' && rest.length === 2 && method === 'GET') return this.stackVersions(platform);
    if (rest[0] === 'account' && rest.length === 1) return this.account(request, platform);
    if (rest[0] === 'deployments' && rest.length === 1 && method === 'GET') return this.listDeployments(platform);
    if (rest[0] === 'deployments' && rest.length === 1 && method === 'POST') return this.createDeployment(request, platform);
    // `traffic-filter` and `_search` are operations, never deployment ids.
    if (rest[0] === 'deployments' && rest[1] === 'traffic-filter') {
      const served = this.trafficFilterApi.route(request, platform, rest.slice(2));
      if (served) return served;
      throw this.notFound(request);
    }
    if (rest[0] === 'deployments' && rest[1] === '_search') {
      if (rest.length === 2 && method === 'POST') return this.searchDeployments(request, platform);
      throw this.notFound(request);
    }
    if (rest[0] === 'deployments' && rest.length >= 2) {
      const deployment = this.deployment(platform, rest[1]);
      if (rest.length === 2 && method === 'GET') return this.getDeployment(request, deployment);
      if (rest.length === 2 && method === 'PUT') return this.putDeployment(request, deployment);
      if (rest.length === 3 && rest[2] === 'certificate-authority' && method === 'GET') return this.certificateAuthority(deployment);
      if (rest.length === 3 && rest[2] === 'migrate_template' && method === 'GET') return this.migrateTemplate(request, deployment);
      if (rest.length === 4 && rest[2] === 'elasticsearch' && method === 'GET') {
        // The contract's defaults for this operation: plans shown, settings not.
        const resource = this.resource(deployment, rest[3]);
        return { status: 200, body: this.resourceInfo(deployment, resource, { showPlans: request.query.get('show_plans') !== 'false', showSettings: truthy(request.query.get('show_settings')) }) };
      }
      if (rest.length === 5 && rest[2] === 'elasticsearch') {
        const resource = this.resource(deployment, rest[3]);
        if (rest[4] === 'keystore' && method === 'GET') return this.keystore(resource);
        if (rest[4] === 'keystore' && method === 'PATCH') return this.patchKeystore(request, resource);
        if (rest[4] === 'remote-clusters' && method === 'GET') return this.getRemoteClusters(resource);
        if (rest[4] === 'remote-clusters' && method === 'PUT') return this.putRemoteClusters(request, deployment, resource);
      }
    }
    throw this.notFound(request);
  }

  private notFound(request: EmulatorRequest): CloudHttpError {
    return new CloudHttpError(404, 'root.resource_not_found', `The requested resource could not be found: ${request.method} ${request.path}`);
  }

  private deployment(platform: Platform, id: string): Deployment {
    const deployment = this.cloud.deployments.get(id);
    if (!deployment || deployment.platform !== platform) {
      throw new CloudHttpError(404, 'deployments.deployment_not_found', `The requested deployment [${id}] could not be found`);
    }
    return deployment;
  }

  private resource(deployment: Deployment, refId: string): ElasticsearchResource {
    const resource = refId === '_main' && deployment.elasticsearch.length === 1 ? deployment.elasticsearch[0] : deployment.elasticsearch.find((r) => r.refId === refId);
    if (!resource) {
      throw new CloudHttpError(404, 'deployments.deployment_resource_not_found', `The requested resource [${refId}] of deployment [${deployment.id}] could not be found`);
    }
    return resource;
  }

  private body(request: EmulatorRequest): Record<string, unknown> {
    const body = parseJsonBody(request);
    if (!isObject(body)) throw invalid('The request body must be a JSON object');
    return body;
  }

  // ---------------------------------------------------------------------------------- deployments

  /** ElasticsearchResourceInfo. */
  private resourceInfo(deployment: Deployment, resource: ElasticsearchResource, show: ResourceInfoOptions): Record<string, unknown> {
    const cluster = resource.cluster;
    const listening = new URL(cluster.url);
    const current: Record<string, unknown> = {
      plan_attempt_id: `attempt-${String(deployment.version).padStart(10, '0')}`,
      plan_attempt_name: `attempt-${String(deployment.version).padStart(10, '0')}`,
      healthy: true,
      attempt_start_time: deployment.lastModified,
      attempt_end_time: deployment.lastModified,
      plan_attempt_log: [],
      warnings: [],
    };
    if (show.showPlans) current.plan = resource.plan;
    const info: Record<string, unknown> = {
      cluster_id: cluster.clusterId,
      cluster_name: deployment.name,
      deployment_id: deployment.id,
      healthy: true,
      status: 'started',
      region: resource.region,
      plan_info: { healthy: true, current, history: [] },
      elasticsearch: {
        healthy: true,
        blocking_issues: { healthy: true, cluster_level: [], index_level: [] },
        master_info: { healthy: true, instances_with_no_master: [], masters: [{ master_node_id: cluster.nodes[0].id, instances: cluster.nodes.map((n) => n.name) }] },
        shard_info: { healthy: true, available_shards: [], unavailable_shards: [], unavailable_replicas: [] },
      },
      // The endpoints are the emulator's listening address, so what a client builds from them (the
      // `ec` provider: http://<endpoint>:<ports.http>) reaches the cluster. The aliased endpoint keeps the
      // platform's DNS shape and, like the cluster's own host, resolves in proxy addresses and server names.
      metadata: {
        version: deployment.version,
        last_modified: deployment.lastModified,
        endpoint: listening.hostname,
        service_url: cluster.url,
        aliased_endpoint: aliasedEndpoint(deployment),
        aliased_url: cluster.url,
        cloud_id: cloudId(deployment, resource),
        ports: { http: Number(listening.port), https: Number(listening.port), transport_passthrough: TRANSPORT_PORT},
      },
      topology: {
        healthy: true,
        instances: cluster.nodes.map((node) => ({
          instance_name: node.name,
          service_version: cluster.version,
          healthy: true,
          container_started: true,
          service_running: true,
          maintenance_mode: false,
          zone: `${resource.region}-a`,
        })),
      },
      associated_kibana_clusters: [],
      associated_apm_clusters: [],
      associated_appsearch_clusters: [],
      associated_enterprise_search_clusters: [],
      snapshots: { count: 0, healthy: true, recent_success: false },
      external_links: [],
    };
    if (show.showSettings) info.settings = { trust: resource.trust, metadata: { name: deployment.name } };
    return { ref_id: resource.refId, id: cluster.clusterId, region: resource.region, info };
  }

  /** DeploymentGetResponse, also the document of each DeploymentSearchResponse. */
  private deploymentBody(deployment: Deployment, show: ResourceInfoOptions): Record<string, unknown> {
    return {
      id: deployment.id,
      name: deployment.name,
      alias: deployment.alias,
      healthy: true,
      resources: {
        elasticsearch: deployment.elasticsearch.map((resource) => this.resourceInfo(deployment, resource, show)),
        kibana: [],
        apm: [],
        appsearch: [],
        enterprise_search: [],
        integrations_server: [],
      },
      metadata: {
        last_modified: deployment.lastModified,
        last_resource_plan_modified: deployment.lastModified,
        organization_id: deployment.platform.kind === 'ech' ? deployment.platform.accountId : undefined,
        owner_id: deployment.platform.accountId,
        system_owned: false,
        hidden: false,
      },
    };
  }

  private getDeployment(request: EmulatorRequest, deployment: Deployment): EmulatorResponse {
    const body = this.deploymentBody(deployment, { showPlans: truthy(request.query.get('show_plans')), showSettings: truthy(request.query.get('show_settings')) });
    return { status: 200, body, headers: versionHeaders(deployment.version, deployment.created, deployment.lastModified) };
  }

  /** DeploymentResource entries of a deployment (list and update answers). */
  private deploymentResources(deployment: Deployment): Record<string, unknown>[] {
    return deployment.elasticsearch.map((resource) => ({
      id: resource.cluster.clusterId,
      kind: 'elasticsearch',
      ref_id: resource.refId,
      region: resource.region,
      cloud_id: cloudId(deployment, resource),
    }));
  }

  private ownDeployments(platform: Platform): Deployment[] {
    return [...this.cloud.deployments.values()].filter((d) => d.platform === platform);
  }

  private listDeployments(platform: Platform): EmulatorResponse {
    const deployments = this.ownDeployments(platform).map((d) => ({ id: d.id, name: d.name, resources: this.deploymentResources(d) }));
    return { status: 200, body: { deployments } };
  }

  /**
   * DeploymentCreateResponse (201; 200 with validate_only). The new deployment's cluster starts
   * serving at once, with the plan's version and the template of the plan or of `template_id`.
   */
  private async createDeployment(request: EmulatorRequest, platform: Platform): Promise<EmulatorResponse> {
    const body = this.body(request);
    const payloads = parseElasticsearchPayloads(body);
    if (payloads.length !== 1) throw invalid('The emulator creates deployments with exactly one Elasticsearch resource', ['resources.elasticsearch']);
    const [{ refId, region, plan, trust }] = payloads;
    if (region !== platform.region) throw invalid(`resources.elasticsearch[0].region [${region}] is not a region of this platform [${platform.region}]`, ['resources.elasticsearch[0].region']);
    const template = isObject(plan.deployment_template) ? plan.deployment_template.id : request.query.get('template_id') ?? platform.deploymentTemplates[0];
    if (typeof template !== 'string' || !platform.deploymentTemplates.includes(template)) {
      throw new CloudHttpError(400, 'deployments.template_not_found', `The deployment template [${String(template)}] could not be found`, ['resources.elasticsearch[0].plan.deployment_template.id']);
    }
    const version = (plan.elasticsearch as Record<string, unknown>).version;
    if (typeof version !== 'string' || !/^\d+\.\d+\.\d+$/.test(version)) throw invalid('resources.elasticsearch[0].plan.elasticsearch.version must be a stack version such as 9.3.0', ['resources.elasticsearch[0].plan.elasticsearch.version']);
    const name = typeof body.name === 'string' && body.name.trim() !== '' ? body.name : template;
    const alias = typeof body.alias === 'string' && body.alias !== '' ? body.alias : undefined;
    if (alias !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(alias)) throw invalid('alias must hold lowercase letters, digits and dashes', ['alias']);
    if (truthy(request.query.get('validate_only'))) {
      return { status: 200, body: { id: '', name, created: false, resources: [] } };
    }
    const deployment = this.cloud.addDeployment(platform, { name, version, refId, alias });
    const [resource] = deployment.elasticsearch;
    resource.plan = { ...plan, deployment_template: { id: template } };
    if (trust) resource.trust = trust;
    await this.serveCluster(resource.cluster);
    const resources = this.deploymentResources(deployment).map((entry) => ({ ...entry, credentials: { username: resource.cluster.username, password: resource.cluster.password } }));
    return { status: 201, body: { id: deployment.id, name: deployment.name, alias: deployment.alias, created: true, resources }, headers: versionHeaders(deployment.version, deployment.created, deployment.lastModified) };
  }

  /** DeploymentsSearchResponse; without a body every deployment matches (the contract). */
  private searchDeployments(request: EmulatorRequest, platform: Platform): EmulatorResponse {
    const body = parseJsonBody(request) ?? {};
    if (!isObject(body)) throw invalid('The request body must be a JSON object');
    const documents = this.ownDeployments(platform).map((d) => this.deploymentBody(d, { showPlans: true, showSettings: true }));
    try {
      const { page, matchCount } = searchDocuments(documents, body);
      const attributes = request.query.get('minimal_metadata');
      // minimal_metadata moves the result there, leaving `deployments` empty (the contract).
      const result = attributes === null ? { deployments: page } : { deployments: [], minimal_metadata: minimalMetadata(page, attributes) };
      return { status: 200, body: { return_count: page.length, match_count: matchCount, ...result } };
    } catch (error) {
      if (error instanceof InvalidSearchRequest) throw invalid(error.message, [error.field]);
      throw error;
    }
  }

  /** The DeploymentUpdateRequest that would move the deployment to another template (nothing changes). */
  private migrateTemplate(request: EmulatorRequest, deployment: Deployment): EmulatorResponse {
    const templateId = request.query.get('template_id');
    if (templateId === null || templateId === '') throw invalid('template_id is required', ['template_id']);
    if (!deployment.platform.deploymentTemplates.includes(templateId)) {
      throw new CloudHttpError(400, 'deployments.template_not_found', `The deployment template [${templateId}] could not be found`, ['template_id']);
    }
    const elasticsearch = deployment.elasticsearch.map((resource) => ({
      ref_id: resource.refId,
      region: resource.region,
      plan: { ...resource.plan, deployment_template: { id: templateId } },
      settings: { trust: resource.trust },
    }));
    return { status: 200, body: { name: deployment.name, alias: deployment.alias, prune_orphans: false, resources: { elasticsearch } } };
  }

  private putDeployment(request: EmulatorRequest, deployment: Deployment): EmulatorResponse {
    const body = this.body(request);
    if (typeof body.prune_orphans !== 'boolean') throw invalid('prune_orphans is required', ['prune_orphans']);
    // Validate everything before changing anything, as the API does.
    const changes = parseElasticsearchPayloads(body).map(({ refId, region, plan, trust }, i) => {
      const resource = deployment.elasticsearch.find((r) => r.refId === refId);
      if (!resource) {
        throw new CloudHttpError(400, 'deployments.deployment_resource_not_found', `Deployment [${deployment.id}] has no Elasticsearch resource [${refId}]`);
      }
      if (region !== resource.region) {
        throw invalid(`resources.elasticsearch[${i}].region [${region}] does not match the resource region [${resource.region}]`, [`resources.elasticsearch[${i}].region`]);
      }
      return { resource, plan, trust };
    });
    // A version_conflict fault is a concurrent writer landing just before this request.
    if (this.faults.active && this.faults.draw(request.method, request.path, this.target, ['version_conflict']).length > 0) {
      this.cloud.touch(deployment);
    }
    const expected = request.query.get('version');
    if (expected !== null && expected !== String(deployment.version)) {
      throw new CloudHttpError(409, 'deployments.version_conflict', `The deployment version [${expected}] does not match the current version [${deployment.version}]`);
    }
    if (truthy(request.query.get('validate_only'))) return this.updateResponse(deployment);
    for (const { resource, plan, trust } of changes) {
      // A plan without deployment_template keeps the deployment's template.
      resource.plan = plan.deployment_template === undefined ? { ...plan, deployment_template: resource.plan.deployment_template } : plan;
      if (trust === null) resource.trust = this.cloud.defaultTrust(deployment.platform);
      else if (trust !== undefined) resource.trust = trust;
    }
    if (typeof body.name === 'string' && body.name.trim() !== '') deployment.name = body.name;
    this.cloud.touch(deployment);
    return this.updateResponse(deployment);
  }

  private updateResponse(deployment: Deployment): EmulatorResponse {
    return {
      status: 200,
      body: {
        id: deployment.id,
        name: deployment.name,
        resources: this.deploymentResources(deployment),
      },
      headers: versionHeaders(deployment.version, deployment.created, deployment.lastModified),
    };
  }

  private certificateAuthority(deployment: Deployment): EmulatorResponse {
    const ca = deployment.platform.ca;
    return {
      status: 200,
      body: {
        recommended_trust_restriction: `*.node.*.cluster.${deployment.platform.scopeId}`,
        public_certificates: [{ pem: ca.pem, metadata: { fingerprint: ca.fingerprint, valid_from: ca.validFrom, valid_to: ca.validTo }, active: true }],
      },
    };
  }

  // ------------------------------------------------------------------------- stack and platform

  /** StackVersionConfigs, newest first; each version upgrades to every newer one. */
  private stackVersions(platform: Platform): EmulatorResponse {
    const running = this.ownDeployments(platform).flatMap((d) => d.elasticsearch.map((r) => r.cluster.version));
    const versions = [...new Set([...offeredStackVersions, ...running])].sort((a, b) => compareVersions(b, a));
    const image = (product: string, version: string) => platform.kind === 'ech'
      ? `docker.elastic.co/cloud-release/${product}-cloud-ess:${version}`
      : `docker.elastic.co/cloud-assets/${product}:${version}-0`;
    const stacks = versions.map((version) => ({
      version,
      template: { template_version: version, hashes: [] },
      elasticsearch: { docker_image: image('elasticsearch', version), plugins: ['analysis-icu', 'analysis-kuromoji', 'repository-s3'], default_plugins: [], blacklist: [] },
      kibana: { version, docker_image: image('kibana', version), blacklist: [] },
      upgradable_to: versions.filter((other) => compareVersions(other, version) > 0).reverse(),
      // Major upgrades go through the last minor of the previous major.
      min_upgradable_from: versionParts(version)[0] >= 9 ? '8.19.0' : '7.17.0',
      deleted: false,
      accessible: true,
      whitelisted: true,
    }));
    return { status: 200, body: { stacks } };
  }

  /** PlatformInfo of an ECE installation: its version and its one region, healthy. */
  private platformInfo(platform: Platform): EmulatorResponse {
    const zone = `${platform.region}-a`;
    const allocators = this.ownDeployments(platform).length;
    const region = {
      region_id: platform.region,
      zookeeper_states: { states: [] },
      allocators: {
        healthy: true,
        zone_summaries: [{ zone_id: zone, total_allocators: allocators, healthy_allocators: allocators, connected_allocators: allocators, disconnected_allocators: 0, in_maintenance_allocators: 0, connected_capacity: allocators * 65536, max_available_capacity: 65536, instances: allocators }],
      },
      runners: { healthy: true, total_runners: allocators, healthy_runners: allocators, connected_runners: allocators, connected_capacity: allocators * 65536, max_available_capacity: 65536, containers_count: allocators },
      proxies: { healthy: true, expected_proxies_count: 1, proxies_count: 1, proxies: [] },
      container_sets_status: { healthy: true, healthy_container_sets_count: 1, unhealthy_container_sets_count: 0, unhealthy_container_sets: [] },
      constructors: { constructors: [] },
      coordinators: { coordinators: [] },
      resources: { healthy: true, available_count: 1, used_count: 0, missing_count: 0, minimum_available_count: 1, account_count: 1 },
    };
    return { status: 200, body: { version: '3.8.0', services: [], phone_home_enabled: false, eula_accepted: true, regions: [region], unreachable_regions: [] } };
  }

  // ------------------------------------------------------------------------------------- keystore

  private keystore(resource: ElasticsearchResource): EmulatorResponse {
    // Values are never returned, only names (and whether each is a file).
    const secrets = Object.fromEntries([...resource.cluster.keystoreFile.keys()].sort().map((name) => [name, { as_file: resource.fileSecrets.has(name) }]));
    return { status: 200, body: { secrets } };
  }

  private patchKeystore(request: EmulatorRequest, resource: ElasticsearchResource): EmulatorResponse {
    const body = this.body(request);
    if (!isObject(body.secrets)) throw invalid('secrets is required and must be an object', ['secrets']);
    const changes = Object.entries(body.secrets).map(([name, secret]) => {
      if (!/^[a-z0-9_\-.]+$/i.test(name)) throw invalid(`Invalid keystore setting name [${name}]`, [`secrets.${name}`]);
      // The contract: "When the keystore secret is unspecified, it is removed": no value, a null value or a
      // null secret. An empty value removes too: Elastic's Go clients send `"value": ""` for a removed setting.
      if (secret === null || (isObject(secret) && (secret.value === undefined || secret.value === null || secret.value === ''))) return { name, remove: true as const };
      if (!isObject(secret)) throw invalid(`secrets.${name} must be an object`, [`secrets.${name}`]);
      if (secret.as_file !== undefined && typeof secret.as_file !== 'boolean') throw invalid(`secrets.${name}.as_file must be a boolean`, [`secrets.${name}.as_file`]);
      const value = typeof secret.value === 'string' ? secret.value : JSON.stringify(secret.value);
      return { name, remove: false as const, value, asFile: secret.as_file === true };
    });
    const files = resource.fileSecrets;
    for (const change of changes) {
      if (change.remove) {
        resource.cluster.writeKeystore(change.name, null);
        files.delete(change.name);
      } else {
        resource.cluster.writeKeystore(change.name, change.value);
        if (change.asFile) files.add(change.name);
        else files.delete(change.name);
      }
    }
    // Cloud applies keystore changes to the nodes; 8.13+ reloads remote cluster credentials on its own.
    const [major, minor] = resource.cluster.version.split('.').map(Number);
    if (major > 8 || (major === 8 && minor >= 13)) resource.cluster.reloadSecureSettings();
    return this.keystore(resource);
  }

  // ------------------------------------------------------------------------------ remote clusters

  private getRemoteClusters(resource: ElasticsearchResource): EmulatorResponse {
    const local = this.cloud.managed(resource.cluster);
    const resources = resource.remoteClusters.map((ref) => {
      const remoteDeployment = this.cloud.deployments.get(ref.deployment_id);
      const remoteResource = remoteDeployment?.elasticsearch.find((r) => r.refId === ref.elasticsearch_ref_id);
      const remote = remoteDeployment && remoteResource ? { deployment: remoteDeployment, resource: remoteResource } : undefined;
      const [localMajor] = resource.cluster.version.split('.').map(Number);
      const [remoteMajor] = (remoteResource?.cluster.version ?? '0').split('.').map(Number);
      return {
        ...ref,
        skip_unavailable: ref.skip_unavailable ?? false,
        info: {
          healthy: remote !== undefined,
          connected: diagnoseRemote(this.world, resource.cluster, ref.alias).connected,
          compatible: remote !== undefined && Math.abs(localMajor - remoteMajor) <= 1,
          trusted: remote !== undefined && local !== undefined && this.cloud.trustProblems(local, remote, 'local').length === 0,
          trusted_back: remote !== undefined && local !== undefined && this.cloud.trustProblems(remote, local, 'remote').length === 0,
        },
      };
    });
    return { status: 200, body: { resources } };
  }

  /** Replaces the whole list and writes the matching proxy-mode settings on the local cluster. */
  private putRemoteClusters(request: EmulatorRequest, deployment: Deployment, resource: ElasticsearchResource): EmulatorResponse {
    const body = this.body(request);
    if (!Array.isArray(body.resources)) throw invalid('resources is required and must be an array', ['resources']);
    const seen = new Set<string>();
    const refs: { ref: RemoteClusterRef; remote: ElasticsearchResource }[] = body.resources.map((entry, i) => {
      const field = `resources[${i}]`;
      if (!isObject(entry)) throw invalid(`${field} must be an object`, [field]);
      for (const name of ['deployment_id', 'elasticsearch_ref_id', 'alias']) {
        if (typeof entry[name] !== 'string') throw invalid(`${field}.${name} is required`, [`${field}.${name}`]);
      }
      const alias = entry.alias as string;
      if (!aliasPattern.test(alias)) throw invalid('Aliases must only contain letters, digits, dashes and underscores', [`${field}.alias`]);
      if (seen.has(alias)) throw invalid(`Alias [${alias}] is used more than once`, [`${field}.alias`]);
      seen.add(alias);
      if (entry.skip_unavailable !== undefined && typeof entry.skip_unavailable !== 'boolean') {
        throw invalid(`${field}.skip_unavailable must be a boolean`, [`${field}.skip_unavailable`]);
      }
      // The API configures remote clusters of the same environment or organization only.
      const remoteDeployment = this.deployment(deployment.platform, entry.deployment_id as string);
      const remote = this.resource(remoteDeployment, entry.elasticsearch_ref_id as string);
      const ref: RemoteClusterRef = { deployment_id: remoteDeployment.id, elasticsearch_ref_id: remote.refId, alias };
      if (typeof entry.skip_unavailable === 'boolean') ref.skip_unavailable = entry.skip_unavailable;
      return { ref, remote };
    });
    const settings = new Map(resource.cluster.persistent);
    for (const old of resource.remoteClusters) {
      for (const key of [...settings.keys()]) if (key.startsWith(`cluster.remote.${old.alias}.`)) settings.delete(key);
    }
    for (const { ref, remote } of refs) {
      for (const key of [...settings.keys()]) if (key.startsWith(`cluster.remote.${ref.alias}.`)) settings.delete(key);
      settings.set(remoteSettingKey(ref.alias, 'mode'), 'proxy');
      settings.set(remoteSettingKey(ref.alias, 'proxy_address'), remote.cluster.transportAddress);
      settings.set(remoteSettingKey(ref.alias, 'server_name'), remote.cluster.host);
      settings.set(remoteSettingKey(ref.alias, 'skip_unavailable'), String(ref.skip_unavailable ?? false));
    }
    resource.cluster.persistent = settings;
    resource.remoteClusters = refs.map((r) => r.ref);
    return { status: 202, body: {} };
  }

  // -------------------------------------------------------------------------------------- account

  private account(request: EmulatorRequest, platform: Platform): EmulatorResponse {
    if (request.method === 'PUT' || request.method === 'PATCH') {
      const body = this.body(request);
      if (body.trust !== undefined) {
        if (!isObject(body.trust) || typeof body.trust.trust_all !== 'boolean') throw invalid('trust.trust_all must be a boolean', ['trust.trust_all']);
        platform.trustAllByDefault = body.trust.trust_all;
      }
    } else if (request.method !== 'GET') {
      throw this.notFound(request);
    }
    return { status: 200, body: { id: platform.accountId, trust: { trust_all: platform.trustAllByDefault } } };
  }

  // -------------------------------------------------------------------- ECE trust relationships

  private trustRelationships(request: EmulatorRequest, platform: Platform, id: string | undefined, depth: number): EmulatorResponse {
    const includeCertificate = truthy(request.query.get('include_certificate'));
    const now = new Date(this.world.now()).toISOString();
    if (depth === 3) {
      if (request.method === 'GET') {
        const filter = request.query.get('filter');
        const list = [...platform.trustRelationships.values()].filter((r) => filter === 'local' ? r.local : filter === 'remote' ? !r.local : true);
        return { status: 200, body: { trust_relationships: list.map((r) => trustRelationshipBody(r, includeCertificate)) } };
      }
      if (request.method === 'POST') {
        const fields = this.trustRelationshipFields(this.body(request), true);
        const relationship: TrustRelationship = {
          id: hex32(),
          name: fields.name ?? '',
          trustByDefault: fields.trustByDefault ?? false,
          accountIds: fields.accountIds ?? [],
          publicCaCert: fields.publicCaCert ?? '',
          local: false,
          installationId: fields.installationId,
          lastModified: now,
          version: 1,
        };
        platform.trustRelationships.set(relationship.id, relationship);
        return { status: 201, body: trustRelationshipWriteBody(relationship), headers: versionHeaders(1, now, now) };
      }
      throw this.notFound(request);
    }
    if (depth !== 4 || id === undefined) throw this.notFound(request);
    const relationship = platform.trustRelationships.get(id);
    if (!relationship) throw new CloudHttpError(404, 'trust_relationships.not_found', `Trust relationship [${id}] could not be found`);
    const headers = versionHeaders(relationship.version, relationship.lastModified, relationship.lastModified);
    if (request.method === 'GET') return { status: 200, body: trustRelationshipBody(relationship, includeCertificate), headers };
    if (request.method === 'PUT') {
      const fields = this.trustRelationshipFields(this.body(request), false);
      if (relationship.local && (fields.publicCaCert !== undefined || fields.installationId !== undefined)) {
        throw invalid('The local trust relationship certificate and installation id cannot be changed');
      }
      if (fields.name !== undefined) relationship.name = fields.name;
      if (fields.trustByDefault !== undefined) relationship.trustByDefault = fields.trustByDefault;
      if (fields.accountIds !== undefined) relationship.accountIds = fields.accountIds;
      if (fields.publicCaCert !== undefined) relationship.publicCaCert = fields.publicCaCert;
      if (fields.installationId !== undefined) relationship.installationId = fields.installationId;
      relationship.version += 1;
      relationship.lastModified = now;
      return { status: 200, body: trustRelationshipWriteBody(relationship), headers: versionHeaders(relationship.version, relationship.lastModified, relationship.lastModified) };
    }
    if (request.method === 'DELETE') {
      const version = request.query.get('version');
      if (version !== null && version !== String(relationship.version)) {
        throw new CloudHttpError(409, 'trust_relationships.version_conflict', `The trust relationship version [${version}] does not match [${relationship.version}]`);
      }
      if (relationship.local) throw invalid('The local trust relationship cannot be deleted');
      platform.trustRelationships.delete(id);
      return { status: 200, body: {} };
    }
    throw this.notFound(request);
  }

  private trustRelationshipFields(sent: Record<string, unknown>, creating: boolean) {
    const body = withoutNulls(sent);
    const known = ['name', 'trust_by_default', 'account_ids', 'public_ca_cert', 'installation_id'];
    for (const field of Object.keys(body)) if (!known.includes(field)) throw invalid(`Unknown field [${field}]`, [field]);
    if (creating && typeof body.name !== 'string') throw invalid('name is required', ['name']);
    if (creating && typeof body.public_ca_cert !== 'string') throw invalid('public_ca_cert is required', ['public_ca_cert']);
    if (body.name !== undefined && (typeof body.name !== 'string' || body.name.trim() === '')) throw invalid('name must be a non-empty string', ['name']);
    if (body.public_ca_cert !== undefined && (typeof body.public_ca_cert !== 'string' || !isPemCertificate(body.public_ca_cert))) {
      throw invalid('public_ca_cert must be a PEM encoded certificate', ['public_ca_cert']);
    }
    if (body.trust_by_default !== undefined && typeof body.trust_by_default !== 'boolean') throw invalid('trust_by_default must be a boolean', ['trust_by_default']);
    if (body.account_ids !== undefined && (!Array.isArray(body.account_ids) || body.account_ids.some((a) => typeof a !== 'string'))) {
      throw invalid('account_ids must be an array of strings', ['account_ids']);
    }
    if (body.installation_id !== undefined && typeof body.installation_id !== 'string') throw invalid('installation_id must be a string', ['installation_id']);
    return {
      name: body.name as string | undefined,
      trustByDefault: body.trust_by_default as boolean | undefined,
      accountIds: body.account_ids as string[] | undefined,
      publicCaCert: body.public_ca_cert as string | undefined,
      installationId: body.installation_id as string | undefined,
    };
  }
}
