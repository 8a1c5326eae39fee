/**
 * pulumi-resource-elasticremote with the REAL Pulumi engine (.tools/bin/pulumi) against the emulator,
 * offline: the plugin installed from its tarball, programs written with the generated SDK. One
 * emulator and one Pulumi workspace for the whole suite; the steps run in order as a pipeline would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngineContext, type ClosableEngineContext } from '../../../src/connections/context';
import { startEmulator, type CloudDeploymentEndpoint, type RunningEmulator } from '../../../src/emulator';
import { crossClusterApiKey, deploymentTrust, remoteClusterConnection, trustRelationship } from '../../../src/resources';
import { validateInput, type AnyResourceDefinition, type ResourceState } from '../../../src/resources/definition';
import { readTrustPair } from '../../../src/resources/trust-relationship';
import { createSecretBox } from '../../../src/secrets/secret-box';
import { buildPackage, installPackage } from '../pulumi/project';
import { createNativeStack, createNativeWorkspace, sdkPackage, type NativeStack, type NativeWorkspace } from './workspace';

const secretsKey = 'e2e-native-secrets-key';
let emulator: RunningEmulator;
let workDir: string;
let ws: NativeWorkspace;
let stack: NativeStack;
const deployment = (name: string): CloudDeploymentEndpoint => emulator.cloud.deployments[name];

/** Every credential the programs use, as one secret config object (never in a program's text). */
function topology() {
  const cluster = (name: string) => ({ endpoint: emulator.clusters[name].url, username: emulator.clusters[name].username, password: emulator.clusters[name].password });
  const { ece1, ece2 } = emulator.cloud.ece;
  const { acme } = emulator.cloud.ech;
  return {
    clusters: Object.fromEntries(['local', 'remote', 'search', 'enterprise', 'logs', 'hosted'].map((n) => [n, cluster(deployment(n)?.cluster ?? n)])),
    environments: {
      ece1: { endpoint: ece1.url, apiKey: ece1.apiKey },
      ece2: { endpoint: ece2.url, apiKey: ece2.apiKey },
      acme: { endpoint: emulator.cloud.echUrl, apiKey: acme.apiKey },
    },
    secretsKey,
  };
}

/** The program's providers; `body` declares the resources. */
const program = (body: string) => `
const pulumi = require('@pulumi/pulumi');
const er = require('${sdkPackage}');
const t = new pulumi.Config('e2e').requireSecretObject('topology');
const pick = (kind, names) => t.apply((x) => Object.fromEntries(names.map((n) => [n, x[kind][n]])));
const selfManaged = new er.Provider('self-managed', { clusters: pick('clusters', ['local', 'remote']), secretsKey: t.apply((x) => x.secretsKey) });
const ece1 = new er.Provider('ece1', { environments: pick('environments', ['ece1']), clusters: pick('clusters', ['search', 'enterprise']), defaultCluster: 'search' });
const ece2 = new er.Provider('ece2', { environments: pick('environments', ['ece2']), clusters: pick('clusters', ['logs']) });
const ech = new er.Provider('ech', { environments: pick('environments', ['acme']), clusters: pick('clusters', ['hosted']) });
${body}
`;

function engineContext(cluster: string, environment?: { endpoint: string; apiKey: string }): ClosableEngineContext {
  const c = emulator.clusters[cluster];
  return createEngineContext({ elasticsearch: { endpoint: c.url, username: c.username, password: c.password }, ...(environment ? { cloud: environment } : {}), secretsKey });
}

/** An object made outside Pulumi, with the engine (validated input, defaults applied). */
function makeOutside(definition: AnyResourceDefinition, ctx: ClosableEngineContext, raw: unknown): Promise<ResourceState> {
  return definition.create(ctx, validateInput(definition, raw));
}

const providerUrn = (name: string) => `urn:pulumi:e2e::native::pulumi:providers:elasticremote::${name}`;

