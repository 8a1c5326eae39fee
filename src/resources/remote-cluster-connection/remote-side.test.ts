/**
 * RemoteClusterConnection's diagnosis of the remote side (emulated ECH and ECE): a traffic filter rule
 * set on the remote deployment that keeps the local cluster out is named with what would let it in,
 * and a key whose certificate_identity does not match the signing DN is named with both.
 */
import { call } from '../../emulator/test-client';
import { renderChangeSet } from '../../plan/render';
import type { CloudDeploymentEndpoint } from '../../emulator';
import { startElasticsearchHarness, type ElasticsearchHarness } from '../../../test/support/elasticsearch-harness';
import type { ClosableEngineContext } from '../../connections/context';
import { planResource } from '../planning';
import { crossClusterApiKey, type CrossClusterApiKeyInput, type CrossClusterApiKeyState } from '../cross-cluster-api-key';
import { remoteClusterSigningTrust, type RemoteClusterSigningTrustInput } from '../remote-cluster-signing-trust';
import { diagnoseTrafficFilters } from './diagnosis';
import { remoteClusterConnection, RemoteClusterNotConnectedError, type RemoteClusterConnectionInput } from '.';

let harness: ElasticsearchHarness;
const deployments: Record<string, CloudDeploymentEndpoint> = {};

beforeAll(async () => {
  harness = await startElasticsearchHarness({
    clusters: [],
    cloud: {
      ech: [{ name: 'acme', deployments: [{ name: 'search' }, { name: 'logs' }] }],
      ece: [{ name: 'env', deployments: [{ name: 'e-search' }, { name: 'e-logs' }] }],
    },
  });
  Object.assign(deployments, harness.emulator.cloud.deployments);
});
afterAll(() => harness.close());

const contextOf = (name: string): ClosableEngineContext =>
  harness.context(deployments[name].cluster, { cloud: { endpoint: deployments[name].cloudUrl, apiKey: deployments[name].cloudApiKey } });
const cloudCall = (name: string, method: string, path: string, body?: unknown) =>
  call(deployments[name].cloudUrl, method, `/api/v1${path}`, { apiKey: deployments[name].cloudApiKey }, body);

async function newKey(on: string, name: string, extra: Partial<CrossClusterApiKeyInput> = {}): Promise<CrossClusterApiKeyState & { encoded: string }> {
  const input = planResource<CrossClusterApiKeyInput>(crossClusterApiKey, undefined, { name, access: { search: [{ names: ['logs-*'] }] }, ...extra }).desired;
  const state = await crossClusterApiKey.create(contextOf(on), input);
  if (state.encoded === undefined) throw new Error(`key ${name} was created without its encoded value`);
  return { ...state, encoded: state.encoded };
}

/** A rule set associated with the remote deployment; returns its id. */
async function filterRemote(remote: string, ruleset: Record<string, unknown>): Promise<string> {
  const created = await cloudCall(remote, 'POST', '/deployments/traffic-filter/rulesets', { include_by_default: false, region: deployments[remote].region, ...ruleset });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await cloudCall(remote, 'POST', `/deployments/traffic-filter/rulesets/${id}/associations`, { entity_type: 'deployment', id: deployments[remote].id })).status).toBe(201);
  return id;
}

function linkInput(local: string, remote: string, alias: string, encoded: string, extra: Record<string, unknown> = {}) {
  return planResource<RemoteClusterConnectionInput>(remoteClusterConnection, undefined, {
    alias,
    mode: 'proxy',
    proxy_address: harness.emulator.clusters[deployments[remote].cluster].remoteClusterServerAddress,
    credentials: encoded,
    cloud: { deployment_id: deployments[local].id, ref_id: deployments[local].refId },
    remote_cloud: { deployment_id: deployments[remote].id, ref_id: deployments[remote].refId },
    wait_for_connected: true,
    wait_timeout: '1s',
    ...extra,
  }).desired;
}

async function notConnectedReasons(attempt: Promise<unknown>): Promise<string> {
  const error = await attempt.then(() => undefined, (err: unknown) => err);
  expect(error).toBeInstanceOf(RemoteClusterNotConnectedError);
  return (error as RemoteClusterNotConnectedError).message;
}

