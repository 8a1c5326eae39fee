/**
 * Elastic Cloud (ECH) and ECE API client: deployments and their trust settings, ECE platform trust
 * relationships, the deployment CA, the Elasticsearch keystore and certificate-model remote clusters.
 * Paths are relative to `/api/v1` as in the contracts (`shared/specs/cloud/`); the transport carries the
 * base URL, `Authorization: ApiKey ...`, retries and TLS. This module knows nothing of resources.
 */
import { ApiError } from '../http/errors';
import type { ApiRequest, ApiResponse, HttpTransport, ReadOptions } from '../http/transport';
import type {
  Account,
  CertificateAuthority,
  CloudErrorElement,
  Deployment,
  DeploymentTrustUpdate,
  DeploymentUpdateResponse,
  KeystoreListing,
  KeystoreSecretChange,
  LocalTrustParameters,
  PlatformScope,
  RemoteResources,
  TrafficFilterRuleset,
  TrustRelationship,
  TrustRelationshipCreateRequest,
  TrustRelationshipUpdateRequest,
  TrustRelationshipWriteResponse,
} from './types';

export * from './types';

const apiPrefix = '/api/v1';
const resourceVersionHeader = 'x-cloud-resource-version';

/** A non-2xx Cloud API answer, keeping the Cloud error codes (`errors[].code`) and the fields they name. */
export class CloudApiError extends ApiError {
  /** e.g. `deployments.deployment_not_found`, `trust_relationships.not_found` */
  readonly codes: string[];
  readonly errors: CloudErrorElement[];

  constructor(cause: ApiError) {
    super({ service: cause.service, status: cause.status, method: cause.method, path: cause.path, body: cause.body, headers: cause.headers, attempts: cause.attempts });
    this.name = 'CloudApiError';
    this.errors = cloudErrorElements(cause.body);
    // The contract also lists the codes in the `x-cloud-error-codes` header.
    const headerCodes = (cause.headers['x-cloud-error-codes'] ?? '').split(',').map((c) => c.trim()).filter((c) => c.length > 0);
    this.codes = [...new Set([...this.errors.map((e) => e.code), ...headerCodes])];
  }

  get notFound(): boolean {
    return this.status === 404;
  }

  /** The version sent with an update no longer matches: re-read and try again. */
  get versionConflict(): boolean {
    return this.status === 409 || this.codes.some((c) => c.endsWith('version_conflict'));
  }
}

function cloudErrorElements(body: unknown): CloudErrorElement[] {
  if (typeof body !== 'object' || body === null) return [];
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((e) => ({
      code: typeof e.code === 'string' ? e.code : 'unknown',
      message: typeof e.message === 'string' ? e.message : '',
      ...(Array.isArray(e.fields) ? { fields: e.fields.filter((f): f is string => typeof f === 'string') } : {}),
    }));
}

function segment(value: string): string {
  return encodeURIComponent(value);
}

function platformTrustPath(scope: PlatformScope | undefined, id?: string): string {
  const base = scope?.region ? `/regions/${segment(scope.region)}/platform/configuration/trust-relationships` : '/platform/configuration/trust-relationships';
  return id === undefined ? base : `${base}/${segment(id)}`;
}

function elasticsearchResourcePath(deploymentId: string, refId: string, leaf: 'keystore' | 'remote-clusters'): string {
  return `/deployments/${segment(deploymentId)}/elasticsearch/${segment(refId)}/${leaf}`;
}

export class CloudClient {
  constructor(private readonly transport: HttpTransport) {}

  /** HTTP requests sent so far through this client's transport (for benchmarks). */
  get requestCount(): number {
    return this.transport.requestCount;
  }

  /** Which Cloud API this is (origin and base path): objects of two endpoints are never the same. */
  get endpoint(): string {
    return this.transport.target;
  }

