/**
 * The provider as users install it: packageProvider (npm run package:provider) makes the single
 * executable, its zip, SHA256SUMS and the mirror; OpenTofu installs it from that mirror as a packed
 * filesystem mirror with no Node on PATH, and plans examples/hcl against the emulator. The package is
 * built here (from the bundle npm run build makes), so no other suite needs it.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { clusterVariables } from '../../../examples/hcl/emulator-tfvars';
import { packageProvider, type ProviderPackage } from '../../../providers/terraform/package';
import { providerBundle } from '../../../providers/terraform/install-mirror';
import { repoRoot, runOk, tofuEnv, toolPaths } from '../tools';
import { exampleDir } from './harness';

jest.setTimeout(80_000);

let emulator: RunningEmulator;
let workDir: string;
let packaged: ProviderPackage;

const hasNode = (dir: string) => {
  try {
    accessSync(join(dir, 'node'), constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  if (!existsSync(providerBundle(repoRoot).launcher)) throw new Error('the provider bundle is missing: run npm run build first (scripts/test.sh does)');
  workDir = mkdtempSync(join(tmpdir(), 'packaged-provider-e2e-'));
  const started = Date.now();
  [packaged, emulator] = await Promise.all([packageProvider(join(workDir, 'package')), startEmulator()]);
  process.stderr.write(`packaged the provider in ${Date.now() - started} ms\n`);
});

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('SHA256SUMS matches the zip, and the mirror indexes name the zip with its hashes', () => {
  const zipName = `terraform-provider-elasticremote_${packaged.version}_${packaged.platform}.zip`;
  const digest = createHash('sha256').update(readFileSync(packaged.zip)).digest('hex');
  expect(readFileSync(packaged.sha256Sums, 'utf8')).toBe(`${digest}  ${zipName}\n`);
  expect(packaged.hashes.zh).toBe(`zh:${digest}`);
  const dir = join(packaged.mirrorDir, 'registry.opentofu.org', 'elastic-remote', 'elasticremote');
  expect(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'))).toEqual({ versions: { [packaged.version]: {} } });
  expect(JSON.parse(readFileSync(join(dir, `${packaged.version}.json`), 'utf8'))).toEqual({
    archives: { [packaged.platform]: { url: zipName, hashes: [packaged.hashes.h1, packaged.hashes.zh] } },
  });
  expect(readFileSync(join(dir, zipName)).equals(readFileSync(packaged.zip))).toBe(true);
});

test('tofu init installs the executable from the packed mirror and tofu plan runs it with no node on PATH', async () => {
  const stack = join(workDir, 'stack');
  mkdirSync(stack);
  for (const file of ['main.tf', 'variables.tf', 'outputs.tf']) cpSync(join(exampleDir, file), join(stack, file));
  const cliConfig = join(workDir, 'cli.tfrc');
  writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(packaged.mirrorDir)}\n  }\n}\n`);

  const { binDir, tofu } = toolPaths();
  // Whatever PATH the runner has, without every directory that holds a node.
  const path = [binDir, ...(process.env.PATH ?? '').split(delimiter)].filter((dir) => dir !== '' && !hasNode(dir));
  expect(path.some(hasNode)).toBe(false);
  const env: NodeJS.ProcessEnv = { ...tofuEnv(workDir), PATH: path.join(delimiter), TF_CLI_CONFIG_FILE: cliConfig };
  // The executable's code cache goes under the run's directory, not the runner's home.
  env.XDG_CACHE_HOME = join(workDir, 'cache');
  for (const [name, value] of Object.entries({ secrets_key: 'packaged-e2e-secrets-key-0123', alias: 'packaged', ...clusterVariables(emulator.clusters.local, emulator.clusters.remote) })) {
    env[`TF_VAR_${name}`] = value;
  }

  const init = await runOk(tofu, ['init', '-no-color', '-input=false'], { cwd: stack, env, timeoutMs: 60_000 });
  expect(init.stdout).toContain(`Installing elastic-remote/elasticremote v${packaged.version}`);
  // The lock file records the h1 hash the network mirror's <version>.json announces.
  expect(readFileSync(join(stack, '.terraform.lock.hcl'), 'utf8')).toContain(packaged.hashes.h1);
  const installed = join(stack, '.terraform', 'providers', 'registry.opentofu.org', 'elastic-remote', 'elasticremote', packaged.version, packaged.platform, `terraform-provider-elasticremote_v${packaged.version}`);
  // The executable itself (ELF), not a script that would need node.
  expect(readFileSync(installed).subarray(0, 4).toString('latin1')).toBe('\x7fELF');

  const plan = await runOk(tofu, ['plan', '-no-color', '-input=false'], { cwd: stack, env, timeoutMs: 60_000 });
  expect(plan.stdout).toContain('elasticremote_cross_cluster_api_key.search will be created');
  expect(plan.stdout).toMatch(/Plan: 2 to add, 0 to change, 0 to destroy/);
});
