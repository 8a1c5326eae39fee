import path from 'node:path';
import { OpenApiResponseValidator, specsDirectory } from './contract-validator';
import { sourceCovers } from './traffic-filters';
import { startEmulator } from './index';
import type { RunningEmulator } from './index';
import { call } from './test-client';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({
    cloud: {
      ece: [{ name: 'env', deployments: [{ name: 'e-local' }, { name: 'e-remote' }] }],
      ech: [
        { name: 'org', deployments: [{ name: 'h-local' }, { name: 'h-remote' }] },
        { name: 'other-org', deployments: [{ name: 'o-local' }] },
      ],
    },
  });
});
afterAll(async () => {
  await emulator.stop();
});

const dep = (name: string) => emulator.cloud.deployments[name];
const es = (name: string) => emulator.clusters[dep(name).cluster];
const esAuth = (name: string) => ({ username: es(name).username, password: es(name).password });
const api = (name: string, method: string, path: string, body?: unknown) => call(dep(name).cloudUrl, method, `/api/v1${path}`, { apiKey: dep(name).cloudApiKey }, body);
const rulesets = '/deployments/traffic-filter/rulesets';

async function createRuleset(on: string, body: Record<string, unknown>): Promise<string> {
  const response = await api(on, 'POST', rulesets, { include_by_default: false, region: dep(on).region, ...body });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

async function associate(rulesetId: string, deployment: string) {
  return api(deployment, 'POST', `${rulesets}/${rulesetId}/associations`, { entity_type: 'deployment', id: dep(deployment).id });
}

/** An API-key proxy link from `local` to `remote`'s remote cluster server, credentials in the local keystore. */
async function linkWithApiKey(local: string, remote: string, alias: string) {
  const key = await call(es(remote).url, 'POST', '/_security/cross_cluster/api_key', esAuth(remote), { name: `key-${alias}`, access: { search: [{ names: ['logs-*'] }] } });
  expect(key.status).toBe(200);
  const keystore = await api(local, 'PATCH', `/deployments/${dep(local).id}/elasticsearch/main-elasticsearch/keystore`, {
    secrets: { [`cluster.remote.${alias}.credentials`]: { value: key.body.encoded } },
  });
  expect(keystore.status).toBe(200);
  const settings = await call(es(local).url, 'PUT', '/_cluster/settings', esAuth(local), {
    persistent: { [`cluster.remote.${alias}.mode`]: 'proxy', [`cluster.remote.${alias}.proxy_address`]: es(remote).remoteClusterServerAddress },
  });
  expect(settings.status).toBe(200);
}

async function connected(local: string, alias: string): Promise<boolean> {
  const info = await call(es(local).url, 'GET', '/_remote/info', esAuth(local));
  return info.body[alias].connected as boolean;
}

describe('traffic filter rule set API', () => {
  it('creates, reads, lists by region, updates and deletes a rule set; rule ids named in an update are kept', async () => {
    const id = await createRuleset('h-remote', { name: 'office', type: 'ip', rules: [{ source: '192.0.2.0/24', description: 'office' }] });
    const read = await api('h-remote', 'GET', `${rulesets}/${id}`);
    expect(read.body).toMatchObject({ id, name: 'office', type: 'ip', include_by_default: false, region: dep('h-remote').region, rules: [{ source: '192.0.2.0/24', description: 'office' }] });
    expect(read.body.associations).toBeUndefined();
    const ruleId = read.body.rules[0].id as string;
    const updated = await api('h-remote', 'PUT', `${rulesets}/${id}`, { name: 'office', type: 'ip', include_by_default: false, region: dep('h-remote').region, rules: [{ id: ruleId, source: '192.0.2.7' }] });
    expect(updated).toMatchObject({ status: 200, body: { id } });
    expect((await api('h-remote', 'GET', `${rulesets}/${id}`)).body.rules).toEqual([{ id: ruleId, source: '192.0.2.7' }]);
    expect((await api('h-remote', 'GET', `${rulesets}?region=${dep('h-remote').region}`)).body.rulesets.map((r: { id: string }) => r.id)).toContain(id);
    expect((await api('h-remote', 'GET', `${rulesets}?region=elsewhere`)).body.rulesets).toEqual([]);
    // Another organization does not see it.
    expect((await api('o-local', 'GET', `${rulesets}/${id}`)).status).toBe(404);
    expect((await api('h-remote', 'DELETE', `${rulesets}/${id}`)).status).toBe(200);
    expect((await api('h-remote', 'GET', `${rulesets}/${id}`)).body.errors[0].code).toBe('traffic_filter.not_found');
  });

  it('refuses what the API refuses, naming the field', async () => {
    const region = dep('h-remote').region;
    const refused = async (deployment: string, body: Record<string, unknown>) => {
      const response = await api(deployment, 'POST', rulesets, body);
      expect(response.status).toBe(400);
      return response.body.errors[0] as { message: string; fields?: string[] };
    };
    expect(await refused('h-remote', { name: 'x', type: 'ip', include_by_default: false, rules: [] })).toMatchObject({ fields: ['region'] });
    expect((await refused('h-remote', { name: 'x', type: 'firewall', include_by_default: false, region, rules: [] })).message).toContain('accepted: ip, vpce');
    expect((await refused('e-remote', { name: 'x', type: 'vpce', include_by_default: false, region: dep('e-remote').region, rules: [] })).message).toContain('accepted: ip, remote_cluster');
    expect(await refused('h-remote', { name: 'x', type: 'ip', include_by_default: false, region: 'aws-eu-west-1', rules: [] })).toMatchObject({ fields: ['region'] });
    expect(await refused('h-remote', { name: 'x', type: 'ip', include_by_default: false, region, rules: [{ source: '10.0.0.0/33' }] })).toMatchObject({ fields: ['rules[0].source'] });
    expect(await refused('h-remote', { name: 'x', type: 'ip', include_by_default: false, region, rules: [{ remote_cluster_id: dep('h-local').clusterId }] })).toMatchObject({ fields: ['rules[0].remote_cluster_id'] });
    expect(await refused('h-remote', { name: 'x', type: 'remote_cluster', include_by_default: false, region, rules: [{ description: 'who?' }] })).toMatchObject({ fields: ['rules[0].remote_cluster_id'] });
    expect(await refused('h-remote', { name: 'x', type: 'remote_cluster', include_by_default: false, region, rules: [{ remote_cluster_id: 'abc' }] })).toMatchObject({ fields: ['rules[0].remote_cluster_id'] });
    expect(await refused('h-remote', { name: 'x', type: 'ip', include_by_default: false, region, rules: [], color: 'blue' })).toMatchObject({ fields: ['color'] });
  });

  it('associations: created once (201, then 200), listed both ways, region and type checked, and they block deletion', async () => {
    const id = await createRuleset('h-remote', { name: 'assoc', type: 'ip', rules: [{ source: '0.0.0.0/0' }] });
    expect((await associate(id, 'h-remote')).status).toBe(201);
    expect((await associate(id, 'h-remote')).status).toBe(200);
    expect((await api('h-remote', 'GET', `${rulesets}/${id}/associations`)).body).toEqual({ associations: [{ entity_type: 'deployment', id: dep('h-remote').id }], total_associations: 1 });
    expect((await api('h-remote', 'GET', `/deployments/traffic-filter/associations/deployment/${dep('h-remote').id}/rulesets`)).body.rulesets).toContain(id);
    expect((await api('h-remote', 'GET', `/deployments/traffic-filter/associations/template/${dep('h-remote').id}/rulesets`)).body.errors[0].code).toBe('traffic_filter.invalid_association_type');
    expect((await api('h-remote', 'GET', `${rulesets}/${id}?include_associations=true`)).body).toMatchObject({ total_associations: 1 });
    const blocked = await api('h-remote', 'DELETE', `${rulesets}/${id}`);
    expect(blocked.status).toBe(400);
    expect((await api('h-remote', 'DELETE', `${rulesets}/${id}/associations/deployment/${dep('h-remote').id}`)).status).toBe(200);
    expect((await api('h-remote', 'DELETE', `${rulesets}/${id}/associations/deployment/${dep('h-remote').id}`)).status).toBe(404);
    expect((await api('h-remote', 'DELETE', `${rulesets}/${id}`)).status).toBe(200);
  });
});

describe.each([
  ['ECH', 'h-remote', 'ess-api-full.json'],
  ['ECE', 'e-remote', 'ece-api-full.json'],
])('%s traffic filter answers validate against the full contract', (_label, deployment, specFile) => {
  it('rule sets, associations and errors', async () => {
    const validator = new OpenApiResponseValidator(specFile, path.join(specsDirectory(), 'cloud', specFile));
    const expectValid = (method: string, template: string, response: { status: number; body: unknown }) =>
      expect(validator.validate(method, template, String(response.status), response.body)).toEqual([]);
    // The validator does reject a rule set without its required fields.
    expect(validator.validate('GET', '/deployments/traffic-filter/rulesets', '200', { rulesets: [{ id: 'x' }] })).not.toEqual([]);
    const created = await api(deployment, 'POST', rulesets, { name: 'contract', type: 'ip', include_by_default: false, region: dep(deployment).region, rules: [{ source: '192.0.2.1' }] });
    expectValid('POST', '/deployments/traffic-filter/rulesets', created);
    const id = created.body.id as string;
    expectValid('POST', '/deployments/traffic-filter/rulesets/{ruleset_id}/associations', await associate(id, deployment));
    expectValid('GET', '/deployments/traffic-filter/rulesets', await api(deployment, 'GET', `${rulesets}?include_associations=true`));
    expectValid('GET', '/deployments/traffic-filter/rulesets/{ruleset_id}', await api(deployment, 'GET', `${rulesets}/${id}?include_associations=true`));
    expectValid('GET', '/deployments/traffic-filter/rulesets/{ruleset_id}/associations', await api(deployment, 'GET', `${rulesets}/${id}/associations`));
    expectValid('GET', '/deployments/traffic-filter/associations/{association_type}/{associated_entity_id}/rulesets', await api(deployment, 'GET', `/deployments/traffic-filter/associations/deployment/${dep(deployment).id}/rulesets`));
    expectValid('GET', '/deployments/traffic-filter/associations/{association_type}/{associated_entity_id}/rulesets', await api(deployment, 'GET', `/deployments/traffic-filter/associations/nope/${dep(deployment).id}/rulesets`));
    expectValid('DELETE', '/deployments/traffic-filter/rulesets/{ruleset_id}/associations/{association_type}/{associated_entity_id}', await api(deployment, 'DELETE', `${rulesets}/${id}/associations/deployment/${dep(deployment).id}`));
    expectValid('DELETE', '/deployments/traffic-filter/rulesets/{ruleset_id}', await api(deployment, 'DELETE', `${rulesets}/${id}`));
    expectValid('GET', '/deployments/traffic-filter/rulesets/{ruleset_id}', await api(deployment, 'GET', `${rulesets}/${id}`));
  });
});

describe('traffic filters on remote cluster connections', () => {
  it('ECH: a remote_cluster rule set on the remote deployment refuses a local cluster no rule names, until a rule does', async () => {
    await linkWithApiKey('h-local', 'h-remote', 'filtered');
    expect(await connected('h-local', 'filtered')).toBe(true);
    const body = { name: 'partners', type: 'remote_cluster', include_by_default: false, region: dep('h-remote').region };
    const id = await createRuleset('h-remote', { ...body, rules: [{ remote_cluster_org_id: emulator.cloud.ech.org.id, remote_cluster_id: dep('h-remote').clusterId }] });
    expect((await associate(id, 'h-remote')).status).toBe(201);
    expect(await connected('h-local', 'filtered')).toBe(false);
    expect(emulator.diagnose('h-local', 'filtered').reasons).toEqual([
      `the traffic filters of deployment [h-remote] (rule sets [partners] (${id}, type remote_cluster)) allow no remote cluster connection from cluster [h-local] (cluster id ${dep('h-local').clusterId}, organization ${emulator.cloud.ech.org.id}, source ${dep('h-local').egressAddress})`,
    ]);
    // A rule of another organization with the right cluster id does not match: every field a rule sets must.
    await api('h-remote', 'PUT', `${rulesets}/${id}`, { ...body, rules: [{ remote_cluster_org_id: emulator.cloud.ech['other-org'].id, remote_cluster_id: dep('h-local').clusterId }] });
    expect(await connected('h-local', 'filtered')).toBe(false);
    await api('h-remote', 'PUT', `${rulesets}/${id}`, { ...body, rules: [{ remote_cluster_org_id: emulator.cloud.ech.org.id, remote_cluster_id: dep('h-local').clusterId }] });
    expect(await connected('h-local', 'filtered')).toBe(true);
    // An organization-wide rule lets every cluster of that organization in.
    await api('h-remote', 'PUT', `${rulesets}/${id}`, { ...body, rules: [{ remote_cluster_org_id: emulator.cloud.ech.org.id }] });
    expect(await connected('h-local', 'filtered')).toBe(true);
    await api('h-remote', 'DELETE', `${rulesets}/${id}?ignore_associations=true`);
  });

  it('ECE: an ip rule set whose sources exclude the local side blocks the link; one covering its address lets it through', async () => {
    await linkWithApiKey('e-local', 'e-remote', 'by-ip');
    const body = { name: 'office only', type: 'ip', include_by_default: false, region: dep('e-remote').region };
    const id = await createRuleset('e-remote', { ...body, rules: [{ source: '192.0.2.0/24' }] });
    await associate(id, 'e-remote');
    expect(await connected('e-local', 'by-ip')).toBe(false);
    expect(emulator.diagnose('e-local', 'by-ip').reasons[0]).toContain(`source ${dep('e-local').egressAddress}`);
    const [a, b, c] = dep('e-local').egressAddress.split('.');
    await api('e-remote', 'PUT', `${rulesets}/${id}`, { ...body, rules: [{ source: '192.0.2.0/24' }, { source: `${a}.${b}.${c}.0/24` }] });
    expect(await connected('e-local', 'by-ip')).toBe(true);
    await api('e-remote', 'DELETE', `${rulesets}/${id}?ignore_associations=true`);
  });

  it('ECH to ECE (seed 003): a remote_cluster rule naming the ECH cluster does not apply across platforms; an ip rule with the Elastic Cloud egress address does', async () => {
    await linkWithApiKey('h-local', 'e-remote', 'to-ece');
    const body = { include_by_default: false, region: dep('e-remote').region };
    const byCluster = await createRuleset('e-remote', { ...body, name: 'by cluster', type: 'remote_cluster', rules: [{ remote_cluster_org_id: emulator.cloud.ech.org.id, remote_cluster_id: dep('h-local').clusterId }] });
    await associate(byCluster, 'e-remote');
    expect(await connected('h-local', 'to-ece')).toBe(false);
    const byAddress = await createRuleset('e-remote', { ...body, name: 'elastic cloud egress', type: 'ip', rules: [{ source: emulator.cloud.ech.org.egressAddress }] });
    await associate(byAddress, 'e-remote');
    expect(await connected('h-local', 'to-ece')).toBe(true);
    for (const id of [byCluster, byAddress]) await api('e-remote', 'DELETE', `${rulesets}/${id}?ignore_associations=true`);
  });

  it('include_by_default: a deployment created afterwards in the region gets the rule set', async () => {
    const id = await createRuleset('h-remote', { name: 'default for new', type: 'ip', include_by_default: true, rules: [{ source: '192.0.2.0/24' }] });
    const current = await api('h-remote', 'GET', `/deployments/${dep('h-remote').id}?show_plans=true`);
    const resource = current.body.resources.elasticsearch[0];
    const created = await api('h-remote', 'POST', '/deployments', {
      name: 'created-later',
      resources: { elasticsearch: [{ ref_id: 'main-elasticsearch', region: resource.region, plan: resource.info.plan_info.current.plan }] },
    });
    expect(created.status).toBe(201);
    const associations = await api('h-remote', 'GET', `/deployments/traffic-filter/associations/deployment/${created.body.id}/rulesets`);
    expect(associations.body.rulesets).toEqual([id]);
    expect((await api('h-remote', 'GET', `/deployments/traffic-filter/associations/deployment/${dep('h-remote').id}/rulesets`)).body.rulesets).not.toContain(id);
    await api('h-remote', 'DELETE', `${rulesets}/${id}?ignore_associations=true`);
  });

  it('the certificate model (transport port, mTLS) is not filtered', async () => {
    const id = await createRuleset('e-remote', { name: 'nothing', type: 'ip', rules: [{ source: '192.0.2.1' }] });
    await associate(id, 'e-remote');
    const settings = await call(es('e-local').url, 'PUT', '/_cluster/settings', esAuth('e-local'), {
      persistent: { 'cluster.remote.certs.mode': 'proxy', 'cluster.remote.certs.proxy_address': es('e-remote').transportAddress },
    });
    expect(settings.status).toBe(200);
    expect(await connected('e-local', 'certs')).toBe(true);
    await api('e-remote', 'DELETE', `${rulesets}/${id}?ignore_associations=true`);
  });
});

test('a source covers an address by CIDR mask, or by equality', () => {
  expect(sourceCovers('10.1.0.0/16', '10.1.200.3')).toBe(true);
  expect(sourceCovers('10.1.0.0/16', '10.2.0.1')).toBe(false);
  expect(sourceCovers('0.0.0.0/0', '203.0.113.9')).toBe(true);
  expect(sourceCovers('203.0.113.9', '203.0.113.9')).toBe(true);
  expect(sourceCovers('203.0.113.9', '203.0.113.10')).toBe(false);
});
