/**
 * examples/pulumi with the REAL Pulumi engine against an emulated Elastic Cloud organization with two
 * deployments: it composes with a "platform" stack through a StackReference, writes the credentials
 * through the Cloud keystore API and ends with the alias connected. Then a DeploymentTrust stack shows
 * trust allowlist entries in `pulumi preview`, one line per entry under its trust scope.
 */
import { transformFileSync } from '@swc/core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { repoRoot, runOk } from '../tools';
import { buildPackage, compileProgram, createStack, type PulumiStack } from './project';

let emulator: RunningEmulator;
let workDir: string;
const packageDir = () => path.join(workDir, 'pkg');

/** Stands in for the stack that created the deployments: it only exports their ids and addresses. */
const platformProgram = `
const pulumi = require('@pulumi/pulumi');
const config = new pulumi.Config('platform');
exports.localDeploymentId = config.require('localDeploymentId');
exports.remoteClusterServerAddress = config.require('remoteClusterServerAddress');
`;

const trustProgram = `
const pulumi = require('@pulumi/pulumi');
const er = require('elastic-remote-clusters');
const config = new pulumi.Config('trust');
new er.DeploymentTrust('local-trust', {
  deploymentId: config.require('deploymentId'),
  accounts: [{ accountId: config.require('accountId'), trustAllowlist: config.requireObject('allowlist') }],
});
`;

/** Configures connections the way the example's README says: use-emulator.js with the emulator's JSON document. */
async function configureConnections(stack: PulumiStack): Promise<void> {
  const document = path.join(workDir, 'emulator.json');
  writeFileSync(document, JSON.stringify(emulator.describe()));
  const script = path.join(workDir, 'use-emulator.js');
  writeFileSync(script, transformFileSync(path.join(repoRoot, 'examples', 'pulumi', 'use-emulator.ts'), { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }).code);
  await runOk(process.execPath, [script, document, '--local', 'local', '--remote', 'remote', '--connections-only'], { cwd: stack.projectDir, env: stack.env });
}

beforeAll(async () => {
  emulator = await startEmulator({ clusters: [], cloud: { ech: [{ name: 'acme', deployments: [{ name: 'local' }, { name: 'remote' }] }] } });
  workDir = mkdtempSync(path.join(os.tmpdir(), 'pulumi-example-'));
  buildPackage(packageDir(), '0.1.0');
}, 120_000);

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('the example composes with a platform stack and connects the alias through the Cloud keystore', async () => {
  const platform = await createStack(workDir, packageDir(), platformProgram, 'platform', 'platform');
  await platform.setConfig('platform:localDeploymentId', emulator.cloud.deployments.local.id);
  await platform.setConfig('platform:remoteClusterServerAddress', emulator.clusters.remote.remoteClusterServerAddress);
  await platform.pulumi(['up', '--yes']);

  const example = await createStack(workDir, packageDir(), compileProgram(path.join(repoRoot, 'examples', 'pulumi', 'index.ts')), 'dev', 'example');
  await configureConnections(example);
  await example.setConfig('example:platformStack', 'organization/platform/platform');

  const preview = await example.pulumi(['preview']);
  expect(preview.stdout).toContain('+ keystore secret cluster.remote.eu-logs.credentials (set)');
  await example.pulumi(['up', '--yes']);
  expect((await example.pulumi(['stack', 'output', 'connected'])).stdout.trim()).toBe('true');
  const keystore = await fetch(
    `${emulator.cloud.deployments.local.cloudUrl}/api/v1/deployments/${emulator.cloud.deployments.local.id}/elasticsearch/main-elasticsearch/keystore`,
    { headers: { authorization: `ApiKey ${emulator.cloud.deployments.local.cloudApiKey}` } },
  );
  expect(Object.keys(((await keystore.json()) as { secrets: Record<string, unknown> }).secrets)).toContain('cluster.remote.eu-logs.credentials');
  await example.pulumi(['preview', '--refresh', '--expect-no-changes']);
  await example.pulumi(['destroy', '--yes']);
}, 300_000);

test('preview shows each trust allowlist entry that changes, under its trust scope', async () => {
  const { local, remote } = emulator.cloud.deployments;
  const accountId = emulator.cloud.ech.acme.id;
  const stack = await createStack(workDir, packageDir(), trustProgram, 'trust', 'trust');
  await configureConnections(stack);
  await stack.setConfig('trust:deploymentId', local.id);
  await stack.setConfig('trust:accountId', accountId);
  await stack.setConfig('trust:allowlist', JSON.stringify([remote.clusterId]));

  const created = await stack.pulumi(['preview']);
  expect(created.stdout).toContain(`+ allowlist entry ${remote.clusterId} under account ${accountId}`);
  await stack.pulumi(['up', '--yes']);

  await stack.setConfig('trust:allowlist', JSON.stringify([local.clusterId]));
  // Plain preview: the engine's change set, logged by the provider, one line per entry.
  const changed = await stack.pulumi(['preview']);
  expect(changed.stdout).toContain(`+ allowlist entry ${local.clusterId} under account ${accountId}`);
  expect(changed.stdout).toContain(`- allowlist entry ${remote.clusterId} under account ${accountId}`);
  // --diff: Pulumi's own property diff names the allowlist element that changes.
  const diff = await stack.pulumi(['preview', '--diff']);
  expect(diff.stdout).toMatch(new RegExp(`~ trustAllowlist: \\[\\s+~ \\[0\\]: "${remote.clusterId}" => "${local.clusterId}"`));
  await stack.pulumi(['up', '--yes']);
  await stack.pulumi(['preview', '--refresh', '--expect-no-changes']);
  await stack.pulumi(['destroy', '--yes']);
}, 300_000);
