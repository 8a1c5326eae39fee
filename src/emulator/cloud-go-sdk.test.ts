/**
 * Contract suite for Elastic's official Go clients (cloud-sdk-go as the `ec` Terraform provider and
 * ecctl use it): the request bodies they send (go-sdk-requests/*.json: null lists, `""` keystore
 * values) are accepted, and every answer validates against the full Swagger of its API
 * (cloud/ece-api-full.json for ECE coordinators, cloud/ess-api-full.json for ECH).
 */
import fs from 'node:fs';
import path from 'node:path';
import { OpenApiResponseValidator, specsDirectory } from './contract-validator';
import { startEmulator } from './index';
import type { RunningEmulator } from './index';
import { call } from './test-client';
import type { TestResponse } from './test-client';

const ece = new OpenApiResponseValidator('ece-full.json', path.join(specsDirectory(), 'cloud', 'ece-api-full.json'));
const ess = new OpenApiResponseValidator('ess-full.json', path.join(specsDirectory(), 'cloud', 'ess-api-full.json'));

type Placeholders = Record<string, string>;

/** A request fixture with its `{{name}}` placeholders filled. */
function goRequest(file: string, values: Placeholders): Record<string, unknown> {
  const fill = (node: unknown): unknown => {
    if (typeof node === 'string') return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      if (values[name] === undefined) throw new Error(`${file}: no value for {{${name}}}`);
      return values[name];
    });
    if (Array.isArray(node)) return node.map(fill);
    if (node !== null && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
    return node;
  };
  return fill(JSON.parse(fs.readFileSync(path.join(__dirname, 'go-sdk-requests', file), 'utf8'))) as Record<string, unknown>;
}

let emulator: RunningEmulator;
let checked = 0;
const mismatches: string[] = [];
beforeAll(async () => {
  emulator = await startEmulator({
    cloud: {
      ece: [{ name: 'env', deployments: [{ name: 'ece-search' }, { name: 'ece-logs' }] }],
      ech: [{ name: 'org', deployments: [{ name: 'ech-search' }, { name: 'ech-logs' }] }],
    },
  });
});
afterAll(async () => {
  await emulator.stop();
  console.log(`cloud Go SDK contract: ${checked} answers validated against the Swagger, ${mismatches.length} mismatches`);
});

/** Expects `status` and a body valid for the operation's response of that status. */
function expectAnswer(validator: OpenApiResponseValidator, method: string, template: string, status: number, response: TestResponse): void {
  const errors = validator.validate(method, template, String(status), response.body);
  checked += 1;
  if (response.status !== status || errors.length > 0) mismatches.push(`${method} ${template} ${response.status}: ${errors.join('; ')}`);
  expect({ status: response.status, errors }).toEqual({ status, errors: [] });
}

it('the full-Swagger validators reject answers that break the new operations\' shapes', () => {
  expect(ess.validate('POST', '/deployments/_search', '200', { deployments: [] })).not.toEqual([]);
  expect(ece.validate('GET', '/stack/versions', '200', { stacks: [{ version: '9.3.0' }] })).not.toEqual([]);
  expect(ece.validate('GET', '/platform', '200', { version: '3.8.0' })).not.toEqual([]);
  expect(ess.validate('GET', '/deployments', '200', { deployments: [{ id: 'x' }] })).not.toEqual([]);
});

