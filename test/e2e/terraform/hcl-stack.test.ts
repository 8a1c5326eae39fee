/**
 * The examples/hcl stack with a real OpenTofu binary and the provider installed from a local
 * filesystem mirror, against the emulator started in this process (self-managed clusters): offline
 * init with a lock file, validate, a plan that names the keystore secret (value sensitive), apply with
 * the alias connected, a clean -detailed-exitcode plan, drift made behind OpenTofu's back, in-place
 * update versus replacement, import, destroy that keeps what the stack did not own, bad input with
 * attribute paths, and no secret in plain text in state or in any output.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { clusterVariables } from '../../../examples/hcl/emulator-tfvars';
import { createSecretBox } from '../../../src/secrets/secret-box';
import { es, exampleProviders, expectNoSecrets, persistentSettings, workspace, type TofuWorkspace } from './harness';

jest.setTimeout(180_000);

const secretsKey = 'hcl-e2e-secrets-key-0123456789';
const alias = 'eu-logs';

let emulator: RunningEmulator;
let workDir: string;
let stack: TofuWorkspace;
/** Plain secrets that must never appear anywhere OpenTofu writes. */
const plainSecrets = new Set<string>();

const local = () => emulator.clusters.local;
const remote = () => emulator.clusters.remote;

function variables(): Record<string, string> {
  return {
    secrets_key: secretsKey,
    alias,
    ...clusterVariables(local(), remote()),
  };
}

beforeAll(async () => {
  emulator = await startEmulator();
  workDir = mkdtempSync(join(tmpdir(), 'hcl-e2e-'));
  stack = workspace(workDir, 'stack', ['main.tf', 'variables.tf', 'outputs.tf'], variables());
  for (const s of [secretsKey, local().apiKey, local().password, remote().apiKey, remote().password, emulator.cloudApiKey]) plainSecrets.add(s);
  // Another alias on the local cluster, not owned by the stack: nothing may touch it.
  await es(local(), 'PUT', '/_cluster/settings', { persistent: { 'cluster.remote.other.mode': 'sniff', 'cluster.remote.other.seeds': ['10.1.1.1:9300'], 'cluster.remote.other.skip_unavailable': false } });
});

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const otherAlias = async () => Object.fromEntries(Object.entries(await persistentSettings(local())).filter(([k]) => k.startsWith('cluster.remote.other.')));
const keyType = 'elasticremote_cross_cluster_api_key';

