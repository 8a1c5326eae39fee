/**
 * examples/cdktf/eck.ts (seed 004 with ECK): the synthesized stack holds the ECK manifests' parts as
 * outputs, valid against the ECK CRD subset once merged, and a role whose expected_remote_access comes
 * from them; with real OpenTofu against the emulator, a role granting indices the ECK key does not allow
 * warns at plan, naming both.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { EckRemoteClustersStack, type EckTopology } from '../../../examples/cdktf/eck';
import { eckElasticsearchManifest, eckSchemaErrors } from '../../support/eck-crd';
import { TofuWorkspace } from './tofu-workspace';

jest.setTimeout(180_000);

interface Synthesized {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output: Record<string, { value: unknown }>;
  terraform: Record<string, unknown>;
}

const synth = (topology: EckTopology) => Testing.synth(new EckRemoteClustersStack(Testing.app(), 'eck-remote-clusters', topology), true);

test('the outputs are the ECK parts of both sides, valid against the CRD once merged; the role takes expected_remote_access from them', () => {
  const json = JSON.parse(synth({ searchIndexPatterns: ['kibana_sample_data_ecommerce'], roleIndexPatterns: ['kibana_sample_data_ecommerce'] })) as Synthesized;
  const local = parse(json.output.local_manifest_yaml.value as string) as { spec: Record<string, unknown> };
  expect(eckSchemaErrors(eckElasticsearchManifest('cluster-one', 'ns-local', local))).toEqual([]);
  const remotes = json.output.remote_manifests_yaml.value as Record<string, string>;
  expect(Object.keys(remotes)).toEqual(['ns-remote/cluster-two']);
  expect(eckSchemaErrors(eckElasticsearchManifest('cluster-two', 'ns-remote', parse(remotes['ns-remote/cluster-two']) as { spec: Record<string, unknown> }))).toEqual([]);
  const [role] = Object.values(json.resource.elasticremote_remote_access_role);
  expect(role.expected_remote_access).toEqual([{ alias: 'cluster-two', access: { search: [{ names: ['kibana_sample_data_ecommerce'] }] } }]);
});

describe('with OpenTofu against the emulator', () => {
  let emulator: RunningEmulator;
  let tofu: TofuWorkspace;

  beforeAll(async () => {
    emulator = await startEmulator();
    const { local } = emulator.clusters;
    tofu = TofuWorkspace.create({ secrets_key: 'cdktf-eck-secrets-key-0123456789', local_elasticsearch_endpoint: local.url, local_elasticsearch_api_key: local.apiKey });
    tofu.stackDir = path.join(tofu.workDir, 'stack');
    mkdirSync(tofu.stackDir, { recursive: true });
    writeFileSync(path.join(tofu.stackDir, 'cdk.tf.json'), synth({ searchIndexPatterns: ['kibana_sample_data_ecommerce'], roleIndexPatterns: ['logs-*'] }));
    await tofu.ok(['init', '-input=false']);
  });

  afterAll(async () => {
    await emulator?.stop();
    tofu?.dispose();
  });

  test('tofu validate accepts the synthesized stack; plan warns about the grant the ECK key does not allow', async () => {
    expect((await tofu.ok(['validate'])).stdout).toContain('Success! The configuration is valid.');
    const plan = await tofu.ok(['plan', '-input=false']);
    const text = (plan.stdout + plan.stderr).replace(/\s*│\s*/g, ' ');
    expect(text).toContain('RemoteAccessRole "cluster-two-ecommerce-reader": remote_indices[0] (clusters cluster-two, names logs-*)');
    expect(text).toContain('does not allow (access.search: kibana_sample_data_ecommerce');
  });
});
