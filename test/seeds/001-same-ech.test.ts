/**
 * Seed 001: connect to a deployment in the same ECH organization with the API-key model, and with the
 * API-key model plus strong identity verification (9.3): the key's certificate_identity matches the
 * local cluster's signing certificate DN (CN=<node>.node.<cluster id>.cluster.<org id>), the local cluster
 * signs with its transport certificate and the remote verifies with the regional CA.
 */
import type { CloudDeploymentEndpoint } from '../../src/emulator';
import { crossClusterApiKey } from '../../src/resources/cross-cluster-api-key';
import { remoteClusterConnection } from '../../src/resources/remote-cluster-connection';
import { remoteClusterSigningTrust } from '../../src/resources/remote-cluster-signing-trust';
import { apply, startSearchAndLogs, type CloudStack } from './support/cloud-stack';

let stack: CloudStack;
let search: CloudDeploymentEndpoint;
let logs: CloudDeploymentEndpoint;

beforeAll(async () => {
  ({ stack, search, logs } = await startSearchAndLogs({ ech: [{ name: 'acme', deployments: [{ name: 'search' }, { name: 'logs' }] }] }));
});
afterAll(() => stack.close());

function connectionInput(alias: string, encoded: string | undefined, wait: boolean, extra: Record<string, unknown> = {}) {
  return {
    alias,
    mode: 'proxy',
    proxy_address: stack.emulator.clusters[logs.cluster].remoteClusterServerAddress,
    credentials: encoded,
    cloud: { deployment_id: search.id, ref_id: search.refId },
    wait_for_connected: wait,
    wait_timeout: '5s',
    ...extra,
  };
}

test('API key model within one organization: connected', async () => {
  const key = await apply(crossClusterApiKey, stack.context('logs'), undefined, { name: 'search-to-logs', access: { search: [{ names: ['logs-*'] }], replication: [{ names: ['logs-*'] }] } });
  const connection = await apply(remoteClusterConnection, stack.context('search'), undefined, connectionInput('logs', key.state.encoded, true));
  expect(connection.state).toMatchObject({ connected: true, credentials_key_id: key.state.id });
});

test('API key with certificate_identity: connects only once the local cluster signs and the remote verifies', async () => {
  const local = stack.context('search');
  const remote = stack.context('logs');
  // The seed's pattern for the Cloud transport certificates of one cluster.
  const identity = `CN=.*.node.${search.clusterId}.cluster.*`;
  expect(stack.emulator.clusters[search.cluster].signingCertificateDn).toMatch(new RegExp(`^${identity}$`));
  const key = await apply(crossClusterApiKey, remote, undefined, { name: 'search-to-logs-strong', access: { search: [{ names: ['logs-*'] }] }, certificate_identity: identity });
  const connection = await apply(remoteClusterConnection, local, undefined, connectionInput('logs-strong', key.state.encoded, false));
  expect(connection.state.connected).toBe(false);

  // The seed's settings as attributes: the local cluster signs with the transport certificate present in every deployment...
  const signing = { signing_certificate: 'node.crt', signing_key: 'node.key', certificate_identity: identity };
  const signed = await apply(remoteClusterConnection, local, connection.state, connectionInput('logs-strong', key.state.encoded, false, signing));
  expect(signed.changeSet.changes.map((c) => ('path' in c ? c.path[0] : undefined))).toEqual(expect.arrayContaining(['signing_certificate', 'signing_key']));
  expect(signed.state.connected).toBe(false);
  // ...and the remote verifies with the regional CA (same provider and region).
  await apply(remoteClusterSigningTrust, remote, undefined, { certificate_authorities: ['internal_tls_ca.crt'] });
  const read = await remoteClusterConnection.read(local, signed.state);
  expect(read).toMatchObject({ connected: true, credentials_present: true });

  // A key whose identity names another cluster is refused even with signing in place: a rotation to it
  // does not connect, and the rotation says so instead of leaving a broken link behind silently.
  const other = await apply(crossClusterApiKey, remote, undefined, { name: 'wrong-identity', access: { search: [{ names: ['logs-*'] }] }, certificate_identity: `CN=.*.node.${logs.clusterId}.cluster.*` });
  const otherIdentity = { ...signing, certificate_identity: `CN=.*.node.${logs.clusterId}.cluster.*` };
  await expect(apply(remoteClusterConnection, local, read, connectionInput('logs-strong', other.state.encoded, false, otherIdentity))).rejects.toThrow(
    new RegExp(`RemoteClusterConnection "logs-strong": not connected.*certificate_identity "CN=\\.\\*\\.node\\.${logs.clusterId}.*does not match the DN of the local signing certificate, CN=<node id>\\.node\\.${search.clusterId}`),
  );
});
