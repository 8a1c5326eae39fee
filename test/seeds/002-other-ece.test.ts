/**
 * Seed 002: access a deployment of another ECE environment with the TLS certificate model.
 * Platform level: each environment trusts the other (a TrustRelationship declared in each, from the
 * other's own trust parameters). Deployment level: each deployment's external trust scope, through its
 * environment's relationship, lists the other's cluster id. Then proxy mode to the remote's transport
 * endpoint (9300). One-sided trust leaves the alias not connected and the diagnosis names the side.
 */
import type { CloudDeploymentEndpoint } from '../../src/emulator';
import { renderChangeSet } from '../../src/plan/render';
import { deploymentTrust } from '../../src/resources/deployment-trust';
import { diagnoseCertificateTrust } from '../../src/resources/deployment-trust/diagnosis';
import { remoteClusterConnection } from '../../src/resources/remote-cluster-connection';
import { readTrustPair, trustRelationship } from '../../src/resources/trust-relationship';
import { apply, startSearchAndLogs, transportProxyInput, trustSide, type CloudStack } from './support/cloud-stack';

let stack: CloudStack;
let search: CloudDeploymentEndpoint;
let logs: CloudDeploymentEndpoint;

beforeAll(async () => {
  ({ stack, search, logs } = await startSearchAndLogs({
    ece: [
      { name: 'ece1', deployments: [{ name: 'search' }] },
      { name: 'ece2', region: 'ece-west', deployments: [{ name: 'logs' }] },
    ],
  }));
});
afterAll(() => stack.close());

test('platform trust both ways plus deployment trust: connected; one side missing is named', async () => {
  const local = stack.context('search'); // talks to the ece1 coordinator
  const remote = stack.context('logs'); // talks to the ece2 coordinator
  const { ece1, ece2 } = stack.emulator.cloud.ece;

  // Both directions from each environment's own trust parameters (ece2 through its region's path).
  const pair = await readTrustPair({ cloud: local.cloud(), name: 'ECE1' }, { cloud: remote.cloud(), name: 'ECE2', region: 'ece-west' });
  expect(pair.inA).toMatchObject({ name: 'ECE2', installation_id: ece2.installationId, account_ids: [ece2.accountId] });
  expect(pair.inB).toMatchObject({ name: 'ECE1', installation_id: ece1.installationId, region: 'ece-west' });

  // ece1 trusts ece2, and the search deployment trusts the logs cluster through that relationship.
  const inEce1 = await apply(trustRelationship, local, undefined, pair.inA);
  const searchTrust = await apply(deploymentTrust, local, undefined, {
    deployment_id: search.id,
    external: [{ trust_relationship_id: inEce1.state.id, trust_allowlist: [logs.clusterId] }],
  });
  expect(renderChangeSet(searchTrust.changeSet)).toContain(`+ allowlist entry ${logs.clusterId} under trust relationship ${inEce1.state.id}`);
  const connection = await apply(remoteClusterConnection, local, undefined, transportProxyInput(stack, logs, 'ece2-logs'));
  expect(connection.state.connected).toBe(false);
  const sides = { local: trustSide(local, search), remote: trustSide(remote, logs) };
  expect(await diagnoseCertificateTrust(sides.local, sides.remote)).toEqual([
    `remote deployment ${logs.id}/main-elasticsearch does not trust local deployment ${search.id}/main-elasticsearch: no account, external or direct trust scope covers environment ${ece1.installationId}`,
    `the ECE platform of remote deployment ${logs.id}/main-elasticsearch has no trust relationship with environment ${ece1.installationId} (create a TrustRelationship in both environments)`,
  ]);

  // The other direction, in ece2.
  const inEce2 = await apply(trustRelationship, remote, undefined, pair.inB);
  await apply(deploymentTrust, remote, undefined, { deployment_id: logs.id, external: [{ trust_relationship_id: inEce2.state.id, trust_allowlist: [search.clusterId] }] });
  expect(await diagnoseCertificateTrust(sides.local, sides.remote)).toEqual([]);
  expect(await remoteClusterConnection.read(local, connection.state)).toMatchObject({ connected: true });

  // Platform trust withdrawn in ece2 (deployment trust left as is): the link breaks again.
  await trustRelationship.delete(remote, inEce2.state);
  expect(await trustRelationship.read(remote, inEce2.state)).toBeUndefined();
  expect((await local.elasticsearch().remoteInfo())['ece2-logs']?.connected).toBe(false);
  expect((await diagnoseCertificateTrust(sides.local, sides.remote)).join('\n')).toContain(`the ECE platform of remote deployment ${logs.id}/main-elasticsearch has no trust relationship`);
  await trustRelationship.delete(local, inEce1.state);
});

test('TrustRelationship: read detects drift, import by id and by region/id, duplicates and self-trust refused before a POST', async () => {
  const local = stack.context('search');
  const remote = stack.context('logs');
  const pair = await readTrustPair({ cloud: local.cloud(), name: 'ECE1' }, { cloud: remote.cloud(), name: 'ECE2', region: 'ece-west' });
  const created = await apply(trustRelationship, local, undefined, pair.inA);

  // Someone renames it and stops trusting by default in the UI.
  await local.cloud().updateTrustRelationship(created.state.id, { name: 'renamed in the UI', trust_by_default: true });
  const drifted = await trustRelationship.read(local, created.state);
  expect(renderChangeSet(trustRelationship.diff(drifted, pair.inA))).toBe(`TrustRelationship "ECE2"\n  ~ name renamed in the UI → ECE2\n  ~ trust_by_default true → false`);
  const repaired = await apply(trustRelationship, local, drifted, pair.inA);
  expect(await trustRelationship.read(local, repaired.state)).toEqual(repaired.state);

  expect(await trustRelationship.import(local, created.state.id)).toMatchObject({ name: 'ECE2', installation_id: pair.inA.installation_id });
  const inEce2 = await apply(trustRelationship, remote, undefined, pair.inB);
  expect(await trustRelationship.import(remote, `ece-west/${inEce2.state.id}`)).toMatchObject({ id: inEce2.state.id, region: 'ece-west' });
  const ownId = stack.emulator.cloud.ece.ece1.localTrustRelationshipId;
  await expect(trustRelationship.import(local, ownId)).rejects.toThrow(/own trust parameters \(local\)/);

  stack.emulator.resetRequestLog();
  await expect(apply(trustRelationship, local, undefined, pair.inA)).rejects.toThrow(`import it with id ${created.state.id}`);
  await expect(apply(trustRelationship, local, undefined, { ...pair.inA, installation_id: stack.emulator.cloud.ece.ece1.installationId })).rejects.toThrow(
    /is this environment's own id/,
  );
  expect(stack.emulator.requestLog().filter((r) => r.method === 'POST')).toEqual([]);
});
