/**
 * CloudClient against the emulated ECH and ECE APIs: real HTTP through the real transport, paths under
 * /api/v1 (and /regions/{region}/ for ECE platform calls), `Authorization: ApiKey`, typed answers, and
 * errors that keep the Cloud error codes.
 */
import { startEmulator, type RunningEmulator } from '../emulator';
import { HttpTransport } from '../http/transport';
import { CloudApiError, CloudClient } from './client';

let emulator: RunningEmulator;
let ech: CloudClient;
let ece: CloudClient;
const transports: HttpTransport[] = [];

function client(baseUrl: string, apiKey: string): CloudClient {
  const transport = new HttpTransport({ service: 'cloud', baseUrl, auth: { kind: 'apiKey', apiKey }, maxRetries: 0 });
  transports.push(transport);
  return new CloudClient(transport);
}

beforeAll(async () => {
  emulator = await startEmulator({
    clusters: [],
    cloud: { ech: [{ name: 'acme', deployments: [{ name: 'search' }, { name: 'logs' }] }], ece: [{ name: 'ece1', region: 'ece-west', deployments: [{ name: 'enterprise' }] }] },
  });
  ech = client(emulator.cloudUrl, emulator.cloud.ech.acme.apiKey);
  ece = client(emulator.cloud.ece.ece1.url, emulator.cloud.ece.ece1.apiKey);
});
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
  await emulator.stop();
});

test('getDeployment: Elasticsearch resources with their cluster id, trust settings and the resource version', async () => {
  const search = emulator.cloud.deployments.search;
  const deployment = await ech.getDeployment(search.id, { showPlans: true });
  expect(deployment.id).toBe(search.id);
  expect(deployment.version).toMatch(/^\d+$/);
  const [resource] = deployment.resources.elasticsearch;
  expect(resource).toMatchObject({ ref_id: 'main-elasticsearch', id: search.clusterId, info: { cluster_id: search.clusterId } });
  expect(resource.id).not.toBe(search.id);
  expect(resource.info.settings?.trust?.accounts?.[0].account_id).toBe(emulator.cloud.ech.acme.id);
  expect(resource.info.plan_info?.current?.plan).toBeDefined();
});

test('errors keep the Cloud error codes: not found, version conflict, unauthenticated', async () => {
  const missing = await ech.getDeployment('f'.repeat(32)).catch((e: unknown) => e);
  expect(missing).toBeInstanceOf(CloudApiError);
  expect(missing).toMatchObject({ status: 404, codes: ['deployments.deployment_not_found'], notFound: true });

  const search = emulator.cloud.deployments.search;
  const deployment = await ech.getDeployment(search.id, { showPlans: true });
  const [resource] = deployment.resources.elasticsearch;
  const update = { ref_id: resource.ref_id, region: resource.region, plan: resource.info.plan_info?.current?.plan, trust: resource.info.settings?.trust ?? {} };
  const stale = String(Number(deployment.version) - 1);
  const conflict = await ech.updateDeploymentTrust(search.id, update, stale).catch((e: unknown) => e);
  expect(conflict).toMatchObject({ status: 409, codes: ['deployments.version_conflict'], versionConflict: true });
  await ech.updateDeploymentTrust(search.id, update, deployment.version);

  const stranger = client(emulator.cloudUrl, Buffer.from('nobody:nothing-here').toString('base64'));
  const denied = await stranger.getAccount().catch((e: unknown) => e);
  expect(denied).toMatchObject({ status: 401 });
  expect((denied as CloudApiError).codes[0]).toMatch(/^root\./);
  expect((denied as Error).message).not.toContain('nothing-here');
});

test('keystore: names only on read, PATCH is partial, null removes', async () => {
  const logs = emulator.cloud.deployments.logs;
  await ech.setKeystoreSecrets(logs.id, logs.refId, { 'cluster.remote.a.credentials': { value: 'value-a-123456' }, 'cluster.remote.b.credentials': { value: 'value-b-123456' } });
  expect(await ech.getKeystore(logs.id, logs.refId)).toEqual({ secrets: { 'cluster.remote.a.credentials': { as_file: false }, 'cluster.remote.b.credentials': { as_file: false } } });
  await ech.setKeystoreSecrets(logs.id, logs.refId, { 'cluster.remote.a.credentials': null });
  expect(Object.keys((await ech.getKeystore(logs.id, logs.refId)).secrets)).toEqual(['cluster.remote.b.credentials']);
});