test('ECH: wait_for_connected names the remote_cluster rule set that keeps the local cluster out and the rule that lets it in; once added, it connects', async () => {
  const { search, logs } = deployments;
  const org = harness.emulator.cloud.ech.acme.id;
  const rulesetId = await filterRemote('logs', { name: 'only-logs-itself', type: 'remote_cluster', rules: [{ remote_cluster_org_id: org, remote_cluster_id: logs.clusterId }] });
  const key = await newKey('logs', 'filtered-link');
  const message = await notConnectedReasons(remoteClusterConnection.create(contextOf('search'), linkInput('search', 'logs', 'filtered', key.encoded)));
  expect(message).toContain(`the traffic filters of remote deployment ${logs.id} refuse this cluster: no rule of rule set(s) "only-logs-itself" (${rulesetId}, type remote_cluster) allows it`);
  expect(message).toContain(`a remote_cluster rule with remote_cluster_id "${search.clusterId}" and remote_cluster_org_id "${org}"`);
  expect(message).not.toContain('check that');

  const allowed = await cloudCall('logs', 'PUT', `/deployments/traffic-filter/rulesets/${rulesetId}`, {
    name: 'only-logs-itself', type: 'remote_cluster', include_by_default: false, region: logs.region, rules: [{ remote_cluster_org_id: org, remote_cluster_id: search.clusterId }],
  });
  expect(allowed.status).toBe(200);
  const connected = await remoteClusterConnection.create(contextOf('search'), linkInput('search', 'logs', 'filtered', key.encoded));
  expect(connected.connected).toBe(true);
  await remoteClusterConnection.delete(contextOf('search'), connected);
  await cloudCall('logs', 'DELETE', `/deployments/traffic-filter/rulesets/${rulesetId}?ignore_associations=true`);
});

test('ECE: an ip rule set is named with its sources and the environment id a remote_cluster rule would name', async () => {
  const installationId = harness.emulator.cloud.ece.env.installationId;
  const rulesetId = await filterRemote('e-logs', { name: 'office', type: 'ip', rules: [{ source: '192.0.2.0/24' }] });
  const key = await newKey('e-logs', 'ip-filtered-link');
  const message = await notConnectedReasons(remoteClusterConnection.create(contextOf('e-search'), linkInput('e-search', 'e-logs', 'by-ip', key.encoded)));
  expect(message).toContain(`"office" (${rulesetId}, type ip)`);
  expect(message).toContain("its ip rules allow only 192.0.2.0/24, so unless this cluster's outgoing address is among them it is refused there too");
  expect(message).toContain(`remote_cluster_org_id "${installationId}" (the local cluster id and environment id`);
  await cloudCall('e-logs', 'DELETE', `/deployments/traffic-filter/rulesets/${rulesetId}?ignore_associations=true`);
});

test('strong identity: signing attributes write the signing settings; a certificate_identity that does not match the signing DN is named with that DN', async () => {
  const { search, logs } = deployments;
  const org = harness.emulator.cloud.ech.acme.id;
  const verification = planResource<RemoteClusterSigningTrustInput>(remoteClusterSigningTrust, undefined, { certificate_authorities: ['internal_tls_ca.crt'] }).desired;
  await remoteClusterSigningTrust.create(contextOf('logs'), verification);
  // The identity of the remote deployment's own certificates, not the local one's.
  const wrong = `CN=.*\\.node\\.${logs.clusterId}\\.cluster\\.${org}`;
  const key = await newKey('logs', 'wrong-identity-link', { certificate_identity: wrong });
  const signing = { signing_certificate: 'node.crt', signing_key: 'node.key', certificate_identity: wrong };
  const message = await notConnectedReasons(remoteClusterConnection.create(contextOf('search'), linkInput('search', 'logs', 'strong', key.encoded, signing)));
  expect(message).toContain(`certificate_identity "${wrong}" does not match the DN of the local signing certificate, CN=<node id>.node.${search.clusterId}.cluster.${org}`);

  const right = `CN=.*\\.node\\.${search.clusterId}\\.cluster\\.${org}`;
  const goodKey = await newKey('logs', 'right-identity-link', { certificate_identity: right });
  const connected = await remoteClusterConnection.create(contextOf('search'), linkInput('search', 'logs', 'strong', goodKey.encoded, { ...signing, certificate_identity: right }));
  expect(connected).toMatchObject({ connected: true, signing_certificate: 'node.crt', signing_key: 'node.key' });
  const settings = await contextOf('search').elasticsearch().getClusterSettings();
  expect(settings.persistent).toMatchObject({ 'cluster.remote.strong.signing.certificate': 'node.crt', 'cluster.remote.strong.signing.key': 'node.key' });
  await remoteClusterConnection.delete(contextOf('search'), connected);
  expect(Object.keys((await contextOf('search').elasticsearch().getClusterSettings()).persistent).filter((k) => k.startsWith('cluster.remote.strong.'))).toEqual([]);
});

