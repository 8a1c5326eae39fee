/**
 * examples/pulumi/eck.ts (seed 004 with ECK) with the REAL Pulumi engine against the emulator: the
 * stack outputs the ECK parts of both sides as objects, valid against the ECK CRD subset once merged,
 * and the role fed by them warns at preview about a grant the ECK key does not allow, naming both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { call as esCall } from '../../../src/emulator/test-client';
import { eckElasticsearchManifest, eckSchemaErrors } from '../../support/eck-crd';
import { repoRoot } from '../tools';
import { buildPackage, compileProgram, createStack, type PulumiStack } from './project';

jest.setTimeout(240_000);

let emulator: RunningEmulator;
let workDir: string;
let stack: PulumiStack;

beforeAll(async () => {
  emulator = await startEmulator();
  workDir = mkdtempSync(path.join(os.tmpdir(), 'pulumi-eck-e2e-'));
  buildPackage(path.join(workDir, 'pkg'), '0.1.0');
  stack = await createStack(workDir, path.join(workDir, 'pkg'), compileProgram(path.join(repoRoot, 'examples', 'pulumi', 'eck.ts')), 'dev', 'eck');
  const { local } = emulator.clusters;
  await stack.setConfig('elasticRemote:clusters.local.endpoint', local.url, { path: true });
  await stack.setConfig('elasticRemote:clusters.local.apiKey', local.apiKey, { path: true, secret: true });
  await stack.setConfig('elasticRemote:secretsKey', 'e2e-pulumi-eck-secrets-key', { secret: true });
});

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('a role granting indices the ECK key does not allow warns at preview, naming both', async () => {
  await stack.setConfig('eck:roleIndexPatterns', '["logs-*"]');
  const preview = await stack.pulumi(['preview']);
  const output = preview.stdout + preview.stderr;
  expect(output).toContain('RemoteAccessRole "cluster-two-ecommerce-reader": remote_indices[0] (clusters cluster-two, names logs-*)');
  expect(output).toContain('does not allow (access.search: kibana_sample_data_ecommerce');
});

test('up: the outputs are both sides\' parts, valid against the ECK CRD once merged; the role is on cluster-one', async () => {
  await stack.setConfig('eck:roleIndexPatterns', '["kibana_sample_data_ecommerce"]');
  await stack.pulumi(['up', '--yes']);
  const outputs = JSON.parse((await stack.pulumi(['stack', 'output', '--json'])).stdout) as {
    localManifest: { spec: Record<string, unknown> };
    remoteManifests: Record<string, { spec: Record<string, unknown> }>;
  };
  expect(outputs.localManifest.spec.remoteClusters).toEqual([
    { name: 'cluster-two', elasticsearchRef: { name: 'cluster-two', namespace: 'ns-remote' }, apiKey: { access: { search: { names: ['kibana_sample_data_ecommerce'] } } } },
  ]);
  expect(eckSchemaErrors(eckElasticsearchManifest('cluster-one', 'ns-local', outputs.localManifest))).toEqual([]);
  expect(eckSchemaErrors(eckElasticsearchManifest('cluster-two', 'ns-remote', outputs.remoteManifests['ns-remote/cluster-two']))).toEqual([]);
  const { local } = emulator.clusters;
  const role = await esCall<Record<string, { remote_indices: { names: string[] }[] }>>(local.url, 'GET', '/_security/role/cluster-two-ecommerce-reader', { username: local.username, password: local.password });
  expect(role.body['cluster-two-ecommerce-reader'].remote_indices[0].names).toEqual(['kibana_sample_data_ecommerce']);
  await stack.pulumi(['destroy', '--yes']);
});