beforeAll(async () => {
  emulator = await startEmulator({
    clusters: [{ name: 'local' }, { name: 'remote' }],
    cloud: {
      ece: [
        { name: 'ece1', deployments: [{ name: 'search' }, { name: 'enterprise' }] },
        { name: 'ece2', region: 'ece-west', deployments: [{ name: 'logs' }] },
        // Only the import test's trust relationship names it, so the seeds' pairs stay free.
        { name: 'ece3' },
      ],
      ech: [{ name: 'acme', deployments: [{ name: 'hosted' }] }],
    },
  });
  workDir = mkdtempSync(path.join(os.tmpdir(), 'pulumi-native-e2e-'));
  ws = await createNativeWorkspace(workDir);
  stack = await createNativeStack(ws, 'native', program(''));
  await stack.setConfig('e2e:topology', JSON.stringify(topology()), { secret: true });
}, 300_000);

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('the plugin installs offline from its tarball with pulumi plugin install', async () => {
  const { stdout } = await stack.pulumi(['plugin', 'ls']);
  expect(stdout).toMatch(new RegExp(`elasticremote\\s+resource\\s+${ws.version.replace(/\./g, '\\.')}`));
}, 240_000);

test('bad input fails at preview, naming the field, with no request to the emulator', async () => {
  stack.setProgram(
    program(`new er.RemoteClusterConnection('bad', { cluster: 'local', alias: 'bad', mode: 'proxy', proxyAddress: 'remote-without-port' }, { provider: selfManaged });`),
  );
  emulator.resetRequestLog();
  const preview = await stack.pulumi(['preview'], { expectFailure: true });
  expect(preview.code).not.toBe(0);
  expect(preview.stdout + preview.stderr).toMatch(/RemoteClusterConnection: proxyAddress: .*host:port/);
  expect(emulator.requestCount()).toBe(0);
}, 240_000);

/** Objects made outside Pulumi, then imported; what the program declares to match them. */
const imported = { keyId: '', relationshipId: '', trustId: '' };

const importedResources = () => `
new er.CrossClusterApiKey('imported-key', { cluster: 'remote', name: 'imported-search', access: { search: [{ names: ['logs-*'] }] } }, { provider: selfManaged });
new er.RemoteClusterConnection('imported-connection', { cluster: 'local', alias: 'imported', mode: 'proxy', proxyAddress: '${emulator.clusters.remote.remoteClusterServerAddress}' }, { provider: selfManaged });
new er.TrustRelationship('imported-relationship', ${JSON.stringify(relationshipInput())}, { provider: ece1 });
new er.DeploymentTrust('imported-trust', {
  deploymentId: '${deployment('enterprise').id}',
  accounts: [{ accountId: '${emulator.cloud.ece.ece1.accountId}', trustAllowlist: ${JSON.stringify(enterpriseAllowlist)} }],
}, { provider: ece1 });
${optionKey}`;

/** The key the import option took over, declared from then on without the option. */
let optionKey = '';
let enterpriseAllowlist: string[] = [];
let relationship: { name: string; installation_id: string; public_ca_cert: string; account_ids: string[] };
const relationshipInput = () => ({ name: relationship.name, installationId: relationship.installation_id, publicCaCert: relationship.public_ca_cert, accountIds: relationship.account_ids });

