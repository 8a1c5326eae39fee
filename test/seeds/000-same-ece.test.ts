/**
 * Seed 000: connect to a deployment in the same ECE environment, with both security models.
 * API key: a cross-cluster key on the remote deployment, its encoded value in the local deployment's
 * keystore through the ECE API, proxy mode to the remote cluster server (9443).
 * TLS certificate: each deployment's account trust scope lists the other's Elasticsearch cluster id,
 * then the ECE remote-clusters API. Trust on one side only leaves the alias not connected, and the
 * diagnosis names the side that is missing.
 */
import type { CloudDeploymentEndpoint } from '../../src/emulator';
import { renderChangeSet } from '../../src/plan/render';
import { crossClusterApiKey } from '../../src/resources/cross-cluster-api-key';
import { ValidationError } from '../../src/resources/definition';
import { deploymentTrust, type DeploymentTrustState } from '../../src/resources/deployment-trust';
import { diagnoseCertificateTrust, remoteResourceProblems } from '../../src/resources/deployment-trust/diagnosis';
import { remoteClusterConnection } from '../../src/resources/remote-cluster-connection';
import { apply, startSearchAndLogs, trustSide, type CloudStack } from './support/cloud-stack';

let stack: CloudStack;
let search: CloudDeploymentEndpoint;
let logs: CloudDeploymentEndpoint;
let accountId: string;

beforeAll(async () => {
  ({ stack, search, logs } = await startSearchAndLogs({ ece: [{ name: 'ece1', deployments: [{ name: 'search' }, { name: 'logs' }] }] }));
  accountId = stack.emulator.cloud.ece.ece1.accountId;
});
afterAll(() => stack.close());

test('API key model: cross-cluster key on the remote, keystore on the local deployment, connected', async () => {
  const key = await apply(crossClusterApiKey, stack.context('logs'), undefined, { name: 'search-to-logs', access: { search: [{ names: ['logs-*'] }] } });
  const connection = await apply(remoteClusterConnection, stack.context('search'), undefined, {
    alias: 'logs',
    mode: 'proxy',
    proxy_address: stack.emulator.clusters[logs.cluster].remoteClusterServerAddress,
    credentials: key.state.encoded,
    cloud: { deployment_id: search.id, ref_id: search.refId },
    wait_for_connected: true,
    wait_timeout: '5s',
  });
  expect(connection.state).toMatchObject({ connected: true, credentials_present: true, credentials_key_id: key.state.id });
  expect((await stack.context('search').elasticsearch().remoteInfo()).logs).toMatchObject({ connected: true });
});

test('certificate model: trust on one side only is diagnosed, then both sides trust each other and the alias connects', async () => {
  const local = stack.context('search');
  const remote = stack.context('logs');
  const trustOf = (deployment: CloudDeploymentEndpoint, allowlist: string[], resolve = false) => ({
    deployment_id: deployment.id,
    ref_id: deployment.refId,
    accounts: [{ account_id: accountId, trust_all: false, trust_allowlist: allowlist }],
    resolve_deployment_ids: resolve,
  });

  // The seeds warn: the cluster id, not the deployment id. Given the deployment id, nothing is written.
  stack.emulator.resetRequestLog();
  const wrongId = apply(deploymentTrust, local, undefined, trustOf(search, [logs.id]));
  await expect(wrongId).rejects.toThrow(ValidationError);
  await expect(wrongId).rejects.toThrow(
    `DeploymentTrust: accounts[0].trust_allowlist[0]: ${logs.id} is the id of deployment "logs", not an Elasticsearch cluster id; use its cluster id ${logs.clusterId} (main-elasticsearch), or set resolve_deployment_ids = true`,
  );
  expect(stack.emulator.requestLog().filter((r) => r.method === 'PUT')).toEqual([]);

  // Asked to, the engine resolves the deployment id to the cluster id.
  const localTrust = await apply(deploymentTrust, local, undefined, trustOf(search, [logs.id], true));
  expect(localTrust.state.resolved_cluster_ids).toEqual({ [logs.id]: logs.clusterId });
  const live = await local.cloud().getDeployment(search.id);
  expect(live.resources.elasticsearch[0].info.settings?.trust?.accounts).toEqual([{ account_id: accountId, trust_all: false, trust_allowlist: [logs.clusterId] }]);
  const reread = (await deploymentTrust.read(local, localTrust.state)) as DeploymentTrustState;
  expect(reread.accounts).toEqual(localTrust.state.accounts);

  // The remote deployment trusts nobody yet.
  const remoteTrust = await apply(deploymentTrust, remote, undefined, trustOf(logs, []));
  const connection = await apply(remoteClusterConnection, local, undefined, {
    alias: 'logs-cert',
    cloud: { deployment_id: search.id, ref_id: search.refId },
    remote_deployment: { deployment_id: logs.id, ref_id: logs.refId },
    skip_unavailable: true,
  });
  const entry = (await local.cloud().getRemoteClusters(search.id, search.refId)).resources.find((r) => r.alias === 'logs-cert');
  expect(entry?.info).toMatchObject({ connected: false, trusted: true, trusted_back: false });
  expect(remoteResourceProblems(search.id, entry!)).toEqual([
    `remote deployment ${logs.id}/main-elasticsearch does not trust local deployment ${search.id} back: add the local cluster id to its account trust scope (DeploymentTrust on the remote deployment)`,
  ]);
  const pair = { local: trustSide(local, search), remote: trustSide(remote, logs) };
  expect(await diagnoseCertificateTrust(pair.local, pair.remote)).toEqual([
    `remote deployment ${logs.id}/main-elasticsearch does not trust local deployment ${search.id}/main-elasticsearch: its account trust scope ${accountId} neither trusts all nor lists cluster ${search.clusterId} (trust cluster ${search.clusterId})`,
  ]);

  // The fix is one allowlist entry, and the plan says exactly that.
  const fixed = await apply(deploymentTrust, remote, remoteTrust.state, trustOf(logs, [search.clusterId]));
  expect(renderChangeSet(fixed.changeSet)).toBe(`DeploymentTrust "${logs.id}/main-elasticsearch"\n  + allowlist entry ${search.clusterId} under account ${accountId}`);
  expect(await diagnoseCertificateTrust(pair.local, pair.remote)).toEqual([]);
  expect(await remoteClusterConnection.read(local, connection.state)).toMatchObject({ connected: true });
  expect((await local.elasticsearch().remoteInfo())['logs-cert']).toMatchObject({ connected: true });
});
