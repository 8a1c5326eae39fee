/**
 * Seeds 002 (another ECE environment) and 003 (ECH to ECE) end to end through real OpenTofu, ending at
 * a cross-cluster search on the certificate model: the stack pairs the platforms and deployments, links
 * the alias and manages the local role and the remote role of the same name (the certificate model
 * resolves the user's role names on the remote); behind its back the remote gets its documents and the
 * local cluster a user holding the stack's role. That user then searches through the alias.
 *
 * On this model the remote role decides what the user reads (remote_indices have no effect there, as the
 * role API says), so the stack manages that role too: a RemoteAccessRole of the same name on the remote
 * cluster with local `indices`. The local role still carries the grant, so it serves unchanged once the
 * link moves to an API key.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type CloudDeploymentEndpoint, type EmulatedClusterEndpoint, type RunningEmulator } from '../../../src/emulator';
import { es, expectNoSecrets, workspace, type TofuWorkspace } from './harness';

jest.setTimeout(240_000);

/** The local role's grant and the remote role of the same name both leave out client_ip. */
const visibleFields = ['message', 'service'];
const withheldField = 'client_ip';
const analyst = { username: 'analyst', password: 'analyst-password-1' };

const providers = `
terraform {
  required_providers {
    elasticremote = { source = "elastic-remote/elasticremote" }
  }
}
variable "ece1_url" { type = string }
variable "ece1_api_key" {
  type      = string
  sensitive = true
}
variable "ece2_url" { type = string }
variable "ece2_api_key" {
  type      = string
  sensitive = true
}
variable "ece3_url" { type = string }
variable "ece3_api_key" {
  type      = string
  sensitive = true
}
variable "ech_url" { type = string }
variable "ech_api_key" {
  type      = string
  sensitive = true
}
variable "search_deployment" { type = string }
variable "search_es_url" { type = string }
variable "search_es_api_key" {
  type      = string
  sensitive = true
}
variable "logs_deployment" { type = string }
variable "hosted_deployment" { type = string }
variable "hosted_es_url" { type = string }
variable "hosted_es_api_key" {
  type      = string
  sensitive = true
}
variable "enterprise_deployment" { type = string }
variable "logs_es_url" { type = string }
variable "logs_es_api_key" {
  type      = string
  sensitive = true
}
variable "enterprise_es_url" { type = string }
variable "enterprise_es_api_key" {
  type      = string
  sensitive = true
}
variable "ech_organization_id" { type = string }
variable "hosted_ca_cert" { type = string }

provider "elasticremote" {
  alias = "ece1"
  cloud {
    endpoint = var.ece1_url
    api_key  = var.ece1_api_key
  }
  elasticsearch {
    endpoint = var.search_es_url
    api_key  = var.search_es_api_key
  }
}
provider "elasticremote" {
  alias = "ece2"
  cloud {
    endpoint = var.ece2_url
    api_key  = var.ece2_api_key
  }
  elasticsearch {
    endpoint = var.logs_es_url
    api_key  = var.logs_es_api_key
  }
}
provider "elasticremote" {
  alias = "ech"
  cloud {
    endpoint = var.ech_url
    api_key  = var.ech_api_key
  }
  elasticsearch {
    endpoint = var.hosted_es_url
    api_key  = var.hosted_es_api_key
  }
}
provider "elasticremote" {
  alias = "ece3"
  cloud {
    endpoint = var.ece3_url
    api_key  = var.ece3_api_key
  }
  elasticsearch {
    endpoint = var.enterprise_es_url
    api_key  = var.enterprise_es_api_key
  }
}
`;

/** The local role of a seed: read through the alias, without the withheld field. */
function searchRole(resourceName: string, provider: string, connection: string): string {
  return `resource "elasticremote_remote_access_role" "${resourceName}" {
  provider    = elasticremote.${provider}
  name        = "\${elasticremote_remote_cluster_connection.${connection}.alias}-reader"
  description = "Searches \${elasticremote_remote_cluster_connection.${connection}.alias} across clusters"
  remote_indices = [{
    clusters       = [elasticremote_remote_cluster_connection.${connection}.alias]
    names          = ["logs-*"]
    privileges     = ["read", "read_cross_cluster", "view_index_metadata"]
    field_security = { grant = ${JSON.stringify(visibleFields)} }
  }]
}
`;
}

/** The certificate model's remote half: a role named as the local one, holding the index privileges there. */
function remoteRole(resourceName: string, provider: string, localRole: string, grant: string[]): string {
  return `resource "elasticremote_remote_access_role" "${resourceName}" {
  provider    = elasticremote.${provider}
  name        = elasticremote_remote_access_role.${localRole}.name
  description = "What the local \${elasticremote_remote_access_role.${localRole}.name} reads here (certificate model)"
  indices = [{
    names          = ["logs-*"]
    privileges     = ["read", "read_cross_cluster", "view_index_metadata"]
    field_security = { grant = ${JSON.stringify(grant)} }
  }]
}
`;
}

