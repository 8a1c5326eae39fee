/**
 * examples/hcl on ECH deployments (the emulator's Cloud API): the credentials reach the local
 * deployment's keystore through the Cloud API in the same apply (no manual step), the optional
 * certificate-model link declares trust both ways, the plan names every allowlist entry under its
 * trust scope, an allowlist entry removed behind OpenTofu's back is drift the plan names, and an
 * existing trust scope is imported with a clean plan after.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngineContext } from '../../../src/connections/context';
import type { TrustSettings } from '../../../src/cloud/types';
import { startEmulator, type CloudDeploymentEndpoint, type RunningEmulator } from '../../../src/emulator';
import { clusterVariables } from '../../../examples/hcl/emulator-tfvars';
import { es, exampleProviders, expectNoSecrets, workspace, type TofuWorkspace } from './harness';

jest.setTimeout(180_000);

const secretsKey = 'ech-e2e-secrets-key-0123456789';
let emulator: RunningEmulator;
let workDir: string;
let stack: TofuWorkspace;
let search: CloudDeploymentEndpoint;
let logs: CloudDeploymentEndpoint;
let archive: CloudDeploymentEndpoint;
let accountId: string;
let variables: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ clusters: [], cloud: { ech: [{ name: 'acme', deployments: [{ name: 'search' }, { name: 'logs' }, { name: 'archive' }] }] } });
  ({ search, logs, archive } = emulator.cloud.deployments);
  accountId = emulator.cloud.ech.acme.id;
  const local = emulator.clusters[search.cluster];
  const remote = emulator.clusters[logs.cluster];
  workDir = mkdtempSync(join(tmpdir(), 'ech-e2e-'));
  variables = {
    secrets_key: secretsKey,
    ...clusterVariables(local, remote),
    local_deployment_id: search.id,
    cloud_endpoint: search.cloudUrl,
    cloud_api_key: search.cloudApiKey,
    archive: JSON.stringify({ deployment_id: archive.id, cluster_id: archive.clusterId, local_cluster_id: search.clusterId, account_id: accountId }),
  };
  stack = workspace(workDir, 'stack', ['main.tf', 'variables.tf', 'outputs.tf'], variables);
  await stack.ok(['init', '-no-color', '-input=false']);
});

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const entry = (clusterId: string) => `+ allowlist entry ${clusterId} under account ${accountId}`;

test('the plan names each allowlist entry under its trust scope and the keystore secret by setting name', async () => {
  const plan = await stack.ok(['plan', '-no-color', '-input=false']);
  expect(plan.stdout).toContain('Plan: 5 to add, 0 to change, 0 to destroy.');
  expect(plan.stdout).toContain(entry(archive.clusterId));
  expect(plan.stdout).toContain(entry(search.clusterId));
  expect(plan.stdout).toContain('+ keystore secret cluster.remote.eu-logs.credentials (set)');
  expect(plan.stdout).toMatch(/credentials\s+= \(sensitive value\)/);
});

test('one apply: the keystore through the Cloud API, trust both ways, both aliases connected, then a clean plan', async () => {
  const apply = await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect(apply.stdout).toContain('Apply complete! Resources: 5 added, 0 changed, 0 destroyed.');
  const info = await es<Record<string, { connected: boolean }>>(emulator.clusters[search.cluster], 'GET', '/_remote/info');
  expect(info['eu-logs']).toMatchObject({ connected: true });
  expect(info.archive).toMatchObject({ connected: true });
  const plan = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
  expect(plan.stdout).toContain('No changes.');
  expect(plan.code).toBe(0);
});

/** Changes a deployment's account trust scopes through the Cloud API, as someone in the Cloud UI would. */
async function editAccountTrust(deployment: CloudDeploymentEndpoint, edit: (accounts: TrustSettings['accounts']) => TrustSettings['accounts']): Promise<void> {
  const cloud = createEngineContext({ cloud: { endpoint: deployment.cloudUrl, apiKey: deployment.cloudApiKey } }).cloud();
  const live = await cloud.getDeployment(deployment.id, { showPlans: true });
  const resource = live.resources.elasticsearch[0];
  const trust = resource.info.settings?.trust ?? {};
  await cloud.updateDeploymentTrust(
    deployment.id,
    { ref_id: resource.ref_id, region: resource.region, plan: resource.info.plan_info?.current?.plan, trust: { ...trust, accounts: edit(trust.accounts) } },
    live.version,
  );
}

