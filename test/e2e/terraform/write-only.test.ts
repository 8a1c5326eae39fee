/**
 * credentials_wo with the real OpenTofu: the key comes from an ephemeral variable (a pipeline's secret
 * store), reaches the ECH deployment's keystore through the Cloud API, the alias connects, and the state
 * holds no trace of it, not even sealed; bumping credentials_wo_version with a new key rotates it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { es, expectNoSecrets, workspace, type TofuWorkspace } from './harness';

jest.setTimeout(180_000);

const stackText = `
terraform {
  required_providers {
    elasticremote = { source = "elastic-remote/elasticremote" }
  }
}
variable "cloud_url" { type = string }
variable "cloud_api_key" {
  type      = string
  ephemeral = true
}
variable "local_url" { type = string }
variable "local_api_key" {
  type      = string
  ephemeral = true
}
variable "remote_address" { type = string }
variable "local_deployment" { type = string }
variable "logs_key" {
  type      = string
  sensitive = true
  ephemeral = true
}
variable "logs_key_version" { type = string }

provider "elasticremote" {
  cloud {
    endpoint = var.cloud_url
    api_key  = var.cloud_api_key
  }
  elasticsearch {
    endpoint = var.local_url
    api_key  = var.local_api_key
  }
}

resource "elasticremote_remote_cluster_connection" "logs" {
  alias                  = "logs"
  mode                   = "proxy"
  proxy_address          = var.remote_address
  credentials_wo         = var.logs_key
  credentials_wo_version = var.logs_key_version
  cloud                  = { deployment_id = var.local_deployment }
  wait_for_connected     = true
}
`;

let emulator: RunningEmulator;
let workDir: string;
let stack: TofuWorkspace;
const secrets: string[] = [];

async function newKey(name: string): Promise<{ id: string; encoded: string }> {
  const remote = emulator.clusters[emulator.cloud.deployments.logs.cluster];
  const key = await es<{ id: string; api_key: string; encoded: string }>(remote, 'POST', '/_security/cross_cluster/api_key', { name, access: { search: [{ names: ['logs-*'] }] } });
  secrets.push(key.encoded, key.api_key);
  return key;
}

beforeAll(async () => {
  emulator = await startEmulator({ clusters: [], cloud: { ech: [{ name: 'acme', deployments: [{ name: 'search' }, { name: 'logs' }] }] } });
  const { search, logs } = emulator.cloud.deployments;
  const local = emulator.clusters[search.cluster];
  workDir = mkdtempSync(join(tmpdir(), 'write-only-e2e-'));
  stack = workspace(workDir, 'stack', [], {
    cloud_url: search.cloudUrl,
    cloud_api_key: search.cloudApiKey,
    local_url: local.url,
    local_api_key: local.apiKey,
    remote_address: emulator.clusters[logs.cluster].remoteClusterServerAddress,
    local_deployment: search.id,
  });
  writeFileSync(join(stack.dir, 'main.tf'), stackText);
  await stack.ok(['init', '-no-color', '-input=false']);
});

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const remoteInfo = () => es<Record<string, { connected: boolean; cluster_credentials?: string }>>(emulator.clusters[emulator.cloud.deployments.search.cluster], 'GET', '/_remote/info');

test('apply connects; the state has the key id and version, never the key', async () => {
  const key = await newKey('wo-1');
  stack.env.TF_VAR_logs_key = key.encoded;
  stack.env.TF_VAR_logs_key_version = '1';
  const apply = await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect(apply.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
  expect((await remoteInfo()).logs).toMatchObject({ connected: true, cluster_credentials: '::es_redacted::' });
  const pulled = (await stack.ok(['state', 'pull'])).stdout;
  expect(stack.attributes('elasticremote_remote_cluster_connection')).toMatchObject({ credentials: null, credentials_wo: null, credentials_wo_version: '1', credentials_key_id: key.id, connected: true });
  expect(pulled).not.toContain('sealed:v1:');
  expectNoSecrets({ 'tofu state pull': pulled }, secrets);

  const plan = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
  expect(plan.stdout).toContain('No changes.');
  expect(plan.code).toBe(0);
});

test('a new key with a bumped credentials_wo_version rotates it; the link stays connected', async () => {
  const key = await newKey('wo-2');
  stack.env.TF_VAR_logs_key = key.encoded;
  stack.env.TF_VAR_logs_key_version = '2';
  const plan = await stack.ok(['plan', '-no-color', '-input=false']);
  expect(plan.stdout).toMatch(/credentials_wo_version\s+= "1" -> "2"/);
  expect(plan.stdout).toContain('~ keystore secret cluster.remote.logs.credentials (rotated');
  await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect(stack.attributes('elasticremote_remote_cluster_connection')).toMatchObject({ credentials_key_id: key.id, credentials_wo_version: '2', connected: true });
  expect((await remoteInfo()).logs).toMatchObject({ connected: true });
  expectNoSecrets({ 'tofu state pull': (await stack.ok(['state', 'pull'])).stdout, transcript: stack.transcript.join('\n') }, secrets);
});