const seed002 = `# Seed 002: platform trust both ways from each environment's own trust parameters, deployment trust
# both ways through those relationships, then proxy mode to the logs deployment's transport port.
data "elasticremote_trust_parameters" "ece1" { provider = elasticremote.ece1 }
data "elasticremote_trust_parameters" "ece2" { provider = elasticremote.ece2 }

resource "elasticremote_trust_relationship" "ece1_trusts_ece2" {
  provider        = elasticremote.ece1
  name            = "ECE2"
  installation_id = data.elasticremote_trust_parameters.ece2.installation_id
  public_ca_cert  = data.elasticremote_trust_parameters.ece2.public_ca_cert
  account_ids     = data.elasticremote_trust_parameters.ece2.account_ids
}
resource "elasticremote_trust_relationship" "ece2_trusts_ece1" {
  provider        = elasticremote.ece2
  name            = "ECE1"
  installation_id = data.elasticremote_trust_parameters.ece1.installation_id
  public_ca_cert  = data.elasticremote_trust_parameters.ece1.public_ca_cert
  account_ids     = data.elasticremote_trust_parameters.ece1.account_ids
}

data "elasticremote_deployment" "search" {
  provider      = elasticremote.ece1
  deployment_id = var.search_deployment
}
data "elasticremote_deployment" "logs" {
  provider      = elasticremote.ece2
  deployment_id = var.logs_deployment
}

resource "elasticremote_deployment_trust" "search_trusts_logs" {
  provider      = elasticremote.ece1
  deployment_id = var.search_deployment
  external = [{
    trust_relationship_id = elasticremote_trust_relationship.ece1_trusts_ece2.id
    trust_allowlist       = [data.elasticremote_deployment.logs.cluster_id]
  }]
}
resource "elasticremote_deployment_trust" "logs_trusts_search" {
  provider      = elasticremote.ece2
  deployment_id = var.logs_deployment
  external = [{
    trust_relationship_id = elasticremote_trust_relationship.ece2_trusts_ece1.id
    trust_allowlist       = [data.elasticremote_deployment.search.cluster_id]
  }]
}

# skip_unavailable = false: a search the remote refuses fails instead of coming back empty.
resource "elasticremote_remote_cluster_connection" "ece2_logs" {
  provider           = elasticremote.ece1
  alias              = "ece2-logs"
  mode               = "proxy"
  proxy_address      = data.elasticremote_deployment.logs.certificate_proxy_address
  server_name        = data.elasticremote_deployment.logs.server_name
  skip_unavailable   = false
  wait_for_connected = true
  depends_on         = [elasticremote_deployment_trust.search_trusts_logs, elasticremote_deployment_trust.logs_trusts_search]
}

${searchRole('ece2_logs_reader', 'ece1', 'ece2_logs')}
${remoteRole('ece2_logs_reader_remote', 'ece2', 'ece2_logs_reader', visibleFields)}`;

const seed003 = (remoteGrant: string[]) => `# Seed 003: the ECH deployment trusts the ECE environment directly (its CA and environment id), the
# ECE deployment trusts the ECH deployment back (the deployment's CA and the organization id).
data "elasticremote_trust_parameters" "ece3" { provider = elasticremote.ece3 }

data "elasticremote_deployment" "hosted" {
  provider      = elasticremote.ech
  deployment_id = var.hosted_deployment
}
data "elasticremote_deployment" "enterprise" {
  provider      = elasticremote.ece3
  deployment_id = var.enterprise_deployment
}

resource "elasticremote_deployment_trust" "hosted_trusts_enterprise" {
  provider      = elasticremote.ech
  deployment_id = var.hosted_deployment
  direct = [{
    type            = "ECE"
    name            = "My ECE environment"
    scope_id        = data.elasticremote_trust_parameters.ece3.installation_id
    certificates    = [data.elasticremote_trust_parameters.ece3.public_ca_cert]
    trust_allowlist = [data.elasticremote_deployment.enterprise.cluster_id]
  }]
}
resource "elasticremote_deployment_trust" "enterprise_trusts_hosted" {
  provider      = elasticremote.ece3
  deployment_id = var.enterprise_deployment
  direct = [{
    type            = "ESS"
    name            = "Elastic Cloud organization"
    scope_id        = var.ech_organization_id
    certificates    = [var.hosted_ca_cert]
    trust_allowlist = [data.elasticremote_deployment.hosted.cluster_id]
  }]
}

resource "elasticremote_remote_cluster_connection" "ece_logs" {
  provider           = elasticremote.ech
  alias              = "ece-logs"
  mode               = "proxy"
  proxy_address      = data.elasticremote_deployment.enterprise.certificate_proxy_address
  server_name        = data.elasticremote_deployment.enterprise.server_name
  skip_unavailable   = false
  wait_for_connected = true
  depends_on         = [elasticremote_deployment_trust.hosted_trusts_enterprise, elasticremote_deployment_trust.enterprise_trusts_hosted]
}

${searchRole('ece_logs_reader', 'ech', 'ece_logs')}
${remoteRole('ece_logs_reader_remote', 'ece3', 'ece_logs_reader', remoteGrant)}`;

