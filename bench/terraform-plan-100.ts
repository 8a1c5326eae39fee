/**
 * `tofu plan` of a stack with no changes (PAIRS cross-cluster API keys on one emulated cluster, PAIRS
 * proxy-mode connections on another; 50 by default), with the real OpenTofu and the provider from a
 * local mirror: wall time and the emulator's requests per plan and per cluster. The apply that builds
 * the stack is timed too, for scale. LATENCY_MS adds that delay to every request of the plans (25 is a
 * pipeline talking to Elastic Cloud). Run after a build and `bash scripts/install-tools.sh`:
 *   PAIRS=100 LATENCY_MS=25 node dist/bench/terraform-plan-100.js [plans] [tofu plan arguments...]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RequestLogEntry } from '../src/emulator';
import { median, seconds, timed, wholeNumber } from './measure';
import { ourProvider, pairsStack, pairsStackEnv, requestsPerCluster } from './pairs-stack';
import { installMirror } from '../providers/terraform/install-mirror';
import { runOk, toolPaths } from '../test/e2e/tools';

const pairs = wholeNumber('PAIRS', 50, 1);
const latencyMs = wholeNumber('LATENCY_MS', 0, 0);

async function main(): Promise<void> {
  const plans = Number(process.argv[2] ?? 3);
  // Further arguments go to every plan, e.g. -refresh=false (planning alone) or -parallelism=50.
  const extraArgs = process.argv.slice(3);
  const { tofu } = toolPaths();
  const emulator = await startEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'tf-plan-100-'));
  try {
    writeFileSync(join(dir, 'main.tf'), pairsStack(ourProvider, 'bench', pairs));
    const mirror = installMirror(join(dir, 'provider'));
    const env = pairsStackEnv(emulator, dir, mirror.cliConfigFile);
    const options = { cwd: dir, env, timeoutMs: 600_000 };
    await runOk(tofu, ['init', '-input=false', '-no-color'], options);
    const applyMs = await timed(tofu, ['apply', '-input=false', '-no-color', '-auto-approve'], options);
    if (latencyMs > 0) emulator.faults.set({ kind: 'latency', latencyMs });
    const times: number[] = [];
    let requests: RequestLogEntry[] = [];
    for (let i = 0; i < plans; i++) {
      emulator.resetRequestLog();
      // Exit 2 (changes) fails as any other: the stack is unchanged.
      times.push(await timed(tofu, ['plan', '-input=false', '-no-color', '-detailed-exitcode', ...extraArgs], options));
      // Every plan of an unchanged stack makes the same requests: the last one's stand for all.
      requests = emulator.requestLog();
    }
    process.stdout.write(
      [
        `resources: ${pairs * 2} (${pairs} keys, ${pairs} connections), ${latencyMs} ms added to each plan request`,
        `tofu apply (create all):       ${seconds(applyMs)}`,
        `tofu plan, no changes:         median ${seconds(median(times))} (runs: ${times.map(seconds).join(', ')})`,
        `requests to the emulator per plan: ${requests.length}`,
        ...requestsPerCluster(requests).map((line) => `  ${line}`),
      ].join('\n') + '\n',
    );
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
