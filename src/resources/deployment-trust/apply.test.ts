/**
 * The read-modify-write loop of DeploymentTrust against a scripted Cloud deployment API (a transport
 * double that plays a deployment with a version and a concurrent writer): one GET and one PUT per
 * update, nothing written when nothing changes, re-read and retry on a version conflict, bounded.
 * The same behaviour is proven against the emulator in test/seeds.
 */
import { CloudClient } from '../../cloud/client';
import type { TrustSettings } from '../../cloud/types';
import { ApiError } from '../../http/errors';
import type { ApiRequest, ApiResponse, HttpTransport } from '../../http/transport';
import { memoryLogger } from '../../log';
import { createSecretBox } from '../../secrets/secret-box';
import type { EngineContext } from '../context';
import { maxTrustWriteAttempts, writeTrust } from './apply';
import { mergeOwnedTrust } from './scopes';

const deploymentId = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const account = 'ec38dd0aa45f4a69909ca5c81c27138a';
const c1 = 'cf659f7fe6164d9691b284ae36811be1';
const c2 = '11111111111111111111111111111111';

class ScriptedDeployment {
  version = 7;
  trust: TrustSettings = { accounts: [{ account_id: account, name: 'Org', trust_all: false, trust_allowlist: [c1] }], direct: [{ name: 'outside', trust_all: true, scope_id: 'abc', certificates: [{ pem: 'PEM' }] }] };
  requests: string[] = [];
  /** Before the next N PUTs, another writer changes the deployment. */
  concurrentWrites = 0;
  puts: { version: unknown; body: unknown }[] = [];
  /** The next PUT lands but its answer is lost; the transport's repeat then meets a 409. */
  landedAnswerLost = false;

  readonly transport = {
    requestCount: 0,
    request: async <T>(r: ApiRequest): Promise<ApiResponse<T>> => {
      this.requests.push(`${r.method} ${r.path}`);
      if (r.method === 'GET') {
        const body = {
          id: deploymentId,
          name: 'd',
          healthy: true,
          resources: { elasticsearch: [{ ref_id: 'main-elasticsearch', id: 'f'.repeat(32), region: 'ece-region', info: { cluster_id: 'f'.repeat(32), settings: { trust: structuredClone(this.trust) }, plan_info: { current: { plan: { p: 1 } } } } }] },
        };
        return { status: 200, headers: { 'x-cloud-resource-version': String(this.version) }, body: body as T };
      }
      this.puts.push({ version: r.query?.version, body: r.body });
      if (this.concurrentWrites > 0) {
        this.concurrentWrites--;
        this.version++;
        this.trust.external = [...(this.trust.external ?? []), { trust_relationship_id: `other-${this.version}`, trust_all: true }];
      }
      if (String(r.query?.version) !== String(this.version)) {
        throw new ApiError({ service: 'cloud', status: 409, method: 'PUT', path: r.path, body: { errors: [{ code: 'deployments.version_conflict', message: 'version conflict' }] } });
      }
      this.version++;
      this.trust = (r.body as { resources: { elasticsearch: { settings: { trust: TrustSettings } }[] } }).resources.elasticsearch[0].settings.trust;
      if (this.landedAnswerLost) {
        this.landedAnswerLost = false;
        throw new ApiError({ service: 'cloud', status: 409, method: 'PUT', path: r.path, body: { errors: [{ code: 'deployments.version_conflict', message: 'version conflict' }] } });
      }
      return { status: 200, headers: {}, body: {} as T };
    },
  };
}

