/**
 * examples/cdktf end to end, with the real tools: `cdktf synth` (offline), then real OpenTofu from the
 * local provider mirror against the emulator started in this process (one ECH organization: a local
 * deployment linked to "logs" with the API-key model and to "archive" with certificates): init, plan
 * (the reviewer sees each trust allowlist entry and the keystore secret by its setting name, values
 * sensitive), apply, both aliases connected in `_remote/info`, a second plan with no changes, drift
 * made behind the tool's back planned and repaired, no secret in plain text anywhere, and a destroy
 * that removes what the stack owned.
 *
 * Needs `npm run build` (the example app and the provider run from dist/) and
 * `bash scripts/install-tools.sh` (tofu): scripts/test.sh does both. Never skips: a missing piece fails.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { createSecretBox } from '../../../src/secrets/secret-box';
import { repoRoot, runOk, tofuEnv } from '../tools';
import topology from '../../../examples/cdktf/emulator.json';
import { exampleTarget, type ExampleTarget } from '../../../examples/cdktf/emulator-target';
import { TofuWorkspace } from './tofu-workspace';

jest.setTimeout(180_000);

const exampleDir = path.join(repoRoot, 'examples', 'cdktf');
const stackName = 'remote-clusters';
const alias = 'eu-logs';

let emulator: RunningEmulator;
let target: ExampleTarget;
let tofu: TofuWorkspace;

beforeAll(async () => {
  const app = path.join(repoRoot, 'dist', 'examples', 'cdktf', 'main.js');
  if (!existsSync(app)) throw new Error(`${app} is missing: run \`npm run build\` first (scripts/test.sh does)`);
  emulator = await startEmulator(topology);
  target = exampleTarget(emulator, 'e2e-secrets-key-for-sealing');
  tofu = TofuWorkspace.create(target.variables);
});

afterAll(async () => {
  await emulator?.stop();
  tofu?.dispose();
});

/** Every encoded key the stack held (plain, recovered with the stack's secrets key), for the no-secret checks. */
const encodedKeys: string[] = [];

function recordEncodedKey(): void {
  const state = JSON.parse(readFileSync(path.join(tofu.stackDir, 'terraform.tfstate'), 'utf8')) as {
    resources: { type: string; instances: { attributes: Record<string, unknown> }[] }[];
  };
  const sealed = state.resources.find((r) => r.type === 'elasticremote_cross_cluster_api_key')?.instances[0].attributes.encoded;
  expect(typeof sealed === 'string' && sealed.startsWith('sealed:v1:')).toBe(true);
  encodedKeys.push(createSecretBox(target.variables.secrets_key).unseal(sealed as string));
}

test('cdktf synth works offline and the synthesized stack holds no secret', async () => {
  const outDir = path.join(tofu.workDir, 'cdktf.out');
  await runOk(path.join(repoRoot, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', outDir], {
    cwd: exampleDir,
    env: { ...tofuEnv(tofu.workDir), ...target.synthEnv, CI: '1', CDKTF_DISABLE_TELEMETRY: '1', DISABLE_VERSION_CHECK: 'true', TERRAFORM_BINARY_NAME: tofu.tofu },
    timeoutMs: 120_000,
  });
  tofu.stackDir = path.join(outDir, 'stacks', stackName);
  const synthesized = readFileSync(path.join(tofu.stackDir, 'cdk.tf.json'), 'utf8');
  const stack = JSON.parse(synthesized) as { resource: Record<string, unknown> };
  const counts = Object.fromEntries(Object.entries(stack.resource).map(([type, instances]) => [type, Object.keys(instances as object).length]));
  expect(counts).toEqual({ elasticremote_cross_cluster_api_key: 1, elasticremote_remote_cluster_connection: 2, elasticremote_deployment_trust: 2 });
  for (const secret of target.secrets) expect(synthesized).not.toContain(secret);
});

test('tofu init installs the provider offline from the local mirror and locks it', async () => {
  const init = await tofu.ok(['init', '-input=false']);
  expect(init.stdout).toMatch(/Installing elastic-remote\/elasticremote/);
  expect(readFileSync(path.join(tofu.stackDir, '.terraform.lock.hcl'), 'utf8')).toContain('provider "registry.opentofu.org/elastic-remote/elasticremote"');
});

test('tofu plan shows each allowlist entry under its scope and the keystore secret by its setting name, values sensitive', async () => {
  const plan = await tofu.ok(['plan', '-input=false', '-out=tfplan']);
  const text = plan.stdout + plan.stderr;
  expect(plan.stdout).toMatch(/elasticremote_cross_cluster_api_key\.[\w-]+ will be created/);
  expect(plan.stdout).toMatch(/credentials\s+= \(sensitive value\)/);
  expect(text).toContain(`+ keystore secret cluster.remote.${alias}.credentials (set)`);
  const account = target.synthEnv.CLOUD_ACCOUNT_ID;
  // Each deployment lists the other's cluster id: one entry per direction.
  expect(text).toContain(`+ allowlist entry ${target.synthEnv.ARCHIVE_CLUSTER_ID} under account ${account}`);
  expect(text).toContain(`+ allowlist entry ${target.synthEnv.LOCAL_CLUSTER_ID} under account ${account}`);
  expect(plan.stdout).toMatch(/Plan: 5 to add, 0 to change, 0 to destroy/);
});