  private async call<T>(request: ApiRequest): Promise<ApiResponse<T>> {
    try {
      return await this.transport.request<T>({ ...request, path: apiPrefix + request.path });
    } catch (err) {
      if (err instanceof ApiError && !(err instanceof CloudApiError)) throw new CloudApiError(err);
      throw err;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Deployments

  /**
   * The deployment with its settings (`show_settings=true`: `resources.elasticsearch[].info.settings.trust`)
   * and the resource version for optimistic concurrency. `showPlans` adds the current plans, which a
   * deployment update must send back unchanged.
   */
  async getDeployment(deploymentId: string, options: ReadOptions & { showPlans?: boolean } = {}): Promise<Deployment> {
    const response = await this.call<Deployment>({
      method: 'GET',
      path: `/deployments/${segment(deploymentId)}`,
      query: { show_settings: true, show_plans: options.showPlans ? true : undefined },
      shared: options.shared,
    });
    return { ...response.body, version: response.headers[resourceVersionHeader] };
  }

  /**
   * Writes the complete trust settings of one Elasticsearch resource (`PUT /deployments/{id}` with
   * `prune_orphans: false` and only that resource's payload). With `version` the service refuses the
   * write if the deployment changed since it was read (a `CloudApiError` whose `versionConflict` is true).
   */
  async updateDeploymentTrust(deploymentId: string, update: DeploymentTrustUpdate, version: string | undefined): Promise<DeploymentUpdateResponse> {
    const payload: Record<string, unknown> = { ref_id: update.ref_id, region: update.region, settings: { trust: update.trust } };
    if (update.plan !== undefined) payload.plan = update.plan;
    const response = await this.call<DeploymentUpdateResponse>({
      method: 'PUT',
      path: `/deployments/${segment(deploymentId)}`,
      query: { version },
      body: { prune_orphans: false, resources: { elasticsearch: [payload] } },
    });
    return response.body;
  }

  /** The account of the API key: its id is the account id of account trust scopes (ECH organization / ECE environment). */
  async getAccount(): Promise<Account> {
    return (await this.call<Account>({ method: 'GET', path: '/account' })).body;
  }

  /** The CA that signs the deployment's node certificates: what a direct trust on the other side holds. */
  async getCertificateAuthority(deploymentId: string): Promise<CertificateAuthority> {
    return (await this.call<CertificateAuthority>({ method: 'GET', path: `/deployments/${segment(deploymentId)}/certificate-authority` })).body;
  }

  // -------------------------------------------------------------------------------------------
  // Keystore

  /** Setting names of the Elasticsearch keystore; the service never returns values. */
  async getKeystore(deploymentId: string, refId: string): Promise<KeystoreListing> {
    const body = (await this.call<{ secrets?: Record<string, { as_file?: boolean } | null> }>({ method: 'GET', path: elasticsearchResourcePath(deploymentId, refId, 'keystore') })).body;
    const secrets: KeystoreListing['secrets'] = {};
    // Keep names and as_file only, whatever else a server might echo.
    const listed: Record<string, { as_file?: boolean } | null> = body.secrets ?? {};
    for (const [name, secret] of Object.entries(listed)) secrets[name] = typeof secret?.as_file === 'boolean' ? { as_file: secret.as_file } : {};
    return { secrets };
  }

  /**
   * Partial keystore update (`PATCH`): settings not named are left alone; `null` removes a setting, sent as
   * a secret without a value (the contract: "When the keystore secret is unspecified, it is removed"). Not
   * idempotent from the transport's point of view, so an uncertain outcome surfaces to the caller.
   */
  async setKeystoreSecrets(deploymentId: string, refId: string, secrets: Record<string, KeystoreSecretChange>): Promise<void> {
    const body: Record<string, { value?: string; as_file?: boolean }> = {};
    for (const [name, change] of Object.entries(secrets)) body[name] = change === null ? {} : change;
    await this.call<unknown>({ method: 'PATCH', path: elasticsearchResourcePath(deploymentId, refId, 'keystore'), body: { secrets: body } });
  }

  // -------------------------------------------------------------------------------------------
  // Certificate-model remote clusters (within one Cloud environment)

  async getRemoteClusters(deploymentId: string, refId: string, options: ReadOptions = {}): Promise<RemoteResources> {
    const body = (await this.call<Partial<RemoteResources>>({ method: 'GET', path: elasticsearchResourcePath(deploymentId, refId, 'remote-clusters'), ...options })).body;
    return { resources: body.resources ?? [] };
  }

  /** Replaces the whole list: callers read, change their own aliases, and write back the rest unchanged. */
  async putRemoteClusters(deploymentId: string, refId: string, body: RemoteResources): Promise<void> {
    const resources = body.resources.map(({ info: _computed, ...ref }) => ref);
    await this.call<unknown>({ method: 'PUT', path: elasticsearchResourcePath(deploymentId, refId, 'remote-clusters'), body: { resources } });
  }

  // -------------------------------------------------------------------------------------------
  // Traffic filters (network security)

  /** Ids of the traffic filter rule sets associated with a deployment. */
  async getDeploymentTrafficFilterIds(deploymentId: string, options: ReadOptions = {}): Promise<string[]> {
    const path = `/deployments/traffic-filter/associations/deployment/${segment(deploymentId)}/rulesets`;
    return (await this.call<{ rulesets?: string[] }>({ method: 'GET', path, ...options })).body.rulesets ?? [];
  }

  async getTrafficFilterRuleset(rulesetId: string, options: ReadOptions = {}): Promise<TrafficFilterRuleset> {
    const body = (await this.call<TrafficFilterRuleset>({ method: 'GET', path: `/deployments/traffic-filter/rulesets/${segment(rulesetId)}`, ...options })).body;
    return { ...body, rules: body.rules ?? [] };
  }

  /** The rule sets associated with a deployment: what decides which connections it accepts. */
  async getDeploymentTrafficFilters(deploymentId: string, options: ReadOptions = {}): Promise<TrafficFilterRuleset[]> {
    const ids = await this.getDeploymentTrafficFilterIds(deploymentId, options);
    return Promise.all(ids.map((id) => this.getTrafficFilterRuleset(id, options)));
  }

  // -------------------------------------------------------------------------------------------
  // ECE platform trust relationships

  async listTrustRelationships(options: PlatformScope & { includeCertificate?: boolean } = {}): Promise<TrustRelationship[]> {
    const body = (
      await this.call<{ trust_relationships?: TrustRelationship[] }>({
        method: 'GET',
        path: platformTrustPath(options),
        query: { include_certificate: options.includeCertificate ?? false },
      })
    ).body;
    return body.trust_relationships ?? [];
  }

  /** One relationship with its certificate, or undefined when it does not exist. */
  async getTrustRelationship(id: string, scope: PlatformScope = {}): Promise<TrustRelationship | undefined> {
    try {
      const response = await this.call<TrustRelationship>({ method: 'GET', path: platformTrustPath(scope, id), query: { include_certificate: true } });
      return { ...response.body, version: response.headers[resourceVersionHeader] };
    } catch (err) {
      if (err instanceof CloudApiError && err.notFound) return undefined;
      throw err;
    }
  }

  /**
   * Not idempotent (POST): an `UncertainOutcomeError` from the transport means the caller must look the
   * relationship up (by installation id) before trying again.
   */
  async createTrustRelationship(request: TrustRelationshipCreateRequest, scope: PlatformScope = {}): Promise<TrustRelationshipWriteResponse> {
    return (await this.call<TrustRelationshipWriteResponse>({ method: 'POST', path: platformTrustPath(scope), body: request })).body;
  }

  async updateTrustRelationship(id: string, request: TrustRelationshipUpdateRequest, scope: PlatformScope = {}): Promise<TrustRelationshipWriteResponse> {
    return (await this.call<TrustRelationshipWriteResponse>({ method: 'PUT', path: platformTrustPath(scope, id), body: request })).body;
  }

  /** Deleting a relationship that is already gone succeeds: the outcome is the same. */
  async deleteTrustRelationship(id: string, scope: PlatformScope & { version?: string } = {}): Promise<void> {
    try {
      await this.call<unknown>({ method: 'DELETE', path: platformTrustPath(scope, id), query: { version: scope.version } });
    } catch (err) {
      if (err instanceof CloudApiError && err.notFound) return;
      throw err;
    }
  }

  /**
   * The environment's own trust parameters: the relationship with `local: true`, with its installation id
   * and CA certificate. This is what the other environment of a pair creates its relationship from.
   */
  async getLocalTrustParameters(scope: PlatformScope = {}): Promise<LocalTrustParameters> {
    const local = (await this.listTrustRelationships({ ...scope, includeCertificate: true })).find((r) => r.local);
    if (!local) throw new Error(`ECE environment${scope.region ? ` (region ${scope.region})` : ''} lists no local trust relationship: is this an ECE coordinator?`);
    if (!local.installation_id || !local.public_ca_cert) {
      throw new Error(`ECE local trust relationship ${local.id} has no ${local.installation_id ? 'public_ca_cert' : 'installation_id'}`);
    }
    return {
      id: local.id,
      name: local.name,
      installation_id: local.installation_id,
      public_ca_cert: local.public_ca_cert,
      account_ids: local.account_ids ?? [],
    };
  }
}