test('signing inputs follow Elasticsearch rules and certificate_identity needs signing, named at plan time', () => {
  const base = { alias: 'x', mode: 'proxy', proxy_address: 'remote.example.com:9443', credentials: Buffer.from('id:secret').toString('base64') };
  const problems = (extra: Record<string, unknown>) => {
    try {
      planResource(remoteClusterConnection, undefined, { ...base, ...extra });
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  };
  expect(problems({ signing_certificate: 'node.crt' })).toMatch(/signing_key.*required with signing_certificate/);
  expect(problems({ signing_certificate: 'node.crt', signing_key: 'node.key', signing_keystore_path: 'signing.p12' })).toMatch(/signing_keystore_path.*PEM files or with a keystore, not both/);
  expect(problems({ signing_keystore_type: 'PKCS12' })).toMatch(/signing_keystore_type.*required: signing_keystore_path/);
  expect(problems({ certificate_identity: 'CN=.*' })).toMatch(/certificate_identity.*needs signing settings/);
  expect(problems({ certificate_identity: 'CN=(' , signing_keystore_path: 'signing.p12' })).toMatch(/certificate_identity.*valid regular expression/);
  expect(problems({ signing_certificate: 'node.crt', signing_key: 'node.key', certificate_identity: 'CN=.*' })).toBe('');
});

test('no rule set associated, or a remote_cluster rule naming the local side: the filters are no cause', () => {
  const local = { clusterId: 'a'.repeat(32), scopeId: 'org1', platform: 'ech' as const };
  expect(diagnoseTrafficFilters('d1', [], local)).toEqual([]);
  const ruleset = { id: 'r1', name: 'n', type: 'remote_cluster', include_by_default: false, region: 'r', rules: [{ remote_cluster_org_id: 'org1' }] };
  expect(diagnoseTrafficFilters('d1', [ruleset], local)).toEqual([]);
  expect(diagnoseTrafficFilters('d1', [{ ...ruleset, rules: [{ remote_cluster_org_id: 'org2' }] }], local)).toHaveLength(1);
});

test('the plan names the signing settings by setting key, and a changed certificate_identity or remote_cloud, which touch nothing in Elasticsearch', () => {
  const first = planResource<RemoteClusterConnectionInput>(remoteClusterConnection, undefined, {
    alias: 'signed',
    mode: 'proxy',
    proxy_address: 'remote.example.com:9443',
    credentials: Buffer.from('id:secret').toString('base64'),
    signing_certificate: 'node.crt',
    signing_key: 'node.key',
    certificate_identity: 'CN=.*',
  });
  expect(renderChangeSet(first.changeSet)).toContain('+ cluster.remote.signed.signing.certificate = node.crt');
  const prior = { ...first.desired, id: 'signed', credentials: undefined, credentials_key_id: 'id' };
  const next = planResource<RemoteClusterConnectionInput>(remoteClusterConnection, prior, {
    ...first.desired,
    certificate_identity: 'CN=.*\\.node\\..*',
    remote_cloud: { deployment_id: 'f'.repeat(32) },
  });
  const rendered = renderChangeSet(next.changeSet);
  expect(rendered).toContain('~ certificate_identity (of the key in credentials) CN=.* → CN=.*\\.node\\..*');
  expect(rendered).toContain(`+ remote_cloud deployment = ${'f'.repeat(32)}/main-elasticsearch`);
  expect(rendered).not.toContain('signing.certificate');
});
