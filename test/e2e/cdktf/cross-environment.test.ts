/**
 * Seed 002 (a deployment of another ECE environment, certificate model) with the composites and real
 * OpenTofu: EnvironmentTrustPair declares platform trust both ways, RemoteClusterLink the external
 * trust on both deployments and a proxy connection to the remote transport address. The stack is
 * synthesized in this process (cdktf App), applied against two emulated ECE environments, connects,
 * and plans clean afterwards.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, LocalBackend, TerraformStack, TerraformVariable } from 'cdktf';
import { ElasticRemoteProvider, EnvironmentTrustPair, RemoteClusterLink } from '../../../constructs';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { TofuWorkspace } from './tofu-workspace';

jest.setTimeout(180_000);

const alias = 'ece2-logs';
let emulator: RunningEmulator;
let tofu: TofuWorkspace;

/** Endpoints and ids are known when the stack is written; keys come in as sensitive variables. */
function synthesize(outdir: string): string {
  const { ece, deployments } = emulator.cloud;
  const [local, remote] = [deployments.search, deployments.logs];
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'cross-environment');
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  const secret = (name: string) => new TerraformVariable(stack, name, { type: 'string', sensitive: true }).stringValue;
  const inEce1 = new ElasticRemoteProvider(stack, 'ece1', {
    alias: 'ece1',
    cloud: { endpoint: ece.ece1.url, apiKey: secret('ece1_api_key') },
    elasticsearch: { endpoint: emulator.clusters[local.cluster].url, apiKey: secret('local_api_key') },
  });
  const inEce2 = new ElasticRemoteProvider(stack, 'ece2', { alias: 'ece2', cloud: { endpoint: ece.ece2.url, apiKey: secret('ece2_api_key') } });
  const environment = (name: 'ece1' | 'ece2', provider: ElasticRemoteProvider) => ({
    provider,
    name: name.toUpperCase(),
    installationId: ece[name].installationId,
    publicCaCert: ece[name].caCertPem,
    accountIds: [ece[name].accountId],
  });
  const platforms = new EnvironmentTrustPair(stack, 'platforms', { a: environment('ece1', inEce1), b: environment('ece2', inEce2) });
  new RemoteClusterLink(stack, 'logs', {
    alias,
    securityModel: 'certificate',
    local: { provider: inEce1, deployment: { deploymentId: local.id, clusterId: local.clusterId, trustedUnder: platforms.aSeenFromB } },
    remote: {
      provider: inEce2,
      address: emulator.clusters[remote.cluster].transportAddress,
      deployment: { deploymentId: remote.id, clusterId: remote.clusterId, trustedUnder: platforms.bSeenFromA },
    },
    skipUnavailable: true,
  });
  app.synth();
  return path.join(outdir, 'stacks', 'cross-environment');
}

beforeAll(async () => {
  emulator = await startEmulator({
    clusters: [],
    cloud: { ece: [{ name: 'ece1', deployments: [{ name: 'search' }] }, { name: 'ece2', deployments: [{ name: 'logs' }] }] },
  });
  const { ece, deployments } = emulator.cloud;
  tofu = TofuWorkspace.create({
    ece1_api_key: ece.ece1.apiKey,
    ece2_api_key: ece.ece2.apiKey,
    local_api_key: emulator.clusters[deployments.search.cluster].apiKey,
  });
  tofu.stackDir = synthesize(path.join(tofu.workDir, 'cdktf.out'));
});

afterAll(async () => {
  await emulator?.stop();
  tofu?.dispose();
});

test('trust relationships both ways, external trust on both deployments, then the alias connects', async () => {
  await tofu.ok(['init', '-input=false']);
  const apply = await tofu.ok(['apply', '-auto-approve', '-input=false']);
  expect(apply.stdout).toMatch(/Apply complete! Resources: 5 added, 0 changed, 0 destroyed/);
  expect(apply.stdout + apply.stderr).toMatch(/\+ allowlist entry [0-9a-f]{32} under trust relationship/);
  const local = emulator.clusters[emulator.cloud.deployments.search.cluster];
  const info = (await (await fetch(`${local.url}/_remote/info`, { headers: { Authorization: `ApiKey ${local.apiKey}` } })).json()) as Record<string, { connected: boolean }>;
  expect(info[alias]).toMatchObject({ connected: true });
});

test('a second plan finds nothing to change, and no key is in the state', async () => {
  const plan = await tofu.run(['plan', '-input=false', '-detailed-exitcode']);
  expect({ code: plan.code, stderr: plan.stderr, plan: plan.code === 0 ? '' : plan.stdout }).toEqual({ code: 0, stderr: '', plan: '' });
  const state = readFileSync(path.join(tofu.stackDir, 'terraform.tfstate'), 'utf8');
  for (const secret of [emulator.cloud.ece.ece1.apiKey, emulator.cloud.ece.ece2.apiKey]) {
    expect(state).not.toContain(secret);
    for (const transcript of tofu.transcripts) expect(transcript).not.toContain(secret);
  }
});
