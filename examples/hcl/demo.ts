/**
 * examples/hcl with the real OpenTofu against the embedded emulator, in one command:
 *   npm run demo:tofu
 * (after `npm ci`; it builds OpenTofu and the TypeScript first when they are missing). Starts the
 * emulator, installs the provider in a local mirror, writes the CLI configuration and the variables
 * into a temporary directory, then runs init, plan, apply (the operator's keystore step done through the
 * emulator in between, as on any self-managed cluster), plan -detailed-exitcode and destroy, printing
 * OpenTofu's output. Secrets go to OpenTofu as TF_VAR_* only, never into a file.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../src/emulator';
import { createSecretBox } from '../../src/secrets/secret-box';
import { installMirror } from '../../providers/terraform/install-mirror';
import { repoRoot, run, tofuEnv, toolPaths } from '../../test/e2e/tools';

// The example's own helper (plain JS next to the .tf files, not compiled into dist/).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { clusterVariables } = require(join(repoRoot, 'examples', 'hcl', 'emulator-tfvars.js')) as typeof import('./emulator-tfvars');

const alias = 'eu-logs';

interface Stack {
  dir: string;
  env: NodeJS.ProcessEnv;
}

/** A copy of the example in workDir, the provider from a fresh local mirror, the variables as TF_VAR_*. */
function stackIn(workDir: string, variables: Record<string, string>): Stack {
  const dir = join(workDir, 'hcl');
  mkdirSync(dir);
  for (const file of ['main.tf', 'variables.tf', 'outputs.tf']) cpSync(join(repoRoot, 'examples', 'hcl', file), join(dir, file));
  const mirror = installMirror(join(workDir, 'provider'));
  const env: NodeJS.ProcessEnv = { ...tofuEnv(workDir), TF_CLI_CONFIG_FILE: mirror.cliConfigFile };
  for (const [name, value] of Object.entries(variables)) env[`TF_VAR_${name}`] = value;
  return { dir, env };
}

async function step(stack: Stack, title: string, args: string[], accepted: number[] = [0]): Promise<number> {
  process.stdout.write(`\n=== tofu ${args.join(' ')}   (${title})\n`);
  const result = await run(toolPaths().tofu, [...args, '-no-color', '-input=false'], { cwd: stack.dir, env: stack.env, timeoutMs: 170_000 });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  if (!accepted.includes(result.code)) throw new Error(`tofu ${args[0]} exited ${result.code}`);
  return result.code;
}

/** The key's id and sealed encoded value from the state (the current object, not a deposed one). */
function currentKey(stateText: string): { id: string; encoded: string } {
  const state = JSON.parse(stateText) as { resources: Array<{ type: string; instances: Array<{ deposed?: string; attributes: { id: string; encoded: string } }> }> };
  const key = state.resources.find((r) => r.type === 'elasticremote_cross_cluster_api_key')?.instances.find((i) => !i.deposed);
  if (!key) throw new Error('the state has no cross-cluster API key after the targeted apply');
  return key.attributes;
}

async function main(): Promise<void> {
  const emulator = await startEmulator();
  const workDir = mkdtempSync(join(tmpdir(), 'elasticremote-demo-'));
  const secretsKey = randomBytes(18).toString('base64url');
  try {
    const { local, remote } = emulator.clusters;
    const stack = stackIn(workDir, { secrets_key: secretsKey, alias, ...clusterVariables(local, remote) });
    process.stdout.write(`emulator: local ${local.url}, remote ${remote.url}; stack in ${stack.dir}\n`);
    await step(stack, 'the provider from the local mirror, offline', ['init']);
    await step(stack, 'what will be created', ['plan']);
    await step(stack, 'the key first', ['apply', '-auto-approve', '-target=elasticremote_cross_cluster_api_key.search']);

    // The operator's `bin/elasticsearch-keystore add cluster.remote.<alias>.credentials` on every node.
    const key = currentKey(readFileSync(join(stack.dir, 'terraform.tfstate'), 'utf8'));
    emulator.keystore('local').set(`cluster.remote.${alias}.credentials`, createSecretBox(secretsKey).unseal(key.encoded));
    process.stdout.write(`\n=== keystore step: cluster.remote.${alias}.credentials added on the local cluster (key ${key.id})\n`);

    await step(stack, 'the connection', ['apply', '-auto-approve']);
    const code = await step(stack, 'nothing left to change', ['plan', '-detailed-exitcode'], [0, 2]);
    if (code !== 0) throw new Error('the plan after apply is not clean');
    await step(stack, 'everything the stack made goes', ['destroy', '-auto-approve']);
    process.stdout.write('\ndemo complete: planned, applied, connected, clean plan, destroyed\n');
  } finally {
    await emulator.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
