/**
 * What the plan benchmarks share: a stack of PAIRS cross-cluster API keys on the emulator's "remote"
 * cluster and PAIRS proxy-mode connections on its "local" one, written for any provider with our
 * schema (ours, or the Go peer's `elasticpeer`), its variables as TF_VAR_*, and a request-log summary.
 */
import type { RequestLogEntry, RunningEmulator } from '../src/emulator';

export interface StackProvider {
  /** Provider local name and resource prefix (elasticremote / elasticpeer). */
  type: string;
  source: string;
}

/** Our Terraform provider, as the local mirror (install-mirror.ts) serves it. */
export const ourProvider: StackProvider = { type: 'elasticremote', source: 'elastic-remote/elasticremote' };

/** Two provider blocks (remote: basic auth, local: API key) and 2 × pairs resources named `<prefix>-<n>`. */
export function pairsStack(provider: StackProvider, prefix: string, pairs: number): string {
  const { type, source } = provider;
  const secret = (name: string) => `variable "${name}" {\n  type      = string\n  sensitive = true\n}\n`;
  return `terraform {
  required_providers {
    ${type} = { source = "${source}" }
  }
}
variable "remote_url" { type = string }
variable "remote_username" { type = string }
${secret('remote_password')}variable "local_url" { type = string }
${secret('local_api_key')}variable "remote_address" { type = string }
${secret('secrets_key')}
provider "${type}" {
  alias       = "remote"
  secrets_key = var.secrets_key
  elasticsearch {
    endpoint = var.remote_url
    username = var.remote_username
    password = var.remote_password
  }
}
provider "${type}" {
  alias       = "local"
  secrets_key = var.secrets_key
  elasticsearch {
    endpoint = var.local_url
    api_key  = var.local_api_key
  }
}
resource "${type}_cross_cluster_api_key" "k" {
  count    = ${pairs}
  provider = ${type}.remote
  name     = "${prefix}-\${count.index}"
  access   = { search = [{ names = ["logs-\${count.index}-*"] }] }
}
resource "${type}_remote_cluster_connection" "c" {
  count         = ${pairs}
  provider      = ${type}.local
  alias         = "${prefix}-\${count.index}"
  mode          = "proxy"
  proxy_address = var.remote_address
}
`;
}

/** tofu's environment for the stack in `dir`: non-interactive, the given CLI config, the clusters' variables. */
export function pairsStackEnv(emulator: Pick<RunningEmulator, 'clusters'>, dir: string, cliConfigFile: string): NodeJS.ProcessEnv {
  const { local, remote } = emulator.clusters;
  return {
    PATH: process.env.PATH,
    HOME: dir,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    TF_CLI_CONFIG_FILE: cliConfigFile,
    TF_VAR_remote_url: remote.url,
    TF_VAR_remote_username: remote.username,
    TF_VAR_remote_password: remote.password,
    TF_VAR_local_url: local.url,
    TF_VAR_local_api_key: local.apiKey,
    TF_VAR_remote_address: remote.remoteClusterServerAddress,
    TF_VAR_secrets_key: 'bench-secrets-key-0123456789',
    // e.g. PROVIDER_NODE_OPTIONS="--require /path/to/profiler.js" to look inside every provider process.
    ...(process.env.PROVIDER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.PROVIDER_NODE_OPTIONS } : {}),
  };
}

/** `3 (GET /_cluster/settings ×1, GET /_remote/info ×2)`. */
export function describeRequests(requests: RequestLogEntry[]): string {
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(`${r.method} ${r.path}`, (counts.get(`${r.method} ${r.path}`) ?? 0) + 1);
  return `${requests.length} (${[...counts].map(([request, n]) => `${request} ×${n}`).join(', ')})`;
}

/** One `<cluster>: <requests>` line per cluster of the stack. */
export function requestsPerCluster(requests: RequestLogEntry[]): string[] {
  return ['remote', 'local'].map((cluster) => `${cluster}: ${describeRequests(requests.filter((r) => r.cluster === cluster))}`);
}
