/**
 * `pulumi preview` against `tofu plan` of the same unchanged stack, in one run: PAIRS cross-cluster API
 * keys on the emulator's "remote" cluster and PAIRS proxy connections (no credentials) on its "local"
 * one, once as a Pulumi program with the dynamic providers (real Pulumi engine, local backend) and once
 * as HCL with our Terraform provider (pairs-stack.ts); wall time of each (median of RUNS) and the ratio.
 * Run after a build and `bash scripts/install-tools.sh`:
 *   PAIRS=10 RUNS=3 node dist/bench/pulumi-vs-tofu.js
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../src/emulator';
import { installMirror } from '../providers/terraform/install-mirror';
import { buildPackage, createStack } from '../test/e2e/pulumi/project';
import { run, runOk, toolPaths } from '../test/e2e/tools';
import { pairsStack, pairsStackEnv, seconds } from './pairs-stack';

const pairs = Number(process.env.PAIRS ?? 10);
const runs = Number(process.env.RUNS ?? 3);
if (!Number.isInteger(pairs) || pairs < 1 || !Number.isInteger(runs) || runs < 1) throw new Error('PAIRS and RUNS must be positive whole numbers');

const program = (count: number) => `
const er = require('elastic-remote-clusters');
for (let i = 0; i < ${count}; i++) {
  new er.CrossClusterApiKey('k-' + i, { cluster: 'remote', name: 'pulumi-' + i, access: { search: [{ names: ['logs-' + i + '-*'] }] } });
  new er.RemoteClusterConnection('c-' + i, { cluster: 'local', alias: 'pulumi-' + i, mode: 'proxy', proxyAddress: process.env.REMOTE_ADDRESS });
}
`;

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

async function main(): Promise<void> {
  const emulator = await startEmulator();
  const workDir = mkdtempSync(join(tmpdir(), 'pulumi-vs-tofu-'));
  try {
    const { local, remote } = emulator.clusters;
    // Pulumi: the dynamic providers from the repository's sources, as the e2e suites install them.
    buildPackage(join(workDir, 'pkg'), '0.1.0');
    const stack = await createStack(workDir, join(workDir, 'pkg'), program(pairs), 'bench', 'pulumi-bench');
    stack.env.REMOTE_ADDRESS = remote.remoteClusterServerAddress;
    await stack.setConfig('elasticRemote:clusters.local.endpoint', local.url, { path: true });
    await stack.setConfig('elasticRemote:clusters.local.apiKey', local.apiKey, { path: true, secret: true });
    await stack.setConfig('elasticRemote:clusters.remote.endpoint', remote.url, { path: true });
    await stack.setConfig('elasticRemote:clusters.remote.username', remote.username, { path: true });
    await stack.setConfig('elasticRemote:clusters.remote.password', remote.password, { path: true, secret: true });
    await stack.setConfig('elasticRemote:secretsKey', 'bench-secrets-key-0123456789', { secret: true });
    await stack.pulumi(['up', '--yes', '--skip-preview'], { timeoutMs: 900_000 });

    // OpenTofu: the same resources in HCL.
    const tofuDir = join(workDir, 'tofu');
    const { tofu } = toolPaths();
    mkdirSync(tofuDir);
    writeFileSync(join(tofuDir, 'main.tf'), pairsStack({ type: 'elasticremote', source: 'elastic-remote/elasticremote' }, 'tofu', pairs));
    const mirror = installMirror(join(tofuDir, 'provider'));
    const options = { cwd: tofuDir, env: pairsStackEnv(emulator, tofuDir, mirror.cliConfigFile), timeoutMs: 900_000 };
    await runOk(tofu, ['init', '-input=false', '-no-color'], options);
    await runOk(tofu, ['apply', '-input=false', '-no-color', '-auto-approve'], options);

    const previewTimes: number[] = [];
    const planTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Alternated, so both see the same machine load.
      let start = Date.now();
      await stack.pulumi(['preview', '--expect-no-changes'], { timeoutMs: 900_000 });
      previewTimes.push(Date.now() - start);
      start = Date.now();
      const plan = await run(tofu, ['plan', '-input=false', '-no-color', '-detailed-exitcode'], options);
      if (plan.code !== 0) throw new Error(`tofu plan found changes or failed (exit ${plan.code}):\n${plan.stdout}\n${plan.stderr}`);
      planTimes.push(Date.now() - start);
    }
    const [preview, plan] = [median(previewTimes), median(planTimes)];
    process.stdout.write(
      [
        `resources: ${pairs * 2} (${pairs} keys, ${pairs} connections), unchanged, median of ${runs}`,
        `pulumi preview (dynamic providers): ${seconds(preview)} (runs: ${previewTimes.map(seconds).join(', ')})`,
        `tofu plan (Terraform provider):     ${seconds(plan)} (runs: ${planTimes.map(seconds).join(', ')})`,
        `pulumi preview / tofu plan: ${(preview / plan).toFixed(2)}`,
      ].join('\n') + '\n',
    );
  } finally {
    await emulator.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