describe.each([
  { api: 'ECE', local: 'ece-search', remote: 'ece-logs', validator: ece, otherTemplate: 'cross-cluster-search' },
  { api: 'ECH', local: 'ech-search', remote: 'ech-logs', validator: ess, otherTemplate: 'gcp-storage-optimized' },
])('$api answers the Go SDK within the contract', ({ local, remote, validator, otherTemplate }) => {
  const dep = (name: string) => emulator.cloud.deployments[name];
  const api = (method: string, suffix: string, body?: unknown) => call(dep(local).cloudUrl, method, `/api/v1${suffix}`, { apiKey: dep(local).cloudApiKey }, body);
  const deploymentPath = () => `/deployments/${dep(local).id}`;
  const placeholders = (): Placeholders => {
    const owner = dep(local).platform === 'ece' ? emulator.cloud.ece[dep(local).owner] : emulator.cloud.ech[dep(local).owner];
    return {
      name: dep(local).name,
      refId: dep(local).refId,
      region: dep(local).region,
      version: emulator.clusters[dep(local).cluster].version,
      templateId: dep(local).platform === 'ece' ? 'default' : 'gcp-general-purpose',
      instanceConfigurationId: 'gcp.es.datahot.n2.68x10x45',
      accountId: 'accountId' in owner ? owner.accountId : owner.id,
      remoteClusterId: dep(remote).clusterId,
      caCertPem: emulator.cloud.ech.org.caCertPem,
      scopeId: emulator.cloud.ech.org.id,
    };
  };

  it('a deployment update with trust_all and null lists is applied; the current plan names its deployment template', async () => {
    const put = await api('PUT', deploymentPath(), goRequest('deployment-update-trust-all.json', placeholders()));
    expectAnswer(validator, 'PUT', '/deployments/{deployment_id}', 200, put);
    const read = await api('GET', `${deploymentPath()}?show_settings=true&show_plans=true`);
    expectAnswer(validator, 'GET', '/deployments/{deployment_id}', 200, read);
    const info = read.body.resources.elasticsearch[0].info;
    expect(info.settings.trust).toEqual({ accounts: [{ account_id: placeholders().accountId, name: 'own account', trust_all: true }] });
    expect(info.plan_info.current.plan.deployment_template).toEqual({ id: placeholders().templateId });
    expect(info.plan_info.current.plan.cluster_topology[1]).not.toHaveProperty('node_roles');
  });

  it('allowlists with null lists next to them are kept; a plan without a template keeps the deployment\'s', async () => {
    const put = await api('PUT', deploymentPath(), goRequest('deployment-update-allowlists.json', placeholders()));
    expectAnswer(validator, 'PUT', '/deployments/{deployment_id}', 200, put);
    const read = await api('GET', `${deploymentPath()}?show_settings=true&show_plans=true`);
    expectAnswer(validator, 'GET', '/deployments/{deployment_id}', 200, read);
    const info = read.body.resources.elasticsearch[0].info;
    expect(info.settings.trust.accounts).toEqual([{ account_id: placeholders().accountId, trust_all: false, trust_allowlist: [dep(remote).clusterId] }]);
    expect(info.settings.trust.direct[0]).not.toHaveProperty('additional_node_names');
    expect(info.settings.trust.direct[0]).not.toHaveProperty('trust_allowlist');
    expect(info.plan_info.current.plan.deployment_template).toEqual({ id: placeholders().templateId });
  });

  it('keystore: set, then "" and an unset value delete', async () => {
    const keystore = `${deploymentPath()}/elasticsearch/${dep(local).refId}/keystore`;
    const template = '/deployments/{deployment_id}/elasticsearch/{ref_id}/keystore';
    const set = await api('PATCH', keystore, goRequest('keystore-set.json', { encodedKey: Buffer.from('id:secret').toString('base64') }));
    expectAnswer(validator, 'PATCH', template, 200, set);
    expect(Object.keys(set.body.secrets).sort()).toEqual(['cluster.remote.go.credentials', 'xpack.notification.slack.account.ops.secure_url']);
    const removed = await api('PATCH', keystore, goRequest('keystore-delete.json', {}));
    expectAnswer(validator, 'PATCH', template, 200, removed);
    expect(removed.body).toEqual({ secrets: {} });
    expectAnswer(validator, 'GET', template, 200, await api('GET', keystore));
    expect(emulator.keystore(dep(local).cluster).active()).toEqual([]);
  });

  it('GET /deployments lists the organization\'s or environment\'s deployments', async () => {
    const list = await api('GET', '/deployments');
    expectAnswer(validator, 'GET', '/deployments', 200, list);
    expect(list.body.deployments.map((d: { name: string }) => d.name).sort()).toEqual([local, remote].sort());
    expect(list.body.deployments.find((d: { id: string }) => d.id === dep(local).id).resources[0]).toMatchObject({ kind: 'elasticsearch', ref_id: dep(local).refId, id: dep(local).clusterId });
  });

  it('POST /deployments/_search runs the ec data source\'s query, match_all, no body and minimal_metadata', async () => {
    const search = await api('POST', '/deployments/_search', goRequest('deployments-search.json', { namePrefix: local }));
    expectAnswer(validator, 'POST', '/deployments/_search', 200, search);
    expect(search.body).toMatchObject({ return_count: 1, match_count: 1 });
    expect(search.body.deployments[0].id).toBe(dep(local).id);
    const all = await api('POST', '/deployments/_search', goRequest('deployments-search-all.json', {}));
    expectAnswer(validator, 'POST', '/deployments/_search', 200, all);
    expect(all.body.deployments.map((d: { name: string }) => d.name)).toEqual([local, remote].sort());
    expectAnswer(validator, 'POST', '/deployments/_search', 200, await api('POST', '/deployments/_search'));
    const minimal = await api('POST', '/deployments/_search?minimal_metadata=id,name', {});
    expectAnswer(validator, 'POST', '/deployments/_search', 200, minimal);
    expect(minimal.body.minimal_metadata).toContainEqual({ id: dep(local).id, name: local });
    const refused = await api('POST', '/deployments/_search', { query: { fuzzy: { name: 'x' } } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].code).toBe('root.invalid_json_request');
    // `_search` is never taken for a deployment id.
    expect((await api('GET', '/deployments/_search')).body.errors[0].code).toBe('root.resource_not_found');
  });

  it('GET /deployments/{id}/elasticsearch/{ref_id}: plans by default, a cloud id, and endpoints that reach the cluster', async () => {
    const template = '/deployments/{deployment_id}/elasticsearch/{ref_id}';
    const resource = await api('GET', `${deploymentPath()}/elasticsearch/${dep(local).refId}`);
    expectAnswer(validator, 'GET', template, 200, resource);
    expectAnswer(validator, 'GET', template, 200, await api('GET', `${deploymentPath()}/elasticsearch/_main?show_settings=true&show_plans=false`));
    const { info } = resource.body;
    expect(info.plan_info.current.plan.elasticsearch.version).toBe(emulator.clusters[dep(local).cluster].version);
    const [name, encoded] = info.metadata.cloud_id.split(':');
    expect(name).toBe(local);
    const [host, esId, kibanaId] = Buffer.from(encoded, 'base64').toString('utf8').split('$');
    expect({ host, esId, kibanaId }).toEqual({ host: expect.stringMatching(/\.emulator\.local:443$/), esId: dep(local).clusterId, kibanaId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    // What the ec provider outputs as http_endpoint: http://<endpoint>:<ports.http>.
    const cluster = emulator.clusters[dep(local).cluster];
    const httpEndpoint = `http://${info.metadata.endpoint}:${info.metadata.ports.http}`;
    expect(httpEndpoint).toBe(cluster.url);
    expect(info.metadata.aliased_url).toBe(cluster.url);
    expect((await call(httpEndpoint, 'GET', '/', { username: cluster.username, password: cluster.password })).status).toBe(200);
    const missing = await api('GET', `${deploymentPath()}/elasticsearch/nope`);
    expectAnswer(validator, 'GET', template, 404, missing);
  });

  it('GET /deployments/{id}/migrate_template answers the update request, which a PUT accepts as is', async () => {
    const template = '/deployments/{deployment_id}/migrate_template';
    const migration = await api('GET', `${deploymentPath()}/migrate_template?template_id=${otherTemplate}`);
    expectAnswer(validator, 'GET', template, 200, migration);
    expect(migration.body.resources.elasticsearch[0].plan.deployment_template).toEqual({ id: otherTemplate });
    expectAnswer(validator, 'PUT', '/deployments/{deployment_id}', 200, await api('PUT', deploymentPath(), migration.body));
    expectAnswer(validator, 'GET', template, 400, await api('GET', `${deploymentPath()}/migrate_template`));
    expectAnswer(validator, 'GET', template, 400, await api('GET', `${deploymentPath()}/migrate_template?template_id=no-such-template`));
    expectAnswer(validator, 'GET', template, 404, await api('GET', `/deployments/${'0'.repeat(32)}/migrate_template?template_id=${otherTemplate}`));
  });

  it('stack versions, with and without the region prefix the Go SDK adds', async () => {
    const region = dep(local).region;
    for (const suffix of ['/stack/versions', `/regions/${region}/stack/versions`]) {
      const versions = await api('GET', suffix);
      expectAnswer(validator, 'GET', '/stack/versions', 200, versions);
      expect(versions.body.stacks.map((s: { version: string }) => s.version)).toContain(emulator.clusters[dep(local).cluster].version);
    }
    expect((await api('GET', '/regions/nowhere/stack/versions')).status).toBe(404);
  });

  // Last: the listings above count the two seeded deployments.
  it('a deployment create serves a new cluster at once, reachable with the answered credentials and endpoint', async () => {
    const values: Placeholders = { ...placeholders(), name: `${local}-created` };
    const checkOnly = await api('POST', '/deployments?validate_only=true', goRequest('deployment-create.json', values));
    expectAnswer(validator, 'POST', '/deployments', 200, checkOnly);
    const created = await api('POST', '/deployments', goRequest('deployment-create.json', values));
    expectAnswer(validator, 'POST', '/deployments', 201, created);
    const [resource] = created.body.resources;
    const read = await api('GET', `/deployments/${created.body.id}/elasticsearch/${resource.ref_id}?show_settings=true`);
    expectAnswer(validator, 'GET', '/deployments/{deployment_id}/elasticsearch/{ref_id}', 200, read);
    const { metadata, settings, plan_info } = read.body.info;
    expect(plan_info.current.plan.deployment_template).toEqual({ id: values.templateId });
    expect(settings.trust).toEqual({ accounts: [{ account_id: values.accountId, trust_all: true }] });
    const root = await call(`http://${metadata.endpoint}:${metadata.ports.http}`, 'GET', '/', resource.credentials);
    expect(root.body.cluster_name).toBe(resource.id);
    const refused = await api('POST', '/deployments', { name: 'x', resources: { elasticsearch: [] } });
    expectAnswer(validator, 'POST', '/deployments', 400, refused);
  });
});

describe('ECE platform answers the Go SDK within ece-api-full.json', () => {
  const env = () => emulator.cloud.ece.env;
  const eceApi = (method: string, suffix: string, body?: unknown) => call(env().url, method, `/api/v1${suffix}`, { apiKey: env().apiKey }, body);

  it('GET /platform, also under /regions/{region}', async () => {
    for (const suffix of ['/platform', `/regions/${env().region}/platform`]) {
      const platform = await eceApi('GET', suffix);
      expectAnswer(ece, 'GET', '/platform', 200, platform);
      expect(platform.body.regions.map((r: { region_id: string }) => r.region_id)).toEqual([env().region]);
    }
    // ECH has no platform API.
    const ech = emulator.cloud.deployments['ech-search'];
    expect((await call(ech.cloudUrl, 'GET', '/api/v1/platform', { apiKey: ech.cloudApiKey })).status).toBe(404);
  });

  it('trust relationship create and update with null account_ids', async () => {
    const collection = '/platform/configuration/trust-relationships';
    const created = await eceApi('POST', `/regions/${env().region}${collection}`, goRequest('trust-relationship-create.json', { installationId: '1053523734', caCertPem: emulator.cloud.ech.org.caCertPem }));
    expectAnswer(ece, 'POST', collection, 201, created);
    expect(created.body.account_ids).toEqual([]);
    const updated = await eceApi('PUT', `${collection}/${created.body.id}`, goRequest('trust-relationship-update.json', {}));
    expectAnswer(ece, 'PUT', `${collection}/{trust_relationship_id}`, 200, updated);
    expect(updated.body.trust_by_default).toBe(true);
  });
});
