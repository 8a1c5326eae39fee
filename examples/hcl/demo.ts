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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../src/emulator';
import { createSecretBox } from '../../src/secrets/secret-box';
import { workspace, type TofuWorkspace } from '../../test/e2e/terraform/harness';
import { clusterVariables } from './emulator-tfvars';

const alias = 'eu-logs';

async function step(stack: TofuWorkspace, title: string, args: string[], accepted: number[] = [0]): Promise<number> {
  process.stdout.write(`\n=== tofu ${args.join(' ')}   (${title})\n`);
  const result = await stack.run([...args, '-no-color', '-input=false']);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  if (!accepted.includes(result.code)) throw new Error(`tofu ${args[0]} exited ${result.code}`);
  return result.code;
}

async function main(): Promise<void> {
  const emulator = await startEmulator();
  const workDir = mkdtempSync(join(tmpdir(), 'elasticremote-demo-'));
  const secretsKey = randomBytes(18).toString('base64url');
  try {
    const { local, remote } = emulator.clusters;
    const stack = workspace(workDir, 'hcl', ['main.tf', 'variables.tf', 'outputs.tf'], { secrets_key: secretsKey, alias, ...clusterVariables(local, remote) });
    process.stdout.write(`emulator: local ${local.url}, remote ${remote.url}; stack in ${stack.dir}\n`);
    await step(stack, 'the provider from the local mirror, offline', ['init']);
    await step(stack, 'what will be created', ['plan']);
    await step(stack, 'the key first', ['apply', '-auto-approve', '-target=elasticremote_cross_cluster_api_key.search']);

    // The operator's `bin/elasticsearch-keystore add cluster.remote.<alias>.credentials` on every node.
    const key = stack.attributes('elasticremote_cross_cluster_api_key', 'search');
    emulator.keystore('local').set(`cluster.remote.${alias}.credentials`, createSecretBox(secretsKey).unseal(String(key.encoded)));
    process.stdout.write(`\n=== keystore step: cluster.remote.${alias}.credentials added on the local cluster (key ${String(key.id)})\n`);

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
