/**
 * A throwaway OpenTofu workspace for the CDKTF end-to-end suites: a temp directory with the provider
 * installed in a local filesystem mirror (offline init), the stack's variables as TF_VAR_*, and every
 * line tofu printed kept for the no-secret checks.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { installMirror, providerBundle } from '../../../providers/terraform/install-mirror';
import { repoRoot, run, tofuEnv, toolPaths, type RunResult } from '../tools';

export class TofuWorkspace {
  /** stdout and stderr of every tofu run. */
  readonly transcripts: string[] = [];
  readonly tofu: string;
  readonly env: NodeJS.ProcessEnv;
  /** Directory of the synthesized stack (its cdk.tf.json); set by the suite once synthesized. */
  stackDir = '';

  constructor(
    readonly workDir: string,
    variables: Record<string, string>,
  ) {
    this.tofu = toolPaths().tofu;
    const built = providerBundle(repoRoot).launcher;
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first (scripts/test.sh does)`);
    const mirror = installMirror(workDir);
    this.env = {
      ...tofuEnv(workDir),
      TF_CLI_CONFIG_FILE: mirror.cliConfigFile,
      ...Object.fromEntries(Object.entries(variables).map(([name, value]) => [`TF_VAR_${name}`, value])),
    };
  }

  static create(variables: Record<string, string>): TofuWorkspace {
    return new TofuWorkspace(mkdtempSync(path.join(tmpdir(), 'cdktf-e2e-')), variables);
  }

  async run(args: string[]): Promise<RunResult> {
    const result = await run(this.tofu, [...args, '-no-color'], { cwd: this.stackDir, env: this.env, timeoutMs: 150_000 });
    this.transcripts.push(result.stdout, result.stderr);
    return result;
  }

  /** `run` that throws with tofu's output when it fails. */
  async ok(args: string[]): Promise<RunResult> {
    const result = await this.run(args);
    if (result.code !== 0) throw new Error(`tofu ${args.join(' ')} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
    return result;
  }

  dispose(): void {
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
