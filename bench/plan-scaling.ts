/**
 * How a plan's cost grows with the number of resources: `tofu plan` of an unchanged stack of PAIRS keys +
 * PAIRS connections (pairs-stack.ts) at two sizes in the same run (100 and 1,000 resources by default),
 * with the real OpenTofu and the provider from a local mirror: wall time, requests to the emulator and
 * the provider processes' peak memory, and the ratios between the sizes (linear growth: time ratio close
 * to the size ratio or below). Run after a build and `bash scripts/install-tools.sh`:
 *   SIZES=50,500 node dist/bench/plan-scaling.js
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../src/emulator';
import { installMirror } from '../providers/terraform/install-mirror';
import { run, runOk, toolPaths } from '../test/e2e/tools';
import { seconds } from './measure';
import { ourProvider, pairsStack, pairsStackEnv, requestsPerCluster } from './pairs-stack';

const sizes = (process.env.SIZES ?? '50,500').split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`SIZES must be positive whole numbers of pairs, not ${process.env.SIZES}`);

interface Measure {
  resources: number;
  planMs: number;
  requests: number;
  requestSummary: string;
  /** Peak RSS of the largest provider process of the plan, MiB. */
  providerPeakMiB: number;
  applyMs: number;
}

async function measure(pairs: number): Promise<Measure> {
  const { tofu } = toolPaths();
  const emulator = await startEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'plan-scaling-'));
  try {
    writeFileSync(join(dir, 'main.tf'), pairsStack(ourProvider, 'scale', pairs));
    const mirror = installMirror(join(dir, 'provider'));
    const rssDir = join(dir, 'rss');
    mkdirSync(rssDir);
    const env = { ...pairsStackEnv(emulator, dir, mirror.cliConfigFile), NODE_OPTIONS: `--require ${join(__dirname, 'provider-rss.js')}`, PROVIDER_RSS_DIR: rssDir };
    const options = { cwd: dir, env, timeoutMs: 1_800_000 };
    await runOk(tofu, ['init', '-input=false', '-no-color'], options);
    let start = Date.now();
    await runOk(tofu, ['apply', '-input=false', '-no-color', '-auto-approve', '-parallelism=20'], options);
    const applyMs = Date.now() - start;
    for (const f of readdirSync(rssDir)) rmSync(join(rssDir, f));
    emulator.resetRequestLog();
    start = Date.now();
    const plan = await run(tofu, ['plan', '-input=false', '-no-color', '-detailed-exitcode'], options);
    const planMs = Date.now() - start;
    if (plan.code !== 0) throw new Error(`plan found changes or failed (exit ${plan.code}):\n${plan.stdout}\n${plan.stderr}`);
    const requests = emulator.requestLog();
    const peaks = readdirSync(rssDir).map((f) => Number(readFileSync(join(rssDir, f), 'utf8')));
    return {
      resources: pairs * 2,
      planMs,
      requests: requests.length,
      requestSummary: requestsPerCluster(requests).join('; '),
      providerPeakMiB: Math.max(...peaks) / 1024,
      applyMs,
    };
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const results: Measure[] = [];
  for (const pairs of sizes) results.push(await measure(pairs));
  const lines = results.map(
    (m) =>
      `${String(m.resources).padStart(5)} resources: plan ${seconds(m.planMs)}, ${m.requests} requests (${m.requestSummary}), provider peak RSS ${m.providerPeakMiB.toFixed(0)} MiB; apply ${seconds(m.applyMs)}`,
  );
  const [small, large] = [results[0], results[results.length - 1]];
  if (results.length > 1) {
    lines.push(
      `${large.resources / small.resources}x the resources: plan time ${(large.planMs / small.planMs).toFixed(2)}x, requests ${(large.requests / small.requests).toFixed(2)}x, provider peak RSS ${(large.providerPeakMiB / small.providerPeakMiB).toFixed(2)}x`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
