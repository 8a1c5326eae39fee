/**
 * Seed 003: connect an ECH deployment to a deployment of an ECE environment with the TLS certificate
 * model. The ECH deployment's direct trust holds the ECE environment's CA (from its trust parameters),
 * scope id = the ECE environment id, and the ECE cluster id; the ECE deployment trusts the ECH deployment
 * back with a direct trust holding the ECH deployment's CA (its /certificate-authority) and the organization
 * id. Then proxy mode to the ECE transport endpoint (9300).
 */
import type { CloudDeploymentEndpoint } from '../../src/emulator';
import { renderChangeSet } from '../../src/plan/render';
import { deploymentTrust } from '../../src/resources/deployment-trust';
import { diagnoseCertificateTrust } from '../../src/resources/deployment-trust/diagnosis';
import { remoteClusterConnection } from '../../src/resources/remote-cluster-connection';
import { apply, startCloudStack, transportProxyInput, trustSide, type CloudStack } from './support/cloud-stack';

let stack: CloudStack;
let hosted: CloudDeploymentEndpoint;
let enterprise: CloudDeploymentEndpoint;

beforeAll(async () => {
  stack = await startCloudStack({ ech: [{ name: 'acme', deployments: [{ name: 'hosted' }] }], ece: [{ name: 'ece1', deployments: [{ name: 'enterprise' }] }] });
  hosted = stack.deployment('hosted');
  enterprise = stack.deployment('enterprise');
});
afterAll(() => stack.close());

test('direct trust with the ECE CA and scope id on ECH, trusted back from ECE: connected; one side missing is named', async () => {
  const ech = stack.context('hosted');
  const ece = stack.context('enterprise');
  const environment = await ece.cloud().getLocalTrustParameters();
  const organizationId = stack.emulator.cloud.ech.acme.id;

  const echTrust = await apply(deploymentTrust, ech, undefined, {
    deployment_id: hosted.id,
    direct: [{ type: 'ECE', name: 'My ECE environment', scope_id: environment.installation_id, certificates: [environment.public_ca_cert], trust_allowlist: [enterprise.clusterId] }],
  });
  expect(renderChangeSet(echTrust.changeSet)).toContain(`+ allowlist entry ${enterprise.clusterId} under direct trust My ECE environment`);

  const connection = await apply(remoteClusterConnection, ech, undefined, transportProxyInput(stack, enterprise, 'ece-logs'));
  expect(connection.state.connected).toBe(false);
  const sides = { local: trustSide(ech, hosted), remote: trustSide(ece, enterprise) };
  expect(await diagnoseCertificateTrust(sides.local, sides.remote)).toEqual([
    `remote deployment ${enterprise.id}/main-elasticsearch does not trust local deployment ${hosted.id}/main-elasticsearch: no account, external or direct trust scope covers environment ${organizationId}`,
  ]);

  // The ECE deployment trusts the ECH deployment back: the ECH CA from the deployment's certificate authority.
  const ca = await ech.cloud().getCertificateAuthority(hosted.id);
  const active = ca.public_certificates.find((c) => c.active);
  expect(active).toBeDefined();
  await apply(deploymentTrust, ece, undefined, {
    deployment_id: enterprise.id,
    direct: [{ type: 'ESS', name: 'acme on Elastic Cloud', scope_id: organizationId, certificates: [active?.pem], trust_allowlist: [hosted.clusterId] }],
  });
  expect(await diagnoseCertificateTrust(sides.local, sides.remote)).toEqual([]);
  expect(await remoteClusterConnection.read(ech, connection.state)).toMatchObject({ connected: true });

  // A trust that names the wrong cluster on the ECH side: exactly one entry swapped in the plan, and the link breaks.
  const wrong = await apply(deploymentTrust, ech, echTrust.state, {
    deployment_id: hosted.id,
    direct: [{ type: 'ECE', name: 'My ECE environment', scope_id: environment.installation_id, certificates: [environment.public_ca_cert], trust_allowlist: [hosted.clusterId] }],
  });
  expect(wrong.changeSet.changes.map((c) => (c.kind === 'entry' ? `${c.op}${c.value}` : c.kind))).toEqual([`+${hosted.clusterId}`, `-${enterprise.clusterId}`]);
  expect((await ech.elasticsearch().remoteInfo())['ece-logs']?.connected).toBe(false);
  expect(await diagnoseCertificateTrust(sides.local, sides.remote)).toEqual([
    `local deployment ${hosted.id}/main-elasticsearch does not trust remote deployment ${enterprise.id}/main-elasticsearch: its direct trust "My ECE environment" neither trusts all nor lists cluster ${enterprise.clusterId} (trust cluster ${enterprise.clusterId})`,
  ]);
});
