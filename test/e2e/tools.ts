/**
 * The real OpenTofu and Pulumi binaries for end-to-end suites, and how to run them on this machine with
 * no network: scripts/install-tools.sh builds them into .tools/bin; these helpers find them (and fail
 * loudly when they are missing), give each tool an isolated, offline environment, and lay out Pulumi
 * Node.js projects the engine can run with the repository's own @pulumi/pulumi.
 */
import type { PulumiFn, Stack } from '@pulumi/pulumi/automation';
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The nearest directory up from `start` holding package.json: the repository root both from the
 * sources (test/e2e) and compiled into dist/test/e2e (the benches), as dist/ has no package.json.
 */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json in ${start} or any directory above it`);
  }
}

export const repoRoot = findRepoRoot(__dirname);

export interface ToolPaths {
  /** .tools/bin: tofu, pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs. */
  binDir: string;
  tofu: string;
  pulumi: string;
}

const requiredBinaries = ['tofu', 'pulumi', 'pulumi-language-nodejs', 'pulumi-resource-pulumi-nodejs'];

/** Absolute paths of the built tools; throws (never skips) when any is missing. */
export function toolPaths(): ToolPaths {
  const binDir = path.join(repoRoot, '.tools', 'bin');
  const missing = requiredBinaries.filter((name) => !isExecutable(path.join(binDir, name)));
  if (missing.length > 0) {
    throw new Error(
      `missing ${missing.join(', ')} in ${binDir}: run \`bash scripts/install-tools.sh\` (it builds OpenTofu and Pulumi from the Go module proxy)`,
    );
  }
  return { binDir, tofu: path.join(binDir, 'tofu'), pulumi: path.join(binDir, 'pulumi') };
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The caller's environment without any Pulumi or Terraform settings that could reach a real account. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(PULUMI_|TF_|CHECKPOINT_)/.test(name)) env[name] = value;
  }
  // .tools/bin first (the language host and dynamic provider are found on PATH), then this node.
  env.PATH = [toolPaths().binDir, path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter);
  return env;
}

/** The stack passphrase of every e2e Pulumi backend (a throwaway one: the backends live in temp dirs). */
const pulumiPassphrase = 'e2e-passphrase';

/**
 * Environment for the pulumi CLI: a file backend and a PULUMI_HOME inside workDir, no update check,
 * no plugin downloads (every plugin a program needs is on PATH), so nothing leaves the machine.
 */
export function pulumiEnv(workDir: string): NodeJS.ProcessEnv {
  return {
    ...baseEnv(),
    PULUMI_BACKEND_URL: `file://${path.join(workDir, 'backend')}`,
    PULUMI_HOME: path.join(workDir, 'home'),
    PULUMI_CONFIG_PASSPHRASE: pulumiPassphrase,
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    PULUMI_SKIP_CONFIRMATIONS: 'true',
  };
}

/**
 * Environment for tofu: non-interactive and no version checkpoint calls. workDir is accepted for
 * symmetry with pulumiEnv (state and .terraform live in the run's cwd). TF_CLI_CONFIG_FILE (e.g. dev_overrides for the provider under test) is the caller's to add.
 */
