/**
 * What the OpenTofu end-to-end suites share: the provider installed in a local mirror, a working
 * directory with a copy of the example stack, tofu runs whose every output is kept (to scan for
 * secrets), the state file, and superuser requests to the emulated clusters behind OpenTofu's back.
 */
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatedClusterEndpoint } from '../../../src/emulator';
import { installMirror, providerBundle } from '../../../providers/terraform/install-mirror';
import { repoRoot, run, tofuEnv, toolPaths, type RunOptions, type RunResult } from '../tools';

export const exampleDir = join(repoRoot, 'examples', 'hcl');

export interface StateFile {
  resources: Array<{ type: string; name: string; instances: Array<{ index_key?: number; deposed?: string; attributes: Record<string, unknown> }> }>;
}

export class TofuWorkspace {
  /** Every stdout and stderr of every command, in order. */
  readonly transcript: string[] = [];
  private readonly tofu = toolPaths().tofu;

  constructor(
    readonly dir: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  async run(args: string[], options: Pick<RunOptions, 'onStart'> = {}): Promise<RunResult> {
    const result = await run(this.tofu, [...args], { cwd: this.dir, env: this.env, timeoutMs: 170_000, ...options });
    this.transcript.push(result.stdout, result.stderr);
    return result;
  }

  async ok(args: string[]): Promise<RunResult> {
    const result = await this.run(args);
    if (result.code !== 0) throw new Error(`tofu ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    return result;
  }

  stateText(): string {
    return ['terraform.tfstate', 'terraform.tfstate.backup']
      .map((f) => join(this.dir, f))
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
  }

  state(): StateFile {
    return JSON.parse(readFileSync(join(this.dir, 'terraform.tfstate'), 'utf8')) as StateFile;
  }

  /** Attributes of the first instance of a resource (by type, and name when several). */
  attributes(type: string, name?: string): Record<string, unknown> {
    const resource = this.state().resources.find((r) => r.type === type && (name === undefined || r.name === name));
    if (!resource) throw new Error(`no ${type}${name ? `.${name}` : ''} in the state`);
    // The current object, not one deposed by a create-before-destroy replacement still under way.
    return (resource.instances.find((i) => !i.deposed) ?? resource.instances[0]).attributes;
  }
}

/**
 * A workspace under workDir/<name> with the given files of examples/hcl (or the given text), the
 * provider from a fresh local mirror, and the variables as TF_VAR_*.
 */
export function workspace(workDir: string, name: string, files: string[], variables: Record<string, string>): TofuWorkspace {
  if (!existsSync(providerBundle(repoRoot).launcher)) throw new Error('the provider bundle is missing: run npm run build first (scripts/test.sh does)');
  const dir = join(workDir, name);
  mkdirSync(dir, { recursive: true });
  for (const file of files) cpSync(join(exampleDir, file), join(dir, file));
  const mirror = installMirror(join(workDir, `${name}-provider`));
  const env: NodeJS.ProcessEnv = { ...tofuEnv(workDir), TF_CLI_CONFIG_FILE: mirror.cliConfigFile };
  for (const [variable, value] of Object.entries(variables)) env[`TF_VAR_${variable}`] = value;
  return new TofuWorkspace(dir, env);
}

/** The provider blocks of examples/hcl/main.tf, to build other stacks with the same connections. */
export function exampleProviders(): string {
  return readFileSync(join(exampleDir, 'main.tf'), 'utf8').split('resource "')[0];
}

/** A request to an emulated cluster as its superuser (what an operator does by hand). */
export async function es<T>(cluster: EmulatedClusterEndpoint, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${cluster.url}${path}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from(`${cluster.username}:${cluster.password}`).toString('base64')}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function persistentSettings(cluster: EmulatedClusterEndpoint): Promise<Record<string, unknown>> {
  return (await es<{ persistent: Record<string, unknown> }>(cluster, 'GET', '/_cluster/settings?flat_settings=true')).persistent;
}

/** Fails on any of the secrets in any of the texts, naming which text (never printing the secret). */
export function expectNoSecrets(texts: Record<string, string>, secrets: Iterable<string>): void {
  const leaks: string[] = [];
  let index = 0;
  for (const secret of secrets) {
    index += 1;
    for (const [where, text] of Object.entries(texts)) if (secret.length >= 8 && text.includes(secret)) leaks.push(`secret #${index} in ${where}`);
  }
  expect(leaks).toEqual([]);
}
