/**
 * RemoteClusterSigningTrust against an emulated remote cluster: the cluster.remote.signing.* settings
 * it owns are written, changed (what is no longer wanted is reset), read back, imported and removed;
 * the plan names each CA path; bad combinations fail before any request.
 */
import { renderChangeSet } from '../../plan/render';
import { startElasticsearchHarness, type ElasticsearchHarness } from '../../../test/support/elasticsearch-harness';
import type { ClosableEngineContext } from '../../connections/context';
import { planResource } from '../planning';
import { remoteClusterSigningTrust, type RemoteClusterSigningTrustInput } from '.';

let harness: ElasticsearchHarness;
let remote: ClosableEngineContext;

beforeAll(async () => {
  harness = await startElasticsearchHarness();
  remote = harness.context('remote');
});
afterAll(() => harness.close());

const signingSettings = async () =>
  Object.fromEntries(Object.entries((await remote.elasticsearch().getClusterSettings()).persistent).filter(([key]) => key.startsWith('cluster.remote.signing.')));

test('writes the CA list, moves to a truststore resetting the CAs, reads and imports it back, and delete removes only its settings', async () => {
  const plan = planResource<RemoteClusterSigningTrustInput>(remoteClusterSigningTrust, undefined, { certificate_authorities: ['internal_tls_ca.crt', 'other-region/ca.crt'] });
  expect(renderChangeSet(plan.changeSet)).toContain('+ cluster.remote.signing.certificate_authorities other-region/ca.crt');
  const created = await remoteClusterSigningTrust.create(remote, plan.desired);
  expect(await signingSettings()).toEqual({ 'cluster.remote.signing.certificate_authorities': ['internal_tls_ca.crt', 'other-region/ca.crt'] });
  expect(await remoteClusterSigningTrust.read(remote, created)).toEqual(created);

  const moved = planResource<RemoteClusterSigningTrustInput>(remoteClusterSigningTrust, created, { truststore_path: 'signing.p12', truststore_type: 'PKCS12' });
  expect(renderChangeSet(moved.changeSet)).toContain('- cluster.remote.signing.certificate_authorities internal_tls_ca.crt');
  const updated = await remoteClusterSigningTrust.update(remote, created, moved.desired);
  expect(await signingSettings()).toEqual({ 'cluster.remote.signing.truststore.path': 'signing.p12', 'cluster.remote.signing.truststore.type': 'PKCS12' });
  expect(await remoteClusterSigningTrust.import(remote, 'cluster.remote.signing')).toEqual(updated);

  await remote.elasticsearch().putPersistentSettings({ 'cluster.remote.other.skip_unavailable': true, 'cluster.remote.other.seeds': ['10.0.0.1:9300'] });
  await remoteClusterSigningTrust.delete(remote, updated);
  expect(await signingSettings()).toEqual({});
  expect(await remoteClusterSigningTrust.read(remote, updated)).toBeUndefined();
  expect((await remote.elasticsearch().getClusterSettings()).persistent).toMatchObject({ 'cluster.remote.other.skip_unavailable': 'true' });
  await remote.elasticsearch().putPersistentSettings({ 'cluster.remote.other.*': null });
});

test('CA files or a truststore, one of them, and truststore details only with a truststore: named at plan time', () => {
  const message = (raw: unknown) => {
    try {
      planResource(remoteClusterSigningTrust, undefined, raw);
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  };
  expect(message({})).toMatch(/RemoteClusterSigningTrust: certificate_authorities: required \(or truststore_path\)/);
  expect(message({ certificate_authorities: ['a.crt'], truststore_path: 't.p12' })).toMatch(/truststore_path: not accepted with certificate_authorities/);
  expect(message({ certificate_authorities: ['a.crt'], truststore_type: 'PKCS12' })).toMatch(/truststore_type: required: truststore_path/);
  expect(message({ certificate_authorities: [] })).toMatch(/at least one CA certificate path/);
  expect(message({ certificate_authorities: ['a.crt,b.crt'] })).toMatch(/accepted: the path of the PEM CA certificate/);
  expect(message({ certificate_authorities: ['internal_tls_ca.crt'] })).toBe('');
});