export function tofuEnv(_workDir: string): NodeJS.ProcessEnv {
  return {
    ...baseEnv(),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  input?: string;
  /** Default 120 s; the process group is killed past it and the result says so in stderr. */
  timeoutMs?: number;
  /** Given a function that SIGKILLs the command's whole process group (plugins too), as a crashed runner would. */
  onStart?: (killGroup: () => void) => void;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Every live descendant of a process (from /proc), children before the processes they started. */
function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while being read.
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

/** Runs a command to completion; never rejects on a non-zero exit (the caller asserts on `code`). */
export function run(cmd: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    // Own process group, so a timeout also ends the plugins the tool started.
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env, detached: true, stdio: 'pipe' });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const killGroup = () => {
      if (child.pid === undefined) return;
      // Plugins may run in process groups of their own (Pulumi's do): every descendant goes too.
      for (const pid of [...descendantsOf(child.pid), child.pid]) {
        try {
          process.kill(pid === child.pid ? -pid : pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    options.onStart?.(killGroup);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${cmd}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const err = Buffer.concat(stderr).toString('utf8');
      resolve({
        code: code ?? 128,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: timedOut
          ? `${err}\n[${cmd} ${args.join(' ')} killed after ${timeoutMs} ms]`
          : signal
            ? `${err}\n[${cmd} ended by ${signal}]`
            : err,
      });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** `run` that throws with the command's output when it exits non-zero. */
export async function runOk(cmd: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const result = await run(cmd, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${path.basename(cmd)} ${args.join(' ')} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
  return result;
}

export interface PulumiProjectOptions {
  /** Project name (Pulumi.yaml `name`); default `e2e`. */
  name?: string;
  /**
   * Extra node flags for the program (runtime option `nodeargs`). `--stack-trace-limit=0` is worth it
   * for programs expected to throw: @pulumi/pulumi 3.230.0 formats an uncaught program error with
   * util.inspect(colors), which on Node 20 loops on its source-mapped `node_modules/@pulumi/x.ts` frames
   * until the string overflows (about 40 s of CPU per failing run).
   */
  nodeArgs?: string;
}

/**
 * Lays out a JavaScript Pulumi project in `dir` that the built language host runs: Pulumi.yaml with
 * `runtime: nodejs` and `typescript: false` (no ts-node), package.json whose `main` is index.js, and a
 * node_modules symlink to the repository's, so the program, the language host's launcher and the
 * dynamic provider all load the same @pulumi/pulumi (and the project's own modules).
 */
export function createPulumiProject(dir: string, programJs: string, options: PulumiProjectOptions = {}): void {
  const name = options.name ?? 'e2e';
  mkdirSync(dir, { recursive: true });
  const runtimeOptions = ['    typescript: false'];
  if (options.nodeArgs !== undefined) runtimeOptions.push(`    nodeargs: ${JSON.stringify(options.nodeArgs)}`);
  writeFileSync(
    path.join(dir, 'Pulumi.yaml'),
    [`name: ${name}`, 'runtime:', '  name: nodejs', '  options:', ...runtimeOptions, ''].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name, version: '0.0.0', private: true, main: 'index.js' }, null, 2)}\n`,
  );
  writeFileSync(path.join(dir, 'index.js'), programJs);
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

/** Logs into the workDir's file backend and creates `stack` for the project in projectDir. */
export async function initPulumiStack(projectDir: string, workDir: string, stack: string): Promise<void> {
  const { pulumi } = toolPaths();
  const env = pulumiEnv(workDir);
  mkdirSync(path.join(workDir, 'backend'), { recursive: true });
  await runOk(pulumi, ['login', `file://${path.join(workDir, 'backend')}`], { cwd: projectDir, env });
  await runOk(pulumi, ['stack', 'init', stack, '--non-interactive'], { cwd: projectDir, env });
}

/**
 * A stack of an inline program (Pulumi's Automation API) on workDir's file backend: the engine runs
 * `program` in this process through the Automation API's own language server (no language host binary),
 * while resources, the dynamic provider and the state go through the real engine.
 */
export async function createInlineStack(
  workDir: string,
  projectName: string,
  stackName: string,
  program: PulumiFn,
): Promise<Stack> {
  const { LocalWorkspace, PulumiCommand } = await import('@pulumi/pulumi/automation');
  toolPaths();
  mkdirSync(path.join(workDir, 'backend'), { recursive: true });
  const projectDir = path.join(workDir, 'inline-project');
  mkdirSync(projectDir, { recursive: true });
  const envVars: Record<string, string> = {};
  for (const [name, value] of Object.entries(pulumiEnv(workDir))) {
    if (value !== undefined) envVars[name] = value;
  }
  const pulumiCommand = await PulumiCommand.get({ root: path.join(repoRoot, '.tools') });
  return LocalWorkspace.createOrSelectStack(
    { projectName, stackName, program },
    { workDir: projectDir, envVars, pulumiCommand },
  );
}