test('pulumi import of each of the four resource types, then preview --expect-no-changes is clean', async () => {
  const { ece1, ece3 } = emulator.cloud.ece;
  const remote = engineContext('remote');
  const local = engineContext('local');
  const inEce1 = engineContext('search', { endpoint: ece1.url, apiKey: ece1.apiKey });
  const inEce3 = engineContext('search', { endpoint: ece3.url, apiKey: ece3.apiKey });
  imported.keyId = (await makeOutside(crossClusterApiKey, remote, { name: 'imported-search', access: { search: [{ names: ['logs-*'] }] } })).id;
  await makeOutside(remoteClusterConnection, local, { alias: 'imported', mode: 'proxy', proxy_address: emulator.clusters.remote.remoteClusterServerAddress });
  const pair = await readTrustPair({ cloud: inEce1.cloud(), name: 'ECE1' }, { cloud: inEce3.cloud(), name: 'ECE3' });
  relationship = pair.inA as typeof relationship;
  imported.relationshipId = (await makeOutside(trustRelationship, inEce1, pair.inA)).id;
  enterpriseAllowlist = [deployment('search').clusterId];
  imported.trustId = (
    await makeOutside(deploymentTrust, inEce1, { deployment_id: deployment('enterprise').id, accounts: [{ account_id: ece1.accountId, trust_allowlist: enterpriseAllowlist }] })
  ).id;
  await Promise.all([remote, local, inEce1, inEce3].map((c) => c.close()));

  // The providers first, then each object by its import id (a <profile>/ prefix picks the cluster).
  stack.setProgram(program(''));
  await stack.pulumi(['up', '--yes']);
  const imports: [string, string, string, string][] = [
    ['CrossClusterApiKey', 'imported-key', `remote/${imported.keyId}`, 'self-managed'],
    ['RemoteClusterConnection', 'imported-connection', 'local/imported', 'self-managed'],
    ['TrustRelationship', 'imported-relationship', imported.relationshipId, 'ece1'],
    ['DeploymentTrust', 'imported-trust', imported.trustId, 'ece1'],
  ];
  for (const [type, name, id, provider] of imports) {
    await stack.pulumi(['import', `elasticremote:index:${type}`, name, id, '--provider', `${provider}=${providerUrn(provider)}`, '--yes', '--generate-code=false']);
  }
  const { resources } = await stack.exported();
  expect(resources.find((r) => r.urn.endsWith('::imported-key'))).toMatchObject({ id: imported.keyId, inputs: { cluster: 'remote', name: 'imported-search' } });
  expect(resources.find((r) => r.urn.endsWith('::imported-trust'))?.inputs).toMatchObject({ accounts: [{ trustAllowlist: enterpriseAllowlist }] });

  stack.setProgram(program(importedResources()));
  await stack.pulumi(['preview', '--expect-no-changes']);
}, 600_000);

test('the import resource option takes over an existing object; the next preview is clean', async () => {
  const remote = engineContext('remote');
  const keyId = (await makeOutside(crossClusterApiKey, remote, { name: 'option-imported', access: { replication: [{ names: ['archive-*'] }] } })).id;
  await remote.close();
  const declared = `new er.CrossClusterApiKey('option-key', { cluster: 'remote', name: 'option-imported', access: { replication: [{ names: ['archive-*'] }] } }, { provider: selfManaged, import: 'remote/${keyId}' });`;
  stack.setProgram(program(importedResources() + declared));
  const up = await stack.pulumi(['up', '--yes']);
  expect(up.stdout).toMatch(/option-key\s+import/);
  const { resources } = await stack.exported();
  expect(resources.find((r) => r.urn.endsWith('::option-key'))?.id).toBe(keyId);
  optionKey = declared.replace(`, import: 'remote/${keyId}'`, '');
  stack.setProgram(program(importedResources()));
  await stack.pulumi(['preview', '--expect-no-changes']);
}, 600_000);

test('preview --diff of a one-entry allowlist change shows that entry, full id, under its scope, and nothing else', async () => {
  const added = deployment('logs').clusterId;
  enterpriseAllowlist = [deployment('search').clusterId, added];
  stack.setProgram(program(importedResources()));
  const { stdout, stderr } = await stack.pulumi(['preview', '--diff']);
  expect(stdout + stderr).toContain(`+ allowlist entry ${added} under account ${emulator.cloud.ece.ece1.accountId}`);
  // The property diff is that one element of the scope's allowlist, nothing of the unchanged entry.
  expect(stdout).toMatch(new RegExp(`~ accounts: \\[\\s*~ \\[0\\]: \\{\\s*~ trustAllowlist: \\[\\s*\\+ \\[1\\]: "${added}"\\s*\\]`));
  expect(stdout + stderr).not.toContain(deployment('search').clusterId);
  expect(stdout).toMatch(/~ 1 to update/);
  await stack.pulumi(['up', '--yes']);
  await stack.pulumi(['preview', '--expect-no-changes']);
}, 600_000);

