/**
 * The API-key procedures of the seeds end to end through real OpenTofu, ending where a user notices
 * the link works: a cross-cluster search returning the remote documents through the alias.
 * Seed 000 (same ECE environment), seed 001 (same ECH organization), seed 004 (ECK, the operator played
 * by eck-operator.ts) and a cross-cluster replication follow. Each stack (key on the remote, connection
 * on the local, the local RemoteAccessRole) is applied by `tofu apply`; what is not the stack's job is
 * done behind its back through the Elasticsearch API: documents on the remote, a local user holding the
 * stack's role. That user then sees the allowed documents without the field the role withholds, and is
 * refused an index the key does not allow. Seed 000 also with the certificate model, where the remote's
 * role of the same name decides instead of a key.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type CloudDeploymentEndpoint, type EmulatedClusterEndpoint, type RunningEmulator } from '../../../src/emulator';
import { installMirror, type InstalledMirror } from '../../../providers/terraform/install-mirror';
import { tofuEnv } from '../tools';
import { createSecretBox } from '../../../src/secrets/secret-box';
import { reconcileRemoteClusters, type EckManifestParts } from './eck-operator';
import { es, expectNoSecrets, TofuWorkspace } from './harness';

jest.setTimeout(120_000);

const secretsKey = 'seeds-api-key-ccs-secrets-key-0123';
let emulator: RunningEmulator;
let workDir: string;
let mirror: InstalledMirror;
const stacks: TofuWorkspace[] = [];

beforeAll(async () => {
  emulator = await startEmulator({
    clusters: [{ name: 'cluster-one' }, { name: 'cluster-two' }],
    cloud: {
      ece: [{ name: 'ece1', deployments: [{ name: 'ece-search' }, { name: 'ece-logs' }] }],
      ech: [{ name: 'acme', deployments: [{ name: 'ech-search' }, { name: 'ech-logs' }] }],
    },
  });
  workDir = mkdtempSync(join(tmpdir(), 'seeds-api-key-e2e-'));
  mirror = installMirror(join(workDir, 'provider'));
});

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** A stack of its own directory with the suite's provider mirror and the variables as TF_VAR_*. */
async function stack(name: string, configuration: string, variables: Record<string, string>): Promise<TofuWorkspace> {
  const dir = join(workDir, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'main.tf'), configuration);
  const env: NodeJS.ProcessEnv = { ...tofuEnv(workDir), TF_CLI_CONFIG_FILE: mirror.cliConfigFile };
  for (const [variable, value] of Object.entries(variables)) env[`TF_VAR_${variable}`] = value;
  const workspace = new TofuWorkspace(dir, env);
  stacks.push(workspace);
  await workspace.ok(['init', '-no-color', '-input=false']);
  return workspace;
}

const apply = (workspace: TofuWorkspace) => workspace.ok(['apply', '-no-color', '-input=false', '-auto-approve']);

/** Asserts `plan -detailed-exitcode` finds nothing to do; returns its text (warnings unwrapped from their box). */
async function expectCleanPlan(workspace: TofuWorkspace): Promise<string> {
  const plan = await workspace.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
  expect(plan.stdout).toContain('No changes.');
  expect(plan.code).toBe(0);
  return (plan.stdout + plan.stderr).replace(/\s*│\s*/g, ' ');
}

interface User {
  username: string;
  password: string;
}

interface Answer<T> {
  status: number;
  body: T;
}

