import { createEngineContext } from '../connections/context';
import { startEmulator, type RunningEmulator } from '../emulator';
import { validateInput, ValidationError } from '../resources/definition';
import type { Deployment } from '../cloud/types';
import { deployment, describeDeployment } from './deployment';
import { describeRemote } from './remote-info';
import { trustParameters } from './trust-parameters';
import { unsealedKey } from './unsealed-key';

describe('remote_info: what a check block asserts', () => {
  it('a connected alias has no diagnosis', () => {
    expect(describeRemote('logs', { mode: 'proxy', proxy_address: 'r.example:9443', server_name: '', connected: true, num_proxy_sockets_connected: 18, max_proxy_socket_connections: 18, initial_connect_timeout: '30s', skip_unavailable: true, cluster_credentials: '::es_redacted::' })).toEqual({
      exists: true,
      connected: true,
      mode: 'proxy',
      skip_unavailable: true,
      credentials_present: true,
      addresses: ['r.example:9443'],
      diagnosis: [],
    });
  });

  it('an alias the cluster does not know is not connected, and says why', () => {
    const absent = describeRemote('logs', undefined);
    expect(absent).toMatchObject({ exists: false, connected: false, credentials_present: false, addresses: [] });
    expect(absent.diagnosis[0]).toContain('_remote/info has no entry for "logs"');
  });
});

describe('deployment: what the Cloud API reports', () => {
  it('cluster_id is the cluster id of the Elasticsearch resource (info.cluster_id), what allowlists hold, not the resource id', () => {
    const answer: Deployment = {
      id: 'd'.repeat(32),
      name: 'search',
      healthy: true,
      resources: {
        elasticsearch: [
          {
            ref_id: 'main-elasticsearch',
            id: 'a'.repeat(32),
            region: 'ece-region',
            info: { cluster_id: 'c'.repeat(32), cluster_name: 'search', healthy: true, status: 'started', metadata: { endpoint: 'search.example' } },
          },
        ],
      },
    };
    expect(describeDeployment(answer, 'main-elasticsearch').cluster_id).toBe('c'.repeat(32));
  });
});

describe('deployment and trust_parameters against the emulated Cloud', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ clusters: [], cloud: { ece: [{ name: 'ece1', deployments: [{ name: 'search' }] }] } });
  });
  afterAll(() => emulator.stop());

  const ctx = () => createEngineContext({ cloud: { endpoint: emulator.cloud.ece.ece1.url, apiKey: emulator.cloud.ece.ece1.apiKey } });

  it('deployment: the cluster id and the remote cluster addresses of both models, with the server name', async () => {
    // The deployment's aliased endpoint, as the Security page shows it (the emulator resolves it to the cluster).
    const search = emulator.cloud.deployments.search;
    const answer = await deployment.read(ctx(), validateInput(deployment, { deployment_id: search.id }));
    expect(answer).toMatchObject({ name: 'search', cluster_id: search.clusterId, region: search.region, api_key_proxy_address: `${search.aliasedEndpoint}:9443`, certificate_proxy_address: `${search.aliasedEndpoint}:9300` });
    expect(answer.server_name).toBe(search.aliasedEndpoint);
  });

  it('deployment: an unknown ref id names the ones the deployment has', async () => {
    await expect(deployment.read(ctx(), validateInput(deployment, { deployment_id: emulator.cloud.deployments.search.id, ref_id: 'other-es' }))).rejects.toThrow(/no Elasticsearch resource with ref id other-es \(it has: main-elasticsearch\)/);
  });

  it('trust_parameters: the environment\'s own installation id, CA and accounts', async () => {
    const ece1 = emulator.cloud.ece.ece1;
    const answer = await trustParameters.read(ctx(), validateInput(trustParameters, {}));
    expect(answer).toMatchObject({ installation_id: ece1.installationId, account_ids: [ece1.accountId] });
    expect(answer.public_ca_cert.trim()).toBe(ece1.caCertPem.trim());
  });

  it('bad input names the data source and the field', () => {
    expect(() => validateInput(deployment, { deployment_id: 'abc' })).toThrow(ValidationError);
    expect(() => validateInput(deployment, { deployment_id: 'abc' })).toThrow('Deployment: deployment_id: accepted: a deployment id, 32 lowercase hexadecimal characters');
    expect(() => validateInput(trustParameters, { region: 'Bad Region' })).toThrow(/TrustParameters: region: accepted: an ECE region name/);
  });
});

describe('unsealed_key: the sealed key handed to write-only arguments', () => {
  const secretsKey = 'unsealed-key-test-passphrase';
  const encoded = Buffer.from('key-id-123:the-secret-part').toString('base64');

  it('unseals with the provider\'s secrets key and names the key id', async () => {
    const ctx = createEngineContext({ secretsKey });
    const sealed = ctx.secrets.seal(encoded);
    await expect(unsealedKey.read(ctx, validateInput(unsealedKey, { sealed }))).resolves.toEqual({ encoded, key_id: 'key-id-123' });
  });

  it('refuses a value that is not sealed before anything else, naming the field', () => {
    expect(() => validateInput(unsealedKey, { sealed: encoded })).toThrow('UnsealedKey: sealed: accepted: the encoded output of a CrossClusterApiKey');
  });

  it('without a secrets key it says how to configure one', async () => {
    const sealed = createEngineContext({ secretsKey }).secrets.seal(encoded);
    await expect(unsealedKey.read(createEngineContext({}), { sealed })).rejects.toThrow('no secrets key is configured: set secrets_key');
  });
});
