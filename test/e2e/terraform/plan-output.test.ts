/**
 * Plan output a pipeline can live with: 20 new keys plan and apply without one warning block (their
 * values are all in OpenTofu's own diff), and 20 unchanged keys plan without any either, so a pipeline
 * that fails on warnings is not failed by every plan; a keystore secret set or rotated says so once per
 * run, also in an apply without a saved plan (which plans every resource twice).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { clusterVariables } from '../../../examples/hcl/emulator-tfvars';
import { createSecretBox } from '../../../src/secrets/secret-box';
import { exampleProviders, workspace, type TofuWorkspace } from './harness';

jest.setTimeout(240_000);

const secretsKey = 'plan-output-e2e-secrets-key-0123';
let emulator: RunningEmulator;
let workDir: string;
let stack: TofuWorkspace;

beforeAll(async () => {
  emulator = await startEmulator();
  workDir = mkdtempSync(join(tmpdir(), 'plan-output-e2e-'));
  stack = workspace(workDir, 'stack', ['variables.tf'], { secrets_key: secretsKey, ...clusterVariables(emulator.clusters.local, emulator.clusters.remote) });
  writeFileSync(
    join(stack.dir, 'main.tf'),
    `${exampleProviders()}
resource "elasticremote_cross_cluster_api_key" "team" {
  count    = 20
  provider = elasticremote.remote
  name     = "team-\${count.index}"
  access = {
    search = [{ names = ["team-\${count.index}-*"] }]
  }
}
`,
  );
  await stack.ok(['init', '-no-color', '-input=false']);
});

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('20 new keys: plan and apply show no warning block', async () => {
  const plan = await stack.ok(['plan', '-no-color', '-input=false']);
  expect(plan.stdout).toContain('Plan: 20 to add, 0 to change, 0 to destroy.');
  expect(plan.stdout + plan.stderr).not.toContain('Warning:');
  const apply = await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect(apply.stdout).toContain('Apply complete! Resources: 20 added, 0 changed, 0 destroyed.');
  expect(apply.stdout + apply.stderr).not.toContain('Warning:');
});

test('20 unchanged keys: a clean plan with no warning block', async () => {
  const plan = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
  expect(plan.code).toBe(0);
  expect(plan.stdout).toContain('No changes.');
  expect(plan.stdout + plan.stderr).not.toContain('Warning:');
});

/**
 * The stack's keys plus a connection on the local cluster whose credentials are key `team[index]`, that
 * key already in the self-managed cluster's keystore (the operator's step, done first).
 */
function withConnection(index: number): void {
  const key = stack.state().resources.find((r) => r.type === 'elasticremote_cross_cluster_api_key')!.instances.find((i) => i.index_key === index)!;
  emulator.keystore('local').set('cluster.remote.team.credentials', createSecretBox(secretsKey).unseal(String(key.attributes.encoded)));
  const text = readFileSync(join(stack.dir, 'main.tf'), 'utf8').split('\nresource "elasticremote_remote_cluster_connection"')[0];
  writeFileSync(
    join(stack.dir, 'main.tf'),
    `${text}
resource "elasticremote_remote_cluster_connection" "team" {
  provider      = elasticremote.local
  alias         = "team"
  mode          = "proxy"
  proxy_address = var.remote_cluster_address
  credentials   = elasticremote_cross_cluster_api_key.team[${index}].encoded
}
`,
  );
}

const occurrences = (text: string, line: string) => text.split(line).length - 1;

test('a keystore secret set, then rotated: apply without a saved plan shows each line once', async () => {
  withConnection(0);
  const created = await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect(occurrences(created.stdout + created.stderr, '+ keystore secret cluster.remote.team.credentials (set)')).toBe(1);
  expect(occurrences(created.stdout + created.stderr, 'Warning:')).toBe(1);
  withConnection(1);
  const rotated = await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  const text = rotated.stdout + rotated.stderr;
  expect(text).toMatch(/~ keystore secret cluster\.remote\.team\.credentials \(rotated/);
  expect(occurrences(text, 'Warning:')).toBe(1);
  expect(text).not.toContain('similar warning');
});
