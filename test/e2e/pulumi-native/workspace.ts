/**
 * One Pulumi workspace for the native provider's end-to-end suite: a file backend and a PULUMI_HOME in
 * a temp directory, the plugin installed there from its tarball with the documented command
 * (`pulumi plugin install resource elasticremote <version> --file <tarball>`), and JavaScript projects
 * whose node_modules hold @pulumi/pulumi and the generated SDK (compiled as a user installs it).
 */
import { transformFileSync } from '@swc/core';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { packagePlugin } from '../../../providers/pulumi-native/package';
import { initPulumiStack, pulumiEnv, repoRoot, run, runOk, toolPaths, type RunResult } from '../tools';

export const sdkPackage = '@elastic-remote/pulumi-elasticremote';

const sdkDir = (workDir: string) => path.join(workDir, 'node_modules', sdkPackage);

export interface NativeWorkspace {
  workDir: string;
  env: NodeJS.ProcessEnv;
  /** The install command's output. */
  installed: RunResult;
  version: string;
}

function compileSdk(into: string): void {
  const sdkDir = path.join(repoRoot, 'providers', 'pulumi-native', 'sdk');
  mkdirSync(into, { recursive: true });
  for (const name of readdirSync(sdkDir).filter((n) => n.endsWith('.ts'))) {
    const { code } = transformFileSync(path.join(sdkDir, name), { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' }, sourceMaps: false });
    writeFileSync(path.join(into, name.replace(/\.ts$/, '.js')), code);
  }
  writeFileSync(path.join(into, 'package.json'), `${JSON.stringify({ name: sdkPackage, version: '0.0.0', main: 'index.js' }, null, 2)}\n`);
}

/** Packs the plugin and installs it into the workspace's PULUMI_HOME, offline. */
export async function createNativeWorkspace(workDir: string): Promise<NativeWorkspace> {
  const env = pulumiEnv(workDir);
  const { version, tarball } = await packagePlugin(repoRoot, path.join(workDir, 'plugin'));
  const installed = await runOk(toolPaths().pulumi, ['plugin', 'install', 'resource', 'elasticremote', version, '--file', tarball, '--non-interactive'], { cwd: workDir, env });
  // Installed once for every project: the SDK resolves @pulumi/pulumi from the workspace's node_modules.
  compileSdk(sdkDir(workDir));
  symlinkSync(path.join(repoRoot, 'node_modules', '@pulumi'), path.join(workDir, 'node_modules', '@pulumi'), 'dir');
  return { workDir, env, installed, version };
}

export interface NativeStack {
  projectDir: string;
  pulumi(args: string[], options?: { expectFailure?: boolean }): Promise<RunResult>;
  setProgram(programJs: string): void;
  setConfig(key: string, value: string, options?: { secret?: boolean; path?: boolean }): Promise<void>;
  /** `pulumi stack export`: the text and its resources. */
  exported(): Promise<{ text: string; resources: StateResource[] }>;
}

export interface StateResource {
  urn: string;
  id?: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** A JavaScript project `name` with stack `e2e` in the workspace. */
export async function createNativeStack(ws: NativeWorkspace, name: string, programJs: string): Promise<NativeStack> {
  const projectDir = path.join(ws.workDir, name);
  const modules = path.join(projectDir, 'node_modules');
  mkdirSync(path.join(modules, '@elastic-remote'), { recursive: true });
  writeFileSync(path.join(projectDir, 'Pulumi.yaml'), [`name: ${name}`, 'runtime:', '  name: nodejs', '  options:', '    typescript: false', ''].join('\n'));
  writeFileSync(path.join(projectDir, 'package.json'), `${JSON.stringify({ name, version: '0.0.0', private: true, main: 'index.js' }, null, 2)}\n`);
  writeFileSync(path.join(projectDir, 'index.js'), programJs);
  symlinkSync(path.join(repoRoot, 'node_modules', '@pulumi'), path.join(modules, '@pulumi'), 'dir');
  symlinkSync(sdkDir(ws.workDir), path.join(modules, sdkPackage), 'dir');
  await initPulumiStack(projectDir, ws.workDir, 'e2e');
  const { pulumi } = toolPaths();
  const stack: NativeStack = {
    projectDir,
    async pulumi(args, options = {}) {
      const result = await run(pulumi, [...args, '--non-interactive', '--color', 'never'], { cwd: projectDir, env: ws.env, timeoutMs: 240_000 });
      if (!options.expectFailure && result.code !== 0) throw new Error(`pulumi ${args.join(' ')} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
      return result;
    },
    setProgram(js) {
      writeFileSync(path.join(projectDir, 'index.js'), js);
    },
    async setConfig(key, value, options = {}) {
      await runOk(pulumi, ['config', 'set', ...(options.secret ? ['--secret'] : ['--plaintext']), ...(options.path ? ['--path'] : []), key, '--', value], { cwd: projectDir, env: ws.env });
    },
    async exported() {
      const { stdout } = await stack.pulumi(['stack', 'export']);
      return { text: stdout, resources: (JSON.parse(stdout) as { deployment: { resources: StateResource[] } }).deployment.resources };
    },
  };
  return stack;
}
