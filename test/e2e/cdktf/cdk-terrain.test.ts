/**
 * CDK Terrain (`cdktn` 0.24, the maintained fork of CDKTF) runs the same constructs: the CDKTF example,
 * built against the CDK Terrain entry point (`dist/constructs-cdktn`, derived from the one source by the
 * build), is synthesized by a CDK Terrain App (the library: the cdktn CLI needs Node 22) and applied by
 * the real OpenTofu against the emulator; the entry point type-checks a CDK Terrain stack and refuses a
 * wrong prop.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { repoRoot, runOk } from '../tools';
import topology from '../../../examples/cdktf/emulator.json';
import { exampleTarget, type ExampleTarget } from '../../../examples/cdktf/emulator-target';
import { TofuWorkspace } from './tofu-workspace';

jest.setTimeout(180_000);

const alias = 'eu-logs';
const app = path.join(repoRoot, 'dist', 'examples', 'cdktf-cdktn', 'main.js');

let emulator: RunningEmulator;
let target: ExampleTarget;
let tofu: TofuWorkspace;

beforeAll(async () => {
  if (!existsSync(app)) throw new Error(`${app} is missing: run \`npm run build\` first (scripts/test.sh does)`);
  emulator = await startEmulator(topology);
  target = exampleTarget(emulator, 'cdk-terrain-e2e-secrets-key');
  tofu = TofuWorkspace.create(target.variables);
});

afterAll(async () => {
  await emulator?.stop();
  tofu?.dispose();
});

/** TypeScript's diagnostics for a program using the CDK Terrain entry point. */
function typeErrors(source: string): string[] {
  const file = path.join(tofu.workDir, 'terrain-app.ts');
  writeFileSync(file, source);
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    typeRoots: [path.join(repoRoot, 'node_modules', '@types')],
    types: ['node'],
    baseUrl: repoRoot,
    paths: { '*': [path.join(repoRoot, 'node_modules', '*')] },
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const terrainStack = (aliasValue: string) => `
import { App, TerraformStack } from 'cdktn';
import { ElasticRemoteProvider, RemoteClusterLink } from ${JSON.stringify(path.join(repoRoot, 'dist', 'constructs-cdktn'))};
const app = new App();
const stack = new TerraformStack(app, 'terrain');
const local = new ElasticRemoteProvider(stack, 'local', { alias: 'local', elasticsearch: { endpoint: 'https://local:9200' } });
const remote = new ElasticRemoteProvider(stack, 'remote', { alias: 'remote', elasticsearch: { endpoint: 'https://remote:9200' } });
const link = new RemoteClusterLink(stack, 'logs', { alias: ${aliasValue}, access: { search: ['logs-*'] }, local: { provider: local }, remote: { provider: remote, address: 'remote:9443' } });
const keyId: string = link.connection.credentialsKeyId;
`;

test('the CDK Terrain entry point is typed: a cdktn stack compiles, a wrong prop does not', () => {
  expect(typeErrors(terrainStack("'eu-logs'"))).toEqual([]);
  expect(typeErrors(terrainStack('42')).join('\n')).toContain("Type 'number' is not assignable to type 'string'");
});

test('a CDK Terrain App synthesizes the CDKTF example with the same resources', async () => {
  const outDir = path.join(tofu.workDir, 'cdktn.out');
  await runOk(process.execPath, [app], { cwd: repoRoot, env: { ...process.env, ...target.synthEnv, CDKTF_OUTDIR: outDir }, timeoutMs: 60_000 });
  tofu.stackDir = path.join(outDir, 'stacks', 'remote-clusters');
  const synthesized = readFileSync(path.join(tofu.stackDir, 'cdk.tf.json'), 'utf8');
  const stack = JSON.parse(synthesized) as { resource: Record<string, object>; '//': { metadata: Record<string, unknown> } };
  const counts = Object.fromEntries(Object.entries(stack.resource).map(([type, instances]) => [type, Object.keys(instances).length]));
  expect(counts).toEqual({ elasticremote_cross_cluster_api_key: 1, elasticremote_remote_cluster_connection: 2, elasticremote_deployment_trust: 2 });
  expect(JSON.stringify(stack['//'].metadata)).toContain(require('cdktn/package.json').version);
  for (const secret of target.secrets) expect(synthesized).not.toContain(secret);
});

test('OpenTofu applies the CDK Terrain stack: both aliases connected, then a plan with no changes', async () => {
  await tofu.ok(['init', '-input=false']);
  const apply = await tofu.ok(['apply', '-input=false', '-auto-approve']);
  expect(apply.stdout).toMatch(/Apply complete! Resources: 5 added, 0 changed, 0 destroyed/);
  const local = emulator.clusters[target.clusters.local];
  const info = (await (await fetch(`${local.url}/_remote/info`, { headers: { Authorization: `ApiKey ${local.apiKey}` } })).json()) as Record<string, { connected: boolean }>;
  expect(info[alias]).toMatchObject({ connected: true });
  expect(info.archive).toMatchObject({ connected: true });
  const plan = await tofu.run(['plan', '-input=false', '-detailed-exitcode']);
  expect(plan.stdout).toContain('No changes.');
  expect(plan.code).toBe(0);
});
