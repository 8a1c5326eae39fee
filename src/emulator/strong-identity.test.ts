/**
 * Strong identity verification (9.3) in the emulator, as Elasticsearch decides it: a cross-cluster API
 * key with a certificate_identity accepts only requests signed by a certificate whose whole DN matches
 * it; a link signed with another DN is refused, naming the DN and the pattern.
 */
import { startEmulator } from './index';
import type { RunningEmulator } from './index';
import { call } from './test-client';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ cloud: { ech: [{ name: 'org', deployments: [{ name: 'local' }, { name: 'remote' }, { name: 'third' }] }] } });
});
afterAll(async () => {
  await emulator.stop();
});

const dep = (name: string) => emulator.cloud.deployments[name];
const es = (name: string) => emulator.clusters[dep(name).cluster];
const esAuth = (name: string) => ({ username: es(name).username, password: es(name).password });

async function signedLink(identity: string): Promise<{ keyId: string }> {
  const key = await call(es('remote').url, 'POST', '/_security/cross_cluster/api_key', esAuth('remote'), { name: 'strong', access: { search: [{ names: ['*'] }] }, certificate_identity: identity });
  expect(key.status).toBe(200);
  const keystore = await call(dep('local').cloudUrl, 'PATCH', `/api/v1/deployments/${dep('local').id}/elasticsearch/main-elasticsearch/keystore`, { apiKey: dep('local').cloudApiKey }, {
    secrets: { 'cluster.remote.strong.credentials': { value: key.body.encoded } },
  });
  expect(keystore.status).toBe(200);
  const settings = await call(es('local').url, 'PUT', '/_cluster/settings', esAuth('local'), {
    persistent: {
      'cluster.remote.strong.mode': 'proxy',
      'cluster.remote.strong.proxy_address': es('remote').remoteClusterServerAddress,
      'cluster.remote.strong.signing.certificate': 'node.crt',
      'cluster.remote.strong.signing.key': 'node.key',
    },
  });
  expect(settings.status).toBe(200);
  return { keyId: key.body.id };
}

test('a signing DN that does not match the key certificate_identity is refused, naming both; a matching one connects', async () => {
  await call(es('remote').url, 'PUT', '/_cluster/settings', esAuth('remote'), { persistent: { 'cluster.remote.signing.certificate_authorities': 'internal_tls_ca.crt' } });
  // The pattern of another deployment's certificates.
  const other = `CN=.*\\.node\\.${dep('third').clusterId}\\.cluster\\..*`;
  const { keyId } = await signedLink(other);
  expect(emulator.diagnose(dep('local').cluster, 'strong')).toMatchObject({
    connected: false,
    reasons: [`the signing certificate DN [${es('local').signingCertificateDn}] of local cluster [${dep('local').cluster}] does not match certificate identity [${other}] of API key [${keyId}]`],
  });
  // Elasticsearch matches the whole DN: a pattern matching only a part of it is no match.
  await signedLink(`node\\.${dep('local').clusterId}`);
  expect(emulator.diagnose(dep('local').cluster, 'strong').connected).toBe(false);
  await signedLink(`CN=.*\\.node\\.${dep('local').clusterId}\\.cluster\\..*`);
  expect(emulator.diagnose(dep('local').cluster, 'strong')).toMatchObject({ connected: true, reasons: [] });
});
