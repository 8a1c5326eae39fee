/**
 * Proves the tools scripts/install-tools.sh builds are the real ones and work offline: OpenTofu
 * initialises and applies a configuration; the Pulumi engine, the Node.js language host and the
 * Node.js dynamic provider run a program end to end (create, no-op update, destroy) on a file backend.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as pulumiSdk from '@pulumi/pulumi';
import {
  createInlineStack,
  createPulumiProject,
  initPulumiStack,
  pulumiEnv,
  repoRoot,
  run,
  runOk,
  tofuEnv,
  toolPaths,
} from './tools';

jest.setTimeout(240_000);

/** The version a tool module pins, read from its committed go.mod (e.g. "1.12.6"). */
function pinnedVersion(moduleDir: string, modulePath: string): string {
  const goMod = readFileSync(path.join(repoRoot, 'tools', moduleDir, 'go.mod'), 'utf8');
  const match = new RegExp(`^\\s*${modulePath.replace(/[.]/g, '\\.')} v(\\S+)`, 'm').exec(goMod);
  if (!match) throw new Error(`${modulePath} is not required in tools/${moduleDir}/go.mod`);
  return match[1];
}

let workDir: string;
beforeEach(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'erc-tools-'));
});
afterEach(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe('repository root', () => {
  it('is the same from the sources and compiled into dist/ (as the benches load this module)', async () => {
    const compiled = path.join(repoRoot, 'dist', 'test', 'e2e', 'tools.js');
    if (!existsSync(compiled)) throw new Error(`${compiled} is missing: run npm run build first (scripts/test.sh does)`);
    expect(existsSync(path.join(repoRoot, 'package.json'))).toBe(true);
    const result = await runOk(process.execPath, ['-p', `require(${JSON.stringify(compiled)}).repoRoot`], { cwd: workDir, env: process.env });
    expect(result.stdout.trim()).toBe(repoRoot);
  });
});

describe('OpenTofu', () => {
  it('is the pinned release', async () => {
    const { tofu } = toolPaths();
    const result = await runOk(tofu, ['version', '-json'], { cwd: workDir, env: tofuEnv(workDir) });
    const version = JSON.parse(result.stdout) as { terraform_version: string };
    expect(version.terraform_version).toBe(pinnedVersion('opentofu', 'github.com/opentofu/opentofu'));
  });

  it('initialises and applies a configuration offline', async () => {
    const { tofu } = toolPaths();
    const env = tofuEnv(workDir);
    writeFileSync(
      path.join(workDir, 'main.tf'),
      [
        'locals {',
        '  clusters = ["east", "west"]',
        '}',
        'output "aliases" {',
        '  value = [for c in local.clusters : upper(c)]',
        '}',
        'output "count" {',
        '  value = length(local.clusters)',
        '}',
        '',
      ].join('\n'),
    );
    await runOk(tofu, ['init', '-input=false'], { cwd: workDir, env });
    await runOk(tofu, ['apply', '-auto-approve', '-input=false'], { cwd: workDir, env });
    const outputs = JSON.parse((await runOk(tofu, ['output', '-json'], { cwd: workDir, env })).stdout) as Record<
      string,
      { value: unknown }
    >;
    expect(outputs.aliases.value).toEqual(['EAST', 'WEST']);
    expect(outputs.count.value).toBe(2);
    expect(existsSync(path.join(workDir, 'terraform.tfstate'))).toBe(true);
  });
});

describe('Pulumi', () => {
  it('is the version of the Node.js SDK', async () => {
    const { pulumi } = toolPaths();
    const sdk = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/@pulumi/pulumi/package.json'), 'utf8')) as {
      version: string;
    };
    const result = await runOk(pulumi, ['version'], { cwd: workDir, env: pulumiEnv(workDir) });
    expect(result.stdout.trim()).toBe(`v${sdk.version}`);
    expect(pinnedVersion('pulumi', 'github.com/pulumi/pulumi/sdk/v3')).toBe(sdk.version);
  });

  it('runs a Node.js program with a dynamic resource through create, no-op update and destroy', async () => {
    const { pulumi } = toolPaths();
    const env = pulumiEnv(workDir);
    const projectDir = path.join(workDir, 'project');
    const markerPath = path.join(workDir, 'marker.txt');
    // The provider writes a file in its own process: proof that the engine started the dynamic
    // provider and ran create/delete there, not only the program.
    createPulumiProject(
      projectDir,
      `
const pulumi = require('@pulumi/pulumi');
const fs = require('fs');

const markerProvider = {
  async create(inputs) {
    fs.writeFileSync(inputs.path, inputs.content);
    return { id: 'marker', outs: { path: inputs.path, content: inputs.content, size: inputs.content.length } };
  },
  async delete(id, props) {
    fs.unlinkSync(props.path);
  },
};

class Marker extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(markerProvider, name, { ...args, size: undefined }, opts);
  }
}

const config = new pulumi.Config();
const marker = new Marker('marker', { path: config.require('markerPath'), content: config.require('content') });
exports.size = marker.size;
exports.secretEcho = config.requireSecret('token');
`,
    );
    await initPulumiStack(projectDir, workDir, 'dev');
    await runOk(pulumi, ['config', 'set', 'markerPath', markerPath], { cwd: projectDir, env });
    await runOk(pulumi, ['config', 'set', 'content', 'remote clusters'], { cwd: projectDir, env });
    await runOk(pulumi, ['config', 'set', '--secret', 'token', 's3cr3t-value'], { cwd: projectDir, env });

    const up = await runOk(pulumi, ['up', '--yes', '--non-interactive'], { cwd: projectDir, env });
    expect(up.stdout).toMatch(/\+ 2 created/);
    expect(readFileSync(markerPath, 'utf8')).toBe('remote clusters');
    expect(up.stdout).not.toContain('s3cr3t-value');

    const outputs = JSON.parse(
      (await runOk(pulumi, ['stack', 'output', '--json', '--show-secrets'], { cwd: projectDir, env })).stdout,
    ) as Record<string, unknown>;
    expect(outputs).toEqual({ size: 'remote clusters'.length, secretEcho: 's3cr3t-value' });

    const again = await runOk(pulumi, ['up', '--yes', '--skip-preview', '--non-interactive'], {
      cwd: projectDir,
      env,
    });
    expect(again.stdout).toMatch(/2 unchanged/);

    await runOk(pulumi, ['destroy', '--yes', '--non-interactive'], { cwd: projectDir, env });
    expect(existsSync(markerPath)).toBe(false);
  });

  it('reports a program that exits non-zero as a failed update', async () => {
    const { pulumi } = toolPaths();
    const env = pulumiEnv(workDir);
    const projectDir = path.join(workDir, 'project');
    createPulumiProject(projectDir, `console.error('program refused to run');\nprocess.exit(3);\n`);
    await initPulumiStack(projectDir, workDir, 'dev');
    const up = await run(pulumi, ['up', '--yes', '--non-interactive'], { cwd: projectDir, env });
    expect(up.code).not.toBe(0);
    expect(up.stdout + up.stderr).toContain('program refused to run');
    expect(up.stdout + up.stderr).toContain('the Node.js program exited with code 3');
  });

  it('reports an uncaught program error quickly when stack traces are off', async () => {
    const { pulumi } = toolPaths();
    const env = pulumiEnv(workDir);
    const projectDir = path.join(workDir, 'project');
    createPulumiProject(projectDir, `throw new Error('alias must not be empty');\n`, {
      nodeArgs: '--stack-trace-limit=0',
    });
    await initPulumiStack(projectDir, workDir, 'dev');
    const started = Date.now();
    const up = await run(pulumi, ['up', '--yes', '--non-interactive'], { cwd: projectDir, env });
    expect(up.code).not.toBe(0);
    expect(up.stdout + up.stderr).toContain('alias must not be empty');
    // Without the flag the same run spends about 40 s of CPU formatting the error (see createPulumiProject).
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('runs an inline Automation API program with a dynamic resource', async () => {
    const markerPath = path.join(workDir, 'inline-marker.txt');
    const stack = await createInlineStack(workDir, 'inline', 'dev', async () => {
      const markerProvider: pulumiSdk.dynamic.ResourceProvider = {
        async create(inputs: { path: string }) {
          // A plain require: the closure is serialized into the provider process, and a transpiled
          // import() would drag jest-side interop helpers along.
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const fs = require('node:fs') as typeof import('node:fs');
          fs.writeFileSync(inputs.path, 'inline');
          return { id: 'inline-marker', outs: inputs };
        },
      };
      class Marker extends pulumiSdk.dynamic.Resource {}
      const marker = new Marker(markerProvider, 'marker', { path: markerPath });
      return { markerId: marker.id };
    });
    const up = await stack.up();
    expect(up.summary.result).toBe('succeeded');
    expect(up.outputs.markerId.value).toBe('inline-marker');
    expect(readFileSync(markerPath, 'utf8')).toBe('inline');
  });
});