let emulator: RunningEmulator;
let workDir: string;
let stack: TofuWorkspace;

const clusterOf = (deployment: string): EmulatedClusterEndpoint => emulator.clusters[emulator.cloud.deployments[deployment].cluster];

/** The active CA of a deployment, as its Security page (GET /deployments/{id}/certificate-authority) shows it. */
async function activeCa(deployment: CloudDeploymentEndpoint): Promise<string> {
  const res = await fetch(`${deployment.cloudUrl}/api/v1/deployments/${deployment.id}/certificate-authority`, { headers: { authorization: `ApiKey ${deployment.cloudApiKey}` } });
  if (!res.ok) throw new Error(`certificate-authority of ${deployment.name}: ${res.status} ${await res.text()}`);
  const { public_certificates } = (await res.json()) as { public_certificates: { pem: string; active: boolean }[] };
  const active = public_certificates.find((c) => c.active);
  if (!active) throw new Error(`${deployment.name} has no active CA certificate`);
  return active.pem;
}

function variables(hostedCa: string): Record<string, string> {
  const { ece, ech, deployments } = emulator.cloud;
  return {
    ece1_url: ece.ece1.url,
    ece1_api_key: ece.ece1.apiKey,
    ece2_url: ece.ece2.url,
    ece2_api_key: ece.ece2.apiKey,
    ece3_url: ece.ece3.url,
    ece3_api_key: ece.ece3.apiKey,
    ech_url: deployments.hosted.cloudUrl,
    ech_api_key: deployments.hosted.cloudApiKey,
    search_deployment: deployments.search.id,
    search_es_url: clusterOf('search').url,
    search_es_api_key: clusterOf('search').apiKey,
    logs_deployment: deployments.logs.id,
    hosted_deployment: deployments.hosted.id,
    hosted_es_url: clusterOf('hosted').url,
    hosted_es_api_key: clusterOf('hosted').apiKey,
    enterprise_deployment: deployments.enterprise.id,
    logs_es_url: clusterOf('logs').url,
    logs_es_api_key: clusterOf('logs').apiKey,
    enterprise_es_url: clusterOf('enterprise').url,
    enterprise_es_api_key: clusterOf('enterprise').apiKey,
    ech_organization_id: ech.acme.id,
    hosted_ca_cert: hostedCa,
  };
}

/** What is not the stack's job, done by hand: the remote's documents, a local user holding the stack's role. */
async function indexDocumentsAndAddUser(localDeployment: string, remoteDeployment: string, role: string): Promise<void> {
  const documents: Array<[string, string, Record<string, string>]> = [
    ['logs-eu', 'l1', { message: 'disk full', service: 'billing', [withheldField]: '10.1.2.3' }],
    ['logs-eu', 'l2', { message: 'login ok', service: 'auth', [withheldField]: '10.1.2.4' }],
    ['private-eu', 'p1', { message: 'salary table', service: 'hr', [withheldField]: '10.9.9.9' }],
  ];
  for (const [index, id, source] of documents) await es(clusterOf(remoteDeployment), 'PUT', `/${index}/_doc/${id}?refresh=true`, source);
  await es(clusterOf(localDeployment), 'PUT', `/_security/user/${analyst.username}`, { password: analyst.password, roles: [role] });
}

interface SearchAnswer {
  hits?: { hits: { _index: string; _id: string; _source: Record<string, unknown> }[] };
  error?: { type: string; reason: string };
}

/** A search on the local cluster as the analyst (Basic auth), as a user of the local deployment runs it. */
async function searchAsAnalyst(localDeployment: string, target: string): Promise<{ status: number; body: SearchAnswer }> {
  const res = await fetch(`${clusterOf(localDeployment).url}/${target}/_search`, {
    headers: { authorization: `Basic ${Buffer.from(`${analyst.username}:${analyst.password}`).toString('base64')}` },
  });
  return { status: res.status, body: (await res.json()) as SearchAnswer };
}

