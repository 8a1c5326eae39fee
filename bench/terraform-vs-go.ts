/**
 * Ours against a Go peer, side by side in one run: the same emulator, the same OpenTofu, PAIRS
 * cross-cluster API keys + PAIRS proxy-mode connections (100 by default) on one pair of emulated
 * clusters, per provider in its own workspace with its own key names and aliases. The Go peer
 * (bench/go-peer, terraform-plugin-framework) reads each resource with one request, as the official
 * elasticstack provider does. Each stack is built by one `tofu apply`; then RUNS (default 5) interleaved
 * `tofu plan -refresh=true` per provider at loopback and with LATENCY_MS (default 25) added by the
 * emulator to every request; then `tofu providers schema -json` and spawn → first GetProviderSchema.
 *   bash bench/go-peer/build.sh && npm run build && PAIRS=100 node dist/bench/terraform-vs-go.js
 * TOFU=<path> overrides the OpenTofu binary (default .tools/bin/tofu).
 */
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RequestLogEntry } from '../src/emulator';
import { installMirror, platform, providerBundle } from '../providers/terraform/install-mirror';
import { repoRoot, runOk, toolPaths, type RunOptions } from '../test/e2e/tools';
import { median, millis, seconds, timed, wholeNumber } from './measure';
import { bareNode, startPlugin } from './plugin-start';
import { ourProvider, pairsStack, pairsStackEnv, requestsPerCluster, type StackProvider } from './pairs-stack';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const pairs = wholeNumber('PAIRS', 100, 1);
const runs = wholeNumber('RUNS', 5, 1);
const latencyMs = wholeNumber('LATENCY_MS', 25, 0);
const goBinary = join(repoRoot, '.bench-bin', 'terraform-provider-elasticpeer');
const goVersion = '0.1.0';

/** The two front ends under test: the provider type, its resource prefix and how tofu installs it. */
interface Contender extends StackProvider {
  name: 'ours' | 'go';
  /** Key names and aliases are `<prefix>-<n>`, distinct per contender. */
  prefix: string;
  cliConfigFile: string;
}

/** The Go binary in a filesystem mirror of its own, with a CLI config that installs it from there only. */
function installGoMirror(dir: string): string {
  const source = 'registry.opentofu.org/elastic-peer/elasticpeer';
  const target = join(dir, 'mirror', source, goVersion, platform());
  mkdirSync(target, { recursive: true });
  copyFileSync(goBinary, join(target, 'terraform-provider-elasticpeer'));
  chmodSync(join(target, 'terraform-provider-elasticpeer'), 0o755);
  const cliConfigFile = join(dir, 'cli.tfrc');
  writeFileSync(cliConfigFile, `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(join(dir, 'mirror'))}\n    include = ["${source}"]\n  }\n}\n`);
  return cliConfigFile;
}

interface Workspace {
  contender: Contender;
  options: RunOptions;
}

function workspace(contender: Contender, dir: string, emulator: Emulator): Workspace {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.tf'), pairsStack(contender, contender.prefix, pairs));
  const env = pairsStackEnv(emulator, dir, contender.cliConfigFile);
  return { contender, options: { cwd: dir, env, timeoutMs: 900_000 } };
}

interface PlanResult {
  times: number[];
  requests: RequestLogEntry[];
}

/** RUNS plans per workspace, interleaved so machine noise falls on both alike; exit 2 (changes) fails. */
async function plans(tofu: string, workspaces: Workspace[], emulator: Emulator): Promise<PlanResult[]> {
  const results = workspaces.map(() => ({ times: [] as number[], requests: [] as RequestLogEntry[] }));
  const args = ['plan', '-refresh=true', '-input=false', '-no-color', '-detailed-exitcode'];
  for (let i = 0; i < runs; i++) {
    for (const [index, w] of workspaces.entries()) {
      emulator.resetRequestLog();
      results[index].times.push(await timed(tofu, args, w.options));
      // Every plan of an unchanged stack makes the same requests: the last one's stand for all.
      results[index].requests = emulator.requestLog();
    }
  }
  return results;
}