describe('examples/hcl with OpenTofu', () => {
  test('tofu init installs the provider offline from the local mirror and writes a lock file', async () => {
    const init = await stack.ok(['init', '-no-color', '-input=false']);
    expect(init.stdout).toContain('Installing elastic-remote/elasticremote v0.1.0');
    const lock = readFileSync(join(stack.dir, '.terraform.lock.hcl'), 'utf8');
    expect(lock).toContain('provider "registry.opentofu.org/elastic-remote/elasticremote"');
    expect(lock).toMatch(/h1:[A-Za-z0-9+/=]{40,}/);
  });

  test('tofu validate accepts the stack', async () => {
    expect((await stack.ok(['validate', '-no-color'])).stdout).toContain('Success! The configuration is valid.');
  });

  test('tofu plan shows the keystore secret by its setting name, the value as sensitive', async () => {
    const plan = await stack.ok(['plan', '-no-color', '-input=false']);
    expect(plan.stdout).toContain('# elasticremote_remote_cluster_connection.search will be created');
    expect(plan.stdout).toMatch(/credentials\s+= \(sensitive value\)/);
    expect(plan.stdout).toContain(`+ keystore secret cluster.remote.${alias}.credentials (set)`);
    // The rest is in OpenTofu's own diff, once: the note holds only what that diff cannot say.
    expect(plan.stdout).toMatch(new RegExp(`\\+ proxy_address\\s+= "${emulator.clusters.remote.remoteClusterServerAddress.replace(/\./g, '\\.')}"`));
    expect(plan.stdout).not.toContain('+ index pattern logs-*');
    expect(plan.stdout).not.toContain('Planned Elastic changes: elasticremote_cross_cluster_api_key');
    expect(plan.stdout).toContain('Plan: 2 to add, 0 to change, 0 to destroy.');
  });

  test('tofu apply: the key, then (self-managed) the operator adds it to the keystore, then the connection comes up', async () => {
    await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve', '-target=elasticremote_cross_cluster_api_key.search']);
    const key = stack.attributes(keyType);
    expect(String(key.encoded)).toMatch(/^sealed:v1:/);
    const plain = createSecretBox(secretsKey).unseal(String(key.encoded));
    plainSecrets.add(plain);
    plainSecrets.add(Buffer.from(plain, 'base64').toString('utf8').split(':')[1]);
    // What `bin/elasticsearch-keystore add cluster.remote.<alias>.credentials` does on every node.
    emulator.keystore('local').set(`cluster.remote.${alias}.credentials`, plain);

    const apply = await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
    expect(apply.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
    const info = await es<Record<string, { connected: boolean; mode: string }>>(local(), 'GET', '/_remote/info');
    expect(info[alias]).toMatchObject({ connected: true, mode: 'proxy' });
    const outputs = JSON.parse((await stack.ok(['output', '-json'])).stdout) as Record<string, { value: unknown }>;
    expect(outputs.connected.value).toBe(true);
    expect(outputs.credentials_key_id.value).toBe(key.id);
  });

  test('tofu plan -detailed-exitcode returns 0 right after apply', async () => {
    const plan = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
  });

  test('in-place update versus replacement, as the definitions say', async () => {
    const inPlace = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode', '-var', 'key_metadata={"team":"search"}']);
    expect(inPlace.code).toBe(2);
    expect(inPlace.stdout).toContain('# elasticremote_cross_cluster_api_key.search will be updated in-place');
    expect(inPlace.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    expect(inPlace.stdout).toMatch(/\+ "team"\s+= "search"/);
    expect(inPlace.stdout).not.toContain('Warning:');

    const replaced = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode', '-var', 'index_patterns=["logs-*","metrics-*"]', '-var', 'alias=us-logs']);
    expect(replaced.code).toBe(2);
    expect(replaced.stdout).toContain('# elasticremote_cross_cluster_api_key.search must be replaced');
    expect(replaced.stdout).toContain('# elasticremote_remote_cluster_connection.search must be replaced');
    expect(replaced.stdout).toMatch(/name\s+= "eu-logs-search" -> "us-logs-search" # forces replacement/);
    expect(replaced.stdout).toMatch(/alias\s+= "eu-logs" -> "us-logs" # forces replacement/);

    await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve', '-var', 'key_metadata={"team":"search"}']);
    const keys = await es<{ api_keys: Array<{ id: string; metadata: Record<string, unknown> }> }>(remote(), 'GET', `/_security/api_key?id=${stack.attributes(keyType).id}`);
    expect(keys.api_keys[0].metadata).toMatchObject({ team: 'search' });
    expect((await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode', '-var', 'key_metadata={"team":"search"}'])).code).toBe(0);
    stack.env.TF_VAR_key_metadata = '{"team":"search"}';
  });

  test('drift: a proxy address edited behind OpenTofu\'s back makes -detailed-exitcode return 2 and name it', async () => {
    await es(local(), 'PUT', '/_cluster/settings', { persistent: { [`cluster.remote.${alias}.proxy_address`]: 'elsewhere.example.com:9443' } });
    const plan = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/proxy_address\s+= "elsewhere\.example\.com:9443" -> "[^"]+"/);
    // OpenTofu's own diff says it; no extra warning repeats a plain field change.
    expect(plan.stdout + plan.stderr).not.toContain('Planned Elastic changes');
    await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
    expect((await persistentSettings(local()))[`cluster.remote.${alias}.proxy_address`]).toBe(emulator.clusters.remote.remoteClusterServerAddress);
    expect((await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode'])).code).toBe(0);
  });

  test('drift: the key invalidated behind OpenTofu\'s back is planned again, and the credentials rotate', async () => {
    const keyId = String(stack.attributes(keyType).id);
    await es(remote(), 'DELETE', '/_security/api_key', { ids: [keyId] });
    const plan = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('# elasticremote_cross_cluster_api_key.search will be created');
    expect(plan.stdout).toContain(`~ keystore secret cluster.remote.${alias}.credentials (rotated`);
  });

  test('tofu destroy removes what the stack owned and keeps another alias', async () => {
    const before = await otherAlias();
    expect(Object.keys(before).length).toBeGreaterThan(0);
    await stack.ok(['destroy', '-no-color', '-input=false', '-auto-approve']);
    const after = await persistentSettings(local());
    expect(Object.keys(after).filter((k) => k.startsWith(`cluster.remote.${alias}.`))).toEqual([]);
    expect(await otherAlias()).toEqual(before);
    expect(stack.state().resources).toEqual([]);
  });

  test('no secret in plain text in the state file or in any output', () => {
    expect(plainSecrets.size).toBeGreaterThanOrEqual(8);
    expectNoSecrets({ state: stack.stateText(), ...Object.fromEntries(stack.transcript.map((text, i) => [`output #${i}`, text])) }, plainSecrets);
  });
});

describe('tofu import', () => {
  let imports: TofuWorkspace;
  beforeAll(() => {
    imports = workspace(workDir, 'import', ['variables.tf'], variables());
    writeFileSync(
      join(imports.dir, 'main.tf'),
      `${exampleProviders()}
resource "elasticremote_cross_cluster_api_key" "existing" {
  provider = elasticremote.remote
  name     = "made-by-hand"
  access   = { search = [{ names = ["metrics-*"] }] }
}

resource "elasticremote_remote_cluster_connection" "existing" {
  provider      = elasticremote.local
  alias         = "by-hand"
  mode          = "proxy"
  proxy_address = var.remote_cluster_address
}
`,
    );
  });

  test('an existing key and connection are imported, then the plan is clean', async () => {
    const key = await es<{ id: string; encoded: string }>(remote(), 'POST', '/_security/cross_cluster/api_key', { name: 'made-by-hand', access: { search: [{ names: ['metrics-*'] }] } });
    plainSecrets.add(key.encoded);
    await es(local(), 'PUT', '/_cluster/settings', { persistent: { 'cluster.remote.by-hand.mode': 'proxy', 'cluster.remote.by-hand.proxy_address': emulator.clusters.remote.remoteClusterServerAddress } });
    await imports.ok(['init', '-no-color', '-input=false']);
    const importedKey = await imports.ok(['import', '-no-color', '-input=false', 'elasticremote_cross_cluster_api_key.existing', key.id]);
    expect(importedKey.stdout).toContain('Import successful!');
    await imports.ok(['import', '-no-color', '-input=false', 'elasticremote_remote_cluster_connection.existing', 'by-hand']);
    const plan = await imports.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
    expect(imports.attributes(keyType).id).toBe(key.id);
  });

  test('importing something that does not exist fails with what the import id must be', async () => {
    const failed = await imports.run(['import', '-no-color', '-input=false', 'elasticremote_remote_cluster_connection.existing', 'not here!']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('import id: accepted: <alias> or <deployment id>/<ref id>/<alias>');
  });
});

describe('bad input', () => {
  let bad: TofuWorkspace;
  beforeAll(async () => {
    bad = workspace(workDir, 'bad', ['variables.tf'], variables());
    writeFileSync(
      join(bad.dir, 'main.tf'),
      `${exampleProviders()}
resource "elasticremote_remote_cluster_connection" "bad" {
  provider      = elasticremote.local
  alias         = "bad alias!"
  mode          = "proxy"
  proxy_address = "no-port-here"
}

resource "elasticremote_cross_cluster_api_key" "late" {
  provider = elasticremote.remote
  name     = var.alias
  access   = { replication = [{ names = var.index_patterns }] }
}
`,
    );
    await bad.ok(['init', '-no-color', '-input=false']);
  });

  test('tofu validate fails with the attribute, its line and the engine message', async () => {
    const result = await bad.run(['validate', '-no-color']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: RemoteClusterConnection: alias: "bad alias!" contains " ", "!"; accepted: letters, digits, dashes and underscores');
    expect(result.stderr).toContain('alias         = "bad alias!"');
    expect(result.stderr).toMatch(/Error: RemoteClusterConnection: proxy_address: [^\n]*host:port/);
    expect(result.stderr).toContain('proxy_address = "no-port-here"');
  });

  test('a value known only at plan time fails tofu plan the same way, before any request', async () => {
    writeFileSync(join(bad.dir, 'main.tf'), readFileSync(join(bad.dir, 'main.tf'), 'utf8').replace(/resource "elasticremote_remote_cluster_connection" "bad" \{[^}]*\}/, ''));
    const requests = emulator.requestCount();
    const result = await bad.run(['plan', '-no-color', '-input=false', '-var', 'alias=_reserved']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: CrossClusterApiKey: name: must not begin with an underscore');
    expect(result.stderr).toContain('name     = var.alias');
    expect(emulator.requestCount()).toBe(requests);
  });
});
