/**
 * Contract test: the emulator's Cloud responses validate against the response schemas of
 * specs/cloud/ece-api-subset.json (ECE coordinators) and ess-api-subset.json (ECH), success and
 * error (BasicFailedReply) alike.
 */
import path from 'node:path';
import { OpenApiResponseValidator, specsDirectory } from './contract-validator';
import { startEmulator } from './index';
import type { RunningEmulator } from './index';
import { call } from './test-client';
import type { TestResponse } from './test-client';

const ece = new OpenApiResponseValidator('ece.json', path.join(specsDirectory(), 'cloud', 'ece-api-subset.json'));
const ess = new OpenApiResponseValidator('ess.json', path.join(specsDirectory(), 'cloud', 'ess-api-subset.json'));
const failedReply = { $ref: '#/definitions/BasicFailedReply' };

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({
    cloud: {
      ece: [{ name: 'env', deployments: [{ name: 'e1' }, { name: 'e2' }] }],
      ech: [{ name: 'org', deployments: [{ name: 'h1' }, { name: 'h2' }] }],
    },
  });
});
afterAll(async () => {
  await emulator.stop();
});

const deployment = (name: string) => emulator.cloud.deployments[name];
const request = (name: string, method: string, suffix: string, body?: unknown) =>
  call(deployment(name).cloudUrl, method, `/api/v1${suffix}`, { apiKey: deployment(name).cloudApiKey }, body);
const platformCall = (method: string, suffix: string, body?: unknown) =>
  call(emulator.cloud.ece.env.url, method, `/api/v1${suffix}`, { apiKey: emulator.cloud.ece.env.apiKey }, body);

function expectValid(validator: OpenApiResponseValidator, method: string, template: string, status: number, response: TestResponse): void {
  expect(response.status).toBe(status);
  expect(validator.validate(method, template, String(status), response.body)).toEqual([]);
}

function expectFailedReply(validator: OpenApiResponseValidator, response: TestResponse, status: number, template?: [string, string]): void {
  expect(response.status).toBe(status);
  const errors = template ? validator.validate(template[0], template[1], String(status), response.body) : validator.validateAgainst(failedReply, response.body);
  expect(errors).toEqual([]);
}