test('a replacement says why', async () => {
  stack.setProgram(program(importedResources().replace("name: 'imported-search'", "name: 'imported-search-v2'")));
  const { stdout, stderr } = await stack.pulumi(['preview', '--diff']);
  expect(stdout + stderr).toContain('! name imported-search → imported-search-v2: replaced');
  expect(stdout).toMatch(/\+-\s*elasticremote:index:CrossClusterApiKey: \(replace\)/);
  expect(stdout).toMatch(/~ name\s*: "imported-search" => "imported-search-v2"/);
  stack.setProgram(program(importedResources()));
}, 600_000);

const keys = { first: '', second: '', firstId: '', secondId: '' };
const rotating = (credentials: 'first' | 'second') => `
new er.RemoteClusterConnection('rotating', {
  cluster: 'local', alias: 'rotating', mode: 'proxy', proxyAddress: '${emulator.clusters.remote.remoteClusterServerAddress}',
  credentials: new pulumi.Config('e2e').requireSecret('${credentials}Key'),
}, { provider: selfManaged });`;

test('a keystore rotation shows the secret by name, never a value', async () => {
  const remote = engineContext('remote');
  const box = createSecretBox(secretsKey);
  for (const which of ['first', 'second'] as const) {
    const key = await makeOutside(crossClusterApiKey, remote, { name: `rotating-${which}`, access: { search: [{ names: ['logs-*'] }] } });
    keys[which] = box.unseal(String(key.encoded));
    keys[`${which}Id`] = key.id;
    await stack.setConfig(`e2e:${which}Key`, keys[which], { secret: true });
  }
  await remote.close();
  // Self-managed: the operator put the first key in the keystore.
  emulator.keystore('local').set('cluster.remote.rotating.credentials', keys.first);
  stack.setProgram(program(importedResources() + rotating('first')));
  await stack.pulumi(['up', '--yes']);

  stack.setProgram(program(importedResources() + rotating('second')));
  const { stdout, stderr } = await stack.pulumi(['preview', '--diff']);
  expect(stdout + stderr).toContain(`~ keystore secret cluster.remote.rotating.credentials (rotated, key ${keys.firstId} → ${keys.secondId})`);
  expect(stdout).toMatch(/~ credentials\s*: \[secret\] => \[secret\]/);
  for (const encoded of [keys.first, keys.second]) {
    expect(stdout + stderr).not.toContain(encoded);
    expect(stdout + stderr).not.toContain(Buffer.from(encoded, 'base64').toString('utf8').split(':')[1]);
  }
  stack.setProgram(program(importedResources() + rotating('first')));
}, 600_000);

test('the exported stack state holds no secret in plain text', async () => {
  const { text, resources } = await stack.exported();
  const t = topology();
  const secrets = [
    ...Object.values(t.clusters).map((c) => c.password),
    ...Object.values(t.environments).map((e) => e.apiKey),
    secretsKey,
    keys.first,
    Buffer.from(keys.first, 'base64').toString('utf8').split(':')[1],
  ];
  for (const value of secrets) {
    expect(value.length).toBeGreaterThan(8);
    expect(text).not.toContain(value);
  }
  const provider = resources.find((r) => r.urn === providerUrn('self-managed'));
  expect(JSON.stringify(provider?.inputs?.clusters)).toContain('ciphertext');
  expect(JSON.stringify(resources.find((r) => r.urn.endsWith('::rotating'))?.outputs?.credentials)).toContain('ciphertext');
}, 240_000);

/** Runs a seed as its own project in the shared workspace: up, connected, then a clean preview. */
async function seedStack(name: string, body: string): Promise<NativeStack> {
  const seed = await createNativeStack(ws, name, program(body));
  await seed.setConfig('e2e:topology', JSON.stringify(topology()), { secret: true });
  await seed.pulumi(['up', '--yes']);
  return seed;
}

async function remoteInfo(cluster: string): Promise<Record<string, { connected: boolean }>> {
  const ctx = engineContext(cluster);
  try {
    return (await ctx.elasticsearch().remoteInfo()) as Record<string, { connected: boolean }>;
  } finally {
    await ctx.close();
  }
}