test('tofu apply connects both aliases: _remote/info on the local cluster says so', async () => {
  const apply = await tofu.ok(['apply', '-input=false', 'tfplan']);
  expect(apply.stdout).toMatch(/Apply complete! Resources: 5 added, 0 changed, 0 destroyed/);
  const local = emulator.clusters[target.clusters.local];
  const response = await fetch(`${local.url}/_remote/info`, { headers: { Authorization: `ApiKey ${local.apiKey}` } });
  expect(response.status).toBe(200);
  const info = (await response.json()) as Record<string, { connected: boolean; mode: string; proxy_address?: string }>;
  expect(info[alias]).toMatchObject({ connected: true, mode: 'proxy', proxy_address: target.variables.remote_cluster_address });
  expect(info.archive).toMatchObject({ connected: true });
  recordEncodedKey();
});

test('a second plan finds nothing to change (-detailed-exitcode 0)', async () => {
  const plan = await tofu.run(['plan', '-input=false', '-detailed-exitcode']);
  // On failure the plan text shows what tofu wants to change.
  expect({ code: plan.code, stderr: plan.stderr, plan: plan.code === 0 ? '' : plan.stdout }).toEqual({ code: 0, stderr: '', plan: '' });
  expect(plan.stdout).toContain('No changes.');
});

test('drift behind the tool\'s back (proxy address edited, key invalidated) is planned (-detailed-exitcode 2) and repaired by apply', async () => {
  const local = emulator.clusters[target.clusters.local];
  const remote = emulator.clusters[target.clusters.remote];
  const edited = await fetch(`${local.url}/_cluster/settings`, {
    method: 'PUT',
    headers: { Authorization: `ApiKey ${local.apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ persistent: { [`cluster.remote.${alias}.proxy_address`]: 'elsewhere.example.com:9443' } }),
  });
  expect(edited.status).toBe(200);
  const basic = Buffer.from(`${remote.username}:${remote.password}`).toString('base64');
  const invalidated = await fetch(`${remote.url}/_security/api_key`, {
    method: 'DELETE',
    headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: `${alias}-search` }),
  });
  expect(invalidated.status).toBe(200);

  const drift = await tofu.run(['plan', '-input=false', '-detailed-exitcode']);
  expect(drift.code).toBe(2);
  expect(drift.stdout).toMatch(/elasticremote_cross_cluster_api_key\.[\w-]+ will be created/);
  expect(drift.stdout).toContain(`proxy_address          = "elsewhere.example.com:9443" -> "${target.variables.remote_cluster_address}"`);

  await tofu.ok(['apply', '-auto-approve', '-input=false']);
  const info = (await (await fetch(`${local.url}/_remote/info`, { headers: { Authorization: `ApiKey ${local.apiKey}` } })).json()) as Record<string, { connected: boolean; proxy_address?: string }>;
  expect(info[alias]).toMatchObject({ connected: true, proxy_address: target.variables.remote_cluster_address });
  expect((await tofu.run(['plan', '-input=false', '-detailed-exitcode'])).code).toBe(0);
  recordEncodedKey();
  expect(encodedKeys[1]).not.toBe(encodedKeys[0]);
});

test('no secret in plain text in the state file or in any tofu output', () => {
  const state = readFileSync(path.join(tofu.stackDir, 'terraform.tfstate'), 'utf8');
  expect(encodedKeys).toHaveLength(2);
  // Each encoded key, and its secret part alone (base64 of id:secret).
  const keySecrets = encodedKeys.flatMap((encoded) => [encoded, Buffer.from(encoded, 'base64').toString('utf8').split(':')[1]]);
  for (const secret of [...target.secrets, ...keySecrets]) {
    expect(state).not.toContain(secret);
    for (const transcript of tofu.transcripts) expect(transcript).not.toContain(secret);
  }
});

test('tofu destroy removes what the stack owned: both aliases, the key, the allowlist entries', async () => {
  const destroy = await tofu.ok(['destroy', '-auto-approve', '-input=false']);
  expect(destroy.stdout).toMatch(/Destroy complete! Resources: 5 destroyed/);
  const local = emulator.clusters[target.clusters.local];
  const info = (await (await fetch(`${local.url}/_remote/info`, { headers: { Authorization: `ApiKey ${local.apiKey}` } })).json()) as Record<string, unknown>;
  expect(Object.keys(info)).not.toContain(alias);
  expect(Object.keys(info)).not.toContain('archive');
  const remote = emulator.clusters[target.clusters.remote];
  const basic = Buffer.from(`${remote.username}:${remote.password}`).toString('base64');
  const keys = (await (await fetch(`${remote.url}/_security/api_key?name=${alias}-search`, { headers: { Authorization: `Basic ${basic}` } })).json()) as {
    api_keys: { invalidated: boolean }[];
  };
  expect(keys.api_keys.every((k) => k.invalidated)).toBe(true);
  for (const [deployment, entry] of [
    [target.synthEnv.LOCAL_DEPLOYMENT_ID, target.synthEnv.ARCHIVE_CLUSTER_ID],
    [target.synthEnv.ARCHIVE_DEPLOYMENT_ID, target.synthEnv.LOCAL_CLUSTER_ID],
  ]) {
    const response = await fetch(`${target.variables.cloud_endpoint}/api/v1/deployments/${deployment}?show_settings=true`, {
      headers: { Authorization: `ApiKey ${target.variables.cloud_api_key}` },
    });
    expect(response.status).toBe(200);
    const trust = ((await response.json()) as { resources: { elasticsearch: { info: { settings: { trust?: unknown } } }[] } }).resources.elasticsearch[0].info.settings.trust;
    expect(JSON.stringify(trust ?? {})).not.toContain(entry);
  }
});
