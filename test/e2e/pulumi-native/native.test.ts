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
`;

let enterpriseAllowlist: string[] = [];
let relationship: { name: string; installation_id: string; public_ca_cert: string; account_ids: string[] };
const relationshipInput = () => ({ name: relationship.name, installationId: relationship.installation_id, publicCaCert: relationship.public_ca_cert, accountIds: relationship.account_ids });

test('pulumi import of each of the four resource types, then preview --expect-no-changes is clean', async () => {
  const { ece1, ece2 } = emulator.cloud.ece;
  const remote = engineContext('remote');
  const local = engineContext('local');
  const inEce1 = engineContext('search', { endpoint: ece1.url, apiKey: ece1.apiKey });
  const inEce2 = engineContext('logs', { endpoint: ece2.url, apiKey: ece2.apiKey });
  imported.keyId = (await makeOutside(crossClusterApiKey, remote, { name: 'imported-search', access: { search: [{ names: ['logs-*'] }] } })).id;
  await makeOutside(remoteClusterConnection, local, { alias: 'imported', mode: 'proxy', proxy_address: emulator.clusters.remote.remoteClusterServerAddress });
  const pair = await readTrustPair({ cloud: inEce1.cloud(), name: 'ECE1' }, { cloud: inEce2.cloud(), name: 'ECE2', region: 'ece-west' });
  relationship = pair.inA as typeof relationship;
  imported.relationshipId = (await makeOutside(trustRelationship, inEce1, pair.inA)).id;
  enterpriseAllowlist = [deployment('search').clusterId];
  imported.trustId = (
    await makeOutside(deploymentTrust, inEce1, { deployment_id: deployment('enterprise').id, accounts: [{ account_id: ece1.accountId, trust_allowlist: enterpriseAllowlist }] })
  ).id;
  await Promise.all([remote, local, inEce1, inEce2].map((c) => c.close()));

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
  stack.setProgram(program(importedResources() + declared.replace(`, import: 'remote/${keyId}'`, '')));
  await stack.pulumi(['preview', '--expect-no-changes']);
}, 600_000);
