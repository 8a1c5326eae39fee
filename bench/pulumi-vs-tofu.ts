/**
 * `pulumi preview` against `tofu plan` of the same unchanged stack, in one run: PAIRS cross-cluster API
 * keys on the emulator's "remote" cluster and PAIRS proxy connections (no credentials) on its "local"
 * one, as a Pulumi program with the dynamic providers, as one with the native provider (the plugin
 * installed from its tarball, as pulumi-native's e2e does; real Pulumi engine, local backend), and as
 * HCL with our Terraform provider (pairs-stack.ts); wall time of each (median of RUNS, alternated) and
 * the ratios to `tofu plan`. Run after a build and `bash scripts/install-tools.sh`:
 *   PAIRS=10 RUNS=3 node dist/bench/pulumi-vs-tofu.js
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../src/emulator';
import { installMirror } from '../providers/terraform/install-mirror';
import { buildPackage, createStack } from '../test/e2e/pulumi/project';
import { createNativeStack, createNativeWorkspace, sdkPackage } from '../test/e2e/pulumi-native/workspace';
import { runOk, toolPaths } from '../test/e2e/tools';
import { elapsed, median, seconds, timed, wholeNumber } from './measure';
import { ourProvider, pairsStack, pairsStackEnv } from './pairs-stack';

const pairs = wholeNumber('PAIRS', 10, 1);
const runs = wholeNumber('RUNS', 3, 1);

const program = (count: number) => `
const er = require('elastic-remote-clusters');
for (let i = 0; i < ${count}; i++) {
  new er.CrossClusterApiKey('k-' + i, { cluster: 'remote', name: 'pulumi-' + i, access: { search: [{ names: ['logs-' + i + '-*'] }] } });
  new er.RemoteClusterConnection('c-' + i, { cluster: 'local', alias: 'pulumi-' + i, mode: 'proxy', proxyAddress: process.env.REMOTE_ADDRESS });
}
`;

/** The same resources with the native provider's SDK; the clusters' credentials come from secret config. */
const nativeProgram = (count: number) => `
const pulumi = require('@pulumi/pulumi');
const er = require('${sdkPackage}');
const clusters = new pulumi.Config('bench').requireSecretObject('clusters');
const provider = new er.Provider('self-managed', { clusters, secretsKey: new pulumi.Config('bench').requireSecret('secretsKey') });
for (let i = 0; i < ${count}; i++) {
  new er.CrossClusterApiKey('k-' + i, { cluster: 'remote', name: 'native-' + i, access: { search: [{ names: ['logs-' + i + '-*'] }] } }, { provider });
  new er.RemoteClusterConnection('c-' + i, { cluster: 'local', alias: 'native-' + i, mode: 'proxy', proxyAddress: process.env.REMOTE_ADDRESS }, { provider });
}
`;

async function timedPreview(preview: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await preview();
  return elapsed(start);
}

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

    // Pulumi with the native provider: its own workspace (the plugin installed there), its own names.
    const nativeWorkspace = await createNativeWorkspace(join(workDir, 'native'));
    nativeWorkspace.env.REMOTE_ADDRESS = remote.remoteClusterServerAddress;
    const native = await createNativeStack(nativeWorkspace, 'native-bench', nativeProgram(pairs));
    const clusters = { local: { endpoint: local.url, apiKey: local.apiKey }, remote: { endpoint: remote.url, username: remote.username, password: remote.password } };
    await native.setConfig('bench:clusters', JSON.stringify(clusters), { secret: true });
    await native.setConfig('bench:secretsKey', 'bench-secrets-key-0123456789', { secret: true });
    await native.pulumi(['up', '--yes', '--skip-preview']);

    // OpenTofu: the same resources in HCL.
    const tofuDir = join(workDir, 'tofu');
    const { tofu } = toolPaths();
    mkdirSync(tofuDir);
    writeFileSync(join(tofuDir, 'main.tf'), pairsStack(ourProvider, 'tofu', pairs));
    const mirror = installMirror(join(tofuDir, 'provider'));
    const options = { cwd: tofuDir, env: pairsStackEnv(emulator, tofuDir, mirror.cliConfigFile), timeoutMs: 900_000 };
    await runOk(tofu, ['init', '-input=false', '-no-color'], options);
    await runOk(tofu, ['apply', '-input=false', '-no-color', '-auto-approve'], options);

    const contenders = [
      { name: 'pulumi preview (dynamic providers)', measure: () => timedPreview(() => stack.pulumi(['preview', '--expect-no-changes'], { timeoutMs: 900_000 })) },
      { name: 'pulumi preview (native provider)', measure: () => timedPreview(() => native.pulumi(['preview', '--expect-no-changes'])) },
      // Exit 2 (changes) fails as any other: the stack is unchanged.
      { name: 'tofu plan (Terraform provider)', measure: () => timed(tofu, ['plan', '-input=false', '-no-color', '-detailed-exitcode'], options) },
    ];
    const times = contenders.map(() => [] as number[]);
    // Alternated, so all see the same machine load.
    for (let i = 0; i < runs; i++) for (const [index, c] of contenders.entries()) times[index].push(await c.measure());
    const plan = median(times[contenders.length - 1]);
    process.stdout.write(
      [
        `resources: ${pairs * 2} (${pairs} keys, ${pairs} connections), unchanged, median of ${runs}`,
        ...contenders.map((c, i) => `${c.name.padEnd(36)}${seconds(median(times[i]))} (runs: ${times[i].map(seconds).join(', ')})`),
        ...contenders.slice(0, -1).map((c, i) => `${c.name} / tofu plan: ${(median(times[i]) / plan).toFixed(2)}`),
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
