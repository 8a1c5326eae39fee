import { startEmulator } from './index';
import type { RunningEmulator } from './index';
import { call } from './test-client';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({
    seed: 11,
    cloud: {
      ece: [
        { name: 'ece1', deployments: [{ name: 'a1' }, { name: 'a2' }] },
        { name: 'ece2', region: 'ece-west', deployments: [{ name: 'b1' }] },
      ],
      ech: [{ name: 'org', deployments: [{ name: 'c1' }, { name: 'c2' }] }],
    },
  });
});
afterAll(async () => {
  await emulator.stop();
});

const dep = (name: string) => emulator.cloud.deployments[name];
const cloudAuth = (name: string) => ({ apiKey: dep(name).cloudApiKey });
const es = (name: string) => emulator.clusters[dep(name).cluster];
const esAuth = (name: string) => ({ username: es(name).username, password: es(name).password });
const api = (name: string, method: string, path: string, body?: unknown) => call(dep(name).cloudUrl, method, `/api/v1${path}`, cloudAuth(name), body);
const ece = (env: string) => emulator.cloud.ece[env];
const eceCall = (env: string, method: string, path: string, body?: unknown) => call(ece(env).url, method, `/api/v1${path}`, { apiKey: ece(env).apiKey }, body);

async function getDeployment(name: string, query = '?show_settings=true&show_plans=true') {
  const response = await api(name, 'GET', `/deployments/${dep(name).id}${query}`);
  expect(response.status).toBe(200);
  return response;
}

/** Read-modify-write of one resource's trust, the way a client must do it (plan sent back as read). */
async function putTrust(name: string, trust: unknown, version?: string) {
  const current = await getDeployment(name);
  const resource = current.body.resources.elasticsearch[0];
  const query = `?version=${version ?? current.headers.get('x-cloud-resource-version')}`;
  return api(name, 'PUT', `/deployments/${dep(name).id}${query}`, {
    prune_orphans: false,
    resources: { elasticsearch: [{ ref_id: resource.ref_id, region: resource.region, plan: resource.info.plan_info.current.plan, settings: { trust } }] },
  });
}

async function remoteInfo(name: string) {
  return (await call(es(name).url, 'GET', '/_remote/info', esAuth(name))).body;
}

async function crossClusterKey(on: string, body: Record<string, unknown> = {}) {
  const response = await call(es(on).url, 'POST', '/_security/cross_cluster/api_key', esAuth(on), {
    name: `key-${Math.random().toString(36).slice(2)}`,
    access: { search: [{ names: ['logs-*'] }] },
    ...body,
  });
  expect(response.status).toBe(200);
  return response.body as { id: string; encoded: string };
}

async function setCredentials(name: string, alias: string, encoded: string | null) {
  const response = await api(name, 'PATCH', `/deployments/${dep(name).id}/elasticsearch/main-elasticsearch/keystore`, {
    secrets: { [`cluster.remote.${alias}.credentials`]: encoded === null ? null : { value: encoded } },
  });
  expect(response.status).toBe(200);
  return response;
}

async function proxyTo(local: string, alias: string, address: string | null, extra: Record<string, unknown> = {}) {
  const persistent = address === null
    ? { [`cluster.remote.${alias}.*`]: null }
    : { [`cluster.remote.${alias}.mode`]: 'proxy', [`cluster.remote.${alias}.proxy_address`]: address, ...extra };
  const response = await call(es(local).url, 'PUT', '/_cluster/settings', esAuth(local), { persistent });
  expect(response.status).toBe(200);
}