function context(deployment: ScriptedDeployment, sleeps: number[]): EngineContext {
  const cloud = new CloudClient(deployment.transport as unknown as HttpTransport);
  return {
    cloud: () => cloud,
    elasticsearch: () => {
      throw new Error('not used');
    },
    secrets: createSecretBox(),
    log: memoryLogger(),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
}

const addC2 = async (live: { trust: TrustSettings }) =>
  mergeOwnedTrust(live.trust, { accounts: [{ account_id: account, trust_all: false, trust_allowlist: [c1, c2] }], external: [], direct: [] }, []);

describe('DeploymentTrust read-modify-write', () => {
  it('an update is one GET and one PUT, with the version read and the current plan sent back', async () => {
    const deployment = new ScriptedDeployment();
    await writeTrust(context(deployment, []), deploymentId, 'main-elasticsearch', addC2);
    expect(deployment.requests).toEqual([`GET /api/v1/deployments/${deploymentId}`, `PUT /api/v1/deployments/${deploymentId}`]);
    expect(deployment.puts[0]).toEqual({
      version: '7',
      body: {
        prune_orphans: false,
        resources: { elasticsearch: [{ ref_id: 'main-elasticsearch', region: 'ece-region', plan: { p: 1 }, settings: { trust: { ...deployment.trust } } }] },
      },
    });
    expect(deployment.trust.accounts).toEqual([{ account_id: account, name: 'Org', trust_all: false, trust_allowlist: [c1, c2] }]);
    expect(deployment.trust.direct).toEqual([{ name: 'outside', trust_all: true, scope_id: 'abc', certificates: [{ pem: 'PEM' }] }]);
  });

  it('writes nothing when the trust is already as declared', async () => {
    const deployment = new ScriptedDeployment();
    await writeTrust(context(deployment, []), deploymentId, 'main-elasticsearch', async (live) => live.trust);
    expect(deployment.requests).toEqual([`GET /api/v1/deployments/${deploymentId}`]);
  });

  it('on a version conflict it reads again and keeps what the other writer added', async () => {
    const deployment = new ScriptedDeployment();
    deployment.concurrentWrites = 2;
    const sleeps: number[] = [];
    await writeTrust(context(deployment, sleeps), deploymentId, 'main-elasticsearch', addC2);
    expect(deployment.requests.filter((r) => r.startsWith('GET'))).toHaveLength(3);
    expect(deployment.requests.filter((r) => r.startsWith('PUT'))).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(deployment.trust.external?.map((e) => e.trust_relationship_id)).toEqual(['other-8', 'other-9']);
    expect(deployment.trust.accounts?.[0].trust_allowlist).toEqual([c1, c2]);
  });

  it('a write that landed although its answer was lost is found in place on the re-read, and not written twice', async () => {
    const deployment = new ScriptedDeployment();
    deployment.landedAnswerLost = true;
    await writeTrust(context(deployment, []), deploymentId, 'main-elasticsearch', addC2);
    expect(deployment.requests.map((r) => r.split(' ')[0])).toEqual(['GET', 'PUT', 'GET']);
    expect(deployment.trust.accounts?.[0].trust_allowlist).toEqual([c1, c2]);
  });

  it(`gives up after ${maxTrustWriteAttempts} conflicting attempts with a clear message`, async () => {
    const deployment = new ScriptedDeployment();
    deployment.concurrentWrites = 100;
    await expect(writeTrust(context(deployment, []), deploymentId, 'main-elasticsearch', addC2)).rejects.toThrow(
      `DeploymentTrust ${deploymentId}/main-elasticsearch: the deployment changed during each of ${maxTrustWriteAttempts} read-modify-write attempts (version conflicts); apply again`,
    );
    expect(deployment.puts).toHaveLength(maxTrustWriteAttempts);
  });

  it('refuses to write when the deployment comes back without its settings', async () => {
    const deployment = new ScriptedDeployment();
    const request = deployment.transport.request;
    deployment.transport.request = async <T>(r: ApiRequest): Promise<ApiResponse<T>> => {
      const response = await request<{ resources: { elasticsearch: { info: { settings?: unknown } }[] } }>(r);
      if (r.method === 'GET') delete response.body.resources.elasticsearch[0].info.settings;
      return response as unknown as ApiResponse<T>;
    };
    await expect(writeTrust(context(deployment, []), deploymentId, 'main-elasticsearch', addC2)).rejects.toThrow(/without its settings \(show_settings\); refusing to write/);
    expect(deployment.puts).toEqual([]);
  });

  it('names the ref ids a deployment has when the declared one is missing', async () => {
    const deployment = new ScriptedDeployment();
    await expect(writeTrust(context(deployment, []), deploymentId, 'es-2', addC2)).rejects.toThrow(/has no Elasticsearch resource with ref id es-2 \(it has: main-elasticsearch\)/);
  });
});