const camelTrust = (input: { name: string; installation_id: string; public_ca_cert: string; account_ids: string[]; region?: string }) => ({
  name: input.name,
  installationId: input.installation_id,
  publicCaCert: input.public_ca_cert,
  accountIds: input.account_ids,
  ...(input.region ? { region: input.region } : {}),
});

test('seed 002 as one program: platform trust both ways between two ECE environments, deployment trust both ways, connected', async () => {
  const { ece1, ece2 } = emulator.cloud.ece;
  const [search, logs] = [deployment('search'), deployment('logs')];
  const a = engineContext('search', { endpoint: ece1.url, apiKey: ece1.apiKey });
  const b = engineContext('logs', { endpoint: ece2.url, apiKey: ece2.apiKey });
  const pair = await readTrustPair({ cloud: a.cloud(), name: 'ECE1' }, { cloud: b.cloud(), name: 'ECE2', region: 'ece-west' });
  await Promise.all([a.close(), b.close()]);
  const transport = emulator.clusters[logs.cluster].transportAddress;
  const seed = await seedStack(
    'seed-002',
    `
const inEce1 = new er.TrustRelationship('ece1-trusts-ece2', ${JSON.stringify(camelTrust(pair.inA))}, { provider: ece1 });
const inEce2 = new er.TrustRelationship('ece2-trusts-ece1', ${JSON.stringify(camelTrust(pair.inB))}, { provider: ece2 });
const searchTrust = new er.DeploymentTrust('search-trust', { deploymentId: '${search.id}', external: [{ trustRelationshipId: inEce1.id, trustAllowlist: ['${logs.clusterId}'] }] }, { provider: ece1 });
const logsTrust = new er.DeploymentTrust('logs-trust', { deploymentId: '${logs.id}', external: [{ trustRelationshipId: inEce2.id, trustAllowlist: ['${search.clusterId}'] }] }, { provider: ece2 });
const connection = new er.RemoteClusterConnection('search-to-logs', {
  alias: 'ece2-logs', mode: 'proxy', proxyAddress: '${transport}', serverName: '${transport.slice(0, transport.lastIndexOf(':'))}',
}, { provider: ece1, dependsOn: [searchTrust, logsTrust] });
exports.connected = connection.connected;
`,
  );
  expect((await seed.pulumi(['stack', 'output', 'connected'])).stdout.trim()).toBe('true');
  expect((await remoteInfo(search.cluster))['ece2-logs']?.connected).toBe(true);
  await seed.pulumi(['preview', '--expect-no-changes']);
}, 600_000);

test('seed 003 as one program, one provider with named profiles: ECH deployment to an ECE deployment, direct trust both ways, connected; destroy removes it', async () => {
  const { ece1 } = emulator.cloud.ece;
  const organizationId = emulator.cloud.ech.acme.id;
  const [hosted, enterprise] = [deployment('hosted'), deployment('enterprise')];
  const ece = engineContext('enterprise', { endpoint: ece1.url, apiKey: ece1.apiKey });
  const ech = engineContext('hosted', { endpoint: emulator.cloud.echUrl, apiKey: emulator.cloud.ech.acme.apiKey });
  const environment = await ece.cloud().getLocalTrustParameters();
  const hostedCa = (await ech.cloud().getCertificateAuthority(hosted.id)).public_certificates.find((c) => c.active)?.pem;
  await Promise.all([ece.close(), ech.close()]);
  const transport = emulator.clusters[enterprise.cluster].transportAddress;
  // One provider spans ECH and ECE: each resource names its environment (and cluster) profile.
  const seed = await seedStack(
    'seed-003',
    `
const both = new er.Provider('ech-and-ece', { environments: pick('environments', ['acme', 'ece1']), clusters: pick('clusters', ['hosted', 'enterprise']) });
const hostedTrust = new er.DeploymentTrust('hosted-trusts-ece', {
  environment: 'acme',
  deploymentId: '${hosted.id}',
  direct: [{ type: 'ECE', name: 'My ECE environment', scopeId: '${environment.installation_id}', certificates: [${JSON.stringify(environment.public_ca_cert)}], trustAllowlist: ['${enterprise.clusterId}'] }],
}, { provider: both });
const enterpriseTrust = new er.DeploymentTrust('enterprise-trusts-hosted', {
  environment: 'ece1',
  deploymentId: '${enterprise.id}',
  direct: [{ type: 'ESS', name: 'acme on Elastic Cloud', scopeId: '${organizationId}', certificates: [${JSON.stringify(hostedCa)}], trustAllowlist: ['${hosted.clusterId}'] }],
}, { provider: both });
const connection = new er.RemoteClusterConnection('hosted-to-enterprise', {
  cluster: 'hosted', environment: 'acme',
  alias: 'ece-logs', mode: 'proxy', proxyAddress: '${transport}', serverName: '${transport.slice(0, transport.lastIndexOf(':'))}',
}, { provider: both, dependsOn: [hostedTrust, enterpriseTrust] });
exports.connected = connection.connected;
`,
  );
  expect((await seed.pulumi(['stack', 'output', 'connected'])).stdout.trim()).toBe('true');
  expect((await remoteInfo(hosted.cluster))['ece-logs']?.connected).toBe(true);
  await seed.pulumi(['preview', '--expect-no-changes']);
  await seed.pulumi(['destroy', '--yes']);
  expect((await remoteInfo(hosted.cluster))['ece-logs']).toBeUndefined();
}, 600_000);