describe('deployments', () => {
  it('have Elasticsearch cluster ids different from their ids, the default account trust, and a resource version', async () => {
    const response = await getDeployment('a1');
    expect(response.headers.get('x-cloud-resource-version')).toMatch(/^\d+$/);
    const resource = response.body.resources.elasticsearch[0];
    expect(resource.ref_id).toBe('main-elasticsearch');
    expect(resource.id).toBe(dep('a1').clusterId);
    expect(resource.id).not.toBe(dep('a1').id);
    expect(resource.info.settings.trust).toEqual({ accounts: [{ account_id: ece('ece1').accountId, trust_all: true }] });
    expect(resource.info.metadata.service_url).toBe(es('a1').url);
    const withoutSettings = await getDeployment('a1', '');
    expect(withoutSettings.body.resources.elasticsearch[0].info.settings).toBeUndefined();
    expect(withoutSettings.body.resources.elasticsearch[0].info.plan_info.current.plan).toBeUndefined();
    const identity = await call(es('a1').url, 'GET', '/', esAuth('a1'));
    expect(identity.body.cluster_name).toBe(dep('a1').clusterId);
  });

  it('PUT changes trust when given, reverts it with null, leaves it when omitted, and refuses stale versions', async () => {
    const trust = { accounts: [{ account_id: ece('ece1').accountId, trust_all: false, trust_allowlist: [dep('a1').clusterId] }] };
    const before = await getDeployment('a2');
    const version = Number(before.headers.get('x-cloud-resource-version'));
    const updated = await putTrust('a2', trust);
    expect(updated.status).toBe(200);
    expect(updated.headers.get('x-cloud-resource-version')).toBe(String(version + 1));
    expect(updated.body.resources[0]).toMatchObject({ kind: 'elasticsearch', ref_id: 'main-elasticsearch', id: dep('a2').clusterId });
    expect((await getDeployment('a2')).body.resources.elasticsearch[0].info.settings.trust).toEqual(trust);

    const stale = await putTrust('a2', { accounts: [] }, String(version));
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0].code).toBe('deployments.version_conflict');

    const current = await getDeployment('a2');
    const resource = current.body.resources.elasticsearch[0];
    const omitted = await api('a2', 'PUT', `/deployments/${dep('a2').id}`, {
      prune_orphans: false,
      resources: { elasticsearch: [{ ref_id: 'main-elasticsearch', region: resource.region, plan: resource.info.plan_info.current.plan }] },
    });
    expect(omitted.status).toBe(200);
    expect((await getDeployment('a2')).body.resources.elasticsearch[0].info.settings.trust).toEqual(trust);

    expect((await putTrust('a2', null)).status).toBe(200);
    expect((await getDeployment('a2')).body.resources.elasticsearch[0].info.settings.trust).toEqual({
      accounts: [{ account_id: ece('ece1').accountId, trust_all: true }],
    });
  });

  it('rejects invalid updates before changing anything', async () => {
    const id = dep('a1').id;
    const noPlan = await api('a1', 'PUT', `/deployments/${id}`, {
      prune_orphans: false,
      resources: { elasticsearch: [{ ref_id: 'main-elasticsearch', region: 'ece-region', settings: { trust: { accounts: [] } } }] },
    });
    expect(noPlan.status).toBe(400);
    expect(noPlan.body.errors[0]).toMatchObject({ code: 'root.invalid_json_request', fields: ['resources.elasticsearch[0].plan'] });
    const badPem = await putTrust('a1', { direct: [{ name: 'x', trust_all: true, certificates: [{ pem: 'not a certificate' }] }] });
    expect(badPem.status).toBe(400);
    const missing = await api('a1', 'GET', '/deployments/0123456789abcdef0123456789abcdef');
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0].code).toBe('deployments.deployment_not_found');
    expect(missing.headers.get('x-cloud-error-codes')).toBe('deployments.deployment_not_found');
    const otherPlatform = await api('a1', 'GET', `/deployments/${dep('c1').id}`);
    expect(otherPlatform.status).toBe(404);
    const unauthenticated = await call(dep('a1').cloudUrl, 'GET', `/api/v1/deployments/${id}`, { apiKey: emulator.cloudApiKey });
    expect(unauthenticated.status).toBe(401);
    expect((await getDeployment('a1')).body.resources.elasticsearch[0].info.settings.trust.accounts[0].trust_all).toBe(true);
  });

  it('a version_conflict fault makes the next versioned PUT fail once, then a re-read succeeds', async () => {
    emulator.faults.set({ kind: 'version_conflict', times: 1, target: 'cloud' });
    const conflicted = await putTrust('b1', { accounts: [{ account_id: ece('ece2').accountId, trust_all: true }] });
    expect(conflicted.status).toBe(409);
    const retried = await putTrust('b1', { accounts: [{ account_id: ece('ece2').accountId, trust_all: true }] });
    expect(retried.status).toBe(200);
    expect(emulator.faults.fired().version_conflict).toBe(1);
  });
});

