/**
 * A saved plan of examples/hcl holds none of the run's secrets: the secret inputs are ephemeral
 * variables, so OpenTofu keeps them out of the plan file (`tofu plan -out`) and out of `tofu show -json`,
 * and the saved plan still applies (the variables are given again, as ephemeral values must be).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { clusterVariables } from '../../../examples/hcl/emulator-tfvars';
import { expectNoSecrets, workspace, type TofuWorkspace } from './harness';

jest.setTimeout(180_000);

const secretsKey = 'plan-file-e2e-secrets-key-0123456789';
let emulator: RunningEmulator;
let workDir: string;
let stack: TofuWorkspace;

beforeAll(async () => {
  emulator = await startEmulator();
  workDir = mkdtempSync(join(tmpdir(), 'plan-file-e2e-'));
  stack = workspace(workDir, 'stack', ['main.tf', 'variables.tf', 'outputs.tf'], { secrets_key: secretsKey, ...clusterVariables(emulator.clusters.local, emulator.clusters.remote) });
  await stack.ok(['init', '-no-color', '-input=false']);
});

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('tofu plan -out and tofu show -json contain no secret value of the run; the saved plan applies', async () => {
  const { local, remote } = emulator.clusters;
  await stack.ok(['plan', '-no-color', '-input=false', '-target=elasticremote_cross_cluster_api_key.search', '-out=tfplan']);
  const shown = (await stack.ok(['show', '-json', 'tfplan'])).stdout;
  expect(JSON.parse(shown)).toHaveProperty('resource_changes');
  // The plan file is a zip whose entries are compressed: read them, not the archive's bytes.
  const planFile = execFileSync('unzip', ['-p', join(stack.dir, 'tfplan')], { maxBuffer: 64 * 1024 * 1024 }).toString('latin1');
  expect(planFile).toContain('elasticremote_cross_cluster_api_key');
  expectNoSecrets({ 'plan file': planFile, 'tofu show -json': shown }, [secretsKey, remote.password, local.apiKey, emulator.cloudApiKey]);

  const apply = await stack.ok(['apply', '-no-color', '-input=false', 'tfplan']);
  expect(apply.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
});