/** The remote documents through the alias, without the withheld field; the index outside the roles refused. */
async function expectSearchThroughAlias(localDeployment: string, alias: string): Promise<void> {
  const found = await searchAsAnalyst(localDeployment, `${alias}:logs-*`);
  expect(found.status).toBe(200);
  const hits = found.body.hits?.hits ?? [];
  expect(hits.map((hit) => [hit._index, hit._id]).sort()).toEqual([[`${alias}:logs-eu`, 'l1'], [`${alias}:logs-eu`, 'l2']]);
  expect(hits.map((hit) => hit._source.message).sort()).toEqual(['disk full', 'login ok']);
  for (const hit of hits) expect(Object.keys(hit._source).sort()).toEqual([...visibleFields].sort());

  const refused = await searchAsAnalyst(localDeployment, `${alias}:private-eu`);
  expect(refused.status).toBe(403);
  expect(refused.body.error?.type).toBe('security_exception');
  expect(refused.body.error?.reason).toContain('on indices [private-eu]');
}

async function expectCleanPlan(): Promise<void> {
  const plan = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
  expect(plan.stdout).toContain('No changes.');
  expect(plan.code).toBe(0);
}

beforeAll(async () => {
  emulator = await startEmulator({
    clusters: [],
    cloud: {
      ece: [
        { name: 'ece1', deployments: [{ name: 'search' }] },
        { name: 'ece2', deployments: [{ name: 'logs' }] },
        { name: 'ece3', deployments: [{ name: 'enterprise' }] },
      ],
      ech: [{ name: 'acme', deployments: [{ name: 'hosted' }] }],
    },
  });
  workDir = mkdtempSync(join(tmpdir(), 'seeds-certificate-ccs-'));
  stack = workspace(workDir, 'stack', [], variables(await activeCa(emulator.cloud.deployments.hosted)));
  writeFileSync(join(stack.dir, 'providers.tf'), providers);
  writeFileSync(join(stack.dir, 'seed-002.tf'), seed002);
  await stack.ok(['init', '-no-color', '-input=false']);
});

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('seed 002: two ECE environments paired by the stack; the analyst searches ece2-logs:logs-* and gets the remote documents without the withheld field', async () => {
  const apply = await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect(apply.stdout).toContain('Apply complete! Resources: 7 added, 0 changed, 0 destroyed.');
  await expectCleanPlan();

  await indexDocumentsAndAddUser('search', 'logs', 'ece2-logs-reader');
  await expectSearchThroughAlias('search', 'ece2-logs');
});

test('seed 003: an ECH deployment trusting an ECE deployment directly, both ways; the analyst searches ece-logs:logs-* on the ECH side', async () => {
  writeFileSync(join(stack.dir, 'seed-003.tf'), seed003(visibleFields));
  const apply = await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  // Seed 002's resources stay as they are.
  expect(apply.stdout).toContain('Apply complete! Resources: 5 added, 0 changed, 0 destroyed.');
  await expectCleanPlan();

  await indexDocumentsAndAddUser('hosted', 'enterprise', 'ece-logs-reader');
  await expectSearchThroughAlias('hosted', 'ece-logs');
});

test('on the certificate model the remote role decides the fields: widened there, the withheld field comes back though the local grant leaves it out', async () => {
  writeFileSync(join(stack.dir, 'seed-003.tf'), seed003([...visibleFields, withheldField]));
  const apply = await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect(apply.stdout).toContain('Apply complete! Resources: 0 added, 1 changed, 0 destroyed.');
  const found = await searchAsAnalyst('hosted', 'ece-logs:logs-*');
  expect(found.body.hits?.hits.map((hit) => hit._source[withheldField]).sort()).toEqual(['10.1.2.3', '10.1.2.4']);
  // The stack's role still leaves it out: remote_indices only count on the API-key model.
  const local = await es<Record<string, { remote_indices: { field_security: { grant: string[] } }[] }>>(clusterOf('hosted'), 'GET', '/_security/role/ece-logs-reader');
  expect(local['ece-logs-reader'].remote_indices[0].field_security.grant).toEqual(visibleFields);
});

test('no Cloud or Elasticsearch API key appears in any output or in the state', () => {
  const { ece, deployments } = emulator.cloud;
  expectNoSecrets(
    { transcript: stack.transcript.join('\n'), state: stack.stateText() },
    [ece.ece1.apiKey, ece.ece2.apiKey, ece.ece3.apiKey, deployments.hosted.cloudApiKey, clusterOf('search').apiKey, clusterOf('hosted').apiKey, clusterOf('logs').apiKey, clusterOf('enterprise').apiKey],
  );
});