describe('keystore', () => {
  it('PATCH is partial, a null secret or an unspecified, null or empty value deletes, GET never returns values; Cloud reloads credentials itself', async () => {
    const base = `/deployments/${dep('c1').id}/elasticsearch/main-elasticsearch/keystore`;
    const first = await api('c1', 'PATCH', base, { secrets: { 'cluster.remote.x.credentials': { value: 'c2VjcmV0OnZhbHVl' }, 'some.file': { value: 'abc', as_file: true } } });
    expect(first.body).toEqual({ secrets: { 'cluster.remote.x.credentials': { as_file: false }, 'some.file': { as_file: true } } });
    const second = await api('c1', 'PATCH', base, { secrets: { 'some.file': null } });
    expect(second.body).toEqual({ secrets: { 'cluster.remote.x.credentials': { as_file: false } } });
    const read = await api('c1', 'GET', base);
    expect(JSON.stringify(read.body)).not.toContain('c2VjcmV0OnZhbHVl');
    expect(emulator.keystore('c1').active()).toEqual(['cluster.remote.x.credentials']);
    await api('c1', 'PATCH', base, { secrets: { 'cluster.remote.x.credentials': null } });
    expect((await api('c1', 'GET', base)).body).toEqual({ secrets: {} });
    // The contract: "When the keystore secret is unspecified, it is removed" (what the official ec provider sends).
    await api('c1', 'PATCH', base, { secrets: { 'a.b': { value: 'x' } } });
    const unspecified = await api('c1', 'PATCH', base, { secrets: { 'a.b': {} } });
    expect(unspecified.status).toBe(200);
    expect((await api('c1', 'GET', base)).body).toEqual({ secrets: {} });
    // A null value is unspecified too; "" is what Elastic's Go clients send to remove a setting.
    for (const removal of [{ value: null }, { value: '', as_file: false }]) {
      await api('c1', 'PATCH', base, { secrets: { 'a.b': { value: 'x' } } });
      expect((await api('c1', 'PATCH', base, { secrets: { 'a.b': removal } })).body).toEqual({ secrets: {} });
    }
    const invalid = await api('c1', 'PATCH', base, { secrets: { 'a.b': 'not an object' } });
    expect(invalid.status).toBe(400);
    const unknownRef = await api('c1', 'GET', `/deployments/${dep('c1').id}/elasticsearch/nope/keystore`);
    expect(unknownRef.body.errors[0].code).toBe('deployments.deployment_resource_not_found');
  });
});

