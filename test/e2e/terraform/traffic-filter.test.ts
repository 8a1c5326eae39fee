/**
 * A remote cluster traffic filter through real OpenTofu: the remote ECH deployment has a rule set of
 * type remote_cluster (made through the Cloud API, as the official `ec` provider's
 * ec_deployment_traffic_filter and ec_deployment_traffic_filter_association make it) that does not
 * name the local deployment. The apply waiting for the link fails naming the rule set and the rule
 * that would let the local cluster in; once the rule set names it, the next apply connects.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type CloudDeploymentEndpoint, type RunningEmulator } from '../../../src/emulator';
import { call } from '../../../src/emulator/test-client';
import { clusterVariables } from '../../../examples/hcl/emulator-tfvars';
import { es, exampleProviders, workspace, type TofuWorkspace } from './harness';

jest.setTimeout(180_000);

let emulator: RunningEmulator;
let workDir: string;
let stack: TofuWorkspace;
let search: CloudDeploymentEndpoint;
let logs: CloudDeploymentEndpoint;
let orgId: string;
let rulesetId: string;

/** The Cloud API request bodies the `ec` provider sends for a remote_cluster rule set naming these clusters. */
const rulesetBody = (allowedClusterId: string) => ({
  name: 'logs-remote-clusters',
  type: 'remote_cluster',
  region: logs.region,
  include_by_default: false,
  description: 'who may open remote cluster connections to logs',
  rules: [{ remote_cluster_id: allowedClusterId, remote_cluster_org_id: orgId, description: 'allowed local cluster' }],
});
const cloudApi = (method: string, path: string, body?: unknown) => call(logs.cloudUrl, method, `/api/v1${path}`, { apiKey: logs.cloudApiKey }, body);

beforeAll(async () => {
  emulator = await startEmulator({ clusters: [], cloud: { ech: [{ name: 'acme', deployments: [{ name: 'search' }, { name: 'logs' }, { name: 'audit' }] }] } });
  ({ search, logs } = emulator.cloud.deployments);
  orgId = emulator.cloud.ech.acme.id;
  // The filter lets in another deployment of the organization, not `search`.
  const created = await cloudApi('POST', '/deployments/traffic-filter/rulesets', rulesetBody(emulator.cloud.deployments.audit.clusterId));
  expect(created.status).toBe(201);
  rulesetId = created.body.id;
  expect((await cloudApi('POST', `/deployments/traffic-filter/rulesets/${rulesetId}/associations`, { entity_type: 'deployment', id: logs.id })).status).toBe(201);

  workDir = mkdtempSync(join(tmpdir(), 'traffic-filter-e2e-'));
  stack = workspace(workDir, 'stack', ['variables.tf'], {
    secrets_key: 'traffic-filter-e2e-secrets-key',
    ...clusterVariables(emulator.clusters[search.cluster], emulator.clusters[logs.cluster]),
    cloud_endpoint: search.cloudUrl,
    cloud_api_key: search.cloudApiKey,
  });
  writeFileSync(
    join(stack.dir, 'main.tf'),
    `${exampleProviders()}
resource "elasticremote_cross_cluster_api_key" "logs" {
  provider = elasticremote.remote
  name     = "search-to-logs"
  access   = { search = [{ names = ["logs-*"] }] }
}

resource "elasticremote_remote_cluster_connection" "logs" {
  provider           = elasticremote.local
  alias              = "logs"
  mode               = "proxy"
  proxy_address      = var.remote_cluster_address
  credentials        = elasticremote_cross_cluster_api_key.logs.encoded
  cloud              = { deployment_id = "${search.id}" }
  remote_cloud       = { deployment_id = "${logs.id}" }
  wait_for_connected = true
  wait_timeout       = "2s"
}
`,
  );
  await stack.ok(['init', '-no-color', '-input=false']);
});

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('wait_for_connected fails naming the traffic filter that excludes the local deployment and the rule that would allow it', async () => {
  const apply = await stack.run(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect(apply.code).toBe(1);
  // OpenTofu wraps long diagnostics; the facts are checked on the unwrapped text.
  const text = apply.stderr.replace(/\s*│\s*/g, ' ');
  expect(text).toContain('RemoteClusterConnection "logs": not connected after waiting');
  expect(text).toContain(`rule set(s) "logs-remote-clusters" (${rulesetId}, type remote_cluster)`);
  expect(text).toContain(`a remote_cluster rule with remote_cluster_id "${search.clusterId}" and remote_cluster_org_id "${orgId}"`);
  const info = await es<Record<string, unknown>>(emulator.clusters[search.cluster], 'GET', '/_remote/info');
  // A failed create leaves no half-configured alias behind.
  expect(info.logs).toBeUndefined();
});

test('after the rule set is changed to allow the local cluster, the next apply connects and the plan is clean', async () => {
  expect((await cloudApi('PUT', `/deployments/traffic-filter/rulesets/${rulesetId}`, rulesetBody(search.clusterId))).status).toBe(200);
  const apply = await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect(apply.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
  const info = await es<Record<string, { connected: boolean }>>(emulator.clusters[search.cluster], 'GET', '/_remote/info');
  expect(info.logs).toMatchObject({ connected: true });
  const plan = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
  expect(plan.stdout).toContain('No changes.');
  expect(plan.code).toBe(0);
});