test('an allowlist entry removed behind OpenTofu\'s back: -detailed-exitcode 2, the plan names the entry, apply restores it', async () => {
  await editAccountTrust(archive, (accounts) => (accounts ?? []).map((a) => ({ ...a, trust_allowlist: [] })));
  const plan = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
  expect(plan.code).toBe(2);
  expect(plan.stdout).toContain('# elasticremote_deployment_trust.archive_trusts_local[0] will be updated in-place');
  expect(plan.stdout).toContain(entry(search.clusterId));
  expect(plan.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
  await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect((await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode'])).code).toBe(0);
});

test('no secret in plain text in the state or any output', () => {
  const { local, remote } = { local: emulator.clusters[search.cluster], remote: emulator.clusters[logs.cluster] };
  expectNoSecrets({ state: stack.stateText(), ...Object.fromEntries(stack.transcript.map((t, i) => [`output #${i}`, t])) }, [
    secretsKey,
    search.cloudApiKey,
    local.apiKey,
    remote.password,
    remote.apiKey,
  ]);
});

test('tofu destroy removes both links and the keystore secret', async () => {
  await stack.ok(['destroy', '-no-color', '-input=false', '-auto-approve']);
  const info = await es<Record<string, unknown>>(emulator.clusters[search.cluster], 'GET', '/_remote/info');
  expect(Object.keys(info)).toEqual([]);
  const cloud = createEngineContext({ cloud: { endpoint: search.cloudUrl, apiKey: search.cloudApiKey } }).cloud();
  const keystore = await cloud.getKeystore(search.id, search.refId);
  expect(Object.keys(keystore.secrets)).not.toContain('cluster.remote.eu-logs.credentials');
});

let imports: TofuWorkspace;

/** The imported trust scope's configuration, with the given account scopes. */
function writeExisting(accounts: string): void {
  writeFileSync(
    join(imports.dir, 'main.tf'),
    `${exampleProviders()}
resource "elasticremote_deployment_trust" "existing" {
  provider      = elasticremote.local
  deployment_id = var.local_deployment_id
  accounts      = ${accounts}
}
`,
  );
}

const accountScope = (...allowlist: string[]) => `[{ account_id = "${accountId}", trust_all = false, trust_allowlist = ${JSON.stringify(allowlist)} }]`;

test('tofu import of an existing trust scope, then a clean plan', async () => {
  await editAccountTrust(search, () => [{ account_id: accountId, trust_all: false, trust_allowlist: [logs.clusterId] }]);
  imports = workspace(workDir, 'import', ['variables.tf'], variables);
  writeExisting(accountScope(logs.clusterId));
  await imports.ok(['init', '-no-color', '-input=false']);
  const imported = await imports.ok(['import', '-no-color', '-input=false', 'elasticremote_deployment_trust.existing', `${search.id}/${search.refId}/account:${accountId}`]);
  expect(imported.stdout).toContain('Import successful!');
  const plan = await imports.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
  expect(plan.stdout).toContain('No changes.');
  expect(plan.code).toBe(0);
});

test('one allowlist entry added and one removed: the native plan has exactly those two set changes, the plan text both full ids', async () => {
  writeExisting(accountScope(archive.clusterId));
  const plan = await imports.ok(['plan', '-no-color', '-input=false', '-out=allowlist.tfplan']);
  expect(plan.stdout).toMatch(new RegExp(`\\+ "${archive.clusterId}"`));
  expect(plan.stdout).toMatch(new RegExp(`- "${logs.clusterId}"`));
  expect(plan.stdout).toContain(`+ allowlist entry ${archive.clusterId} under account ${accountId}`);
  expect(plan.stdout).toContain(`- allowlist entry ${logs.clusterId} under account ${accountId}`);
  const shown = JSON.parse((await imports.ok(['show', '-json', 'allowlist.tfplan'])).stdout) as {
    resource_changes: Array<{ change: { actions: string[]; before: { accounts: Array<{ trust_allowlist: string[] }> }; after: { accounts: Array<{ trust_allowlist: string[] }> } } }>;
  };
  const [change] = shown.resource_changes.map((r) => r.change);
  expect(change.actions).toEqual(['update']);
  const before = new Set(change.before.accounts[0].trust_allowlist);
  const after = new Set(change.after.accounts[0].trust_allowlist);
  expect({ added: [...after].filter((id) => !before.has(id)), removed: [...before].filter((id) => !after.has(id)) }).toEqual({
    added: [archive.clusterId],
    removed: [logs.clusterId],
  });
  await imports.ok(['apply', '-no-color', '-input=false', 'allowlist.tfplan']);
});

test('removing a whole trust scope lists each entry it removes', async () => {
  // The resource keeps at least one scope: the scope of another account takes the place of this one.
  const otherAccount = 'a'.repeat(32);
  writeExisting(`[{ account_id = "${otherAccount}", trust_all = true }]`);
  const plan = await imports.ok(['plan', '-no-color', '-input=false']);
  expect(plan.stdout).toContain(`- allowlist entry ${archive.clusterId} under account ${accountId}`);
});