describe('seed 000: same ECE environment', () => {
  it('certificate model through the remote-clusters API connects when both trust each other', async () => {
    const path = `/deployments/${dep('a1').id}/elasticsearch/main-elasticsearch/remote-clusters`;
    const put = await api('a1', 'PUT', path, { resources: [{ deployment_id: dep('a2').id, elasticsearch_ref_id: 'main-elasticsearch', alias: 'alias-a2', skip_unavailable: true }] });
    expect(put.status).toBe(202);
    const read = await api('a1', 'GET', path);
    expect(read.body.resources).toEqual([
      {
        deployment_id: dep('a2').id,
        elasticsearch_ref_id: 'main-elasticsearch',
        alias: 'alias-a2',
        skip_unavailable: true,
        info: { healthy: true, connected: true, compatible: true, trusted: true, trusted_back: true },
      },
    ]);
    expect((await remoteInfo('a1'))['alias-a2']).toMatchObject({ connected: true, mode: 'proxy', proxy_address: es('a2').transportAddress, skip_unavailable: true });

    // a2 trusts only itself now: a1 still trusts a2, a2 no longer trusts a1
    expect((await putTrust('a2', { accounts: [{ account_id: ece('ece1').accountId, trust_all: false, trust_allowlist: [dep('a2').clusterId] }] })).status).toBe(200);
    const oneSided = await api('a1', 'GET', path);
    expect(oneSided.body.resources[0].info).toMatchObject({ connected: false, trusted: true, trusted_back: false });
    expect((await remoteInfo('a1'))['alias-a2'].connected).toBe(false);
    const diagnosis = emulator.diagnose('a1', 'alias-a2');
    expect(diagnosis.reasons).toEqual([expect.stringMatching(/^remote deployment \[a2\].*does not trust deployment \[a1\].*does not allow cluster id/)]);

    expect((await putTrust('a2', { accounts: [{ account_id: ece('ece1').accountId, trust_all: false, trust_allowlist: [dep('a1').clusterId] }] })).status).toBe(200);
    expect((await remoteInfo('a1'))['alias-a2'].connected).toBe(true);

    // PUT replaces the whole list: an empty list removes the alias and its settings
    expect((await api('a1', 'PUT', path, { resources: [] })).status).toBe(202);
    expect((await api('a1', 'GET', path)).body).toEqual({ resources: [] });
    expect(await remoteInfo('a1')).toEqual({});
    const badAlias = await api('a1', 'PUT', path, { resources: [{ deployment_id: dep('a2').id, elasticsearch_ref_id: 'main-elasticsearch', alias: 'bad alias' }] });
    expect(badAlias.status).toBe(400);
    expect(badAlias.body.errors[0].message).toBe('Aliases must only contain letters, digits, dashes and underscores');
    const otherEnvironment = await api('a1', 'PUT', path, { resources: [{ deployment_id: dep('b1').id, elasticsearch_ref_id: 'main-elasticsearch', alias: 'b1' }] });
    expect(otherEnvironment.status).toBe(404);
  });

  it('API-key model needs the key in the local keystore and the remote 9443 endpoint', async () => {
    const key = await crossClusterKey('a2');
    await proxyTo('a1', 'keyed', es('a2').remoteClusterServerAddress);
    expect(emulator.diagnose('a1', 'keyed').reasons[0]).toContain('requires a cross-cluster API key');
    await setCredentials('a1', 'keyed', key.encoded);
    expect((await remoteInfo('a1')).keyed).toMatchObject({ connected: true, cluster_credentials: '::es_redacted::' });
    await proxyTo('a1', 'keyed', es('a2').transportAddress);
    expect(emulator.diagnose('a1', 'keyed').reasons[0]).toContain('port 9443');
    await setCredentials('a1', 'keyed', null);
    await proxyTo('a1', 'keyed', null);
  });

  it('the aliased endpoint the API reports is a proxy address and server name of the deployment, as its own host is', async () => {
    const metadata = (await getDeployment('a2')).body.resources.elasticsearch[0].info.metadata;
    const key = await crossClusterKey('a2');
    await setCredentials('a1', 'aliased', key.encoded);
    await proxyTo('a1', 'aliased', `${metadata.aliased_endpoint}:9443`, { 'cluster.remote.aliased.server_name': metadata.aliased_endpoint });
    expect((await remoteInfo('a1')).aliased).toMatchObject({ connected: true });
    expect(emulator.diagnose('a1', 'aliased').remoteCluster).toBe(dep('a2').cluster);
    await setCredentials('a1', 'aliased', null);
    await proxyTo('a1', 'aliased', null);
  });

  it('sniff mode cannot reach a Cloud deployment', async () => {
    const response = await call(es('a1').url, 'PUT', '/_cluster/settings', esAuth('a1'), { persistent: { 'cluster.remote.sniffy.seeds': [es('a2').transportAddress] } });
    expect(response.status).toBe(200);
    expect(emulator.diagnose('a1', 'sniffy').reasons).toEqual(['remote cluster [a2] is a Cloud deployment, reachable through its proxy only: use proxy mode']);
    await call(es('a1').url, 'PUT', '/_cluster/settings', esAuth('a1'), { persistent: { 'cluster.remote.sniffy.seeds': null } });
  });
});

