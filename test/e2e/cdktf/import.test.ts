/**
 * Adopting an existing cross-cluster key with the construct's `importFrom` (an `import` block in the
 * synthesized stack): OpenTofu plans the import, applies it without creating anything, and then plans
 * clean. The key was created behind the tool's back through the Elasticsearch API.
 */
import * as path from 'node:path';
import { App, LocalBackend, TerraformStack, TerraformVariable } from 'cdktf';
import { CrossClusterApiKey, ElasticRemoteProvider } from '../../../constructs';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { TofuWorkspace } from './tofu-workspace';

jest.setTimeout(120_000);

let emulator: RunningEmulator;
let tofu: TofuWorkspace;
let keyId: string;

beforeAll(async () => {
  emulator = await startEmulator();
  const remote = emulator.clusters.remote;
  const basic = `Basic ${Buffer.from(`${remote.username}:${remote.password}`).toString('base64')}`;
  const created = await fetch(`${remote.url}/_security/cross_cluster/api_key`, {
    method: 'POST',
    headers: { Authorization: basic, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'hand-made', access: { search: [{ names: ['logs-*'] }] }, metadata: { team: 'search' } }),
  });
  expect(created.status).toBe(200);
  keyId = ((await created.json()) as { id: string }).id;

  tofu = TofuWorkspace.create({ remote_password: remote.password, secrets_key: 'import-e2e-secrets-key' });
  const app = new App({ outdir: path.join(tofu.workDir, 'cdktf.out') });
  const stack = new TerraformStack(app, 'adopt');
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  const secret = (name: string) => new TerraformVariable(stack, name, { type: 'string', sensitive: true }).stringValue;
  const provider = new ElasticRemoteProvider(stack, 'remote', {
    secretsKey: secret('secrets_key'),
    elasticsearch: { endpoint: remote.url, username: remote.username, password: secret('remote_password') },
  });
  const key = new CrossClusterApiKey(stack, 'key', { provider, name: 'hand-made', access: { search: [{ names: ['logs-*'] }] }, metadata: { team: 'search' } });
  key.importFrom(keyId);
  app.synth();
  tofu.stackDir = path.join(tofu.workDir, 'cdktf.out', 'stacks', 'adopt');
});

afterAll(async () => {
  await emulator?.stop();
  tofu?.dispose();
});

test('the import block adopts the key: planned as an import, applied with nothing created, then a clean plan', async () => {
  await tofu.ok(['init', '-input=false']);
  const plan = await tofu.ok(['plan', '-input=false']);
  expect(plan.stdout).toMatch(/Plan: 1 to import, 0 to add, 0 to change, 0 to destroy/);
  const apply = await tofu.ok(['apply', '-auto-approve', '-input=false']);
  expect(apply.stdout).toMatch(/Apply complete! Resources: 1 imported, 0 added, 0 changed, 0 destroyed/);
  const after = await tofu.run(['plan', '-input=false', '-detailed-exitcode']);
  expect({ code: after.code, plan: after.code === 0 ? '' : after.stdout + after.stderr }).toEqual({ code: 0, plan: '' });
  const state = await tofu.ok(['state', 'show', 'elasticremote_cross_cluster_api_key.key']);
  expect(state.stdout).toMatch(new RegExp(`\\bid\\s+= "${keyId}"`));
  expect(state.stdout).not.toMatch(/\bencoded\s+=/);
});
