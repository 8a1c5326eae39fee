/**
 * examples/hcl (both links, ECH) applied by real OpenTofu while the emulator answers 30% of requests
 * with 503 and drops 15% of connections: it converges, with no duplicate or orphaned key, no trust entry
 * lost (the stack's own and another writer's), no secret in the state or any output.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterVariables } from '../../../examples/hcl/emulator-tfvars';
import type { AccountTrust } from '../../../src/cloud/types';
import { createEngineContext } from '../../../src/connections/context';
import { startEmulator, type CloudDeploymentEndpoint, type RunningEmulator } from '../../../src/emulator';
import { createSecretBox } from '../../../src/secrets/secret-box';
import { apiKeys } from '../link-probe';
import { expectNoSecrets, workspace, type TofuWorkspace } from './harness';

jest.setTimeout(600_000);

const secretsKey = 'faults-e2e-secrets-key-0123456789';
let emulator: RunningEmulator;
let workDir: string;
let stack: TofuWorkspace;
let search: CloudDeploymentEndpoint;
let logs: CloudDeploymentEndpoint;
let archive: CloudDeploymentEndpoint;
const outsideAccount = randomBytes(16).toString('hex');

beforeAll(async () => {
  emulator = await startEmulator({ seed: 42, clusters: [], cloud: { ech: [{ name: 'acme', deployments: [{ name: 'search' }, { name: 'logs' }, { name: 'archive' }] }] } });
  ({ search, logs, archive } = emulator.cloud.deployments);
  workDir = mkdtempSync(join(tmpdir(), 'faults-e2e-'));
  stack = workspace(workDir, 'stack', ['main.tf', 'variables.tf', 'outputs.tf'], {
    secrets_key: secretsKey,
    ...clusterVariables(emulator.clusters[search.cluster], emulator.clusters[logs.cluster]),
    local_deployment_id: search.id,
    cloud_endpoint: search.cloudUrl,
    cloud_api_key: search.cloudApiKey,
    archive: JSON.stringify({ deployment_id: archive.id, cluster_id: archive.clusterId, local_cluster_id: search.clusterId, account_id: emulator.cloud.ech.acme.id }),
  });
  await stack.ok(['init', '-no-color', '-input=false']);
  // A trust scope someone else set on the local deployment: the stack must keep it whatever fails.
  await accountsOf(search, (accounts) => [...accounts, { account_id: outsideAccount, trust_all: true }]);
});

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

type Account = AccountTrust;

/** The deployment's account trust scopes, changed by `edit` first when given (with the version check). */
async function accountsOf(deployment: CloudDeploymentEndpoint, edit?: (accounts: Account[]) => Account[]): Promise<Account[]> {
  const cloud = createEngineContext({ cloud: { endpoint: deployment.cloudUrl, apiKey: deployment.cloudApiKey } }).cloud();
  const live = await cloud.getDeployment(deployment.id, { showPlans: true });
  const resource = live.resources.elasticsearch[0];
  const trust = resource.info.settings?.trust ?? {};
  const accounts = (trust.accounts ?? []) as Account[];
  if (!edit) return accounts;
  await cloud.updateDeploymentTrust(deployment.id, { ref_id: resource.ref_id, region: resource.region, plan: resource.info.plan_info?.current?.plan, trust: { ...trust, accounts: edit(accounts) } }, live.version);
  return edit(accounts);
}

test('apply converges through 503s and dropped connections; nothing duplicated, orphaned, lost or leaked', async () => {
  emulator.faults.set([
    { kind: 'status', status: 503, probability: 0.3 },
    { kind: 'drop', probability: 0.15 },
  ]);
  let applies = 0;
  let converged = false;
  while (!converged && applies < 8) {
    applies += 1;
    converged = (await stack.run(['apply', '-no-color', '-input=false', '-auto-approve'])).code === 0;
  }
  const fired = emulator.faults.fired();
  emulator.faults.clear();
  console.log(`tofu apply under faults: converged after ${applies} apply(s); faults fired: ${JSON.stringify(fired)}`);
  expect(converged).toBe(true);
  expect(fired.status + fired.drop).toBeGreaterThan(10);

  const keyId = String(stack.attributes('elasticremote_cross_cluster_api_key').id);
  const live = await apiKeys(emulator.clusters[logs.cluster], 'name=eu-logs-search&active_only=true');
  expect(live.map((k) => k.id)).toEqual([keyId]);
  expect(stack.attributes('elasticremote_remote_cluster_connection', 'search').credentials_key_id).toBe(keyId);

  const local = await accountsOf(search);
  expect(local.find((a) => a.account_id === outsideAccount)).toMatchObject({ trust_all: true });
  expect(local.flatMap((a) => a.trust_allowlist ?? [])).toContain(archive.clusterId);
  expect((await accountsOf(archive)).flatMap((a) => a.trust_allowlist ?? [])).toContain(search.clusterId);
  const plan = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
  expect(plan.code).toBe(0);

  const { local: localCluster, remote } = { local: emulator.clusters[search.cluster], remote: emulator.clusters[logs.cluster] };
  const encoded = createSecretBox(secretsKey).unseal(String(stack.attributes('elasticremote_cross_cluster_api_key').encoded));
  expectNoSecrets({ state: stack.stateText(), ...Object.fromEntries(stack.transcript.map((t, i) => [`output #${i}`, t])) }, [
    encoded,
    secretsKey,
    search.cloudApiKey,
    localCluster.apiKey,
    remote.password,
    remote.apiKey,
  ]);
});
