/**
 * The data sources with real OpenTofu: two emulated ECE environments paired (trust relationships both
 * ways, external deployment trust both ways, a certificate-model connection that connects) from
 * elasticremote_trust_parameters and elasticremote_deployment only, no installation id, certificate or
 * address in the configuration; an ECH API-key link whose proxy address and server name come from
 * elasticremote_deployment; and a `check` block on elasticremote_remote_info that is quiet while the alias
 * is connected and warns in `tofu plan` once it is broken behind the tool's back.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningEmulator } from '../../../src/emulator';
import { es, workspace, type TofuWorkspace } from './harness';
import { pairedProviders, pairedResources, pairedVariables, startPairedEmulator } from './paired-environments';

jest.setTimeout(240_000);

const secretsKey = 'data-sources-e2e-secrets-key-0123';

let emulator: RunningEmulator;
let workDir: string;
let stack: TofuWorkspace;

beforeAll(async () => {
  emulator = await startPairedEmulator();
  workDir = mkdtempSync(join(tmpdir(), 'data-sources-e2e-'));
  stack = workspace(workDir, 'stack', [], pairedVariables(emulator, secretsKey));
  writeFileSync(join(stack.dir, 'main.tf'), pairedProviders + pairedResources);
  await stack.ok(['init', '-no-color', '-input=false']);
});

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('the configuration holds no installation id, certificate or address: the data sources supply them', () => {
  const { ece, deployments } = emulator.cloud;
  const text = readFileSync(join(stack.dir, 'main.tf'), 'utf8');
  for (const literal of [ece.ece1.installationId, ece.ece2.installationId, deployments.logs.clusterId, deployments.weblogs.clusterId, 'BEGIN CERTIFICATE', ':9443', ':9300']) {
    expect(text).not.toContain(literal);
  }
});

test('apply pairs the ECE environments both ways and connects both links', async () => {
  const apply = await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect(apply.stdout).toContain('Apply complete! Resources: 7 added, 0 changed, 0 destroyed.');
  expect(apply.stdout + apply.stderr).not.toContain('Check block assertion failed');
  const { ece, deployments } = emulator.cloud;

  const inEce1 = stack.attributes('elasticremote_trust_relationship', 'ece1_trusts_ece2');
  expect(inEce1).toMatchObject({ installation_id: ece.ece2.installationId, account_ids: [ece.ece2.accountId] });
  expect(String(inEce1.public_ca_cert).trim()).toBe(ece.ece2.caCertPem.trim());
  expect(stack.attributes('elasticremote_trust_relationship', 'ece2_trusts_ece1')).toMatchObject({ installation_id: ece.ece1.installationId });

  const searchInfo = await es<Record<string, { connected: boolean }>>(emulator.clusters[deployments.search.cluster], 'GET', '/_remote/info');
  expect(searchInfo['ece2-logs']).toMatchObject({ connected: true, mode: 'proxy' });
  const webInfo = await es<Record<string, { connected: boolean; cluster_credentials?: string }>>(emulator.clusters[deployments.web.cluster], 'GET', '/_remote/info');
  expect(webInfo['ech-logs']).toMatchObject({ connected: true, cluster_credentials: '::es_redacted::' });

  const outputs = JSON.parse((await stack.ok(['output', '-json'])).stdout) as Record<string, { value: string }>;
  expect(outputs.ech_remote_cluster_id.value).toBe(deployments.weblogs.clusterId);
  expect(outputs.ech_proxy_address.value).toBe(`${deployments.weblogs.aliasedEndpoint}:9443`);
});

test('a plan right after apply is clean and the check block is quiet', async () => {
  const plan = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
  expect(plan.stdout).toContain('No changes.');
  expect(plan.code).toBe(0);
  expect(plan.stdout + plan.stderr).not.toContain('Check block assertion failed');
});

test('the alias broken behind the tool\'s back: the check block warns in tofu plan with the diagnosis', async () => {
  const local = emulator.clusters[emulator.cloud.deployments.web.cluster];
  await es(local, 'PUT', '/_cluster/settings', { persistent: { 'cluster.remote.ech-logs.proxy_address': '10.9.9.9:9443' } });
  const plan = await stack.run(['plan', '-no-color', '-input=false', '-refresh=false']);
  expect(plan.code).toBe(0);
  const text = plan.stdout + plan.stderr;
  expect(text).toContain('Check block assertion failed');
  expect(text).toContain('alias ech-logs is not connected:');
});

test('bad data source input is refused before any request, naming the field', async () => {
  const bad = workspace(workDir, 'bad', [], { secrets_key: secretsKey });
  writeFileSync(
    join(bad.dir, 'main.tf'),
    `terraform {
  required_providers {
    elasticremote = { source = "elastic-remote/elasticremote" }
  }
}
provider "elasticremote" {
  cloud {
    endpoint = "${emulator.cloudUrl}"
    api_key  = "unused"
  }
}
data "elasticremote_deployment" "x" { deployment_id = "not-a-deployment" }
`,
  );
  await bad.ok(['init', '-no-color', '-input=false']);
  const result = await bad.run(['validate', '-no-color']);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('Deployment: deployment_id: accepted: a deployment id, 32 lowercase hexadecimal characters');
});