test('remote clusters: PUT replaces the list (computed info is not sent back), GET computes info', async () => {
  const search = emulator.cloud.deployments.search;
  const logs = emulator.cloud.deployments.logs;
  await ech.putRemoteClusters(search.id, search.refId, { resources: [{ deployment_id: logs.id, elasticsearch_ref_id: logs.refId, alias: 'logs', skip_unavailable: true }] });
  const listed = await ech.getRemoteClusters(search.id, search.refId);
  expect(listed.resources).toEqual([
    { deployment_id: logs.id, elasticsearch_ref_id: logs.refId, alias: 'logs', skip_unavailable: true, info: expect.objectContaining({ trusted: true, trusted_back: true }) },
  ]);
  await ech.putRemoteClusters(search.id, search.refId, listed);
  await ech.putRemoteClusters(search.id, search.refId, { resources: [] });
  expect((await ech.getRemoteClusters(search.id, search.refId)).resources).toEqual([]);
});

test('certificate authority and account', async () => {
  const ca = await ech.getCertificateAuthority(emulator.cloud.deployments.search.id);
  expect(ca.public_certificates.find((c) => c.active)?.pem).toBe(emulator.cloud.ech.acme.caCertPem);
  expect((await ech.getAccount()).id).toBe(emulator.cloud.ech.acme.id);
  expect((await ece.getAccount()).id).toBe(emulator.cloud.ece.ece1.accountId);
});

test('ECE trust relationships: local parameters, CRUD under the default and the region path', async () => {
  const env = emulator.cloud.ece.ece1;
  const local = await ece.getLocalTrustParameters({ region: 'ece-west' });
  expect(local).toEqual({ id: env.localTrustRelationshipId, name: 'ece1', installation_id: env.installationId, public_ca_cert: env.caCertPem, account_ids: [env.accountId] });

  const created = await ece.createTrustRelationship({ name: 'ECH acme', public_ca_cert: emulator.cloud.ech.acme.caCertPem, installation_id: '1053523734' }, { region: 'ece-west' });
  expect(await ece.getTrustRelationship(created.id)).toMatchObject({ id: created.id, name: 'ECH acme', installation_id: '1053523734', local: false, version: '1' });
  await ece.updateTrustRelationship(created.id, { trust_by_default: true }, { region: 'ece-west' });
  expect((await ece.listTrustRelationships()).find((r) => r.id === created.id)).toMatchObject({ trust_by_default: true });
  expect((await ece.listTrustRelationships()).find((r) => r.id === created.id)?.public_ca_cert).toBeUndefined();
  await ece.deleteTrustRelationship(created.id, { region: 'ece-west' });
  expect(await ece.getTrustRelationship(created.id)).toBeUndefined();
  await ece.deleteTrustRelationship(created.id);

  const wrongRegion = await ece.listTrustRelationships({ region: 'elsewhere' }).catch((e: unknown) => e);
  expect(wrongRegion).toMatchObject({ status: 404 });
  const onEch = await ech.listTrustRelationships().catch((e: unknown) => e);
  expect(onEch).toMatchObject({ status: 404, notFound: true });
});

test('getDeploymentTrafficFilters: the rule sets associated with a deployment, by association then by id; none: an empty list', async () => {
  const { search, logs } = emulator.cloud.deployments;
  const call = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${emulator.cloudUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `ApiKey ${emulator.cloud.ech.acme.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as { id?: string };
  };
  const { id } = await call('POST', '/deployments/traffic-filter/rulesets', {
    name: 'partners', type: 'remote_cluster', region: logs.region, include_by_default: false, rules: [{ remote_cluster_org_id: emulator.cloud.ech.acme.id }],
  });
  await call('POST', `/deployments/traffic-filter/rulesets/${id}/associations`, { entity_type: 'deployment', id: logs.id });
  expect(await ech.getDeploymentTrafficFilters(logs.id)).toEqual([
    expect.objectContaining({ id, name: 'partners', type: 'remote_cluster', rules: [expect.objectContaining({ remote_cluster_org_id: emulator.cloud.ech.acme.id })] }),
  ]);
  expect(await ech.getDeploymentTrafficFilters(search.id)).toEqual([]);
  const missing = await ech.getTrafficFilterRuleset('0'.repeat(32)).catch((e: unknown) => e);
  expect(missing).toMatchObject({ status: 404, codes: ['traffic_filter.not_found'] });
});
