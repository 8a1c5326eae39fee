/**
 * ECK as a target through real OpenTofu (examples/hcl/eck, seed 004): the stack validates offline,
 * the data source's parts of both Elasticsearch resources (outputs and terraform_data) are valid against
 * the ECK CRD subset once merged into their manifests, and the role on the local cluster takes its
 * expected_remote_access from the same data source, so a grant outside the key ECK creates warns at plan.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { eckElasticsearchManifest, eckSchemaErrors } from '../../support/eck-crd';
import { es, exampleDir, workspace, type TofuWorkspace } from './harness';

jest.setTimeout(240_000);

let emulator: RunningEmulator;
let workDir: string;
let stack: TofuWorkspace;

beforeAll(async () => {
  emulator = await startEmulator();
  workDir = mkdtempSync(join(tmpdir(), 'eck-e2e-'));
  const local = emulator.clusters.local;
  stack = workspace(workDir, 'eck', [], { secrets_key: 'eck-e2e-secrets-key-0123456789', local_elasticsearch_endpoint: local.url, local_elasticsearch_api_key: local.apiKey });
  cpSync(join(exampleDir, 'eck', 'main.tf'), join(stack.dir, 'main.tf'));
  await stack.ok(['init', '-no-color', '-input=false']);
});

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('tofu validate accepts examples/hcl/eck', async () => {
  expect((await stack.ok(['validate', '-no-color'])).stdout).toContain('Success! The configuration is valid.');
});

test('a role granting indices the ECK key does not allow warns at plan, naming both', async () => {
  const plan = await stack.ok(['plan', '-no-color', '-input=false', '-var', 'role_index_patterns=["logs-*"]']);
  const text = (plan.stdout + plan.stderr).replace(/\s*│\s*/g, ' ');
  expect(text).toContain('RemoteAccessRole "cluster-two-ecommerce-reader": remote_indices[0] (clusters cluster-two, names logs-*)');
  expect(text).toContain('the cross-cluster API key of "cluster-two" does not allow (access.search: kibana_sample_data_ecommerce');
});

test('apply: both sides\' parts are valid against the ECK CRD once merged; the role is on the local cluster', async () => {
  const apply = await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect(apply.stdout).toContain('Apply complete! Resources: 2 added, 0 changed, 0 destroyed.');
  expect(apply.stdout + apply.stderr).not.toContain('would return nothing or be refused');
  const outputs = JSON.parse((await stack.ok(['output', '-json'])).stdout) as Record<string, { value: unknown }>;
  const manifests = outputs.eck_manifests.value as { cluster_one: { spec: Record<string, unknown> }; remotes: Record<string, { spec: Record<string, unknown> }> };
  expect(manifests.cluster_one).toEqual({
    spec: { remoteClusters: [{ name: 'cluster-two', elasticsearchRef: { name: 'cluster-two', namespace: 'ns-remote' }, apiKey: { access: { search: { names: ['kibana_sample_data_ecommerce'] } } } }] },
  });
  expect(parse(outputs.local_manifest_yaml.value as string)).toEqual(manifests.cluster_one);
  expect(eckSchemaErrors(eckElasticsearchManifest('cluster-one', 'ns-local', manifests.cluster_one))).toEqual([]);
  expect(Object.keys(manifests.remotes)).toEqual(['ns-remote/cluster-two']);
  expect(manifests.remotes['ns-remote/cluster-two']).toEqual({ spec: { remoteClusterServer: { enabled: true } } });
  expect(eckSchemaErrors(eckElasticsearchManifest('cluster-two', 'ns-remote', manifests.remotes['ns-remote/cluster-two']))).toEqual([]);
  const role = await es<Record<string, { remote_indices: { clusters: string[]; names: string[] }[] }>>(emulator.clusters.local, 'GET', '/_security/role/cluster-two-ecommerce-reader');
  expect(role['cluster-two-ecommerce-reader'].remote_indices).toEqual([expect.objectContaining({ clusters: ['cluster-two'], names: ['kibana_sample_data_ecommerce'] })]);
  const again = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
  expect(again.stdout).toContain('No changes.');
  expect(again.code).toBe(0);
  await stack.ok(['destroy', '-no-color', '-input=false', '-auto-approve']);
});