function planReport(title: string, workspaces: Workspace[], results: PlanResult[]): string[] {
  const [ours, go] = results.map((r) => median(r.times));
  return [
    title,
    ...workspaces.map((w, i) => `  ${w.contender.name.padEnd(5)} median ${seconds(median(results[i].times))} (runs: ${results[i].times.map(seconds).join(', ')})`),
    `  ratio ours/go: ${(ours / go).toFixed(2)}`,
    ...workspaces.flatMap((w, i) => [
      // The delayed count shows the latency fault really fired on every request of that phase.
      `  ${w.contender.name.padEnd(5)} requests per plan: ${results[i].requests.length} (${results[i].requests.filter((r) => r.fault === 'latency').length} delayed)`,
      ...requestsPerCluster(results[i].requests).map((line) => `    ${line}`),
    ]),
  ];
}

/** `tofu providers schema -json` wall time (start, handshake, schema, shutdown as tofu does it), interleaved. */
async function schemaCommand(tofu: string, workspaces: Workspace[]): Promise<string[]> {
  const times = workspaces.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    for (const [index, w] of workspaces.entries()) times[index].push(await timed(tofu, ['providers', 'schema', '-json'], w.options));
  }
  const [ours, go] = times.map(median);
  return [
    `tofu providers schema -json, ${runs} runs each, medians`,
    ...workspaces.map((w, i) => `  ${w.contender.name.padEnd(5)} ${millis(median(times[i]))}`),
    `  ratio ours/go: ${(ours / go).toFixed(2)}`,
  ];
}

/** Spawn → handshake line and → first GetProviderSchema answer, ours (the installed bundle) vs the Go binary. */
async function pluginStarts(): Promise<string[]> {
  const starters = [
    { name: 'ours', start: () => startPlugin(process.execPath, [providerBundle(repoRoot).launcher]) },
    { name: 'go', start: () => startPlugin(goBinary, []) },
  ];
  for (const s of starters) await s.start(); // warm the file cache (and our code cache)
  const results = starters.map(() => ({ handshake: [] as number[], schema: [] as number[] }));
  const bare: number[] = [];
  for (let i = 0; i < Math.max(runs, 10); i++) {
    bare.push(await bareNode());
    for (const [index, s] of starters.entries()) {
      const { handshake, schema } = await s.start();
      results[index].handshake.push(handshake);
      results[index].schema.push(schema);
    }
  }
  const [ours, go] = results.map((r) => median(r.schema));
  return [
    `provider spawn → first GetProviderSchema answer, ${Math.max(runs, 10)} runs each, medians`,
    `  node -e '' (the Node floor): ${millis(median(bare))}`,
    ...starters.map((s, i) => `  ${s.name.padEnd(5)} handshake ${millis(median(results[i].handshake))}   schema answered ${millis(median(results[i].schema))}`),
    `  ratio ours/go (schema answered): ${(ours / go).toFixed(2)}`,
  ];
}

function tofuPath(): string {
  return process.env.TOFU ?? toolPaths().tofu;
}

async function main(): Promise<void> {
  const tofu = tofuPath();
  const emulator = await startEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'tf-vs-go-'));
  const out = (lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);
  try {
    const contenders: Contender[] = [
      { name: 'ours', ...ourProvider, prefix: 'bench', cliConfigFile: installMirror(join(dir, 'ours-mirror')).cliConfigFile },
      { name: 'go', type: 'elasticpeer', source: 'registry.opentofu.org/elastic-peer/elasticpeer', prefix: 'peer', cliConfigFile: installGoMirror(join(dir, 'go-mirror')) },
    ];
    const workspaces = contenders.map((c) => workspace(c, join(dir, c.name), emulator));
    out([`resources per provider: ${pairs * 2} (${pairs} keys on remote, ${pairs} connections on local); ${runs} interleaved plans each`]);
    for (const w of workspaces) await runOk(tofu, ['init', '-input=false', '-no-color'], w.options);
    const applyLines = ['tofu apply (create all)'];
    for (const w of workspaces) {
      emulator.resetRequestLog();
      const ms = await timed(tofu, ['apply', '-input=false', '-no-color', '-auto-approve'], w.options);
      applyLines.push(`  ${w.contender.name.padEnd(5)} ${seconds(ms)}, ${emulator.requestLog().length} requests`);
    }
    out(applyLines);
    out(planReport('tofu plan -refresh=true, no changes, at loopback', workspaces, await plans(tofu, workspaces, emulator)));
    if (latencyMs > 0) {
      emulator.faults.set({ kind: 'latency', latencyMs });
      out(planReport(`tofu plan -refresh=true, no changes, ${latencyMs} ms added to every request`, workspaces, await plans(tofu, workspaces, emulator)));
      emulator.faults.clear();
    }
    out(await schemaCommand(tofu, workspaces));
    out(await pluginStarts());
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
