/**
 * The sealed key handed on through an ephemeral resource, with the real OpenTofu: the key's sealed
 * `encoded` output is unsealed by `ephemeral "elasticremote_unsealed_key"` straight into a write-only
 * argument (here this provider's `credentials_wo`; the `ec` keystore resource or a Kubernetes Secret take
 * it the same way), so the connection's state holds nothing of the key and no plan file holds it in plain
 * text; a new key (renamed: replaced) rotates the keystore secret through the same path.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { createSecretBox } from '../../../src/secrets/secret-box';
import { es, expectNoSecrets, workspace, type TofuWorkspace } from './harness';

jest.setTimeout(180_000);

const secretsKey = 'ephemeral-unseal-e2e-secrets-key';

const stackText = (keyName: string) => `
terraform {
  required_providers {
    elasticremote = { source = "elastic-remote/elasticremote" }
  }
}
variable "secrets_key" {
  type      = string
  ephemeral = true
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
variable "remote_url" { type = string }
variable "remote_username" { type = string }
variable "remote_password" {
  type      = string
  ephemeral = true
}
variable "remote_address" { type = string }
variable "local_deployment" { type = string }

provider "elasticremote" {
  alias       = "remote"
  secrets_key = var.secrets_key
  elasticsearch {
    endpoint = var.remote_url
    username = var.remote_username
    password = var.remote_password
  }
}
provider "elasticremote" {
  alias       = "local"
  secrets_key = var.secrets_key
  cloud {
    endpoint = var.cloud_url
    api_key  = var.cloud_api_key
  }
  elasticsearch {
    endpoint = var.local_url
    api_key  = var.local_api_key
  }
}

resource "elasticremote_cross_cluster_api_key" "logs" {
  provider = elasticremote.remote
  name     = "${keyName}"
  access   = { search = [{ names = ["logs-*"] }] }
  # A new key before the old one goes: the connection moves to it in between.
  lifecycle { create_before_destroy = true }
}

ephemeral "elasticremote_unsealed_key" "logs" {
  provider = elasticremote.remote
  sealed   = elasticremote_cross_cluster_api_key.logs.encoded
}

resource "elasticremote_remote_cluster_connection" "logs" {
  provider               = elasticremote.local
  alias                  = "logs"
  mode                   = "proxy"
  proxy_address          = var.remote_address
  credentials_wo         = ephemeral.elasticremote_unsealed_key.logs.encoded
  credentials_wo_version = elasticremote_cross_cluster_api_key.logs.id
  cloud                  = { deployment_id = var.local_deployment }
  wait_for_connected     = true
}
`;

let emulator: RunningEmulator;
let workDir: string;
let stack: TofuWorkspace;

beforeAll(async () => {
  emulator = await startEmulator({ clusters: [], cloud: { ech: [{ name: 'acme', deployments: [{ name: 'search' }, { name: 'logs' }] }] } });
  const { search, logs } = emulator.cloud.deployments;
  const [local, remote] = [emulator.clusters[search.cluster], emulator.clusters[logs.cluster]];
  workDir = mkdtempSync(join(tmpdir(), 'ephemeral-unseal-e2e-'));
  stack = workspace(workDir, 'stack', [], {
    secrets_key: secretsKey,
    cloud_url: search.cloudUrl,
    cloud_api_key: search.cloudApiKey,
    local_url: local.url,
    local_api_key: local.apiKey,
    remote_url: remote.url,
    remote_username: remote.username,
    remote_password: remote.password,
    remote_address: remote.remoteClusterServerAddress,
    local_deployment: search.id,
  });
  writeFileSync(join(stack.dir, 'main.tf'), stackText('logs-search'));
  await stack.ok(['init', '-no-color', '-input=false']);
});

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const remoteInfo = () => es<Record<string, { connected: boolean }>>(emulator.clusters[emulator.cloud.deployments.search.cluster], 'GET', '/_remote/info');

/** The plain encoded key behind the key resource's sealed output, for the no-secret scans. */
function plainKey(): string {
  return createSecretBox(secretsKey).unseal(String(stack.attributes('elasticremote_cross_cluster_api_key').encoded));
}

test('apply: the key unsealed ephemerally into credentials_wo, connected; the connection keeps only the key id', async () => {
  const apply = await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect(apply.stdout).toContain('Apply complete! Resources: 2 added, 0 changed, 0 destroyed.');
  expect((await remoteInfo()).logs).toMatchObject({ connected: true });
  const key = stack.attributes('elasticremote_cross_cluster_api_key');
  expect(stack.attributes('elasticremote_remote_cluster_connection')).toMatchObject({
    credentials: null,
    credentials_wo: null,
    credentials_wo_version: key.id,
    credentials_key_id: key.id,
  });
  const pulled = (await stack.ok(['state', 'pull'])).stdout;
  expectNoSecrets({ 'tofu state pull': pulled, transcript: stack.transcript.join('\n') }, [plainKey(), secretsKey]);
  const plan = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
  expect(plan.stdout).toContain('No changes.');
  expect(plan.code).toBe(0);
});

test('a new key rotates the keystore secret through the same ephemeral path; no saved plan holds it', async () => {
  const before = plainKey();
  writeFileSync(join(stack.dir, 'main.tf'), stackText('logs-search-2'));
  await stack.ok(['plan', '-no-color', '-input=false', '-out=rotate.tfplan']);
  const shown = (await stack.ok(['show', '-json', 'rotate.tfplan'])).stdout;
  await stack.ok(['apply', '-no-color', '-input=false', 'rotate.tfplan']);
  const after = plainKey();
  expect(after).not.toBe(before);
  const key = stack.attributes('elasticremote_cross_cluster_api_key');
  expect(stack.attributes('elasticremote_remote_cluster_connection')).toMatchObject({ credentials_key_id: key.id, credentials_wo_version: key.id });
  expect((await remoteInfo()).logs).toMatchObject({ connected: true });
  expectNoSecrets({ 'tofu show -json': shown, 'tofu state pull': (await stack.ok(['state', 'pull'])).stdout, transcript: stack.transcript.join('\n') }, [before, after, secretsKey]);
});

test('bad ephemeral input is refused at validate, naming the field', async () => {
  writeFileSync(join(stack.dir, 'bad.tf'), 'ephemeral "elasticremote_unsealed_key" "bad" {\n  provider = elasticremote.remote\n  sealed   = "not-sealed"\n}\n');
  const result = await stack.run(['validate', '-no-color']);
  rmSync(join(stack.dir, 'bad.tf'));
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('UnsealedKey: sealed: accepted: the encoded output of a CrossClusterApiKey');
});
