/**
 * The Cloud side of a refresh through a context that shares reads: one deployment GET serves every
 * DeploymentTrust of that deployment, one remote-clusters GET every certificate-model connection of
 * that Elasticsearch resource; and a read after a write of the same context sees the write.
 */
import { startElasticsearchHarness, type ElasticsearchHarness } from '../../test/support/elasticsearch-harness';
import type { CloudDeploymentEndpoint } from '../emulator';
import { deploymentTrust, type DeploymentTrustInput, type DeploymentTrustState } from './deployment-trust';
import { planResource } from './planning';
import { remoteClusterConnection, type RemoteClusterConnectionInput, type RemoteClusterConnectionState } from './remote-cluster-connection';

let harness: ElasticsearchHarness;
let search: CloudDeploymentEndpoint;
let logs: CloudDeploymentEndpoint;
let trusts: DeploymentTrustState[];
let connections: RemoteClusterConnectionState[];

const accountIds = ['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32)];
const trustInput = (scope: { account_id: string; trust_all?: boolean; trust_allowlist?: string[] }) =>
  planResource<DeploymentTrustInput>(deploymentTrust, undefined, { deployment_id: search.id, accounts: [scope] }).desired;
const connectionInput = (alias: string) =>
  planResource<RemoteClusterConnectionInput>(remoteClusterConnection, undefined, {
    alias,
    cloud: { deployment_id: search.id, ref_id: search.refId },
    remote_deployment: { deployment_id: logs.id, ref_id: logs.refId },
  }).desired;

/** A context of the local deployment's cluster, with its Cloud API, as one provider process has it. */
const searchContext = (shareReads: boolean) => harness.context(search.cluster, { cloud: { endpoint: search.cloudUrl, apiKey: search.cloudApiKey } }, { shareReads });

const cloudRequests = () =>
  harness.emulator
    .requestLog()
    .filter((r) => r.cluster === undefined)
    .map((r) => `${r.method} ${r.path}`);

beforeAll(async () => {
  harness = await startElasticsearchHarness({ clusters: [], cloud: { ech: [{ name: 'acme', deployments: [{ name: 'search' }, { name: 'logs' }] }] } });
  const deployments = Object.values(harness.emulator.cloud.deployments);
  search = deployments.find((d) => d.name === 'search')!;
  logs = deployments.find((d) => d.name === 'logs')!;
  const ctx = searchContext(false);
  trusts = [];
  for (const id of accountIds) trusts.push(await deploymentTrust.create(ctx, trustInput({ account_id: id, trust_all: true })));
  connections = [];
  for (const alias of ['logs-1', 'logs-2', 'logs-3']) connections.push(await remoteClusterConnection.create(ctx, connectionInput(alias)));
});
afterAll(() => harness.close());

test('refreshing three trust scopes and three certificate-model connections of one deployment costs one deployment GET and one remote-clusters GET', async () => {
  const ctx = searchContext(true);
  harness.emulator.resetRequestLog();
  const [readTrusts, readConnections] = await Promise.all([
    Promise.all(trusts.map((t) => deploymentTrust.read(ctx, t))),
    Promise.all(connections.map((c) => remoteClusterConnection.read(ctx, c))),
  ]);
  expect(cloudRequests().sort()).toEqual([`GET /api/v1/deployments/${search.id}`, `GET /api/v1/deployments/${search.id}/elasticsearch/${search.refId}/remote-clusters`]);
  expect(readTrusts.map((t) => t?.accounts?.[0].account_id)).toEqual(accountIds);
  expect(readConnections.map((c) => c?.alias)).toEqual(['logs-1', 'logs-2', 'logs-3']);
});

test('a trust scope read after a write of the same context sees the write', async () => {
  const ctx = searchContext(true);
  const before = await deploymentTrust.read(ctx, trusts[0]);
  expect(before?.accounts?.[0].trust_all).toBe(true);
  const updated = await deploymentTrust.update(ctx, before!, trustInput({ account_id: accountIds[0], trust_allowlist: [logs.clusterId] }));
  const after = await deploymentTrust.read(ctx, updated);
  expect(after?.accounts?.[0]).toMatchObject({ trust_allowlist: [logs.clusterId] });
});
