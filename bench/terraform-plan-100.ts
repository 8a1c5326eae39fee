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
import { installMirror } from '../providers/terraform/install-mirror';
import { run, runOk, toolPaths } from '../test/e2e/tools';

const pairs = Number(process.env.PAIRS ?? 50);
if (!Number.isInteger(pairs) || pairs < 1) throw new Error(`PAIRS must be a positive whole number, not ${process.env.PAIRS}`);
const latencyMs = Number(process.env.LATENCY_MS ?? 0);
if (!(latencyMs >= 0)) throw new Error(`LATENCY_MS must be a number of milliseconds, not ${process.env.LATENCY_MS}`);

function stack(): string {
  return `terraform {
  required_providers {
    elasticremote = { source = "elastic-remote/elasticremote" }
  }
}
variable "remote_url" { type = string }
variable "remote_username" { type = string }
variable "remote_password" {
  type      = string
  sensitive = true
}
variable "local_url" { type = string }
variable "local_api_key" {
  type      = string
  sensitive = true
}
variable "remote_address" { type = string }
variable "secrets_key" {
  type      = string
  sensitive = true
}
provider "elasticremote" {
  alias       = "remote"
  secrets_key = var.secrets_key
  elasticsearch {
    endpoint = var.remote_url
    username = var.remote_username
    password = var.remote_password
  }
}
provider "elasticremote" {
  alias       = "local"
  secrets_key = var.secrets_key
  elasticsearch {
    endpoint = var.local_url
    api_key  = var.local_api_key
  }
}
resource "elasticremote_cross_cluster_api_key" "k" {
  count    = ${pairs}
  provider = elasticremote.remote
  name     = "bench-\${count.index}"
  access   = { search = [{ names = ["logs-\${count.index}-*"] }] }
}
resource "elasticremote_remote_cluster_connection" "c" {
  count         = ${pairs}
  provider      = elasticremote.local
  alias         = "bench-\${count.index}"
  mode          = "proxy"
  proxy_address = var.remote_address
}
`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** `3 (GET /_cluster/settings ×1, GET /_remote/info ×2)`. */
function describeRequests(requests: RequestLogEntry[]): string {
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(`${r.method} ${r.path}`, (counts.get(`${r.method} ${r.path}`) ?? 0) + 1);
  return `${requests.length} (${[...counts].map(([request, n]) => `${request} ×${n}`).join(', ')})`;
}

async function main(): Promise<void> {
  const plans = Number(process.argv[2] ?? 3);
  // Further arguments go to every plan, e.g. -refresh=false (planning alone) or -parallelism=50.
  const extraArgs = process.argv.slice(3);
  const { tofu } = toolPaths();
  const emulator = await startEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'tf-plan-100-'));
  try {
    writeFileSync(join(dir, 'main.tf'), stack());
    const mirror = installMirror(join(dir, 'provider'));
    const { local, remote } = emulator.clusters;
    const env = {
      PATH: process.env.PATH,
      HOME: dir,
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
      TF_CLI_CONFIG_FILE: mirror.cliConfigFile,
      TF_VAR_remote_url: remote.url,
      TF_VAR_remote_username: remote.username,
      TF_VAR_remote_password: remote.password,
      TF_VAR_local_url: local.url,
      TF_VAR_local_api_key: local.apiKey,
      TF_VAR_remote_address: remote.remoteClusterServerAddress,
      TF_VAR_secrets_key: 'bench-secrets-key-0123456789',
    };
    const options = { cwd: dir, env, timeoutMs: 600_000 };
    await runOk(tofu, ['init', '-input=false', '-no-color'], options);
    let start = Date.now();
    await runOk(tofu, ['apply', '-input=false', '-no-color', '-auto-approve'], options);
    const applyMs = Date.now() - start;
    if (latencyMs > 0) emulator.faults.set({ kind: 'latency', latencyMs });
    const times: number[] = [];
    let requests: RequestLogEntry[] = [];
    for (let i = 0; i < plans; i++) {
      emulator.resetRequestLog();
      start = Date.now();
      const plan = await run(tofu, ['plan', '-input=false', '-no-color', '-detailed-exitcode', ...extraArgs], options);
      times.push(Date.now() - start);
      if (plan.code !== 0) throw new Error(`plan found changes or failed (exit ${plan.code}):\n${plan.stdout}\n${plan.stderr}`);
      // Every plan of an unchanged stack makes the same requests: the last one's stand for all.
      requests = emulator.requestLog();
    }
    const sorted = [...times].sort((a, b) => a - b);
    process.stdout.write(
      [
        `resources: ${pairs * 2} (${pairs} keys, ${pairs} connections), ${latencyMs} ms added to each plan request`,
        `tofu apply (create all):       ${seconds(applyMs)}`,
        `tofu plan, no changes:         median ${seconds(sorted[Math.floor(sorted.length / 2)])} (runs: ${times.map(seconds).join(', ')})`,
        `requests to the emulator per plan: ${requests.length}`,
        ...['remote', 'local'].map((cluster) => `  ${cluster} cluster: ${describeRequests(requests.filter((r) => r.cluster === cluster))}`),
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