/** A request as a native user of the cluster (Basic auth), answered whatever its status. */
async function asUser<T>(cluster: EmulatedClusterEndpoint, user: User, method: string, path: string, body?: unknown): Promise<Answer<T>> {
  const res = await fetch(`${cluster.url}${path}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** The local user holding the stack's role, created the way Elasticsearch documents it. */
async function userWithRole(cluster: EmulatedClusterEndpoint, username: string, role: string): Promise<User> {
  const user = { username, password: `${username}-password` };
  await es(cluster, 'PUT', `/_security/user/${username}`, { password: user.password, roles: [role] });
  return user;
}

/** The remote's documents: two in an index the link allows, one in an index it does not. */
async function indexRemoteDocuments(remote: EmulatedClusterEndpoint, allowed: string, refused: string): Promise<void> {
  await es(remote, 'PUT', `/${allowed}/_doc/1?refresh=true`, { message: 'disk full', host: 'eu-1', owner: 'ops@example.com' });
  await es(remote, 'PUT', `/${allowed}/_doc/2?refresh=true`, { message: 'disk cleaned', host: 'eu-2', owner: 'ops@example.com' });
  await es(remote, 'PUT', `/${refused}/_doc/1?refresh=true`, { message: 'salaries', host: 'hr-1', owner: 'hr@example.com' });
}

interface SearchBody {
  hits: { hits: Array<{ _id: string; _index: string; _source: Record<string, unknown> }> };
  _clusters?: { skipped: number; details: Record<string, { status: string; failures?: Array<{ reason: { type: string; reason: string } }> }> };
  error?: { type: string; reason: string };
}

/** What the user notices first: the allowed documents through the alias, without the field the role withholds. */
async function expectRemoteDocuments(local: EmulatedClusterEndpoint, user: User, alias: string, pattern: string, allowed: string): Promise<void> {
  const found = await asUser<SearchBody>(local, user, 'GET', `/${alias}:${pattern}/_search`);
  expect(found.status).toBe(200);
  const hits = found.body.hits.hits;
  expect(hits.map((h) => h._id).sort()).toEqual(['1', '2']);
  expect(hits.map((h) => h._index)).toEqual([`${alias}:${allowed}`, `${alias}:${allowed}`]);
  // The field_security.grant that applies (the stack's role; certificate model: the remote's role of that name) leaves out owner.
  expect(hits.map((h) => h._source).sort((a, b) => String(a.host).localeCompare(String(b.host)))).toEqual([
    { message: 'disk full', host: 'eu-1' },
    { message: 'disk cleaned', host: 'eu-2' },
  ]);
}

/** The remote's refusal of an index outside the key's access, in Elasticsearch's words. */
const refusalOf = (user: User, role: string, keyId: string, keyOwner: string, index: string) =>
  `action [indices:data/read/search] towards remote cluster is unauthorized for user [${user.username}] with assigned roles [${role}] authenticated by API key id [${keyId}] of user [${keyOwner}] on indices [${index}], this action is granted by the index privileges [read,all]`;

const terraformBlock = `terraform {
  required_providers {
    elasticremote = { source = "elastic-remote/elasticremote" }
  }
}
`;

/** Two deployments of one ECE environment or ECH organization: a local one and a remote one. */
const cloudProviders = `${terraformBlock}
variable "secrets_key" {
  type      = string
  sensitive = true
  ephemeral = true
}
variable "cloud_url" { type = string }
variable "cloud_api_key" {
  type      = string
  sensitive = true
  ephemeral = true
}
variable "local_deployment" { type = string }
variable "remote_deployment" { type = string }
variable "local_es_url" { type = string }
variable "local_es_api_key" {
  type      = string
  sensitive = true
  ephemeral = true
}
variable "remote_es_url" { type = string }
variable "remote_es_username" { type = string }
variable "remote_es_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

provider "elasticremote" {
  alias       = "local"
  secrets_key = var.secrets_key
  cloud {
    endpoint = var.cloud_url
    api_key  = var.cloud_api_key
  }
  elasticsearch {
    endpoint = var.local_es_url
    api_key  = var.local_es_api_key
  }
}

# Cross-cluster API keys are created with user credentials.
provider "elasticremote" {
  alias       = "remote"
  secrets_key = var.secrets_key
  elasticsearch {
    endpoint = var.remote_es_url
    username = var.remote_es_username
    password = var.remote_es_password
  }
}

# The remote cluster server address and TLS server name from the Cloud API.
data "elasticremote_deployment" "remote" {
  provider      = elasticremote.local
  deployment_id = var.remote_deployment
}
`;

/** Seeds 000 and 001: a search key for logs-*, the connection, the local role withholding owner. */
const cloudSearchStack = `${cloudProviders}
variable "alias" { type = string }

resource "elasticremote_cross_cluster_api_key" "logs" {
  provider = elasticremote.remote
  name     = "\${var.alias}-search"
  access = {
    search = [{ names = ["logs-*"] }]
  }
}

resource "elasticremote_remote_cluster_connection" "logs" {
  provider           = elasticremote.local
  alias              = var.alias
  mode               = "proxy"
  proxy_address      = data.elasticremote_deployment.remote.api_key_proxy_address
  server_name        = data.elasticremote_deployment.remote.server_name
  credentials        = elasticremote_cross_cluster_api_key.logs.encoded
  cloud              = { deployment_id = var.local_deployment }
  wait_for_connected = true
  # A search the remote refuses fails instead of skipping the alias.
  skip_unavailable = false
}

resource "elasticremote_remote_access_role" "reader" {
  provider = elasticremote.local
  name     = "\${var.alias}-reader"
  remote_indices = [{
    clusters       = [elasticremote_remote_cluster_connection.logs.alias]
    names          = ["logs-*"]
    privileges     = ["read", "read_cross_cluster", "view_index_metadata"]
    field_security = { grant = ["message", "host"] }
  }]
  expected_remote_access = [{
    alias  = elasticremote_remote_cluster_connection.logs.alias
    access = elasticremote_cross_cluster_api_key.logs.access
  }]
}
`;

/** The variables of cloudProviders for a local and a remote deployment of the same platform. */
function cloudVariables(local: CloudDeploymentEndpoint, remote: CloudDeploymentEndpoint): Record<string, string> {
  const localCluster = emulator.clusters[local.cluster];
  const remoteCluster = emulator.clusters[remote.cluster];
  return {
    secrets_key: secretsKey,
    cloud_url: local.cloudUrl,
    cloud_api_key: local.cloudApiKey,
    local_deployment: local.id,
    remote_deployment: remote.id,
    local_es_url: localCluster.url,
    local_es_api_key: localCluster.apiKey,
    remote_es_url: remoteCluster.url,
    remote_es_username: remoteCluster.username,
    remote_es_password: remoteCluster.password,
  };
}

describe.each([
  { seed: '000 (same ECE environment)', local: 'ece-search', remote: 'ece-logs', alias: 'ece-logs' },
  { seed: '001 (same ECH organization)', local: 'ech-search', remote: 'ech-logs', alias: 'ech-logs' },
])('seed $seed, API-key model', ({ local: localName, remote: remoteName, alias }) => {
  let workspace: TofuWorkspace;
  let local: CloudDeploymentEndpoint;
  let remote: CloudDeploymentEndpoint;

  beforeAll(async () => {
    local = emulator.cloud.deployments[localName];
    remote = emulator.cloud.deployments[remoteName];
    workspace = await stack(alias, cloudSearchStack, { ...cloudVariables(local, remote), alias });
  });

  test('tofu apply: key on the remote, connection through the Cloud API keystore, role on the local; then a clean plan', async () => {
    const applied = await apply(workspace);
    expect(applied.stdout).toContain('Apply complete! Resources: 3 added, 0 changed, 0 destroyed.');
    expect(applied.stdout + applied.stderr).not.toContain('would return nothing or be refused');
    const info = await es<Record<string, { connected: boolean }>>(emulator.clusters[local.cluster], 'GET', '/_remote/info');
    expect(info[alias]).toMatchObject({ connected: true });
    await expectCleanPlan(workspace);
  });

  test('a local user holding the stack\'s role searches the remote documents through the alias, without the withheld field; another index is refused', async () => {
    await indexRemoteDocuments(emulator.clusters[remote.cluster], 'logs-eu', 'private-eu');
    const role = `${alias}-reader`;
    const user = await userWithRole(emulator.clusters[local.cluster], 'analyst', role);
    await expectRemoteDocuments(emulator.clusters[local.cluster], user, alias, 'logs-*', 'logs-eu');
    const refused = await asUser<SearchBody>(emulator.clusters[local.cluster], user, 'GET', `/${alias}:private-eu/_search`);
    expect(refused.status).toBe(403);
    const keyId = String(workspace.attributes('elasticremote_cross_cluster_api_key').id);
    expect(refused.body.error).toMatchObject({ type: 'security_exception', reason: refusalOf(user, role, keyId, emulator.clusters[remote.cluster].username, 'private-eu') });
  });
});

/**
 * Seed 001 with strong identity verification (9.3): the key's certificate_identity is a regular expression
 * over the DN of the local cluster's signing certificate; the local cluster signs with its transport
 * certificate (signing_* attributes), the remote verifies with the regional CA (RemoteClusterSigningTrust).
 * A key whose identity names another cluster fails the apply with both the regex and the DN named.
 */
const strongIdentityStack = `${cloudProviders}
variable "identity" { type = string }

resource "elasticremote_cross_cluster_api_key" "strong" {
  provider             = elasticremote.remote
  name                 = "ech-strong-search"
  access               = { search = [{ names = ["logs-*"] }] }
  certificate_identity = var.identity
}

resource "elasticremote_remote_cluster_signing_trust" "remote" {
  provider                = elasticremote.remote
  certificate_authorities = ["internal_tls_ca.crt"]
}

resource "elasticremote_remote_cluster_connection" "strong" {
  provider             = elasticremote.local
  alias                = "ech-strong"
  mode                 = "proxy"
  proxy_address        = data.elasticremote_deployment.remote.api_key_proxy_address
  server_name          = data.elasticremote_deployment.remote.server_name
  credentials          = elasticremote_cross_cluster_api_key.strong.encoded
  cloud                = { deployment_id = var.local_deployment }
  signing_certificate  = "node.crt"
  signing_key          = "node.key"
  certificate_identity = var.identity
  wait_for_connected   = true
  wait_timeout         = "5s"
  depends_on           = [elasticremote_remote_cluster_signing_trust.remote]
}
`;

describe('seed 001 (same ECH organization), API-key model with strong identity verification', () => {
  let workspace: TofuWorkspace;
  let local: CloudDeploymentEndpoint;
  let remote: CloudDeploymentEndpoint;

  beforeAll(async () => {
    local = emulator.cloud.deployments['ech-search'];
    remote = emulator.cloud.deployments['ech-logs'];
    workspace = await stack('ech-strong', strongIdentityStack, { ...cloudVariables(local, remote), identity: `CN=.*.node.${local.clusterId}.cluster.*` });
  });

  test('tofu apply: the key names the local cluster\'s signing DN, the local cluster signs, the remote verifies: connected, then a clean plan', async () => {
    const applied = await apply(workspace);
    expect(applied.stdout).toContain('Apply complete! Resources: 3 added, 0 changed, 0 destroyed.');
    const info = await es<Record<string, { connected: boolean }>>(emulator.clusters[local.cluster], 'GET', '/_remote/info');
    expect(info['ech-strong']).toMatchObject({ connected: true });
    await expectCleanPlan(workspace);
  });

  test('a certificate_identity that does not match the signing certificate\'s DN: the apply fails naming the regex and the DN', async () => {
    const wrong = `CN=.*.node.${remote.clusterId}.cluster.*`;
    workspace.env.TF_VAR_identity = wrong;
    const failed = await workspace.run(['apply', '-no-color', '-input=false', '-auto-approve']);
    expect(failed.code).toBe(1);
    const text = (failed.stdout + failed.stderr).replace(/\s*│\s*/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain(`certificate_identity "${wrong}"`);
    expect(text).toContain(`does not match the DN of the local signing certificate, CN=<node id>.node.${local.clusterId}`);
  });
});

/**
 * Seed 000 with the certificate model: each deployment's account trust scope lists the other's cluster
 * id (from elasticremote_deployment), then the Cloud remote-clusters API links them; the stack also
 * manages the local role. The remote resolves the user's role names with its own roles, so the role of
 * the same name on the remote (managed by the stack too: a RemoteAccessRole with local indices there) is
 * what limits indices and fields.
 */
const certificateStack = `${cloudProviders}
variable "account_id" { type = string }

data "elasticremote_deployment" "local" {
  provider      = elasticremote.local
  deployment_id = var.local_deployment
}

resource "elasticremote_deployment_trust" "local_trusts_remote" {
  provider      = elasticremote.local
  deployment_id = var.local_deployment
  accounts = [{
    account_id      = var.account_id
    trust_all       = false
    trust_allowlist = [data.elasticremote_deployment.remote.cluster_id]
  }]
}

resource "elasticremote_deployment_trust" "remote_trusts_local" {
  provider      = elasticremote.local
  deployment_id = var.remote_deployment
  accounts = [{
    account_id      = var.account_id
    trust_all       = false
    trust_allowlist = [data.elasticremote_deployment.local.cluster_id]
  }]
}

resource "elasticremote_remote_cluster_connection" "logs" {
  provider           = elasticremote.local
  alias              = "ece-logs-cert"
  cloud              = { deployment_id = var.local_deployment }
  remote_deployment  = { deployment_id = var.remote_deployment }
  skip_unavailable   = false
  wait_for_connected = true
  depends_on         = [elasticremote_deployment_trust.local_trusts_remote, elasticremote_deployment_trust.remote_trusts_local]
}

resource "elasticremote_remote_access_role" "reader" {
  provider = elasticremote.local
  name     = "ece-logs-cert-reader"
  remote_indices = [{
    clusters       = [elasticremote_remote_cluster_connection.logs.alias]
    names          = ["logs-*"]
    privileges     = ["read", "read_cross_cluster", "view_index_metadata"]
    field_security = { grant = ["message", "host"] }
  }]
}

# The certificate model's remote half: the role of the same name, with the index privileges on the remote.
resource "elasticremote_remote_access_role" "reader_on_remote" {
  provider = elasticremote.remote
  name     = elasticremote_remote_access_role.reader.name
  indices = [{
    names          = ["logs-*"]
    privileges     = ["read", "read_cross_cluster", "view_index_metadata"]
    field_security = { grant = ["message", "host"] }
  }]
}
`;

describe('seed 000 (same ECE environment), certificate model', () => {
  let workspace: TofuWorkspace;
  let local: EmulatedClusterEndpoint;
  let remote: EmulatedClusterEndpoint;
  const alias = 'ece-logs-cert';
  const role = 'ece-logs-cert-reader';

  beforeAll(async () => {
    const { 'ece-search': search, 'ece-logs': logs } = emulator.cloud.deployments;
    local = emulator.clusters[search.cluster];
    remote = emulator.clusters[logs.cluster];
    workspace = await stack('ece-certificate', certificateStack, { ...cloudVariables(search, logs), account_id: emulator.cloud.ece.ece1.accountId });
  });

  test('tofu apply: trust both ways, the link through the Cloud API, the local role and its remote namesake; then a clean plan', async () => {
    const applied = await apply(workspace);
    expect(applied.stdout).toContain('Apply complete! Resources: 5 added, 0 changed, 0 destroyed.');
    const info = await es<Record<string, { connected: boolean }>>(local, 'GET', '/_remote/info');
    expect(info[alias]).toMatchObject({ connected: true });
    await expectCleanPlan(workspace);
  });

  test('a local user holding the stack\'s role searches the remote documents through the alias, limited by the remote role of the same name', async () => {
    await indexRemoteDocuments(remote, 'logs-eu', 'private-eu');
    const user = await userWithRole(local, 'cert-analyst', role);
    await expectRemoteDocuments(local, user, alias, 'logs-*', 'logs-eu');
    const refused = await asUser<SearchBody>(local, user, 'GET', `/${alias}:private-eu/_search`);
    expect(refused.status).toBe(403);
    // Refused by the remote's own authorization of the user's role names, not by a key.
    expect(refused.body.error).toMatchObject({
      type: 'security_exception',
      reason: `action [indices:data/read/search] is unauthorized for user [${user.username}] with effective roles [${role}] on indices [private-eu], this action is granted by the index privileges [read,all]`,
    });
  });
});

/** Seed 004: the manifest parts from the data source, and the role on cluster-one withholding owner. */
const eckStack = `${terraformBlock}
variable "secrets_key" {
  type      = string
  sensitive = true
  ephemeral = true
}
variable "local_es_url" { type = string }
variable "local_es_api_key" {
  type      = string
  sensitive = true
  ephemeral = true
}

provider "elasticremote" {
  secrets_key = var.secrets_key
  elasticsearch {
    endpoint = var.local_es_url
    api_key  = var.local_es_api_key
  }
}

data "elasticremote_eck_remote_cluster" "one_to_two" {
  local = { name = "cluster-one", namespace = "ns-local" }
  remote_clusters = [{
    alias             = "cluster-two"
    elasticsearch_ref = { name = "cluster-two", namespace = "ns-remote" }
    api_key_access = {
      search = { names = ["kibana_sample_data_ecommerce"] }
    }
  }]
}

resource "elasticremote_remote_access_role" "ecommerce_reader" {
  name = "cluster-two-ecommerce-reader"
  remote_indices = [{
    clusters       = ["cluster-two"]
    names          = ["kibana_sample_data_ecommerce"]
    privileges     = ["read", "read_cross_cluster", "view_index_metadata"]
    field_security = { grant = ["message", "host"] }
  }]
  expected_remote_access = data.elasticremote_eck_remote_cluster.one_to_two.expected_remote_access
}

output "local_manifest_json" {
  value = data.elasticremote_eck_remote_cluster.one_to_two.local_manifest_json
}
output "remote_manifests_json" {
  value = { for r in data.elasticremote_eck_remote_cluster.one_to_two.remote_servers : "\${r.namespace}/\${r.name}" => r.manifest_json }
}
`;

describe('seed 004 (ECK), API-key model: the operator played with the rendered manifest parts', () => {
  let workspace: TofuWorkspace;
  let keyIds: Record<string, string>;
  const alias = 'cluster-two';

  beforeAll(async () => {
    const local = emulator.clusters['cluster-one'];
    workspace = await stack('eck', eckStack, { secrets_key: secretsKey, local_es_url: local.url, local_es_api_key: local.apiKey });
    // ECK-managed clusters run no remote cluster server until their manifest enables it.
    emulator.setRemoteClusterServer('cluster-two', false);
  });

  test('tofu apply writes the role; the operator reconciles the parts and the alias connects; then a clean plan', async () => {
    const applied = await apply(workspace);
    expect(applied.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
    const outputs = JSON.parse((await workspace.ok(['output', '-json'])).stdout) as Record<string, { value: unknown }>;
    const remotes = outputs.remote_manifests_json.value as Record<string, string>;
    const parts: EckManifestParts = {
      local: JSON.parse(outputs.local_manifest_json.value as string) as EckManifestParts['local'],
      remotes: Object.fromEntries(Object.entries(remotes).map(([ref, json]) => [ref, JSON.parse(json) as EckManifestParts['remotes'][string]])),
    };
    keyIds = await reconcileRemoteClusters(emulator, { namespace: 'ns-local', name: 'cluster-one', cluster: 'cluster-one' }, [{ namespace: 'ns-remote', name: 'cluster-two', cluster: 'cluster-two' }], parts);
    expect(Object.keys(keyIds)).toEqual([alias]);
    const info = await es<Record<string, { connected: boolean; mode: string }>>(emulator.clusters['cluster-one'], 'GET', '/_remote/info');
    expect(info[alias]).toMatchObject({ connected: true, mode: 'proxy' });
    await expectCleanPlan(workspace);
  });

  test('a local user holding the stack\'s role searches cluster-two through the alias, without the withheld field; an index outside the key is refused', async () => {
    const [local, remote] = [emulator.clusters['cluster-one'], emulator.clusters['cluster-two']];
    await indexRemoteDocuments(remote, 'kibana_sample_data_ecommerce', 'kibana_sample_data_flights');
    const role = 'cluster-two-ecommerce-reader';
    const user = await userWithRole(local, 'shopper', role);
    await expectRemoteDocuments(local, user, alias, 'kibana_sample_data_*', 'kibana_sample_data_ecommerce');
    // ECK leaves skip_unavailable at its default (true): the refusing alias is skipped with the remote's refusal.
    const refused = await asUser<SearchBody>(local, user, 'GET', `/${alias}:kibana_sample_data_flights/_search`);
    expect(refused.status).toBe(200);
    expect(refused.body.hits.hits).toEqual([]);
    expect(refused.body._clusters?.skipped).toBe(1);
    expect(refused.body._clusters?.details[alias]).toMatchObject({
      status: 'skipped',
      failures: [{ reason: { type: 'security_exception', reason: refusalOf(user, role, keyIds[alias], remote.username, 'kibana_sample_data_flights') } }],
    });
  });
});

/**
 * Cross-cluster replication between the ECH deployments: one key with replication access for the
 * leader, one with search access only, each behind its own alias, and a role allowed to follow through
 * both (cross_cluster_replication remote privileges, local manage_ccr and follower index privileges).
 */
const ccrStack = `${cloudProviders}
resource "elasticremote_cross_cluster_api_key" "replication" {
  provider = elasticremote.remote
  name     = "orders-replication"
  access = {
    replication = [{ names = ["orders"] }]
  }
}

resource "elasticremote_cross_cluster_api_key" "search_only" {
  provider = elasticremote.remote
  name     = "orders-search"
  access = {
    search = [{ names = ["orders"] }]
  }
}

resource "elasticremote_remote_cluster_connection" "replication" {
  provider           = elasticremote.local
  alias              = "eu-orders"
  mode               = "proxy"
  proxy_address      = data.elasticremote_deployment.remote.api_key_proxy_address
  server_name        = data.elasticremote_deployment.remote.server_name
  credentials        = elasticremote_cross_cluster_api_key.replication.encoded
  cloud              = { deployment_id = var.local_deployment }
  wait_for_connected = true
}

resource "elasticremote_remote_cluster_connection" "search_only" {
  provider           = elasticremote.local
  alias              = "eu-orders-search"
  mode               = "proxy"
  proxy_address      = data.elasticremote_deployment.remote.api_key_proxy_address
  server_name        = data.elasticremote_deployment.remote.server_name
  credentials        = elasticremote_cross_cluster_api_key.search_only.encoded
  cloud              = { deployment_id = var.local_deployment }
  wait_for_connected = true
}

resource "elasticremote_remote_access_role" "follower" {
  provider           = elasticremote.local
  name               = "orders-follower"
  cluster_privileges = ["manage_ccr"]
  indices = [{
    names      = ["orders-copy*"]
    privileges = ["monitor", "read", "write", "manage_follow_index"]
  }]
  remote_indices = [{
    clusters   = [elasticremote_remote_cluster_connection.replication.alias, elasticremote_remote_cluster_connection.search_only.alias]
    names      = ["orders"]
    privileges = ["cross_cluster_replication", "cross_cluster_replication_internal"]
  }]
  expected_remote_access = [
    { alias = elasticremote_remote_cluster_connection.replication.alias, access = elasticremote_cross_cluster_api_key.replication.access },
    { alias = elasticremote_remote_cluster_connection.search_only.alias, access = elasticremote_cross_cluster_api_key.search_only.access },
  ]
}
`;

interface FollowBody {
  follow_index_created?: boolean;
  index_following_started?: boolean;
  error?: { type: string; reason: string };
}

describe('cross-cluster replication through an alias whose key has replication access', () => {
  let workspace: TofuWorkspace;
  let local: EmulatedClusterEndpoint;
  let remote: EmulatedClusterEndpoint;
  let follower: User;

  beforeAll(async () => {
    const { 'ech-search': search, 'ech-logs': logs } = emulator.cloud.deployments;
    local = emulator.clusters[search.cluster];
    remote = emulator.clusters[logs.cluster];
    workspace = await stack('ccr', ccrStack, cloudVariables(search, logs));
  });

  test('tofu apply: both keys, both aliases connected, the follower role; then a clean plan', async () => {
    const applied = await apply(workspace);
    expect(applied.stdout).toContain('Apply complete! Resources: 5 added, 0 changed, 0 destroyed.');
    const info = await es<Record<string, { connected: boolean }>>(local, 'GET', '/_remote/info');
    expect(info['eu-orders']).toMatchObject({ connected: true });
    expect(info['eu-orders-search']).toMatchObject({ connected: true });
    // The plan already tells which alias cannot replicate, before anyone tries.
    const plan = await expectCleanPlan(workspace);
    expect(plan).toContain(
      'RemoteAccessRole "orders-follower": remote_indices[0] (clusters eu-orders, eu-orders-search, names orders) grants cross_cluster_replication, cross_cluster_replication_internal on orders, which the cross-cluster API key of "eu-orders-search" does not allow (access.replication: (none)): eu-orders-search:orders would return nothing or be refused',
    );
    expect(plan).not.toContain('key of "eu-orders" does not allow');
  });

  test('a user holding the stack\'s role follows the leader: the follower holds the leader\'s documents', async () => {
    await es(remote, 'PUT', '/orders/_doc/1?refresh=true', { sku: 'a-1', qty: 2 });
    await es(remote, 'PUT', '/orders/_doc/2?refresh=true', { sku: 'b-2', qty: 1 });
    follower = await userWithRole(local, 'replicator', 'orders-follower');
    const followed = await asUser<FollowBody>(local, follower, 'PUT', '/orders-copy/_ccr/follow?wait_for_active_shards=1', { remote_cluster: 'eu-orders', leader_index: 'orders' });
    expect(followed.status).toBe(200);
    expect(followed.body).toMatchObject({ follow_index_created: true, index_following_started: true });
    const copied = await asUser<SearchBody>(local, follower, 'GET', '/orders-copy/_search');
    expect(copied.status).toBe(200);
    expect(copied.body.hits.hits.map((h) => [h._id, h._source]).sort()).toEqual([
      ['1', { sku: 'a-1', qty: 2 }],
      ['2', { sku: 'b-2', qty: 1 }],
    ]);
  });

  test('the same follow through the alias whose key has no replication access is refused by the remote', async () => {
    const keyId = String(workspace.attributes('elasticremote_cross_cluster_api_key', 'search_only').id);
    const refused = await asUser<FollowBody>(local, follower, 'PUT', '/orders-copy-s/_ccr/follow?wait_for_active_shards=1', { remote_cluster: 'eu-orders-search', leader_index: 'orders' });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.type).toBe('security_exception');
    expect(refused.body.error?.reason).toContain(`towards remote cluster is unauthorized for user [replicator] with assigned roles [orders-follower] authenticated by API key id [${keyId}]`);
    expect(refused.body.error?.reason).toContain('on indices [orders]');
  });
});

// Last, once every stack has been applied.
describe('every stack', () => {
  test('no secret in plain text in any stack\'s state or tofu output: the encoded keys, the secrets key, the clusters\' and Cloud APIs\' credentials', () => {
    const box = createSecretBox(secretsKey);
    const encodedKeys = stacks.flatMap((workspace) =>
      workspace
        .state()
        .resources.filter((r) => r.type === 'elasticremote_cross_cluster_api_key')
        .flatMap((r) => r.instances.map((i) => box.unseal(String(i.attributes.encoded)))),
    );
    // Seeds 000 and 001, the two keys of the CCR stack, the strong identity key (ECK's key is the operator's).
    expect(encodedKeys).toHaveLength(5);
    const { clusters, cloud } = emulator;
    const credentials = [
      ...Object.values(clusters).flatMap((c) => [c.password, c.apiKey]),
      ...Object.values(cloud.ece).map((e) => e.apiKey),
      ...Object.values(cloud.ech).map((o) => o.apiKey),
      ...Object.values(cloud.deployments).map((d) => d.cloudApiKey),
    ];
    const texts = stacks.flatMap((workspace, n) => [
      [`state of stack #${n}`, workspace.stateText()],
      ...workspace.transcript.map((t, i): [string, string] => [`output #${i} of stack #${n}`, t]),
    ]);
    expectNoSecrets(Object.fromEntries(texts), [secretsKey, ...encodedKeys, ...credentials]);
  });
});