describe('seed 001: same ECH organization', () => {
  it('API key with certificate_identity connects only with signing configured and a matching DN', async () => {
    const dn = es('c1').signingCertificateDn;
    expect(dn).toBe(`CN=${dn.slice(3).split('.')[0]}.node.${dep('c1').clusterId}.cluster.${emulator.cloud.ech.org.id}`);
    const key = await crossClusterKey('c2', { certificate_identity: `CN=.*\\.node\\.${dep('c1').clusterId}\\.cluster\\.${emulator.cloud.ech.org.id}` });
    await setCredentials('c1', 'strong', key.encoded);
    await proxyTo('c1', 'strong', es('c2').remoteClusterServerAddress);
    expect((await remoteInfo('c1')).strong.connected).toBe(false);
    await proxyTo('c1', 'strong', es('c2').remoteClusterServerAddress, {
      'cluster.remote.strong.signing.certificate': 'node.crt',
      'cluster.remote.strong.signing.key': 'node.key',
    });
    expect(emulator.diagnose('c1', 'strong').reasons).toEqual([expect.stringContaining('does not verify signed requests')]);
    const ca = await call(es('c2').url, 'PUT', '/_cluster/settings', esAuth('c2'), { persistent: { 'cluster.remote.signing.certificate_authorities': 'internal_tls_ca.crt' } });
    expect(ca.status).toBe(200);
    expect((await remoteInfo('c1')).strong.connected).toBe(true);
  });
});

describe('seed 002: another ECE environment', () => {
  it('needs platform trust relationships both ways plus external trust on both deployments', async () => {
    const relationshipFor = (env: string) => ({
      name: env,
      public_ca_cert: ece(env).caCertPem,
      installation_id: ece(env).installationId,
      trust_by_default: false,
      account_ids: [ece(env).accountId],
    });
    const ab = await eceCall('ece1', 'POST', '/regions/ece-region/platform/configuration/trust-relationships', relationshipFor('ece2'));
    expect(ab.status).toBe(201);
    await putTrust('a1', {
      accounts: [{ account_id: ece('ece1').accountId, trust_all: true }],
      external: [{ trust_relationship_id: ab.body.id, trust_all: false, trust_allowlist: [dep('b1').clusterId] }],
    });
    await proxyTo('a1', 'b1', es('b1').transportAddress);
    expect(emulator.diagnose('a1', 'b1').reasons).toEqual([
      expect.stringContaining('environment ece2 has no trust relationship with environment ece1 (platform trust must go both ways)'),
      expect.stringMatching(/^remote deployment \[b1\].* does not trust deployment \[a1\]/),
    ]);

    const ba = await eceCall('ece2', 'POST', '/platform/configuration/trust-relationships', relationshipFor('ece1'));
    expect(ba.status).toBe(201);
    await putTrust('b1', { external: [{ trust_relationship_id: ba.body.id, trust_all: true }] });
    expect((await remoteInfo('a1')).b1.connected).toBe(true);

    // remove ece2's platform trust of ece1: the deployments' trust alone is not enough
    expect((await eceCall('ece2', 'DELETE', `/platform/configuration/trust-relationships/${ba.body.id}`)).status).toBe(200);
    await putTrust('b1', { external: [{ trust_relationship_id: ba.body.id, trust_all: true }] });
    expect((await remoteInfo('a1')).b1.connected).toBe(false);
    expect(emulator.diagnose('a1', 'b1').reasons.join(' ')).toContain('does not exist in its environment');
    const back = await eceCall('ece2', 'POST', '/platform/configuration/trust-relationships', relationshipFor('ece1'));
    await putTrust('b1', { external: [{ trust_relationship_id: back.body.id, trust_all: true }] });
    expect((await remoteInfo('a1')).b1.connected).toBe(true);
    // ece1 drops its relationship: platform trust must go both ways
    expect((await eceCall('ece1', 'DELETE', `/platform/configuration/trust-relationships/${ab.body.id}`)).status).toBe(200);
    expect(emulator.diagnose('a1', 'b1').reasons.join(' ')).toContain('does not trust');
    await proxyTo('a1', 'b1', null);
  });
});