describe.each([
  ['ECE', 'e1', 'e2', () => ece],
  ['ECH', 'h1', 'h2', () => ess],
])('%s deployment endpoints validate against the subset', (_label, local, remote, validatorOf) => {
  it('the validator rejects bodies that break the contract', () => {
    expect(validatorOf().validate('GET', '/deployments/{deployment_id}', '200', { id: 'x', name: 'y', healthy: true })).not.toEqual([]);
    expect(validatorOf().validate('GET', '/deployments/{deployment_id}/elasticsearch/{ref_id}/keystore', '200', { secrets: 'x' })).not.toEqual([]);
  });

  it('the validator rejects a served body broken in its formats: date-time and int32', async () => {
    const validator = validatorOf();
    const id = deployment(local).id;
    const authority = await request(local, 'GET', `/deployments/${id}/certificate-authority`);
    expectValid(validator, 'GET', '/deployments/{deployment_id}/certificate-authority', 200, authority);
    const broken = structuredClone(authority.body);
    broken.public_certificates[0].metadata.valid_to = 'next tuesday';
    expect(validator.validate('GET', '/deployments/{deployment_id}/certificate-authority', '200', broken)).toEqual([
      expect.stringContaining('/public_certificates/0/metadata/valid_to must match format "date-time"'),
    ]);
    const current = await request(local, 'GET', `/deployments/${id}?show_plans=true`);
    expectValid(validator, 'GET', '/deployments/{deployment_id}', 200, current);
    const oversized = structuredClone(current.body);
    oversized.resources.elasticsearch[0].info.plan_info.current.plan.cluster_topology[0].zone_count = 2 ** 31;
    expect(validator.validate('GET', '/deployments/{deployment_id}', '200', oversized)).toEqual([
      expect.stringContaining('/resources/elasticsearch/0/info/plan_info/current/plan/cluster_topology/0/zone_count must be <= 2147483647'),
    ]);
  });

  it('GET and PUT deployment, certificate authority, account', async () => {
    const validator = validatorOf();
    const id = deployment(local).id;
    for (const query of ['', '?show_settings=true', '?show_settings=true&show_plans=true&show_metadata=true']) {
      expectValid(validator, 'GET', '/deployments/{deployment_id}', 200, await request(local, 'GET', `/deployments/${id}${query}`));
    }
    const current = await request(local, 'GET', `/deployments/${id}?show_plans=true`);
    const resource = current.body.resources.elasticsearch[0];
    const put = await request(local, 'PUT', `/deployments/${id}?version=${current.headers.get('x-cloud-resource-version')}`, {
      prune_orphans: false,
      resources: {
        elasticsearch: [{
          ref_id: resource.ref_id,
          region: resource.region,
          plan: resource.info.plan_info.current.plan,
          settings: {
            trust: {
              accounts: [{ account_id: '0123456789abcdef0123456789abcdef', trust_all: false, trust_allowlist: [deployment(remote).clusterId] }],
              direct: [{ name: 'other', type: 'generic', trust_all: true, certificates: [{ pem: emulator.cloud.ece.env.caCertPem }] }],
            },
          },
        }],
      },
    });
    expectValid(validator, 'PUT', '/deployments/{deployment_id}', 200, put);
    expectValid(validator, 'GET', '/deployments/{deployment_id}', 200, await request(local, 'GET', `/deployments/${id}?show_settings=true`));
    expectValid(validator, 'GET', '/deployments/{deployment_id}/certificate-authority', 200, await request(local, 'GET', `/deployments/${id}/certificate-authority`));
    expectValid(validator, 'GET', '/account', 200, await request(local, 'GET', '/account'));
    expectValid(validator, 'PATCH', '/account', 200, await request(local, 'PATCH', '/account', { trust: { trust_all: true } }));
    expectValid(validator, 'PUT', '/account', 200, await request(local, 'PUT', '/account', { trust: { trust_all: true } }));
  });

  it('keystore and remote clusters', async () => {
    const validator = validatorOf();
    const base = `/deployments/${deployment(local).id}/elasticsearch/main-elasticsearch`;
    expectValid(validator, 'PATCH', '/deployments/{deployment_id}/elasticsearch/{ref_id}/keystore', 200,
      await request(local, 'PATCH', `${base}/keystore`, { secrets: { 'cluster.remote.r.credentials': { value: 'aWQ6c2VjcmV0' }, 'x.file': { value: 'v', as_file: true } } }));
    expectValid(validator, 'GET', '/deployments/{deployment_id}/elasticsearch/{ref_id}/keystore', 200, await request(local, 'GET', `${base}/keystore`));
    expectValid(validator, 'PUT', '/deployments/{deployment_id}/elasticsearch/{ref_id}/remote-clusters', 202,
      await request(local, 'PUT', `${base}/remote-clusters`, { resources: [{ deployment_id: deployment(remote).id, elasticsearch_ref_id: 'main-elasticsearch', alias: 'r-2', skip_unavailable: true }] }));
    expectValid(validator, 'GET', '/deployments/{deployment_id}/elasticsearch/{ref_id}/remote-clusters', 200, await request(local, 'GET', `${base}/remote-clusters`));
  });

  it('errors are BasicFailedReply', async () => {
    const validator = validatorOf();
    const id = deployment(local).id;
    expectFailedReply(validator, await request(local, 'GET', '/deployments/0123456789abcdef0123456789abcdef'), 404, ['GET', '/deployments/{deployment_id}']);
    expectFailedReply(validator, await call(deployment(local).cloudUrl, 'GET', `/api/v1/deployments/${id}`, { apiKey: 'bm9wZQ==' }), 401, ['GET', '/deployments/{deployment_id}']);
    expectFailedReply(validator, await request(local, 'PUT', `/deployments/${id}`, { resources: {} }), 400, ['PUT', '/deployments/{deployment_id}']);
    expectFailedReply(validator, await request(local, 'PUT', `/deployments/${id}?version=1`, { prune_orphans: false }), 409);
    expectFailedReply(validator, await request(local, 'GET', `/deployments/${id}/elasticsearch/nope/keystore`), 404, ['GET', '/deployments/{deployment_id}/elasticsearch/{ref_id}/keystore']);
    expectFailedReply(validator, await request(local, 'PATCH', `/deployments/${id}/elasticsearch/main-elasticsearch/keystore`, '{"secrets":'), 400);
    expectFailedReply(validator, await request(local, 'GET', `/deployments/${id}/elasticsearch/main-elasticsearch/remote-clusters-typo`), 404);
    emulator.faults.set({ kind: 'status', status: 429, times: 1, target: 'cloud' });
    expectFailedReply(validator, await request(local, 'GET', '/account'), 429);
  });
});

describe('ECE platform trust relationships validate against ece-api-subset.json', () => {
  it('list, create, get, update, delete and their errors', async () => {
    const collection = '/platform/configuration/trust-relationships';
    const item = '/platform/configuration/trust-relationships/{trust_relationship_id}';
    expectValid(ece, 'GET', collection, 200, await platformCall('GET', `${collection}?include_certificate=true`));
    const created = await platformCall('POST', collection, { name: 'peer', public_ca_cert: emulator.cloud.ech.org.caCertPem, installation_id: '1053523734', account_ids: ['651598b101e54ccab1bfdcd8b6e3b8be'] });
    expectValid(ece, 'POST', collection, 201, created);
    const path = `${collection}/${created.body.id}`;
    expectValid(ece, 'GET', item, 200, await platformCall('GET', `${path}?include_certificate=true`));
    expectValid(ece, 'PUT', item, 200, await platformCall('PUT', path, { trust_by_default: true }));
    expectValid(ece, 'GET', collection, 200, await platformCall('GET', `/regions/ece-region${collection}`));
    expectValid(ece, 'DELETE', item, 200, await platformCall('DELETE', path));
    expectFailedReply(ece, await platformCall('GET', path), 404, ['GET', item]);
    expectFailedReply(ece, await platformCall('PUT', path, { name: 'x' }), 404, ['PUT', item]);
    expectFailedReply(ece, await platformCall('DELETE', path), 404, ['DELETE', item]);
    expectFailedReply(ece, await platformCall('POST', collection, { name: 'x' }), 400, ['POST', collection]);
    expectFailedReply(ece, await call(emulator.cloud.ece.env.url, 'GET', `/api/v1${collection}`, undefined), 401, ['GET', collection]);
  });
});