test('a stack moves from the dynamic provider to the native one: retain, import, clean preview, same key', async () => {
  const dynamicPackage = path.join(workDir, 'dynamic-package');
  buildPackage(dynamicPackage, '0.1.0');
  const migration = await createNativeStack(ws, 'migration', '');
  installPackage(migration.projectDir, dynamicPackage);
  const r = emulator.clusters.remote;
  await migration.setConfig('elasticRemote:clusters.remote.endpoint', r.url, { path: true });
  await migration.setConfig('elasticRemote:clusters.remote.username', r.username, { path: true });
  await migration.setConfig('elasticRemote:clusters.remote.password', r.password, { path: true, secret: true });
  await migration.setConfig('elasticRemote:secretsKey', secretsKey, { secret: true });
  await migration.setConfig('e2e:topology', JSON.stringify(topology()), { secret: true });
  const args = `{ cluster: 'remote', name: 'migrating', access: { search: [{ names: ['logs-*'] }] } }`;
  const dynamic = (opts: string) => `const dyn = require('elastic-remote-clusters');\nnew dyn.CrossClusterApiKey('key', ${args}${opts});\n`;
  migration.setProgram(program(dynamic('')));
  await migration.pulumi(['up', '--yes']);
  const keyId = (await migration.exported()).resources.find((res) => res.urn.endsWith('::key'))?.id;
  expect(keyId).toBeTruthy();

  // 1. The dynamic resource is kept in Elasticsearch when it leaves the stack.
  migration.setProgram(program(dynamic(', { retainOnDelete: true }')));
  await migration.pulumi(['up', '--yes']);
  // 2. The native resource (same inputs, same name) takes the key over.
  migration.setProgram(program(`new er.CrossClusterApiKey('key', ${args}, { provider: selfManaged, import: 'remote/${keyId}' });`));
  const up = await migration.pulumi(['up', '--yes']);
  expect(up.stdout).toMatch(/key\s+import/);
  // 3. Without the import option the stack is clean, and the key is the one made by the dynamic provider.
  migration.setProgram(program(`new er.CrossClusterApiKey('key', ${args}, { provider: selfManaged });`));
  await migration.pulumi(['preview', '--expect-no-changes']);
  const { resources } = await migration.exported();
  expect(resources.filter((res) => res.urn.endsWith('::key')).map((res) => [res.type, res.id])).toEqual([['elasticremote:index:CrossClusterApiKey', keyId]]);
  const ctx = engineContext('remote');
  const live = await ctx.elasticsearch().getApiKeys({ id: keyId });
  await ctx.close();
  expect(live).toEqual([expect.objectContaining({ id: keyId, invalidated: false })]);
}, 600_000);