describe('seed 003: ECH to ECE', () => {
  it('direct trust with the ECE CA and scope id on one side, the ECH CA on the other', async () => {
    await proxyTo('c1', 'ece-a1', es('a1').transportAddress);
    await putTrust('c1', {
      accounts: [{ account_id: emulator.cloud.ech.org.id, trust_all: true }],
      direct: [{ type: 'ECE', name: 'My ECE environment', scope_id: ece('ece1').installationId, certificates: [{ pem: ece('ece1').caCertPem }], trust_all: false, trust_allowlist: [dep('a1').clusterId] }],
    });
    expect(emulator.diagnose('c1', 'ece-a1').reasons).toEqual([expect.stringContaining('remote deployment [a1]')]);
    await putTrust('a1', {
      accounts: [{ account_id: ece('ece1').accountId, trust_all: true }],
      direct: [{ type: 'ESS', name: 'ECH org', scope_id: emulator.cloud.ech.org.id, certificates: [{ pem: emulator.cloud.ech.org.caCertPem }], trust_all: true }],
    });
    expect((await remoteInfo('c1'))['ece-a1'].connected).toBe(true);
    // the wrong CA does not establish trust
    await putTrust('c1', {
      direct: [{ type: 'ECE', name: 'wrong CA', scope_id: ece('ece1').installationId, certificates: [{ pem: ece('ece2').caCertPem }], trust_all: true }],
    });
    expect(emulator.diagnose('c1', 'ece-a1').reasons.join(' ')).toContain('does not hold the CA certificate of ece1');
    const ca = await api('c1', 'GET', `/deployments/${dep('a1').id}/certificate-authority`);
    expect(ca.status).toBe(404);
    const ownCa = await eceCall('ece1', 'GET', `/deployments/${dep('a1').id}/certificate-authority`);
    expect(ownCa.body.public_certificates[0].pem).toBe(ece('ece1').caCertPem);
    expect(ownCa.body.recommended_trust_restriction).toBe(`*.node.*.cluster.${ece('ece1').installationId}`);
  });
});

