/**
 * Plan output a pipeline can live with: 20 new keys plan and apply without one warning block (their
 * values are all in OpenTofu's own diff), and 20 unchanged keys plan without any either, so a pipeline
 * that fails on warnings is not failed by every plan.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { clusterVariables } from '../../../examples/hcl/emulator-tfvars';
import { exampleProviders, workspace, type TofuWorkspace } from './harness';

jest.setTimeout(240_000);

let emulator: RunningEmulator;
let workDir: string;
let stack: TofuWorkspace;

beforeAll(async () => {
  emulator = await startEmulator();
  workDir = mkdtempSync(join(tmpdir(), 'plan-output-e2e-'));
  stack = workspace(workDir, 'stack', ['variables.tf'], { secrets_key: 'plan-output-e2e-secrets-key-0123', ...clusterVariables(emulator.clusters.local, emulator.clusters.remote) });
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
