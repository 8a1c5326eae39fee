/**
 * Import with generated configuration, the way a team adopts what was set up by hand: the paired stack's
 * objects exist, the configuration has only the providers and one `import` block per object (each of the
 * four resource types), `tofu plan -generate-config-out` writes their configuration, and applying the
 * imports leaves a plan with no changes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningEmulator } from '../../../src/emulator';
import { workspace, type TofuWorkspace } from './harness';
import { pairedProviders, pairedResources, pairedVariables, startPairedEmulator } from './paired-environments';

jest.setTimeout(300_000);

const secretsKey = 'generate-config-e2e-secrets-key-01';

let emulator: RunningEmulator;
let workDir: string;
let stack: TofuWorkspace;
let imported: Array<{ address: string; provider: string; id: string }>;

/** The id a user would import by: a connection kept in a deployment's keystore names the deployment too. */
function importId(type: string, attributes: Record<string, unknown>): string {
  const cloud = attributes.cloud as { deployment_id: string; ref_id: string } | null;
  if (type === 'elasticremote_remote_cluster_connection' && cloud) return `${cloud.deployment_id}/${cloud.ref_id}/${String(attributes.alias)}`;
  return String(attributes.id);
}

beforeAll(async () => {
  emulator = await startPairedEmulator();
  workDir = mkdtempSync(join(tmpdir(), 'generate-config-e2e-'));
  stack = workspace(workDir, 'stack', [], pairedVariables(emulator, secretsKey));
  writeFileSync(join(stack.dir, 'main.tf'), pairedProviders + pairedResources);
  await stack.ok(['init', '-no-color', '-input=false']);
  await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  // Forget the objects: from here on they exist only in the emulated platforms, as if made by hand.
  imported = stack.state().resources
    .filter((r) => (r as { mode?: string }).mode !== 'data')
    .map((r) => ({
      address: `${r.type}.${r.name}`,
      provider: String((r as { provider?: string }).provider).replace(/^provider\["[^"]+"\]\.?/, 'elasticremote.'),
      id: importId(r.type, r.instances[0].attributes),
    }));
  await stack.ok(['state', 'rm', '-no-color', ...imported.map((r) => r.address)]);
  writeFileSync(join(stack.dir, 'main.tf'), pairedProviders);
  writeFileSync(
    join(stack.dir, 'imports.tf'),
    imported.map((r) => `import {\n  to       = ${r.address}\n  provider = ${r.provider}\n  id       = "${r.id}"\n}\n`).join(''),
  );
});

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('every resource type is imported', () => {
  const types = new Set(imported.map((r) => r.address.split('.')[0]));
  expect([...types].sort()).toEqual([
    'elasticremote_cross_cluster_api_key',
    'elasticremote_deployment_trust',
    'elasticremote_remote_cluster_connection',
    'elasticremote_trust_relationship',
  ]);
});

test('plan -generate-config-out writes a configuration for each imported object', async () => {
  const plan = await stack.ok(['plan', '-no-color', '-input=false', '-generate-config-out=generated.tf']);
  expect(plan.stdout).toContain(`Plan: ${imported.length} to import, 0 to add, 0 to change, 0 to destroy.`);
  const generated = readFileSync(join(stack.dir, 'generated.tf'), 'utf8');
  for (const r of imported) expect(generated).toContain(`resource "${r.address.split('.')[0]}" "${r.address.split('.')[1]}"`);
});

test('applying the imports, then plan -detailed-exitcode is clean', async () => {
  expect(existsSync(join(stack.dir, 'generated.tf'))).toBe(true);
  const apply = await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect(apply.stdout).toContain(`Apply complete! Resources: ${imported.length} imported, 0 added, 0 changed, 0 destroyed.`);
  const plan = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
  expect(`${plan.stdout}${plan.stderr}`).toContain('No changes.');
  expect(plan.code).toBe(0);
});