describe('ECE trust relationships', () => {
  it('list with the local relationship, get, update, delete with version, both path forms', async () => {
    const list = await eceCall('ece2', 'GET', '/platform/configuration/trust-relationships?include_certificate=true');
    const local = list.body.trust_relationships.find((r: { local: boolean }) => r.local);
    expect(local).toMatchObject({ id: ece('ece2').localTrustRelationshipId, installation_id: ece('ece2').installationId, public_ca_cert: ece('ece2').caCertPem, local: true });
    const created = await eceCall('ece2', 'POST', '/regions/ece-west/platform/configuration/trust-relationships', { name: 'x', public_ca_cert: ece('ece1').caCertPem });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-cloud-resource-version')).toBe('1');
    const path = `/platform/configuration/trust-relationships/${created.body.id}`;
    const updated = await eceCall('ece2', 'PUT', path, { name: 'renamed', trust_by_default: true });
    expect(updated.body).toMatchObject({ id: created.body.id, name: 'renamed', trust_by_default: true, local: false });
    const got = await eceCall('ece2', 'GET', `/regions/ece-west${path}`);
    expect(got.body.public_ca_cert).toBeUndefined();
    expect(got.headers.get('x-cloud-resource-version')).toBe('2');
    const stale = await eceCall('ece2', 'DELETE', `${path}?version=1`);
    expect(stale.status).toBe(409);
    expect((await eceCall('ece2', 'DELETE', `${path}?version=2`)).status).toBe(200);
    const gone = await eceCall('ece2', 'GET', path);
    expect(gone.status).toBe(404);
    expect(gone.body.errors[0].code).toBe('trust_relationships.not_found');
    expect((await eceCall('ece2', 'GET', '/regions/other/platform/configuration/trust-relationships')).status).toBe(404);
    expect((await eceCall('ece2', 'POST', '/platform/configuration/trust-relationships', { name: 'x', public_ca_cert: 'nope' })).status).toBe(400);
    expect((await eceCall('ece2', 'DELETE', `/platform/configuration/trust-relationships/${local.id}`)).status).toBe(400);
    // ECH has no platform trust relationships
    expect((await call(emulator.cloudUrl, 'GET', '/api/v1/platform/configuration/trust-relationships', { apiKey: emulator.cloudApiKey })).status).toBe(404);
  });

  it('answers the account with its id and default trust', async () => {
    const account = await eceCall('ece1', 'GET', '/account');
    expect(account.body).toEqual({ id: ece('ece1').accountId, trust: { trust_all: true } });
    const patched = await eceCall('ece1', 'PATCH', '/account', { trust: { trust_all: false } });
    expect(patched.body.trust.trust_all).toBe(false);
    await eceCall('ece1', 'PUT', '/account', { trust: { trust_all: true } });
  });
});

describe('Cloud faults and log', () => {
  it("target 'cloud' covers the ECE coordinators; requests are logged with their service", async () => {
    emulator.resetRequestLog();
    emulator.faults.set({ kind: 'status', status: 503, retryAfterSeconds: 1, times: 1, target: 'cloud' });
    const failed = await eceCall('ece1', 'GET', '/account');
    expect(failed.status).toBe(503);
    expect(failed.body.errors[0].code).toBe('root.service_unavailable');
    expect(failed.headers.get('retry-after')).toBe('1');
    expect((await eceCall('ece1', 'GET', '/account')).status).toBe(200);
    expect(emulator.requestLog()).toEqual([
      { method: 'GET', path: '/api/v1/account', service: 'ece:ece1', status: 503, fault: 'status' },
      { method: 'GET', path: '/api/v1/account', service: 'ece:ece1', status: 200 },
    ]);
  });
});

describe('ECE coordinator behind its private CA', () => {
  it('serves HTTPS with a certificate that only the environment CA verifies', async () => {
    const https = await import('node:https');
    const secure = await startEmulator({ clusters: [], cloud: { ece: [{ name: 'private', tls: true }] } });
    try {
      const environment = secure.cloud.ece.private;
      expect(environment.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const get = (ca?: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const request = https.get(`${environment.url}/api/v1/account`, { ca, headers: { authorization: `ApiKey ${environment.apiKey}` } }, (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => (body += chunk.toString()));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
          });
          request.on('error', reject);
        });
      const trusted = await get(environment.caCertPem);
      expect(trusted.status).toBe(200);
      expect(JSON.parse(trusted.body).id).toBe(environment.accountId);
      await expect(get()).rejects.toThrow(/self[- ]signed|unable to (verify|get local issuer)/i);
      await expect(get(secure.cloud.ech.default.caCertPem)).rejects.toThrow();
    } finally {
      await secure.stop();
    }
  });
});
