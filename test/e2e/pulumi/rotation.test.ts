/**
 * examples/pulumi with the real Pulumi engine on an emulated ECH organization: the key rotates by
 * `rotateAfter` (the emulator's clock moved on) while a probe samples the alias, new-key-first; a
 * `pulumi up` killed right after Elasticsearch answered a key create converges on the next up; and an
 * up through 30% 503s and 15% dropped connections converges with no duplicate or orphaned key.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { transformFileSync } from '@swc/core';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { createSecretBox } from '../../../src/secrets/secret-box';
import { apiKeys, crashAfterKeyCreate, rotationOrder, sampleAlias } from '../link-probe';
import { repoRoot, runOk } from '../tools';
import { buildPackage, compileProgram, createStack, type PulumiStack } from './project';

jest.setTimeout(400_000);

const day = 86_400_000;
const alias = 'eu-logs';
let emulator: RunningEmulator;
let workDir: string;
let example: PulumiStack;
const packageDir = () => path.join(workDir, 'pkg');

async function configureConnections(stack: PulumiStack): Promise<void> {
  const document = path.join(workDir, 'emulator.json');
  writeFileSync(document, JSON.stringify(emulator.describe()));
  const script = path.join(workDir, 'use-emulator.js');
  writeFileSync(script, transformFileSync(path.join(repoRoot, 'examples', 'pulumi', 'use-emulator.ts'), { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }).code);
  await runOk(process.execPath, [script, document, '--local', 'local', '--remote', 'remote', '--connections-only'], { cwd: stack.projectDir, env: stack.env });
}

async function output(stack: PulumiStack, name: string): Promise<string> {
  return (await stack.pulumi(['stack', 'output', name, '--show-secrets'])).stdout.trim();
}

beforeAll(async () => {
  emulator = await startEmulator({ clusters: [], cloud: { ech: [{ name: 'acme', deployments: [{ name: 'local' }, { name: 'remote' }] }] } });
  workDir = mkdtempSync(path.join(os.tmpdir(), 'pulumi-rotation-'));
  buildPackage(packageDir(), '0.1.0');
  example = await createStack(workDir, packageDir(), compileProgram(path.join(repoRoot, 'examples', 'pulumi', 'index.ts')), 'dev', 'example');
  await configureConnections(example);
  await example.setConfig('example:localDeploymentId', emulator.cloud.deployments.local.id);
  await example.setConfig('example:remoteClusterServerAddress', emulator.clusters.remote.remoteClusterServerAddress);
  await example.pulumi(['up', '--yes']);
}, 300_000);

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('31 days on, preview says the rotation is due; up rotates new-key-first with the alias connected throughout', async () => {
  const { local } = emulator.cloud.deployments;
  const oldKeyId = await output(example, 'crossClusterKeyId');
  emulator.clock.advance(31 * day);
  const preview = await example.pulumi(['preview', '--refresh']);
  expect(preview.stdout).toContain('! rotation due: created 31d ago, rotate_after 30d');
  expect(preview.stdout).toMatch(/CrossClusterApiKey search-key\s+replace/);

  emulator.resetRequestLog();
  const sampler = sampleAlias(emulator.clusters.local, alias);
  await example.pulumi(['up', '--yes']);
  const { samples, disconnected } = await sampler.stop();
  console.log(`rotation on ECH through pulumi up: ${samples} samples, ${disconnected} disconnected`);
  expect(samples).toBeGreaterThan(10);
  expect(disconnected).toBe(0);

  const newKeyId = await output(example, 'crossClusterKeyId');
  expect(newKeyId).not.toBe(oldKeyId);
  expect((await apiKeys(emulator.clusters.remote, `id=${oldKeyId}`))[0].invalidated).toBe(true);
  const order = rotationOrder(emulator.requestLog(), 'remote', 'local', `/api/v1/deployments/${local.id}/elasticsearch/${local.refId}/keystore`);
  console.log(`order in the emulator's log (pulumi): ${JSON.stringify(order)}`);
  expect(order.created).toBeGreaterThanOrEqual(0);
  expect(order.created).toBeLessThan(order.keystore);
  expect(order.keystore).toBeLessThan(order.reload);
  expect(order.reload).toBeLessThan(order.invalidated);
  await example.pulumi(['preview', '--refresh', '--expect-no-changes']);
});

test('pulumi up killed right after Elasticsearch answered the key create: the next up converges with one live key', async () => {
  const keyName = `${alias}-search`;
  // A rotation makes the create: kill the whole process group the moment Elasticsearch has answered it.
  emulator.clock.advance(31 * day);
  const crash = crashAfterKeyCreate(emulator, 'remote');
  const crashed = await example.pulumi(['up', '--yes'], { expectFailure: true, onStart: crash.onStart });
  expect(crash.end()).toBe(true);
  expect(crashed.code).not.toBe(0);
  expect((await apiKeys(emulator.clusters.remote, `name=${keyName}&active_only=true`)).length).toBe(2); // the live key and the abandoned one

  // What a user does after a killed update: release the stack's lock, then up again.
  await example.pulumi(['cancel', '--yes'], { expectFailure: true });
  const again = await example.pulumi(['up', '--yes']);
  expect(again.stdout).toContain('invalidated 1 key(s) an interrupted apply had created but never recorded');
  const live = await apiKeys(emulator.clusters.remote, `name=${keyName}&active_only=true`);
  expect(live.map((k) => k.id)).toEqual([await output(example, 'crossClusterKeyId')]);
  expect(typeof live[0].metadata?.elastic_remote_clusters_create_token).toBe('string');
  expect(await output(example, 'connected')).toBe('true');
  await example.pulumi(['preview', '--refresh', '--expect-no-changes']);
});

test('an up through 30% 503s and 15% dropped connections converges: no duplicate or orphaned key, no secret in the state', async () => {
  const keyName = `${alias}-search`;
  emulator.clock.advance(31 * day);
  emulator.faults.set([
    { kind: 'status', status: 503, probability: 0.3 },
    { kind: 'drop', probability: 0.15 },
  ]);
  let attempts = 0;
  let converged = false;
  while (!converged && attempts < 6) {
    attempts += 1;
    const up = await example.pulumi(['up', '--yes'], { expectFailure: true });
    converged = up.code === 0;
    if (!converged) await example.pulumi(['cancel', '--yes'], { expectFailure: true });
  }
  emulator.faults.clear();
  console.log(`pulumi up under faults: converged after ${attempts} up(s); faults fired: ${JSON.stringify(emulator.faults.fired())}`);
  expect(converged).toBe(true);
  await example.pulumi(['up', '--yes']);
  const live = await apiKeys(emulator.clusters.remote, `name=${keyName}&active_only=true`);
  expect(live.map((k) => k.id)).toEqual([await output(example, 'crossClusterKeyId')]);
  expect(await output(example, 'connected')).toBe('true');
  await example.pulumi(['preview', '--refresh', '--expect-no-changes']);

  const exported = (await example.pulumi(['stack', 'export'])).stdout;
  const secretsKey = (await example.pulumi(['config', 'get', 'elasticRemote:secretsKey'])).stdout.trim();
  const shown = JSON.parse((await example.pulumi(['stack', 'export', '--show-secrets'])).stdout) as { deployment: { resources: { urn: string; outputs?: Record<string, unknown> }[] } };
  const sealed = shown.deployment.resources.find((r) => r.urn.endsWith('::search-key'))?.outputs?.encoded as { plaintext: string };
  const encoded = createSecretBox(secretsKey).unseal(JSON.parse(sealed.plaintext) as string);
  for (const secret of [encoded, secretsKey, emulator.clusters.local.apiKey, emulator.clusters.remote.password, emulator.cloud.deployments.local.cloudApiKey]) {
    expect(secret.length).toBeGreaterThan(8);
    expect(exported).not.toContain(secret);
  }
});
