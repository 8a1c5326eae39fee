/**
 * RemoteAccessRole through the REAL Pulumi engine and the dynamic provider, against the emulator: the
 * preview warns about a grant the key does not allow (naming both), up writes the role on the local
 * cluster (read back with GET /_security/role), an in-place update, drift made by hand found by refresh,
 * and destroy removing that role only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { call as esCall } from '../../../src/emulator/test-client';
import { buildPackage, createStack, type PulumiStack } from './project';

jest.setTimeout(240_000);

const roleName = 'eu-logs-reader';

/** A key on the remote cluster and, on the local one, a role checked against the key's access. */
const program = `
const pulumi = require('@pulumi/pulumi');
const er = require('elastic-remote-clusters');
const config = new pulumi.Config('e2e');
const key = new er.CrossClusterApiKey('key', {
  cluster: 'remote',
  name: 'eu-logs-search',
  access: { search: [{ names: ['logs-*'] }] },
});
const role = new er.RemoteAccessRole('role', {
  cluster: 'local',
  name: '${roleName}',
  remoteIndices: [{ clusters: ['eu-logs'], names: config.requireObject('roleNames'), privileges: ['read', 'read_cross_cluster'] }],
  remoteCluster: [{ clusters: ['eu-logs'], privileges: ['monitor_enrich'] }],
  expectedRemoteAccess: [{ alias: 'eu-logs', access: key.access }],
});
exports.roleId = role.id;
`;

let emulator: RunningEmulator;
let workDir: string;
let stack: PulumiStack;

async function role(name: string): Promise<{ status: number; body: Record<string, { remote_indices?: { clusters: string[]; names: string[] }[]; remote_cluster?: unknown[] }> }> {
  const { local } = emulator.clusters;
  return esCall(local.url, 'GET', `/_security/role/${name}`, { username: local.username, password: local.password });
}

beforeAll(async () => {
  emulator = await startEmulator();
  workDir = mkdtempSync(path.join(os.tmpdir(), 'pulumi-role-e2e-'));
  buildPackage(path.join(workDir, 'pkg'), '0.1.0');
  stack = await createStack(workDir, path.join(workDir, 'pkg'), program);
  const { local, remote } = emulator.clusters;
  await stack.setConfig('elasticRemote:clusters.local.endpoint', local.url, { path: true });
  await stack.setConfig('elasticRemote:clusters.local.apiKey', local.apiKey, { path: true, secret: true });
  await stack.setConfig('elasticRemote:clusters.remote.endpoint', remote.url, { path: true });
  await stack.setConfig('elasticRemote:clusters.remote.username', remote.username, { path: true });
  await stack.setConfig('elasticRemote:clusters.remote.password', remote.password, { path: true, secret: true });
  await stack.setConfig('elasticRemote:secretsKey', 'e2e-pulumi-role-secrets-key', { secret: true });
  await stack.setConfig('e2e:roleNames', '["logs-*","metrics-*"]');
});

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('preview warns about a grant naming indices the key does not allow, naming the grant and the key\'s patterns', async () => {
  const preview = await stack.pulumi(['preview']);
  const output = preview.stdout + preview.stderr;
  expect(output).toContain('+ index pattern metrics-* under grant remote_indices[0]');
  expect(output).toContain(`RemoteAccessRole "${roleName}": remote_indices[0] (clusters eu-logs, names logs-*, metrics-*) grants read, read_cross_cluster on metrics-*`);
  expect(output).toContain('the cross-cluster API key of "eu-logs" does not allow (access.search: logs-*)');
});

test('up writes the role on the local cluster; an in-place update narrows it; preview --expect-no-changes passes', async () => {
  await stack.pulumi(['up', '--yes']);
  const created = await role(roleName);
  expect(created.status).toBe(200);
  expect(created.body[roleName].remote_indices).toEqual([expect.objectContaining({ clusters: ['eu-logs'], names: ['logs-*', 'metrics-*'] })]);
  expect(created.body[roleName].remote_cluster).toEqual([{ clusters: ['eu-logs'], privileges: ['monitor_enrich'] }]);

  await stack.setConfig('e2e:roleNames', '["logs-*"]');
  const update = await stack.pulumi(['up', '--yes']);
  expect(update.stdout + update.stderr).toContain('- index pattern metrics-* under grant remote_indices[0]');
  expect(update.stdout + update.stderr).not.toContain('would return nothing or be refused');
  expect((await role(roleName)).body[roleName].remote_indices?.[0].names).toEqual(['logs-*']);
  await stack.pulumi(['preview', '--expect-no-changes']);
});

test('drift made by hand is found by refresh, and up repairs it', async () => {
  const { local } = emulator.clusters;
  await esCall(local.url, 'PUT', `/_security/role/${roleName}`, { username: local.username, password: local.password }, { remote_indices: [{ clusters: ['eu-logs'], names: ['logs-*', 'audit-*'], privileges: ['read'] }] });
  const preview = await stack.pulumi(['preview', '--refresh', '--expect-no-changes'], { expectFailure: true });
  expect(preview.code).not.toBe(0);
  expect(preview.stdout + preview.stderr).toContain('- index pattern audit-* under grant remote_indices[0]');
  await stack.pulumi(['up', '--refresh', '--yes']);
  expect((await role(roleName)).body[roleName].remote_indices?.[0]).toMatchObject({ names: ['logs-*'] });
});

test('destroy removes that role and leaves the others', async () => {
  const { local } = emulator.clusters;
  await esCall(local.url, 'PUT', '/_security/role/someone-elses', { username: local.username, password: local.password }, { cluster: ['monitor'] });
  await stack.pulumi(['destroy', '--yes']);
  expect((await role(roleName)).status).toBe(404);
  expect((await role('someone-elses')).status).toBe(200);
});
