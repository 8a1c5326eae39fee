/**
 * Pulumi projects for the end-to-end suite, laid out the way a user has them: the program's
 * node_modules holds @pulumi/pulumi and an INSTALLED copy of this package (compiled JavaScript with its
 * own package.json and version), so the dynamic provider resolves the package by name, and a test can
 * upgrade the installed version under an existing stack.
 */
import { transformFileSync } from '@swc/core';
import { mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { initPulumiStack, pulumiEnv, repoRoot, run, runOk, toolPaths, type RunOptions, type RunResult } from '../tools';

/** Directories of the package the Pulumi front end needs at run time (no emulator, no other front end). */
const packageSources = ['src', 'providers/pulumi'];

function typescriptFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'emulator' ? [] : typescriptFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/**
 * Writes an installable copy of the package into `dir`: package.json with `version`, and the engine and
 * Pulumi front end compiled to dist/ (swc, CommonJS, as tsc emits it). `patch` may alter a compiled file
 * (relative path under dist/) to make two versions differ in behaviour.
 */
export function buildPackage(dir: string, version: string, patch?: { file: string; edit: (js: string) => string }): void {
  rmSync(dir, { recursive: true, force: true });
  for (const source of packageSources) {
    for (const file of typescriptFiles(path.join(repoRoot, source))) {
      const relative = path.relative(repoRoot, file).replace(/\.ts$/, '.js');
      const out = path.join(dir, 'dist', relative);
      mkdirSync(path.dirname(out), { recursive: true });
      let { code } = transformFileSync(file, {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        sourceMaps: false,
      });
      if (patch && patch.file === relative) {
        const edited = patch.edit(code);
        if (edited === code) throw new Error(`the patch of ${relative} changed nothing`);
        code = edited;
      }
      writeFileSync(out, code);
    }
  }
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'elastic-remote-clusters', version, main: 'dist/providers/pulumi/index.js' }, null, 2)}\n`);
  // The package's own dependencies (zod, undici, @pulumi/pulumi...) resolve from the repository's install.
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

/**
 * A TypeScript program of the repository (e.g. examples/pulumi/index.ts) as the JavaScript a user's
 * project runs: compiled, with its relative import of the Pulumi front end turned into the package name.
 */
export function compileProgram(tsFile: string): string {
  const { code } = transformFileSync(tsFile, { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' }, sourceMaps: false });
  const frontEnd = /require\((["'])(\.\.\/)+providers\/pulumi\1\)/g;
  if (!frontEnd.test(code)) throw new Error(`${tsFile} does not import the Pulumi front end by its repository path`);
  return code.replace(frontEnd, 'require("elastic-remote-clusters")');
}

/** Points the project's installed `elastic-remote-clusters` at a package directory (an install or upgrade). */
export function installPackage(projectDir: string, packageDir: string): void {
  const link = path.join(projectDir, 'node_modules', 'elastic-remote-clusters');
  rmSync(link, { force: true });
  symlinkSync(packageDir, link, 'dir');
}

export interface PulumiStack {
  projectDir: string;
  workDir: string;
  env: NodeJS.ProcessEnv;
  pulumi(args: string[], options?: { expectFailure?: boolean; timeoutMs?: number } & Pick<RunOptions, 'onStart'>): Promise<RunResult>;
  setProgram(programJs: string): void;
  setConfig(key: string, value: string, options?: { secret?: boolean; path?: boolean }): Promise<void>;
}

/**
 * A JavaScript Pulumi project (`typescript: false`) with a real node_modules directory: @pulumi/pulumi
 * from the repository, the package under test installed by `installPackage`.
 */
export async function createStack(workDir: string, packageDir: string, programJs: string, stack = 'e2e', project = 'remote-clusters-e2e'): Promise<PulumiStack> {
  const projectDir = path.join(workDir, project);
  mkdirSync(path.join(projectDir, 'node_modules'), { recursive: true });
  writeFileSync(path.join(projectDir, 'Pulumi.yaml'), [`name: ${project}`, 'runtime:', '  name: nodejs', '  options:', '    typescript: false', ''].join('\n'));
  writeFileSync(path.join(projectDir, 'package.json'), `${JSON.stringify({ name: project, version: '0.0.0', private: true, main: 'index.js' }, null, 2)}\n`);
  writeFileSync(path.join(projectDir, 'index.js'), programJs);
  symlinkSync(path.join(repoRoot, 'node_modules', '@pulumi'), path.join(projectDir, 'node_modules', '@pulumi'), 'dir');
  installPackage(projectDir, packageDir);
  await initPulumiStack(projectDir, workDir, stack);
  const env = pulumiEnv(workDir);
  const { pulumi } = toolPaths();
  return {
    projectDir,
    workDir,
    env,
    async pulumi(args, options = {}) {
      const result = await run(pulumi, [...args, '--non-interactive', '--color', 'never'], { cwd: projectDir, env, timeoutMs: options.timeoutMs ?? 240_000, onStart: options.onStart });
      if (!options.expectFailure && result.code !== 0) {
        throw new Error(`pulumi ${args.join(' ')} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
      }
      return result;
    },
    setProgram(programJs) {
      writeFileSync(path.join(projectDir, 'index.js'), programJs);
    },
    async setConfig(key, value, options = {}) {
      await runOk(pulumi, ['config', 'set', ...(options.secret ? ['--secret'] : ['--plaintext']), ...(options.path ? ['--path'] : []), key, '--', value], { cwd: projectDir, env });
    },
  };
}
